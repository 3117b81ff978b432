"""Pretraining text made offline: docstrings of Python's standard library, cleaned,
plus task text the project generates (arithmetic and simple instructions).

>>> docs = gather_docstrings(("textwrap",))
>>> cleaned = clean_documents(docs)
>>> int(cleaned.counts["documents"].iloc[-1]) == len(cleaned.documents)
True
"""

from __future__ import annotations

import hashlib
import importlib
import inspect
import warnings
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from helpers.core.validation import check_int, check_real
from helpers.llm.corpus_data import DATA_MIX, INSTRUCTIONS, STDLIB_MODULES, WORDS
from helpers.llm.tokenizer import EOT, VOCAB

MAX_DOCS = 100_000
"""Upper bound on documents handled (refuses absurd requests before any work)."""


def gather_docstrings(modules: Sequence[str] = STDLIB_MODULES) -> list[str]:
    """The docstrings of ``modules`` and of their public functions, classes and
    methods, in a fixed order (module, then names sorted)."""
    if isinstance(modules, str) or not isinstance(modules, Sequence) or not modules:
        raise TypeError("modules must be a non-empty sequence of module names")
    if not all(isinstance(m, str) for m in modules):
        raise TypeError("modules must hold module names (strings)")
    unknown = sorted(set(modules) - set(STDLIB_MODULES))
    if unknown:
        raise ValueError(f"modules must come from STDLIB_MODULES, got {unknown}")
    docs: list[str] = []
    with warnings.catch_warnings():  # typing.io and typing.re warn when touched
        warnings.simplefilter("ignore", DeprecationWarning)
        for name in modules:
            docs += _module_docs(name)
    return [d for d in docs if d]


def _module_docs(name: str) -> list[str]:
    """Docstrings of one module, its public names and their methods."""
    module = importlib.import_module(name)
    docs = [inspect.getdoc(module) or ""]
    for attr, obj in sorted(vars(module).items()):
        if attr.startswith("_") or getattr(obj, "__module__", None) != name:
            continue
        docs.append(inspect.getdoc(obj) or "")
        if inspect.isclass(obj):
            for meth, member in sorted(vars(obj).items()):
                if not meth.startswith("_") and _has_code(member):
                    docs.append(inspect.getdoc(member) or "")
    return docs


def _has_code(member: object) -> bool:
    return inspect.isfunction(member) or isinstance(
        member, property | classmethod | staticmethod
    )


@dataclass
class CleanedText:
    """Documents left after cleaning and a table of what each step removed."""

    documents: list[str]
    counts: pd.DataFrame  # step, documents, characters, removed


def clean_documents(
    docs: Sequence[str],
    *,
    min_chars: int = 60,
    max_chars: int = 4000,
    min_letters: float = 0.6,
) -> CleanedText:
    """Normalise, filter and deduplicate ``docs``, counting every step.

    Steps: tabs to spaces and trailing blanks removed; documents with characters
    outside the vocabulary (non-ASCII) dropped; exact duplicates dropped (first
    kept); documents shorter than ``min_chars`` or longer than ``max_chars`` dropped;
    documents whose share of letters and spaces is below ``min_letters`` (tables,
    code dumps) dropped.
    """
    if isinstance(docs, str) or not isinstance(docs, Sequence):
        raise TypeError("docs must be a list of strings")
    if not docs or not all(isinstance(d, str) for d in docs):
        raise TypeError("docs must be a non-empty list of strings")
    if len(docs) > MAX_DOCS:
        raise ValueError(
            f"docs must hold at most {MAX_DOCS} documents, got {len(docs)}"
        )
    min_chars = check_int("min_chars", min_chars, low=1, high=10**6)
    max_chars = check_int("max_chars", max_chars, low=min_chars, high=10**7)
    min_letters = check_real("min_letters", min_letters, low=0, high=1)
    allowed = set(VOCAB) - {EOT}
    rows = []

    def record(step: str, kept: list[str]) -> list[str]:
        before = rows[-1][1] if rows else len(kept)
        rows.append((step, len(kept), sum(map(len, kept)), before - len(kept)))
        return kept

    kept = record("gathered", list(docs))
    kept = record(
        "normalised whitespace",
        ["\n".join(ln.rstrip() for ln in d.expandtabs(4).split("\n")) for d in kept],
    )
    kept = record("ASCII only", [d for d in kept if set(d) <= allowed])
    kept = record("exact duplicates removed", list(dict.fromkeys(kept)))
    kept = record(
        f"length in [{min_chars}, {max_chars}]",
        [d for d in kept if min_chars <= len(d) <= max_chars],
    )
    kept = record(
        f"letters and spaces >= {min_letters:.0%}",
        [d for d in kept if _letter_share(d) >= min_letters],
    )
    counts = pd.DataFrame(rows, columns=["step", "documents", "characters", "removed"])
    return CleanedText(kept, counts)


def _letter_share(doc: str) -> float:
    return sum(c.isalpha() or c == " " for c in doc) / max(len(doc), 1)


def task_text(n: int = 2000, *, seed: int = 0) -> list[str]:
    """``n`` generated task documents: two-number arithmetic questions and simple
    word instructions with their answers (the format lessons 17-18 fine-tune on).

    >>> task_text(2, seed=0)[0].startswith(("Q: ", "Instruction: "))
    True
    """
    n = check_int("n", n, low=1, high=MAX_DOCS)
    seed = check_int("seed", seed, low=0, high=2**32 - 1)
    rng = np.random.default_rng(seed)
    docs = []
    for _ in range(n):
        if rng.random() < 0.5:
            a, b = (int(x) for x in rng.integers(0, 100, size=2))
            op = str(rng.choice(["+", "-"]))
            docs.append(f"Q: {a} {op} {b} = ?\nA: {a + b if op == '+' else a - b}")
        else:
            wording, operation = INSTRUCTIONS[int(rng.integers(len(INSTRUCTIONS)))]
            word = WORDS[int(rng.integers(len(WORDS)))]
            docs.append(
                f"Instruction: {wording} {word}.\nResponse: "
                f"{apply_instruction(operation, word)}"
            )
    return docs


def apply_instruction(operation: str, word: str) -> str:
    """The answer to one generated instruction (``reverse``, ``upper``, ``count``,
    ``first``) applied to ``word``."""
    if not isinstance(word, str) or not word:
        raise TypeError("word must be a non-empty string")
    ops = {
        "reverse": lambda w: w[::-1],
        "upper": str.upper,
        "count": lambda w: str(len(w)),
        "first": lambda w: w[0],
    }
    if operation not in ops:
        raise ValueError(f"operation must be one of {sorted(ops)}, got {operation!r}")
    return ops[operation](word)


@dataclass
class Corpus:
    """The pretraining text, split by document into train and validation."""

    train_text: str
    val_text: str
    counts: pd.DataFrame  # the cleaning steps
    n_docstrings: int
    n_tasks: int


def build_corpus(
    *, n_tasks: int = 2000, val_fraction: float = 0.1, seed: int = 0
) -> Corpus:
    """Cleaned stdlib docstrings plus ``n_tasks`` task documents, shuffled with
    ``seed`` and split by document (each document's side fixed by a hash of its
    text); documents are joined by the end-of-text
    character :data:`helpers.llm.tokenizer.EOT`."""
    n_tasks = check_int("n_tasks", n_tasks, low=0, high=MAX_DOCS)
    val_fraction = check_real("val_fraction", val_fraction, low=0.01, high=0.5)
    seed = check_int("seed", seed, low=0, high=2**32 - 1)
    cleaned = clean_documents(gather_docstrings())
    # generated tasks repeat (a few thousand distinct ones): keep each once, so no
    # document sits on both sides of the split
    tasks = list(dict.fromkeys(task_text(n_tasks, seed=seed))) if n_tasks else []
    docs = list(dict.fromkeys(cleaned.documents + tasks))
    # each document's side is decided by its own hash, not by its position, so a
    # docstring more or less (another interpreter, a patched module) moves no other
    is_val = np.array([_unit_hash(doc, seed) < val_fraction for doc in docs])
    order = np.random.default_rng(seed).permutation(len(docs))
    val = [docs[i] for i in order if is_val[i]]
    train = [docs[i] for i in order if not is_val[i]]
    return Corpus(
        train_text=EOT.join(train) + EOT,
        val_text=EOT.join(val) + EOT,
        counts=cleaned.counts,
        n_docstrings=len(cleaned.documents),
        n_tasks=len(tasks),
    )


def _unit_hash(doc: str, seed: int) -> float:
    """A number in [0, 1) fixed by the document's text and ``seed``."""
    digest = hashlib.sha256(f"{seed}:{doc}".encode()).digest()
    return int.from_bytes(digest[:8], "big") / 2**64


def data_mix_table() -> pd.DataFrame:
    """The seed's data-mix view as a table (source, examples, brings, risks, here)."""
    return pd.DataFrame(list(DATA_MIX))
