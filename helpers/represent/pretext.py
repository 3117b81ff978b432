"""Self-supervised text tasks: the labels come from the text itself.

A small corpus of templated sentences is generated offline ("the young chef cooks
soup in the kitchen every morning"). Two pretext tasks turn raw text into labelled
examples with no annotator:

* **next-token prediction** -- input: the words so far; label: the next word;
* **cloze** -- input: the words on both sides of a gap; label: the missing word.

:class:`WindowModel` (word embeddings, one hidden layer) learns either task in a few
seconds on a CPU, and its word embeddings end up grouping words by meaning, a
feature no one labelled.

>>> result = train_pretext(make_corpus(500, seed=0), make_corpus(200, seed=1),
...                        task="cloze")
>>> predict(result, "the young ___ cooks soup in")[0]
('chef', 0.99...)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

from helpers.core.validation import (
    check_array,
    check_choice,
    check_int,
    check_labels,
    check_real,
    check_same_length,
)

PAD = "<s>"
TASKS = ("next", "cloze")
MAX_SENTENCES = 100_000
"""Caps, refused before any work: corpus size, context window, training steps and
model sizes (a few hundred sentences and a window of 3 are plenty here)."""
MAX_WINDOW = 20
MAX_STEPS = 100_000
MAX_VOCAB = 100_000
MAX_UNITS = 1024

# profession: (verb, objects, preposition + place)
PROFESSIONS: dict[str, tuple[str, tuple[str, ...], str]] = {
    "chef": ("cooks", ("soup", "rice", "pasta"), "in the kitchen"),
    "farmer": ("grows", ("wheat", "corn", "apples"), "on the farm"),
    "baker": ("bakes", ("bread", "cakes", "pies"), "in the bakery"),
    "pilot": ("flies", ("planes", "jets", "gliders"), "over the airport"),
    "teacher": ("teaches", ("math", "history", "music"), "at the school"),
    "doctor": ("treats", ("patients", "children", "athletes"), "in the hospital"),
    "painter": ("paints", ("portraits", "landscapes", "murals"), "in the studio"),
    "fisher": ("catches", ("salmon", "trout", "tuna"), "at the harbour"),
}
ADJECTIVES = ("young", "old", "busy", "tired")
TIMES = ("every morning", "every evening", "on weekends", "at night")


def word_kinds() -> dict[str, str]:
    """The role of each word in the templates: profession, verb, object, ..."""
    kinds = {w: "adjective" for w in ADJECTIVES}
    for who, (verb, objects, place) in PROFESSIONS.items():
        kinds |= {who: "profession", verb: "verb", place.split()[-1]: "place"}
        kinds |= {o: "object" for o in objects}
    kinds |= {t.split()[-1]: "time" for t in TIMES}
    glue = {"the", "every"} | {p.split()[0] for _, _, p in PROFESSIONS.values()}
    glue |= {t.split()[0] for t in TIMES}
    return kinds | {w: "function word" for w in glue}


def make_corpus(n_sentences: int, *, seed: int) -> list[str]:
    """``n_sentences`` templated sentences, reproducible for a given ``seed``.

    The subject fixes the verb and the place; the object (one of three per
    profession), the adjective (or none) and the time are drawn at random.
    """
    n_sentences = check_int("n_sentences", n_sentences, low=1, high=MAX_SENTENCES)
    rng = np.random.default_rng(check_int("seed", seed, low=0))
    names = list(PROFESSIONS)
    sentences = []
    for _ in range(n_sentences):
        who = names[rng.integers(len(names))]
        verb, objects, place = PROFESSIONS[who]
        adjective = rng.choice([*ADJECTIVES, ""])
        words = ["the", adjective, who, verb, rng.choice(objects), place]
        words.append(TIMES[rng.integers(len(TIMES))])
        sentences.append(" ".join(w for w in words if w))
    return sentences


@dataclass(frozen=True)
class Vocabulary:
    """Words <-> ids; id 0 is the padding token at sentence boundaries."""

    words: tuple[str, ...]

    def __post_init__(self) -> None:
        words = self.words
        if not isinstance(words, tuple) or not all(isinstance(w, str) for w in words):
            raise TypeError(f"words must be a tuple of strings, got {words!r:.80}")
        if not words or words[0] != PAD:
            raise ValueError(f"words must start with the padding token {PAD!r}")
        if len(set(words)) != len(words):
            raise ValueError("words must not repeat a word")

    @classmethod
    def from_corpus(cls, sentences: list[str]) -> Vocabulary:
        sentences = _check_sentences("sentences", sentences, min_len=0)
        found = sorted({w for s in sentences for w in s.split()})
        return cls((PAD, *found))

    def ids(self, sentence: str) -> list[int]:
        index = {w: i for i, w in enumerate(self.words)}
        unknown = [w for w in sentence.split() if w not in index]
        if unknown:
            raise ValueError(f"words not in the vocabulary: {unknown}")
        return [index[w] for w in sentence.split()]

    def __len__(self) -> int:
        return len(self.words)


def make_examples(
    sentences: list[str], vocab: Vocabulary, *, task: str, window: int = 3
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Turn sentences into (context, label) pairs for a pretext task.

    ``task="next"``: the context is the ``window`` words before position ``i``;
    ``task="cloze"``: ``window`` words before and ``window`` after. The label is the
    word at ``i``. Every word of every sentence is a label once: no annotation.

    Returns
    -------
    contexts : (n_examples, window) or (n_examples, 2 * window) token ids
    labels : (n_examples,) token ids
    positions : (n_examples,) index of the labelled word in its sentence
    """
    sentences = _check_sentences("sentences", sentences)
    _check_vocab(vocab)
    check_choice("task", task, TASKS)
    window = check_int("window", window, low=1, high=MAX_WINDOW)
    contexts, labels, positions = [], [], []
    for sentence in sentences:
        ids = [0] * window + vocab.ids(sentence) + [0] * window  # padded
        for i in range(window, len(ids) - window):
            left = ids[i - window : i]
            right = ids[i + 1 : i + 1 + window] if task == "cloze" else []
            contexts.append(left + right)
            labels.append(ids[i])
            positions.append(i - window)
    return np.array(contexts), np.array(labels), np.array(positions)


def show_examples(
    contexts: np.ndarray, labels: np.ndarray, vocab: Vocabulary, *, task: str
) -> list[str]:
    """Readable lines such as ``the young chef ___ -> cooks``."""
    _check_vocab(vocab)
    check_choice("task", task, TASKS)
    contexts = check_array("contexts", contexts, ndim=2)
    check_labels("contexts", contexts.ravel(), n_classes=len(vocab))  # word ids
    contexts = contexts.astype(int)
    labels = check_labels("labels", labels, n_classes=len(vocab))
    check_same_length(contexts=contexts, labels=labels)
    lines = []
    for ctx, label in zip(contexts, labels, strict=True):
        words = [vocab.words[i] if i else "·" for i in ctx]
        if task == "cloze":
            half = len(words) // 2
            words = words[:half] + ["___"] + words[half:]
        else:
            words = words + ["___"]
        lines.append(f"{' '.join(words):<48} -> {vocab.words[label]}")
    return lines


class WindowModel(nn.Module):
    """Context word ids ``(batch, n_context)`` -> next/missing word logits."""

    def __init__(
        self, vocab_size: int, n_context: int, *, emb_dim: int = 16, hidden: int = 32
    ) -> None:
        super().__init__()
        check_int("vocab_size", vocab_size, low=1, high=MAX_VOCAB)
        check_int("n_context", n_context, low=1, high=2 * MAX_WINDOW)
        check_int("emb_dim", emb_dim, low=1, high=MAX_UNITS)
        check_int("hidden", hidden, low=1, high=MAX_UNITS)
        self.embed = nn.Embedding(vocab_size, emb_dim)
        self.mlp = nn.Sequential(
            nn.Linear(n_context * emb_dim, hidden),
            nn.ReLU(),
            nn.Linear(hidden, vocab_size),
        )

    def forward(self, context: torch.Tensor) -> torch.Tensor:
        e = self.embed(context)  # (batch, n_context, emb_dim)
        return self.mlp(e.flatten(1))  # (batch, vocab_size)


@dataclass
class PretextResult:
    """A trained pretext model and how well it does on held-out sentences."""

    task: str
    vocab: Vocabulary
    state: dict[str, torch.Tensor]
    n_context: int
    test_accuracy: float
    baseline_accuracy: float  # always guessing the most frequent training word
    accuracy_by_kind: dict[str, float]  # by the role of the word to predict
    losses: np.ndarray

    def __post_init__(self) -> None:
        check_choice("task", self.task, TASKS)
        _check_vocab(self.vocab)
        check_int("n_context", self.n_context, low=1, high=2 * MAX_WINDOW)
        check_real("test_accuracy", self.test_accuracy, low=0, high=1)
        check_real("baseline_accuracy", self.baseline_accuracy, low=0, high=1)
        check_array("losses", self.losses, ndim=1)

    def model(self) -> WindowModel:
        model = WindowModel(len(self.vocab), self.n_context)
        model.load_state_dict(self.state)
        return model.eval()

    def word_vectors(self) -> np.ndarray:
        """One learned vector per word: the output layer's rows, (vocab_size, hidden).

        Words that fit the same gaps must get similar scores from every context, so
        their output vectors end up alike.
        """
        return self.state["mlp.2.weight"].numpy()


def train_pretext(
    train: list[str],
    test: list[str],
    *,
    task: str,
    window: int = 3,
    steps: int = 100,
    lr: float = 0.03,
    seed: int = 0,
) -> PretextResult:
    """Train a :class:`WindowModel` on a pretext task (full batch, Adam).

    ``steps`` is at most :data:`MAX_STEPS`, ``window`` at most :data:`MAX_WINDOW`.
    """
    train = _check_sentences("train", train)
    test = _check_sentences("test", test)
    check_choice("task", task, TASKS)
    window = check_int("window", window, low=1, high=MAX_WINDOW)
    steps = check_int("steps", steps, low=1, high=MAX_STEPS)
    lr = check_real("lr", lr, low=0, open_low=True)
    seed = check_int("seed", seed, low=0)
    vocab = Vocabulary.from_corpus(train + test)
    ctx, y, _ = make_examples(train, vocab, task=task, window=window)
    ctx_test, y_test, _ = make_examples(test, vocab, task=task, window=window)
    torch.manual_seed(seed)
    model = WindowModel(len(vocab), ctx.shape[1])
    opt = torch.optim.Adam(model.parameters(), lr=lr)
    xb, yb = torch.as_tensor(ctx), torch.as_tensor(y)  # (n, n_context), (n,)
    losses = np.zeros(steps)
    for step in range(steps):
        loss = F.cross_entropy(model(xb), yb)
        opt.zero_grad()
        loss.backward()
        opt.step()
        losses[step] = loss.item()
    with torch.no_grad():
        pred = model.eval()(torch.as_tensor(ctx_test)).argmax(1).numpy()
    correct = pred == y_test
    kinds = word_kinds()
    kind_of = np.array([kinds[vocab.words[i]] for i in y_test])  # (n_test,)
    by_kind = {str(k): float(correct[kind_of == k].mean()) for k in np.unique(kind_of)}
    majority = np.bincount(y).argmax()
    return PretextResult(
        task=task,
        vocab=vocab,
        state={k: v.detach().clone() for k, v in model.state_dict().items()},
        n_context=ctx.shape[1],
        test_accuracy=float(correct.mean()),
        baseline_accuracy=float((y_test == majority).mean()),
        accuracy_by_kind=by_kind,
        losses=losses,
    )


def predict(
    result: PretextResult, context: str, *, k: int = 3
) -> list[tuple[str, float]]:
    """Top-``k`` words and probabilities for a context.

    For ``next`` write the words so far (``"the chef"``); for ``cloze`` mark the gap
    with ``___`` (``"the ___ cooks soup"``).
    """
    _check_result(result)
    if not isinstance(context, str):
        raise TypeError(f"context must be a string, got {type(context).__name__}")
    k = check_int("k", k, low=1, high=len(result.vocab))
    words = context.split()
    half = result.n_context if result.task == "next" else result.n_context // 2
    if result.task == "cloze":
        if words.count("___") != 1:
            raise ValueError(
                f"a cloze context needs exactly one '___', got {context!r}"
            )
        gap = words.index("___")
        left, right = words[:gap], words[gap + 1 :]
    else:
        if "___" in words:
            raise ValueError("a next-token context has no gap; drop the '___'")
        left, right = words, []
    index = {w: i for i, w in enumerate(result.vocab.words)}
    unknown = [w for w in left + right if w not in index]
    if unknown:
        raise ValueError(f"words not in the vocabulary: {unknown}")
    left_ids = ([0] * half + [index[w] for w in left])[-half:]
    right_ids = ([index[w] for w in right] + [0] * half)[:half]
    ids = left_ids + (right_ids if result.task == "cloze" else [])
    with torch.no_grad():
        probs = result.model()(torch.tensor([ids])).softmax(1)[0]  # (vocab_size,)
    top = probs.topk(k)
    return [
        (result.vocab.words[i], float(p))
        for p, i in zip(top.values.tolist(), top.indices.tolist(), strict=True)
    ]


def nearest_words(result: PretextResult, word: str, *, k: int = 3) -> list[str]:
    """The ``k`` words whose learned vectors are closest (cosine) to ``word``'s."""
    _check_result(result)
    k = check_int("k", k, low=1, high=len(result.vocab) - 2)
    index = {w: i for i, w in enumerate(result.vocab.words)}
    if word not in index:
        raise ValueError(f"{word!r} is not in the vocabulary")
    emb = result.word_vectors()
    emb = emb / np.linalg.norm(emb, axis=1, keepdims=True)
    sims = emb @ emb[index[word]]
    sims[[0, index[word]]] = -np.inf  # not itself, not the padding token
    return [result.vocab.words[i] for i in np.argsort(-sims)[:k]]


def _check_sentences(name: str, sentences: object, *, min_len: int = 1) -> list[str]:
    """``sentences`` as a list of strings, at least ``min_len`` of them."""
    if isinstance(sentences, str) or not isinstance(sentences, Sequence):
        raise TypeError(
            f"{name} must be a list of sentences (strings), got "
            f"{type(sentences).__name__}"
        )
    if not all(isinstance(x, str) for x in sentences):
        raise TypeError(f"{name} must hold strings only")
    if len(sentences) < min_len:
        raise ValueError(f"{name} must hold at least {min_len} sentence(s), got 0")
    return list(sentences)


def _check_vocab(vocab: object) -> None:
    if not isinstance(vocab, Vocabulary):
        raise TypeError(f"vocab must be a Vocabulary, got {type(vocab).__name__}")


def _check_result(result: object) -> None:
    if not isinstance(result, PretextResult):
        raise TypeError(f"result must be a PretextResult, got {type(result).__name__}")
