"""Text augmentation in the style of EDA (Wei & Zou, 2019), measured on tickets.

Four label-preserving edits of a short text, each touching about ``alpha`` of its words:

* :func:`synonym_replace` -- swap words for synonyms from a small domain list
  (:data:`SYNONYMS`, written by hand for support tickets);
* :func:`random_insert` -- insert a synonym of a word somewhere in the text;
* :func:`random_swap` -- swap the positions of two words;
* :func:`random_delete` -- drop each word with probability ``alpha``.

:func:`augment_texts` makes copies of every labelled text with one or all four edits;
:func:`ticket_augment_experiment` trains lesson 08's TF-IDF + logistic-regression
ticket classifier on a few labelled tickets with and without the copies and scores it
on the test tickets.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from helpers.core.validation import (
    check_choice,
    check_int,
    check_labels,
    check_real,
    check_same_length,
    check_seeds,
)
from helpers.labels.weak import check_texts

# Synonym groups a support agent might write down; every word of a group maps to the
# others. Multi-word phrases are left alone (the edits work on single words).
_GROUPS = (
    ("charged", "billed", "debited"),
    ("refund", "reimbursement", "repayment"),
    ("invoice", "receipt", "bill", "statement"),
    ("subscription", "membership", "plan"),
    ("payment", "charge", "fee"),
    ("card", "visa", "mastercard"),
    ("price", "cost", "amount"),
    ("crashes", "freezes", "hangs"),
    ("error", "fault", "failure"),
    ("bug", "glitch", "defect"),
    ("slow", "sluggish", "laggy"),
    ("broken", "faulty", "failing"),
    ("app", "application", "program"),
    ("screen", "display", "page"),
    ("password", "passcode", "passphrase"),
    ("account", "profile", "login"),
    ("locked", "blocked", "suspended"),
    ("email", "mail", "inbox"),
    ("package", "parcel", "box", "delivery", "shipment"),
    ("courier", "driver", "carrier"),
    ("damaged", "broken", "smashed"),
    ("arrived", "came", "turned"),
    ("order", "purchase"),
    ("late", "delayed", "overdue"),
    ("help", "assist", "support"),
    ("problem", "issue", "trouble"),
    ("urgent", "pressing", "critical"),
    ("cannot", "can't"),
    ("never", "not"),
    ("update", "upgrade"),
)
SYNONYMS: dict[str, tuple[str, ...]] = {}
for _group in _GROUPS:
    for _word in _group:
        others = tuple(w for w in _group if w != _word)
        SYNONYMS[_word] = tuple(dict.fromkeys(SYNONYMS.get(_word, ()) + others))

OPERATIONS = ("synonym", "insert", "swap", "delete")
MAX_COPIES = 64
"""At most this many augmented copies per text."""


def _rng(seed: int | np.random.Generator) -> np.random.Generator:
    if isinstance(seed, np.random.Generator):
        return seed
    return np.random.default_rng(check_int("seed", seed, low=0))


def _words(text: str) -> list[str]:
    if not isinstance(text, str):
        raise TypeError(f"text must be a string, got {type(text).__name__}")
    return text.split()


def _n_edits(words: list[str], alpha: float) -> int:
    alpha = check_real("alpha", alpha, low=0, high=1)
    return max(1, int(round(alpha * len(words)))) if words else 0


def synonym_replace(
    text: str, *, alpha: float = 0.1, seed: int | np.random.Generator = 0
) -> str:
    """Replace about ``alpha`` of the words that have synonyms by one of them."""
    words, rng = _words(text), _rng(seed)
    n = _n_edits(words, alpha)
    candidates = [i for i, w in enumerate(words) if w.strip(",!?.") in SYNONYMS]
    for i in rng.permutation(candidates)[:n]:
        core = words[i].strip(",!?.")
        tail = words[i][len(core) :] if words[i].startswith(core) else ""
        words[i] = str(rng.choice(SYNONYMS[core])) + tail
    return " ".join(words)


def random_insert(
    text: str, *, alpha: float = 0.1, seed: int | np.random.Generator = 0
) -> str:
    """Insert about ``alpha * len`` synonyms of the text's own words, anywhere."""
    words, rng = _words(text), _rng(seed)
    n = _n_edits(words, alpha)
    found = [w.strip(",!?.") for w in words if w.strip(",!?.") in SYNONYMS]
    for _ in range(n if found else 0):
        synonym = str(rng.choice(SYNONYMS[found[int(rng.integers(len(found)))]]))
        words.insert(int(rng.integers(len(words) + 1)), synonym)
    return " ".join(words)


def random_swap(
    text: str, *, alpha: float = 0.1, seed: int | np.random.Generator = 0
) -> str:
    """Swap two random words, about ``alpha * len`` times."""
    words, rng = _words(text), _rng(seed)
    for _ in range(_n_edits(words, alpha) if len(words) > 1 else 0):
        i, j = rng.choice(len(words), size=2, replace=False)
        words[i], words[j] = words[j], words[i]
    return " ".join(words)


def random_delete(
    text: str, *, alpha: float = 0.1, seed: int | np.random.Generator = 0
) -> str:
    """Drop each word with probability ``alpha``; at least one word stays."""
    words, rng = _words(text), _rng(seed)
    alpha = check_real("alpha", alpha, low=0, high=1)
    if not words:
        return text
    keep = rng.random(len(words)) >= alpha
    if not keep.any():
        keep[int(rng.integers(len(words)))] = True
    return " ".join(w for w, k in zip(words, keep, strict=True) if k)


_EDITS = {
    "synonym": synonym_replace,
    "insert": random_insert,
    "swap": random_swap,
    "delete": random_delete,
}


def augment_texts(
    texts: Sequence[str],
    labels: np.ndarray,
    *,
    operations: Sequence[str] = OPERATIONS,
    copies: int = 4,
    alpha: float = 0.1,
    seed: int = 0,
) -> tuple[list[str], np.ndarray]:
    """The texts followed by ``copies`` edited copies of each, labels kept.

    Each copy applies one of ``operations``, drawn at random per copy (EDA draws one
    of its four edits the same way).
    """
    texts = check_texts("texts", texts)
    labels = check_labels("labels", labels)
    check_same_length(texts=texts, labels=labels)
    if isinstance(operations, str) or not operations:
        raise ValueError(f"operations must be a non-empty list of {OPERATIONS}")
    for op in operations:
        check_choice("operations", op, OPERATIONS)
    copies = check_int("copies", copies, low=1, high=MAX_COPIES)
    alpha = check_real("alpha", alpha, low=0, high=1)
    rng = _rng(seed)
    out, out_labels = list(texts), [labels]
    for _ in range(copies):
        ops = rng.choice(list(operations), size=len(texts))
        out += [
            _EDITS[op](t, alpha=alpha, seed=rng)
            for t, op in zip(texts, ops, strict=True)
        ]
        out_labels.append(labels)
    return out, np.concatenate(out_labels)


def ticket_augment_experiment(
    *,
    per_class: int = 5,
    copies: int = 4,
    alpha: float = 0.1,
    seeds: Sequence[int] = range(5),
    data_seed: int = 0,
) -> pd.DataFrame:
    """Test accuracy of the ticket classifier trained on ``per_class`` labelled dev
    tickets per class, alone, with ``copies`` unedited copies each, and with
    ``copies`` EDA copies each (every edit alone and all four); one row per (seed,
    training set).

    Features: TF-IDF fitted on the unlabelled train tickets (no labels involved);
    classifier: logistic regression with scikit-learn's defaults (not tuned).
    """
    from sklearn.linear_model import LogisticRegression

    from helpers.labels.tickets import make_tickets, ticket_vectorizer

    per_class = check_int("per_class", per_class, low=1, high=20)
    copies = check_int("copies", copies, low=1, high=MAX_COPIES)
    alpha = check_real("alpha", alpha, low=0, high=1)
    seeds = check_seeds(seeds)
    data = make_tickets(seed=check_int("data_seed", data_seed, low=0))
    vectorizer = ticket_vectorizer(data.train_text)
    X_test, y_test = vectorizer.transform(data.test_text), data.truth("test")
    settings: dict[str, tuple[str, ...] | None] = {"real only": None}
    settings["+ plain copies"] = ()  # the same texts repeated: no edit at all
    settings |= {f"+ {op}": (op,) for op in OPERATIONS}
    settings["+ all four (EDA)"] = OPERATIONS
    rows = []
    for seed in seeds:
        rng = np.random.default_rng(seed)
        idx = np.concatenate(
            [
                rng.choice(np.flatnonzero(data.y_dev == c), per_class, replace=False)
                for c in range(len(data.classes))
            ]
        )
        texts, y = [data.dev_text[i] for i in idx], data.y_dev[idx]
        for name, ops in settings.items():
            if ops is None:
                aug, y_aug = texts, y
            elif not ops:
                aug, y_aug = texts * (1 + copies), np.tile(y, 1 + copies)
            else:
                aug, y_aug = augment_texts(
                    texts, y, operations=ops, copies=copies, alpha=alpha, seed=seed
                )
            model = LogisticRegression(max_iter=2000).fit(
                vectorizer.transform(aug), y_aug
            )
            rows.append(
                {
                    "seed": seed,
                    "training set": name,
                    "texts": len(aug),
                    "accuracy": float(model.score(X_test, y_test)),
                }
            )
    return pd.DataFrame(rows)
