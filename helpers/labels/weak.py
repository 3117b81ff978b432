"""Weak supervision (lesson 08): labeling functions and the label matrix.

The workflow, in the order the lesson follows it:

1. write **labeling functions** (LFs): ``text -> class or ABSTAIN``, e.g. a keyword
   rule, a regular expression, a heuristic or a small classifier (this module);
2. :func:`apply_lfs` them to unlabelled items: a label matrix ``L`` of shape
   ``(n_items, n_lfs)`` with ``ABSTAIN = -1`` where a function says nothing;
3. :func:`lf_summary`: coverage, overlaps, conflicts and accuracy on a small dev set;
4. aggregate the votes: :func:`majority_vote` (the one of :mod:`helpers.labels.votes`,
   shared with lesson 05) or the generative label model of
   :mod:`helpers.labels.label_model`, fitted by EM without any labels, which weighs
   each LF by how often it agrees with the others; :func:`label_accuracy` scores
   either;
5. train an **end model** on the probabilistic labels so it also labels items that
   no function covers (:mod:`helpers.labels.weak_experiment`).

The ticket task and its functions live in :mod:`helpers.labels.tickets`; the figures
in :mod:`helpers.labels.weak_plots`, the widget in :mod:`helpers.labels.weak_widget`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from helpers.core.validation import (
    check_int,
    check_labels,
    check_real,
    check_same_length,
)
from helpers.labels.votes import (
    ABSTAIN,
    MAX_CLASSES,
    check_votes,
    majority_vote,
    vote_counts,
)

__all__ = [
    "ABSTAIN",
    "LabelingFunction",
    "apply_lfs",
    "check_texts",
    "classifier_lf",
    "keyword_lf",
    "label_accuracy",
    "lf_summary",
    "majority_vote",
    "regex_lf",
]


# ------------------------------------------------------------- labeling functions


def check_texts(name: str, texts: Sequence[str]) -> list[str]:
    """``texts`` as a list of strings: a non-empty sequence of ``str``, not one string.

    >>> check_texts("texts", "refund please")
    Traceback (most recent call last):
    TypeError: texts must be a sequence of strings, got one str
    """
    if isinstance(texts, str | bytes):
        raise TypeError(f"{name} must be a sequence of strings, got one str")
    if not isinstance(texts, Sequence | np.ndarray):
        raise TypeError(
            f"{name} must be a sequence of strings, got {type(texts).__name__}"
        )
    out = list(texts)
    if not out:
        raise ValueError(f"{name} must hold at least one text")
    bad = next((t for t in out if not isinstance(t, str)), None)
    if bad is not None:
        raise TypeError(f"{name} must hold strings, got {type(bad).__name__} {bad!r}")
    return out


def _check_name(name: object) -> str:
    if not isinstance(name, str) or not name:
        raise TypeError(f"a labeling function's name must be a string, got {name!r}")
    return name


@dataclass(frozen=True)
class LabelingFunction:
    """A named rule ``text -> class index or ABSTAIN``.

    ``batch`` optionally labels many texts at once (a classifier does this much faster
    than one call per text); otherwise :meth:`apply` calls ``fn`` on each text.
    """

    name: str
    fn: Callable[[str], int]
    description: str = ""
    batch: Callable[[Sequence[str]], np.ndarray] | None = field(
        default=None, repr=False
    )

    def __post_init__(self) -> None:
        _check_name(self.name)
        if not callable(self.fn):
            raise TypeError(
                f"fn of {self.name!r} must be a function text -> label, got "
                f"{type(self.fn).__name__}"
            )
        if self.batch is not None and not callable(self.batch):
            raise TypeError(
                f"batch of {self.name!r} must be a function or None, got "
                f"{type(self.batch).__name__}"
            )
        if not isinstance(self.description, str):
            raise TypeError(f"description must be a string, got {self.description!r}")

    def __call__(self, text: str) -> int:
        return self.fn(text)

    def apply(self, texts: Sequence[str]) -> list:
        """The raw outputs on ``texts`` (validated by :func:`apply_lfs`)."""
        if self.batch is not None:
            return list(self.batch(texts))
        return [self.fn(t) for t in texts]


def keyword_lf(
    name: str, keywords: Sequence[str], label: int, *, description: str = ""
) -> LabelingFunction:
    """Vote ``label`` when any of the whole words ``keywords`` occurs, else abstain."""
    _check_name(name)
    if isinstance(keywords, str) or not isinstance(keywords, Sequence):
        raise TypeError(
            f"keywords of {name!r} must be a list of words, got "
            f"{type(keywords).__name__} {keywords!r}"
        )
    if not keywords:
        raise ValueError(f"labeling function {name!r} needs at least one keyword")
    check_texts(f"keywords of {name!r}", keywords)
    check_int("label", label, low=0, high=MAX_CLASSES - 1)
    words = "|".join(re.escape(k) for k in keywords)
    desc = description or f"any of {', '.join(keywords)}"
    return regex_lf(name, rf"\b(?:{words})\b", label, description=desc)


def regex_lf(
    name: str, pattern: str, label: int, *, description: str = ""
) -> LabelingFunction:
    """Vote ``label`` when the regular expression ``pattern`` matches (any case)."""
    _check_name(name)
    label = check_int("label", label, low=0, high=MAX_CLASSES - 1)
    if not isinstance(pattern, str):
        raise TypeError(f"pattern must be a string, got {type(pattern).__name__}")
    try:
        compiled = re.compile(pattern, flags=re.IGNORECASE)
    except re.error as exc:
        raise ValueError(
            f"pattern {pattern!r} is no regular expression: {exc}"
        ) from None

    def fn(text: str) -> int:
        return label if compiled.search(text) else ABSTAIN

    return LabelingFunction(name, fn, description or f"matches /{pattern}/")


def classifier_lf(
    name: str,
    texts: Sequence[str],
    labels: np.ndarray,
    *,
    threshold: float = 0.6,
    C: float = 10.0,
) -> LabelingFunction:
    """A weak classifier as a labeling function: TF-IDF + logistic regression fitted
    on a few labelled ``texts``; it votes its top class when that class's probability
    is at least ``threshold`` and abstains otherwise.
    """
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    _check_name(name)
    threshold = check_real("threshold", threshold, low=0, high=1)
    C = check_real("C", C, low=0, open_low=True)
    texts = check_texts("texts", texts)
    labels = check_labels("labels", labels)
    check_same_length(texts=texts, labels=labels)
    if np.unique(labels).size < 2:
        raise ValueError("labels must hold at least 2 classes to train a classifier")
    vectorizer = TfidfVectorizer(sublinear_tf=True).fit(texts)
    model = LogisticRegression(C=C, max_iter=2000).fit(
        vectorizer.transform(texts), labels
    )

    def batch(items: Sequence[str]) -> np.ndarray:
        proba = model.predict_proba(vectorizer.transform(items))  # (n, K)
        top = model.classes_[proba.argmax(axis=1)]
        return np.where(proba.max(axis=1) >= threshold, top, ABSTAIN)

    return LabelingFunction(
        name,
        lambda text: int(batch([text])[0]),
        f"classifier trained on {len(texts)} labelled texts, p >= {threshold}",
        batch=batch,
    )


# ------------------------------------------------------------------ label matrix


def _valid_labels(values: list, n_classes: int) -> np.ndarray | None:
    """``values`` as an int array when all are ABSTAIN or a class, else None."""
    ok = all(
        isinstance(v, int | np.integer)
        and not isinstance(v, bool | np.bool_)
        and ABSTAIN <= v < n_classes
        for v in values
    )
    return np.asarray(values, dtype=int) if ok else None


def apply_lfs(
    lfs: Sequence[LabelingFunction], texts: Sequence[str], *, n_classes: int
) -> np.ndarray:
    """Apply every labeling function to every text: ``L`` of shape ``(n, m)``.

    Raises
    ------
    ValueError
        If two functions share a name, or a function returns anything other than
        ``ABSTAIN`` (-1) or a class index ``0..n_classes-1``; the message names the
        function, the bad value and the text it was given.
    """
    n_classes = check_int("n_classes", n_classes, low=2, high=MAX_CLASSES)
    if not isinstance(lfs, Sequence):
        raise TypeError(
            f"lfs must be a list of LabelingFunctions, got {type(lfs).__name__}"
        )
    if not lfs:
        raise ValueError("lfs must hold at least one labeling function")
    bad = next((lf for lf in lfs if not isinstance(lf, LabelingFunction)), None)
    if bad is not None:
        raise TypeError(
            f"lfs must hold LabelingFunctions, got {type(bad).__name__} {bad!r:.60}"
        )
    texts = check_texts("texts", texts)
    names = [lf.name for lf in lfs]
    if len(set(names)) != len(names):
        raise ValueError(f"labeling function names must be unique, got {names}")
    L = np.empty((len(texts), len(lfs)), dtype=int)  # (n_items, n_lfs)
    for j, lf in enumerate(lfs):
        out = lf.apply(texts)
        if len(out) != len(texts):
            raise ValueError(
                f"labeling function {lf.name!r} returned {len(out)} labels for "
                f"{len(texts)} texts"
            )
        column = _valid_labels(out, n_classes)
        if column is None:
            i, bad = next(
                (i, v)
                for i, v in enumerate(out)
                if _valid_labels([v], n_classes) is None
            )
            bad = bad.item() if isinstance(bad, np.generic) else bad
            raise ValueError(
                f"labeling function {lf.name!r} returned {bad!r} for text {i} "
                f"({str(texts[i])[:60]!r}); expected ABSTAIN (-1) or a class index "
                f"0..{n_classes - 1}"
            )
        L[:, j] = column
    return L


def lf_summary(
    L: np.ndarray,
    *,
    names: Sequence[str],
    n_classes: int,
    y: np.ndarray | None = None,
) -> pd.DataFrame:
    """One row per labeling function: what it votes, how often, with whom it agrees.

    Columns: ``polarity`` (classes it ever votes), ``coverage`` (share of items it
    labels), ``overlaps`` (share it labels together with at least one other function),
    ``conflicts`` (share it labels while another function votes a different class);
    with ``y`` (e.g. the dev labels) also ``correct``, ``incorrect`` and ``accuracy``
    (on the items it labels; NaN if none).
    """
    L = check_votes("L", L, n_classes=n_classes)
    names = check_texts("names", names)
    if len(names) != L.shape[1]:
        raise ValueError(f"got {len(names)} names for {L.shape[1]} labeling functions")
    if y is not None:
        y = check_labels("y", y, n_classes=n_classes)
        check_same_length(L=L, y=y)
    voted = L != ABSTAIN  # (n, m)
    n_voters = voted.sum(axis=1)  # (n,)
    counts = vote_counts(L, n_classes=n_classes)  # (n, K)
    rows = []
    for j in range(len(names)):
        mine = voted[:, j]
        # another function voted a class different from mine
        same = counts[np.arange(len(L)), np.where(mine, L[:, j], 0)]
        row = {
            "polarity": sorted(set(L[mine, j].tolist())),
            "coverage": mine.mean(),
            "overlaps": (mine & (n_voters > 1)).mean(),
            "conflicts": (mine & (n_voters - same > 0)).mean(),
        }
        if y is not None:
            correct = int((L[mine, j] == y[mine]).sum())
            row |= {
                "correct": correct,
                "incorrect": int(mine.sum()) - correct,
                "accuracy": correct / mine.sum() if mine.any() else float("nan"),
            }
        rows.append(row)
    return pd.DataFrame(rows, index=pd.Index(list(names), name="labeling function"))


def label_accuracy(labels: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    """(accuracy on the items that got a label, share of items that got one).

    ``labels`` holds classes or ``ABSTAIN`` (-1, "no label"); ``y`` the true classes.
    """
    labels = check_labels("labels", labels)
    if (labels < ABSTAIN).any():
        raise ValueError(
            f"labels must hold classes or ABSTAIN ({ABSTAIN}), got {labels.min()}"
        )
    y = check_labels("y", y)
    check_same_length(labels=labels, y=y)
    got = labels != ABSTAIN
    acc = float((labels[got] == y[got]).mean()) if got.any() else float("nan")
    return acc, float(got.mean())
