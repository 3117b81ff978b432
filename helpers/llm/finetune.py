"""Supervised fine-tuning of lesson 16's GPT as a text classifier, and what each
method costs: the training loop, accuracy, memory of a training step, checkpoint
size and held-out pretraining loss (forgetting).

The target task is lesson 08's support tickets (category from text); two small
tasks (which operation an instruction asks for; whether an arithmetic answer of
lesson 16's task text is negative) show several tasks served from one frozen base.

>>> X, M = encode_texts(["hi", "hello"], input_len=4)
>>> X.tolist(), M.tolist()
([[74, 75, 0, 0], [74, 71, 78, 78]], [[1.0, 1.0, 0.0, 0.0], [1.0, 1.0, 1.0, 1.0]])
"""

from __future__ import annotations

import io
import time
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import torch
from torch.nn import functional as F  # noqa: N812 - the usual name

from helpers.core.validation import check_choice, check_int, check_real
from helpers.labels.tickets import make_tickets
from helpers.llm.corpus import task_text
from helpers.llm.finetune_text import SEED_INSTRUCTIONS
from helpers.llm.peft_model import PeftModel, trainable_state
from helpers.llm.tokenizer import encode
from helpers.llm.train import LN2

LEARNING_RATES = {
    "full": 1e-3,
    "head": 1e-2,
    "adapter": 3e-3,
    "prefix": 1e-2,
    "prompt": 3e-2,
    "lora": 3e-3,
}
"""Learning rate of each method (frozen-body methods take larger steps)."""

TASKS = ("tickets", "instruction", "sign")
"""Classification tasks: ticket category (4); which operation an instruction asks
for (4: the seed wordings of lesson 17 with made-up words); answer < 0 (2)."""


@dataclass(frozen=True)
class Task:
    """A classification task as token ids: train and test inputs, masks, labels."""

    name: str
    classes: tuple[str, ...]
    X_train: np.ndarray  # (n, T) int64 token ids
    M_train: np.ndarray  # (n, T) 1 for text, 0 for padding
    y_train: np.ndarray  # (n,)
    X_test: np.ndarray
    M_test: np.ndarray
    y_test: np.ndarray


def encode_texts(
    texts: Sequence[str], *, input_len: int = 48
) -> tuple[np.ndarray, np.ndarray]:
    """Token ids (N, input_len) of ``texts`` cut to ``input_len`` characters and
    padded on the right with the end-of-text id 0, and the mask of real characters."""
    if isinstance(texts, str) or not isinstance(texts, Sequence) or not texts:
        raise TypeError("texts must be a non-empty list of strings")
    input_len = check_int("input_len", input_len, low=1, high=4096)
    X = np.zeros((len(texts), input_len), dtype=np.int64)  # (N, T)  # noqa: N806
    M = np.zeros((len(texts), input_len), dtype=np.float32)  # (N, T)  # noqa: N806
    for i, text in enumerate(texts):
        if not isinstance(text, str) or not text:
            raise TypeError("texts must hold non-empty strings")
        ids = encode(text[:input_len])
        X[i, : len(ids)], M[i, : len(ids)] = ids, 1.0
    return X, M


def make_task(
    name: str = "tickets",
    *,
    n_train: int = 512,
    n_test: int = 400,
    input_len: int = 48,
    seed: int = 0,
) -> Task:
    """Task ``name`` of :data:`TASKS` with ``n_train`` labelled examples."""
    name = check_choice("name", name, list(TASKS))
    n_train = check_int("n_train", n_train, low=4, high=20_000)
    n_test = check_int("n_test", n_test, low=4, high=20_000)
    seed = check_int("seed", seed, low=0, high=2**32 - 1)
    if name == "tickets":
        data = make_tickets(n_dev=4, n_train=n_train, n_test=n_test, seed=seed)
        texts = data.train_text + data.test_text
        y = np.concatenate([data.truth("train"), data.truth("test")])
        classes = tuple(data.classes)
    elif name == "instruction":
        classes = tuple(SEED_INSTRUCTIONS)  # reverse, upper, count, first
        rng = np.random.default_rng(seed)
        texts, labels = [], []
        seen: set[str] = set()
        while len(texts) < n_train + n_test:
            op = int(rng.integers(len(classes)))
            wordings = SEED_INSTRUCTIONS[classes[op]]
            word = "".join(rng.choice(list("abcdefghijklmnoprstuvwy"), size=5))
            text = f"Instruction: {wordings[int(rng.integers(len(wordings)))]} {word}."
            if text not in seen:  # distinct prompts: none on both sides
                seen.add(text)
                texts.append(text)
                labels.append(op)
        y = np.array(labels)
    else:
        pool = task_text(8 * (n_train + n_test), seed=seed + 1)
        texts = list(dict.fromkeys(d.split("\n")[0] for d in pool if d[:3] == "Q: "))
        if len(texts) < n_train + n_test:
            raise ValueError(f"only {len(texts)} distinct {name} examples; ask fewer")
        texts = texts[: n_train + n_test]
        classes = ("answer >= 0", "answer < 0")
        y = np.array([int(eval_sign(t)) for t in texts])
    X, M = encode_texts(texts, input_len=input_len)  # noqa: N806
    return Task(
        name, classes, X[:n_train], M[:n_train], y[:n_train].astype(np.int64),
        X[n_train:], M[n_train:], y[n_train:].astype(np.int64),
    )  # fmt: skip


def eval_sign(question: str) -> bool:
    """Whether ``"Q: a - b = ?"`` has a negative answer (no ``eval``: parsed)."""
    parts = question.removeprefix("Q: ").split()
    if len(parts) < 3 or parts[1] not in "+-":
        raise ValueError(f"not an arithmetic question: {question!r}")
    a, b = int(parts[0]), int(parts[2])
    return (a + b if parts[1] == "+" else a - b) < 0


@dataclass
class FitLog:
    """What :func:`fit_classifier` measured."""

    losses: np.ndarray  # (steps,) training loss, nats
    seconds: float


def fit_classifier(
    model: PeftModel,
    task: Task,
    *,
    steps: int = 200,
    batch_size: int = 32,
    lr: float | None = None,
    seed: int = 0,
) -> FitLog:
    """Train ``model``'s trainable weights on ``task`` with AdamW (cross-entropy on
    random batches); ``lr`` defaults to :data:`LEARNING_RATES` of its method."""
    if not isinstance(model, PeftModel) or model.head is None:
        raise TypeError("model must be a PeftModel with a classification head")
    if not isinstance(task, Task):
        raise TypeError(f"task must be a Task, got {type(task).__name__}")
    steps = check_int("steps", steps, low=1, high=100_000)
    batch_size = check_int("batch_size", batch_size, low=1, high=4096)
    lr = LEARNING_RATES[model.method] if lr is None else lr
    lr = check_real("lr", lr, low=0, high=1, open_low=True)
    seed = check_int("seed", seed, low=0, high=2**32 - 1)
    torch.manual_seed(seed)
    gen = torch.Generator().manual_seed(seed)
    params = [p for p in model.parameters() if p.requires_grad]
    opt = torch.optim.AdamW(params, lr=lr, weight_decay=0.0)
    X, M, y = map(torch.as_tensor, (task.X_train, task.M_train, task.y_train))  # noqa: N806
    losses = np.zeros(steps)
    model.train()
    start = time.perf_counter()
    for step in range(steps):
        rows = torch.randint(len(y), (min(batch_size, len(y)),), generator=gen)
        loss = F.cross_entropy(model(X[rows], M[rows]), y[rows])  # (B, K) vs (B,)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
        losses[step] = float(loss.detach())
    seconds = time.perf_counter() - start
    model.eval()
    return FitLog(losses, seconds)


@torch.no_grad()
def predict_logits(model: PeftModel, X: np.ndarray, M: np.ndarray) -> np.ndarray:  # noqa: N803
    """Class logits (N, K) of token ids ``X`` (N, T) with mask ``M``, in batches."""
    if not isinstance(model, PeftModel) or model.head is None:
        raise TypeError("model must be a PeftModel with a classification head")
    X, M = torch.as_tensor(X), torch.as_tensor(M)  # noqa: N806
    if X.dim() != 2 or M.shape != X.shape:
        raise ValueError(
            f"X and M must be (N, T) of one shape, got {X.shape}, {M.shape}"
        )
    was = model.training
    model.eval()
    out = torch.cat(
        [model(X[i : i + 256], M[i : i + 256]) for i in range(0, len(X), 256)]
    )
    model.train(was)
    return out.numpy()  # (N, K)


def accuracy(model: PeftModel, task: Task) -> float:
    """Test accuracy of ``model`` on ``task``."""
    if not isinstance(task, Task):
        raise TypeError(f"task must be a Task, got {type(task).__name__}")
    pred = predict_logits(model, task.X_test, task.M_test).argmax(1)
    return float((pred == task.y_test).mean())


def step_memory(model: PeftModel, task: Task, *, batch_size: int = 32) -> dict:
    """Bytes a training step holds, counted (not sampled): all weights, gradients
    and AdamW's two moments of the trainable ones, and the activations autograd
    saves for the backward pass (caught with ``saved_tensors_hooks``, each tensor
    once, weights excluded)."""
    if not isinstance(model, PeftModel) or model.head is None:
        raise TypeError("model must be a PeftModel with a classification head")
    if not isinstance(task, Task):
        raise TypeError(f"task must be a Task, got {type(task).__name__}")
    batch_size = check_int("batch_size", batch_size, low=1, high=4096)
    params = list(model.parameters())
    weights = {p.data_ptr() for p in params}
    seen: dict[tuple, int] = {}

    def pack(t: torch.Tensor) -> torch.Tensor:
        key = (t.data_ptr(), t.numel(), t.dtype)
        if t.data_ptr() not in weights and t.numel():
            seen[key] = t.numel() * t.element_size()
        return t

    X, M = (
        torch.as_tensor(task.X_train[:batch_size]),
        torch.as_tensor(task.M_train[:batch_size]),
    )  # noqa: N806
    y = torch.as_tensor(task.y_train[:batch_size])
    with torch.autograd.graph.saved_tensors_hooks(pack, lambda t: t):
        loss = F.cross_entropy(model(X, M), y)
    loss.backward()
    model.zero_grad(set_to_none=True)
    n_all = sum(p.numel() for p in params)
    n_train = sum(p.numel() for p in params if p.requires_grad)
    return {
        "weights": 4 * n_all,
        "gradients": 4 * n_train,
        "optimizer": 8 * n_train,
        "activations": sum(seen.values()),
        "total": 4 * n_all + 12 * n_train + sum(seen.values()),
    }


def checkpoint_bytes(model: PeftModel) -> int:
    """Size in bytes of ``torch.save`` of the trainable tensors (the checkpoint a
    method must keep per task; the frozen base is stored once)."""
    buf = io.BytesIO()
    torch.save(trainable_state(model), buf)
    return buf.getbuffer().nbytes


@torch.no_grad()
def lm_bpc(
    model: PeftModel, ids: np.ndarray, *, window: int = 48, max_windows: int = 64
) -> float:
    """Held-out bits per character of the language-model head on ``ids`` through
    ``model``'s body (its adapters, LoRA, prefix or prompt switched on), over
    consecutive windows of ``window`` characters."""
    if not isinstance(model, PeftModel):
        raise TypeError(f"model must be a PeftModel, got {type(model).__name__}")
    ids = np.asarray(ids)
    if ids.ndim != 1 or ids.dtype.kind not in "iu":
        raise TypeError("ids must be a 1-D array of token ids")
    window = check_int("window", window, low=1, high=model.settings.input_len)
    max_windows = check_int("max_windows", max_windows, low=1, high=100_000)
    n = min((len(ids) - 1) // window, max_windows)
    if n < 1:
        raise ValueError(f"ids must hold more than {window} tokens")
    data = torch.as_tensor(ids[: n * window + 1], dtype=torch.long)
    x, y = data[:-1].view(n, window), data[1:].view(n, window)  # (n, T) each
    was = model.training
    model.eval()
    logits = model.base.head(model.hidden(x))  # (n, T, vocab)
    model.train(was)
    return (
        float(F.cross_entropy(logits.reshape(-1, logits.shape[-1]), y.reshape(-1)))
        / LN2
    )
