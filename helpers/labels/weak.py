"""Weak supervision (lesson 08): labeling functions, a label model, an end model.

The workflow, in the order the lesson follows it:

1. write **labeling functions** (LFs): ``text -> class or ABSTAIN``, e.g. a keyword
   rule, a regular expression, a heuristic or a small classifier;
2. :func:`apply_lfs` them to unlabelled items: a label matrix ``L`` of shape
   ``(n_items, n_lfs)`` with ``ABSTAIN = -1`` where a function says nothing;
3. :func:`lf_summary`: coverage, overlaps, conflicts and accuracy on a small dev set;
4. aggregate the votes: :func:`majority_vote`, or :class:`LabelModel`, a generative
   model (one accuracy per LF and a class prior, fitted by EM without any labels) that
   weighs each LF by how often it agrees with the others;
5. train an **end model** on the probabilistic labels (:func:`fit_end_model`) so it
   also labels items that no function covers.

:class:`WeakExperiment` scores any subset of labeling functions (coverage, label
accuracy, end-model accuracy) and :func:`build_lf_widget` lets a student switch them
on and off. The ticket task and its functions live in :mod:`helpers.labels.tickets`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

ABSTAIN = -1


# ------------------------------------------------------------- labeling functions


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
    if not keywords:
        raise ValueError(f"labeling function {name!r} needs at least one keyword")
    words = "|".join(re.escape(k) for k in keywords)
    desc = description or f"any of {', '.join(keywords)}"
    return regex_lf(name, rf"\b(?:{words})\b", label, description=desc)


def regex_lf(
    name: str, pattern: str, label: int, *, description: str = ""
) -> LabelingFunction:
    """Vote ``label`` when the regular expression ``pattern`` matches (any case)."""
    compiled = re.compile(pattern, flags=re.IGNORECASE)

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

    if not 0.0 <= threshold <= 1.0:
        raise ValueError(f"threshold must be in [0, 1], got {threshold}")
    labels = np.asarray(labels)
    if len(texts) != len(labels) or np.unique(labels).size < 2:
        raise ValueError("texts and labels must have the same length and >= 2 classes")
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
    if n_classes < 2:
        raise ValueError(f"n_classes must be at least 2, got {n_classes}")
    if not lfs:
        raise ValueError("lfs must hold at least one labeling function")
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


def _check_L(L: np.ndarray, n_classes: int) -> np.ndarray:
    L = np.asarray(L)
    if L.ndim != 2 or L.shape[1] == 0 or not np.issubdtype(L.dtype, np.integer):
        raise ValueError(
            f"L must be a 2-D integer label matrix, got {L.dtype} {L.shape}"
        )
    if n_classes < 2:
        raise ValueError(f"n_classes must be at least 2, got {n_classes}")
    if L.size and (L.min() < ABSTAIN or L.max() >= n_classes):
        raise ValueError(
            f"L may hold only ABSTAIN (-1) and classes 0..{n_classes - 1}, found "
            f"values in [{L.min()}, {L.max()}]"
        )
    return L


def one_hot_votes(L: np.ndarray, *, n_classes: int) -> np.ndarray:
    """Votes as ``(n, m, K)`` zeros and ones; an abstain is all zeros."""
    L = _check_L(L, n_classes)
    return (L[:, :, None] == np.arange(n_classes)).astype(float)  # (n, m, K)


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
    L = _check_L(L, n_classes)
    if len(names) != L.shape[1]:
        raise ValueError(f"got {len(names)} names for {L.shape[1]} labeling functions")
    voted = L != ABSTAIN  # (n, m)
    n_voters = voted.sum(axis=1)  # (n,)
    counts = one_hot_votes(L, n_classes=n_classes).sum(axis=1)  # (n, K)
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
            y = np.asarray(y)
            if y.shape != (len(L),):
                raise ValueError(f"y must have shape ({len(L)},), got {y.shape}")
            correct = int((L[mine, j] == y[mine]).sum())
            row |= {
                "correct": correct,
                "incorrect": int(mine.sum()) - correct,
                "accuracy": correct / mine.sum() if mine.any() else float("nan"),
            }
        rows.append(row)
    return pd.DataFrame(rows, index=pd.Index(list(names), name="labeling function"))


# ------------------------------------------------------------------ aggregation


def majority_vote(
    L: np.ndarray, *, n_classes: int, tie_break: str = "random", seed: int = 0
) -> np.ndarray:
    """The most voted class per item; ``ABSTAIN`` where no function voted.

    ``tie_break="random"`` picks one of the tied classes (seeded); ``"abstain"``
    returns ABSTAIN for ties.
    """
    if tie_break not in {"random", "abstain"}:
        raise ValueError(f"tie_break must be 'random' or 'abstain', got {tie_break!r}")
    counts = one_hot_votes(L, n_classes=n_classes).sum(axis=1)  # (n, K)
    top = counts.max(axis=1, keepdims=True)
    tied = (counts == top) & (top > 0)  # (n, K)
    rng = np.random.default_rng(seed)
    noise = (
        rng.random(counts.shape) if tie_break == "random" else np.zeros(counts.shape)
    )
    labels = np.argmax(tied + 0.5 * noise * tied, axis=1)
    labels[top[:, 0] == 0] = ABSTAIN
    if tie_break == "abstain":
        labels[tied.sum(axis=1) > 1] = ABSTAIN
    return labels


@dataclass
class LabelModel:
    """A Snorkel-like generative label model, fitted by EM on ``L`` alone.

    Labeling function ``j`` votes only classes in its **polarity** ``P_j`` (a keyword
    rule votes one class). Given the true class ``y`` it votes, independently of the
    other functions,

    * ``y`` itself with probability ``hit_[j]`` (if ``y`` is in ``P_j``),
    * each other class of ``P_j`` with probability ``false_[j]``,
    * and abstains otherwise.

    So a keyword rule that fires on 40 % of billing tickets and on 2 % of the others
    has ``hit = 0.4``, ``false = 0.02``; an abstain then is weak evidence against
    billing. With the class prior ``prior_`` the posterior is

    .. math:: \\log P(y \\mid \\lambda) = \\log \\pi_y
              + \\sum_{j:\\,\\lambda_j = y} \\log\\frac{h_j}{f_j}
              + \\sum_{j:\\,\\lambda_j = -1} \\log P(\\text{abstain}_j \\mid y)
              + \\text{const}.

    Two numbers per function (not a Dawid-Skene confusion matrix) are estimated well
    from a few thousand sparse votes. ``accuracy_`` (share of its votes that are
    right) and ``propensity_`` (share of items it votes on) are derived from them.

    Parameters
    ----------
    n_classes : K.
    max_iter, tol : EM stops after ``max_iter`` rounds or when no parameter moves
        more than ``tol``.
    smoothing : pseudo-counts added to every expected count, keeping rates off 0.
    """

    n_classes: int
    max_iter: int = 300
    tol: float = 1e-4
    smoothing: float = 0.5
    hit_: np.ndarray = field(init=False, repr=False)
    false_: np.ndarray = field(init=False, repr=False)
    prior_: np.ndarray = field(init=False, repr=False)
    polarity_: np.ndarray = field(init=False, repr=False)
    n_iter_: int = field(init=False, default=0)

    def __post_init__(self) -> None:
        if self.n_classes < 2:
            raise ValueError(f"n_classes must be at least 2, got {self.n_classes}")
        if self.max_iter < 1 or self.tol <= 0 or self.smoothing < 0:
            raise ValueError(
                "max_iter must be >= 1, tol > 0 and smoothing >= 0, got "
                f"{self.max_iter}, {self.tol}, {self.smoothing}"
            )

    # log P(abstain | y in P_j) and log P(abstain | y not in P_j), each (m,)
    def _log_abstain(self) -> tuple[np.ndarray, np.ndarray]:
        p = self.polarity_.sum(axis=1)
        inside = 1 - self.hit_ - (p - 1) * self.false_
        outside = 1 - p * self.false_
        return np.log(np.clip(inside, 1e-9, 1)), np.log(np.clip(outside, 1e-9, 1))

    def _posterior(self, V: np.ndarray, abstain: np.ndarray) -> np.ndarray:
        weight = np.log(self.hit_ / self.false_)  # (m,) evidence of one vote
        log_in, log_out = self._log_abstain()
        by_class = self.polarity_ * log_in[:, None] + ~self.polarity_ * log_out[:, None]
        logits = (
            np.log(self.prior_)
            + np.einsum("nmk,m->nk", V, weight)
            + abstain @ by_class  # (n, m) @ (m, K)
        )
        logits -= logits.max(axis=1, keepdims=True)
        q = np.exp(logits)
        return q / q.sum(axis=1, keepdims=True)  # (n, K)

    def _m_step(
        self, V: np.ndarray, abstain: np.ndarray, q: np.ndarray, count: np.ndarray
    ) -> None:
        s, P = self.smoothing, self.polarity_
        p = P.sum(axis=1).astype(float)  # (m,) classes each function can vote
        qc = q * count[:, None]  # (n_patterns, K) posterior mass of each vote pattern
        hits = np.einsum("nmk,nk->m", V, qc) + s  # expected right votes
        falses = np.einsum("nmk,n->m", V, count) - hits + 2 * s  # expected wrong ones
        q_in = qc @ P.T  # (n_patterns, m): expected items with y in P_j
        abst_in = (abstain * q_in).sum(axis=0) + s
        abst_out = (abstain * (count[:, None] - q_in)).sum(axis=0)
        abst_out += s * (p < self.n_classes)

        # Maximise hits*log h + falses*log f + abst_in*log(1-h-(p-1)f)
        # + abst_out*log(1-p f): h has a closed form given f, and so has f when
        # p is 1 or K; otherwise f is found by bisection.
        def slope(f: np.ndarray) -> np.ndarray:
            return (
                falses / f
                - (p - 1) * (hits + abst_in) / (1 - (p - 1) * f)
                - p * abst_out / (1 - p * f)
            )

        if ((p == 1) | (p == self.n_classes)).all():  # closed forms, the usual case
            self.false_ = falses / np.where(
                p == 1, falses + abst_out, (p - 1) * (hits + falses + abst_in)
            )
        else:  # the slope falls monotonically in f: bisect on (0, 1/p)
            lo, hi = np.full_like(p, 1e-9), 1 / p - 1e-9
            for _ in range(40):
                mid = (lo + hi) / 2
                up = slope(mid) > 0
                lo, hi = np.where(up, mid, lo), np.where(up, hi, mid)
            self.false_ = (lo + hi) / 2
        self.hit_ = hits * (1 - (p - 1) * self.false_) / (hits + abst_in)
        self.prior_ = (qc.sum(axis=0) + s) / (count.sum() + self.n_classes * s)

    def fit(self, L: np.ndarray) -> LabelModel:
        """Fit the rates and the class prior by EM, from majority-vote shares."""
        L = _check_L(L, self.n_classes)
        if not (L != ABSTAIN).any():
            raise ValueError("no labeling function votes on any item: nothing to fit")
        # Items with the same votes share a posterior: work on the distinct patterns.
        patterns, count = np.unique(L, axis=0, return_counts=True)
        V = one_hot_votes(patterns, n_classes=self.n_classes)  # (n_patterns, m, K)
        abstain = (patterns == ABSTAIN).astype(float)  # (n_patterns, m)
        self.polarity_ = V.any(axis=0)  # (m, K) classes each function ever votes
        shares = V.sum(axis=1) + 1e-9  # (n_patterns, K); no votes -> uniform
        q = shares / shares.sum(axis=1, keepdims=True)  # majority-vote shares
        self._m_step(V, abstain, q, count)
        for iteration in range(1, self.max_iter + 1):
            old = np.concatenate([self.hit_, self.false_, self.prior_])
            self._m_step(V, abstain, self._posterior(V, abstain), count)
            new = np.concatenate([self.hit_, self.false_, self.prior_])
            self.n_iter_ = iteration
            if np.abs(new - old).max() < self.tol:
                break
        return self

    @property
    def propensity_(self) -> np.ndarray:
        """Share of items each function is expected to vote on, ``(m,)``."""
        in_p = self.polarity_ @ self.prior_  # P(y in P_j)
        p = self.polarity_.sum(axis=1)
        return in_p * (self.hit_ + (p - 1) * self.false_) + (1 - in_p) * p * self.false_

    @property
    def accuracy_(self) -> np.ndarray:
        """Expected share of each function's votes that are right, ``(m,)``."""
        return (self.polarity_ @ self.prior_) * self.hit_ / self.propensity_

    def _prepare(self, L: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        if not hasattr(self, "hit_"):
            raise ValueError("call fit(L) before predicting")
        L = _check_L(L, self.n_classes)
        if L.shape[1] != len(self.hit_):
            raise ValueError(
                f"L has {L.shape[1]} columns; the model was fitted on "
                f"{len(self.hit_)} labeling functions"
            )
        return one_hot_votes(L, n_classes=self.n_classes), (L == ABSTAIN).astype(float)

    def predict_proba(self, L: np.ndarray) -> np.ndarray:
        """``P(y | votes)``, shape ``(n, K)``."""
        patterns, inverse = np.unique(np.asarray(L), axis=0, return_inverse=True)
        return self._posterior(*self._prepare(patterns))[inverse.ravel()]

    def predict(self, L: np.ndarray) -> np.ndarray:
        """Most probable class per item; ``ABSTAIN`` where no function voted."""
        labels = self.predict_proba(L).argmax(axis=1)
        labels[(np.asarray(L) == ABSTAIN).all(axis=1)] = ABSTAIN
        return labels


def simulate_label_matrix(
    n: int,
    *,
    accuracies: Sequence[float],
    propensities: Sequence[float],
    prior: Sequence[float],
    seed: int = 0,
) -> tuple[np.ndarray, np.ndarray]:
    """Votes drawn from the label model's own assumptions: ``(L, y)``.

    Function ``j`` votes with probability ``propensities[j]``; a vote is the true class
    with probability ``accuracies[j]``, else a uniformly chosen wrong class.
    """
    acc, prop = np.asarray(accuracies, float), np.asarray(propensities, float)
    prior = np.asarray(prior, float)
    if acc.shape != prop.shape or acc.ndim != 1:
        raise ValueError("accuracies and propensities must be 1-D and the same length")
    if not ((0 <= acc) & (acc <= 1) & (0 <= prop) & (prop <= 1)).all():
        raise ValueError("accuracies and propensities must lie in [0, 1]")
    if len(prior) < 2 or (prior < 0).any() or not np.isclose(prior.sum(), 1):
        raise ValueError(f"prior must be >= 2 probabilities summing to 1, got {prior}")
    rng = np.random.default_rng(seed)
    K, m = len(prior), len(acc)
    y = rng.choice(K, size=n, p=prior)
    wrong = (y[:, None] + rng.integers(1, K, size=(n, m))) % K  # a uniform other class
    L = np.where(rng.random((n, m)) < acc, y[:, None], wrong)
    L[rng.random((n, m)) >= prop] = ABSTAIN
    return L, y


def label_accuracy(labels: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    """(accuracy on the items that got a label, share of items that got one)."""
    labels, y = np.asarray(labels), np.asarray(y)
    if labels.shape != y.shape:
        raise ValueError(f"labels and y differ in shape: {labels.shape} vs {y.shape}")
    got = labels != ABSTAIN
    acc = float((labels[got] == y[got]).mean()) if got.any() else float("nan")
    return acc, float(got.mean())
