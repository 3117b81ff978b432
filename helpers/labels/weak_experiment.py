"""Weak supervision, part 2 (lesson 08): the end model and the experiment (compute).

* :func:`fit_end_model` trains a classifier (:class:`EndModel`) on the label model's
  probabilistic labels, so it also labels items no labeling function covers;
* :class:`WeakExperiment` holds label matrices and features computed once and scores
  any subset of labeling functions (coverage, label accuracy, end-model accuracy),
  remembering every subset it has scored;
* :func:`ticket_experiment` builds that experiment on lesson 08's tickets
  (:mod:`helpers.labels.tickets`).

Its figures are in :mod:`helpers.labels.weak_plots`, the widget that switches labeling
functions on and off in :mod:`helpers.labels.weak_widget`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import scipy.sparse as sp
from scipy.optimize import minimize

from helpers.core.validation import (
    check_array,
    check_int,
    check_labels,
    check_probabilities,
    check_real,
    check_same_length,
)
from helpers.labels.label_model import LabelModel
from helpers.labels.tickets import (
    TicketConfig,
    make_tickets,
    ticket_lfs,
    ticket_vectorizer,
)
from helpers.labels.votes import (
    ABSTAIN,
    MAX_CLASSES,
    MAX_ITER,
    check_votes,
    majority_vote,
)
from helpers.labels.weak import apply_lfs, check_texts

# -------------------------------------------------------------------- features


def _check_features(name: str, X: np.ndarray | sp.spmatrix) -> np.ndarray | sp.spmatrix:
    """``X`` as a 2-D float array (or the sparse matrix itself): rows, finite values."""
    if not sp.issparse(X):
        return check_array(name, X, ndim=2)
    if X.shape[0] < 1:
        raise ValueError(f"{name} must hold at least 1 rows, got 0")
    bad = int(np.size(X.data) - np.count_nonzero(np.isfinite(X.data)))
    if bad:
        raise ValueError(f"{name} must hold finite numbers; found {bad} NaN or inf")
    return X


# -------------------------------------------------------------------- end model


@dataclass(frozen=True)
class EndModel:
    """A linear softmax classifier: ``coef_`` ``(d, K)`` and ``intercept_`` ``(K,)``."""

    coef_: np.ndarray
    intercept_: np.ndarray

    def __post_init__(self) -> None:
        coef = check_array("coef_", self.coef_, ndim=2)
        intercept = check_array("intercept_", self.intercept_, ndim=1, min_len=2)
        if intercept.size != coef.shape[1]:
            raise ValueError(
                f"intercept_ must have one entry per class ({coef.shape[1]}), got "
                f"{intercept.size}"
            )
        object.__setattr__(self, "coef_", coef)
        object.__setattr__(self, "intercept_", intercept)

    def _features(self, X: np.ndarray | sp.spmatrix) -> np.ndarray | sp.spmatrix:
        X = _check_features("X", X)
        if X.shape[1] != self.coef_.shape[0]:
            raise ValueError(
                f"X must have {self.coef_.shape[0]} features, got {X.shape[1]}"
            )
        return X

    def predict_proba(self, X: np.ndarray | sp.spmatrix) -> np.ndarray:
        X = self._features(X)
        z = X @ self.coef_ + self.intercept_  # (n, K)
        z = np.exp(z - z.max(axis=1, keepdims=True))
        return z / z.sum(axis=1, keepdims=True)

    def predict(self, X: np.ndarray | sp.spmatrix) -> np.ndarray:
        X = self._features(X)
        return np.asarray(X @ self.coef_ + self.intercept_).argmax(axis=1)

    def score(self, X: np.ndarray | sp.spmatrix, y: np.ndarray) -> float:
        """Accuracy on ``(X, y)``."""
        y = check_labels("y", y)
        predicted = self.predict(X)
        check_same_length(X=predicted, y=y)
        return float((predicted == y).mean())


def fit_end_model(
    X: np.ndarray | sp.spmatrix,
    proba: np.ndarray,
    *,
    C: float = 1.0,
    init: EndModel | None = None,
    max_iter: int = 300,
    tol: float = 1e-4,
) -> EndModel:
    """Multinomial logistic regression trained on probabilistic labels.

    Minimises the **noise-aware loss** (expected cross-entropy under the labels)

    .. math:: -\\sum_i \\sum_k q_{ik} \\log p_k(x_i) + \\frac{1}{2C}\\lVert W\\rVert^2

    with L-BFGS. With one-hot ``proba`` this is scikit-learn's
    ``LogisticRegression(C=C)`` (tests check it). ``init`` warm-starts from a
    previous model, which makes refits after a small change fast. L-BFGS stops
    when no gradient entry exceeds ``tol * n`` or after ``max_iter`` rounds (at most
    :data:`~helpers.labels.votes.MAX_ITER`).
    """
    X = _check_features("X", X)
    proba = check_probabilities("proba", proba)
    if proba.shape[0] != X.shape[0] or proba.shape[1] < 2:
        raise ValueError(
            f"proba must have shape ({X.shape[0]}, n_classes >= 2), got {proba.shape}"
        )
    C = check_real("C", C, low=0, open_low=True)
    max_iter = check_int("max_iter", max_iter, low=1, high=MAX_ITER)
    tol = check_real("tol", tol, low=0, open_low=True)
    if init is not None and not isinstance(init, EndModel):
        raise TypeError(f"init must be an EndModel or None, got {type(init).__name__}")
    n, d = X.shape
    K = proba.shape[1]
    Xt = X.T.tocsr() if sp.issparse(X) else X.T  # (d, n), transposed once

    def loss_and_grad(w: np.ndarray) -> tuple[float, np.ndarray]:
        W, b = w[: d * K].reshape(d, K), w[d * K :]
        z = X @ W + b  # (n, K)
        z -= z.max(axis=1, keepdims=True)
        log_p = z - np.log(np.exp(z).sum(axis=1, keepdims=True))
        g = np.exp(log_p) - proba  # (n, K) gradient of the loss wrt z
        loss = -(proba * log_p).sum() + 0.5 / C * (W * W).sum()
        grad_W = np.asarray(Xt @ g) + W / C
        return loss, np.concatenate([grad_W.ravel(), g.sum(axis=0)])

    w0 = (
        np.concatenate([init.coef_.ravel(), init.intercept_])
        if init is not None and init.coef_.shape == (d, K)
        else np.zeros(d * K + K)
    )
    result = minimize(
        loss_and_grad,
        w0,
        jac=True,
        method="L-BFGS-B",
        options={"maxiter": max_iter, "gtol": tol * n},
    )
    return EndModel(result.x[: d * K].reshape(d, K), result.x[d * K :])


# -------------------------------------------------------------------- experiment


@dataclass(frozen=True)
class WeakResult:
    """What a set of active labeling functions gives, scored with the hidden truth."""

    active: tuple[str, ...]
    coverage: float  # share of train items with at least one vote
    mv_accuracy: float  # majority-vote labels, on the covered train items
    lm_accuracy: float  # label-model labels, on the covered train items
    end_accuracy: float  # end model trained on label-model labels, on test

    def __post_init__(self) -> None:
        if not isinstance(self.active, tuple):
            raise TypeError(
                f"active must be a tuple of names, got {type(self.active).__name__}"
            )
        check_texts("active", self.active)
        for name in ("coverage", "mv_accuracy", "lm_accuracy", "end_accuracy"):
            check_real(name, getattr(self, name), low=0, high=1)


@dataclass
class WeakExperiment:
    """Label matrices and features computed once; :meth:`run` scores any LF subset.

    ``y_train`` and ``y_test`` are the hidden labels, used only to score.
    """

    names: list[str]
    L_train: np.ndarray  # (n_train, m)
    X_train: sp.csr_matrix  # (n_train, d)
    X_test: sp.csr_matrix  # (n_test, d)
    y_train: np.ndarray
    y_test: np.ndarray
    n_classes: int
    C: float = 1.0
    baselines: dict[str, float] = field(default_factory=dict)
    _memo: dict[frozenset, WeakResult] = field(default_factory=dict, repr=False)
    _warm: EndModel | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        self.n_classes = check_int("n_classes", self.n_classes, low=2, high=MAX_CLASSES)
        self.names = check_texts("names", self.names)
        if len(set(self.names)) != len(self.names):
            raise ValueError(f"names must be unique, got {self.names}")
        self.L_train = check_votes("L_train", self.L_train, n_classes=self.n_classes)
        if self.L_train.shape[1] != len(self.names):
            raise ValueError(
                f"L_train has {self.L_train.shape[1]} columns for {len(self.names)} "
                "names: one column per labeling function"
            )
        self.X_train = _check_features("X_train", self.X_train)
        self.X_test = _check_features("X_test", self.X_test)
        if self.X_test.shape[1] != self.X_train.shape[1]:
            raise ValueError(
                f"X_test must have the {self.X_train.shape[1]} features of X_train, "
                f"got {self.X_test.shape[1]}"
            )
        self.y_train = check_labels("y_train", self.y_train, n_classes=self.n_classes)
        self.y_test = check_labels("y_test", self.y_test, n_classes=self.n_classes)
        n_rows = {"train": self.X_train.shape[0], "test": self.X_test.shape[0]}
        for split, arr in (("L_train", self.L_train), ("y_train", self.y_train)):
            if len(arr) != n_rows["train"]:
                raise ValueError(
                    f"X_train and {split} must have the same length, got "
                    f"{n_rows['train']} and {len(arr)}"
                )
        if len(self.y_test) != n_rows["test"]:
            raise ValueError(
                f"X_test and y_test must have the same length, got {n_rows['test']} "
                f"and {len(self.y_test)}"
            )
        self.C = check_real("C", self.C, low=0, open_low=True)

    def run(self, active: Sequence[str]) -> WeakResult:
        """Aggregate the ``active`` functions' votes, train the end model, score."""
        unknown = set(active) - set(self.names)
        if unknown:
            raise ValueError(f"unknown labeling functions {sorted(unknown)}")
        if not active:
            raise ValueError("switch on at least one labeling function")
        key = frozenset(active)
        if key not in self._memo:
            self._memo[key] = self._compute(key)
        return self._memo[key]

    def _compute(self, key: frozenset) -> WeakResult:
        cols = [j for j, name in enumerate(self.names) if name in key]
        L = self.L_train[:, cols]  # (n_train, m_active)
        covered = (L != ABSTAIN).any(axis=1)
        if not covered.any():
            raise ValueError("the active functions label no training item")
        model = LabelModel(self.n_classes).fit(L)
        proba = model.predict_proba(L)  # (n_train, K)
        y = self.y_train
        mv = majority_vote(L, n_classes=self.n_classes)
        end = fit_end_model(
            self.X_train[covered], proba[covered], C=self.C, init=self._warm
        )
        return WeakResult(
            active=tuple(n for n in self.names if n in key),
            coverage=float(covered.mean()),
            mv_accuracy=float((mv[covered] == y[covered]).mean()),
            lm_accuracy=float((proba[covered].argmax(axis=1) == y[covered]).mean()),
            end_accuracy=end.score(self.X_test, self.y_test),
        )

    def warm_up(self) -> WeakResult:
        """Run all functions once; later refits start from that end model."""
        cols = (self.L_train != ABSTAIN).any(axis=1)
        proba = LabelModel(self.n_classes).fit(self.L_train).predict_proba(self.L_train)
        self._warm = fit_end_model(self.X_train[cols], proba[cols], C=self.C)
        return self.run(self.names)


def ticket_experiment(
    *, seed: int = 0, config: TicketConfig | None = None, C: float = 1.0
) -> WeakExperiment:
    """Everything lesson 08's widget needs, computed once for ``seed``.

    Tickets, the label matrix of :func:`ticket_lfs` on the train set, TF-IDF features
    and two baselines on the test set: the end model trained on the dev labels only
    and on the hidden train labels (fully supervised, the ceiling).
    """
    seed = check_int("seed", seed, low=0)
    C = check_real("C", C, low=0, open_low=True)
    if config is not None and not isinstance(config, TicketConfig):
        raise TypeError(f"config must be a TicketConfig, got {type(config).__name__}")
    data = make_tickets(config or TicketConfig(), seed=seed)
    lfs = ticket_lfs(data.dev_text, data.y_dev)
    K = len(data.classes)
    vectorizer = ticket_vectorizer(data.train_text)
    X_train = vectorizer.transform(data.train_text)
    X_test = vectorizer.transform(data.test_text)
    X_dev = vectorizer.transform(data.dev_text)
    y_train, y_test = data.truth("train"), data.truth("test")
    onehot = np.eye(K)
    return WeakExperiment(
        names=[lf.name for lf in lfs],
        L_train=apply_lfs(lfs, data.train_text, n_classes=K),
        X_train=X_train,
        X_test=X_test,
        y_train=y_train,
        y_test=y_test,
        n_classes=K,
        C=C,
        baselines={
            "dev only": fit_end_model(X_dev, onehot[data.y_dev], C=C).score(
                X_test, y_test
            ),
            "supervised": fit_end_model(X_train, onehot[y_train], C=C).score(
                X_test, y_test
            ),
        },
    )
