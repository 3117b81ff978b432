"""Weak supervision, part 2 (lesson 08): the end model, the experiment, plots, widget.

:func:`fit_end_model` trains a classifier on the label model's probabilistic labels, so
it also labels items no labeling function covers; :class:`WeakExperiment` scores any
subset of labeling functions (coverage, label accuracy, end-model accuracy) and
:func:`build_lf_widget` lets a student switch them on and off.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import ipywidgets as w
import numpy as np
import pandas as pd
import scipy.sparse as sp
from matplotlib.axes import Axes
from scipy.optimize import minimize

from helpers.labels.weak import (
    ABSTAIN,
    LabelModel,
    majority_vote,
)
from helpers.ui.plots import color_for, label_axes, new_ax
from helpers.ui.widgets import InteractiveFigure

# -------------------------------------------------------------------- end model


@dataclass(frozen=True)
class EndModel:
    """A linear softmax classifier: ``coef_`` ``(d, K)`` and ``intercept_`` ``(K,)``."""

    coef_: np.ndarray
    intercept_: np.ndarray

    def predict_proba(self, X: np.ndarray | sp.spmatrix) -> np.ndarray:
        z = X @ self.coef_ + self.intercept_  # (n, K)
        z = np.exp(z - z.max(axis=1, keepdims=True))
        return z / z.sum(axis=1, keepdims=True)

    def predict(self, X: np.ndarray | sp.spmatrix) -> np.ndarray:
        return np.asarray(X @ self.coef_ + self.intercept_).argmax(axis=1)

    def score(self, X: np.ndarray | sp.spmatrix, y: np.ndarray) -> float:
        """Accuracy on ``(X, y)``."""
        return float((self.predict(X) == np.asarray(y)).mean())


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
    when no gradient entry exceeds ``tol * n``.
    """
    proba = np.asarray(proba, dtype=float)
    if proba.ndim != 2 or proba.shape[0] != X.shape[0] or proba.shape[1] < 2:
        raise ValueError(
            f"proba must have shape ({X.shape[0]}, n_classes >= 2), got {proba.shape}"
        )
    if (proba < 0).any() or not np.allclose(proba.sum(axis=1), 1, atol=1e-6):
        raise ValueError("each row of proba must be a probability distribution")
    if C <= 0:
        raise ValueError(f"C must be positive, got {C}")
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


# ------------------------------------------------- experiment, plots and widget


@dataclass(frozen=True)
class WeakResult:
    """What a set of active labeling functions gives, scored with the hidden truth."""

    active: tuple[str, ...]
    coverage: float  # share of train items with at least one vote
    mv_accuracy: float  # majority-vote labels, on the covered train items
    lm_accuracy: float  # label-model labels, on the covered train items
    end_accuracy: float  # end model trained on label-model labels, on test


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


def plot_bars(
    values: dict[str, float],
    *,
    ax: Axes | None = None,
    title: str,
    xlabel: str,
    colors: dict[str, str] | None = None,
) -> Axes:
    """Horizontal bars in [0, 1], one per named value, with the value written on it.

    Colours come from :func:`helpers.ui.plots.color_for` of each name unless ``colors``
    maps a name to a palette key (e.g. ``{"weak supervision": "label_model"}``).
    """
    ax = new_ax(ax)
    names = list(values)
    colors = colors or {}
    y = np.arange(len(names))
    ax.barh(
        y,
        [values[n] for n in names],
        color=[color_for(colors.get(n, n)) for n in names],
        height=0.6,
    )
    for i, n in enumerate(names):
        ax.text(values[n] + 0.01, i, f"{values[n]:.3f}", va="center", fontsize=9)
    ax.set_yticks(y, names)
    ax.set_xlim(0, 1.0)
    ax.set_ylim(len(names) - 0.5, -0.5)
    return label_axes(ax, title=title, xlabel=xlabel, ylabel="")


_BAR_COLORS = {
    "coverage": "pool",
    "coverage (train)": "pool",
    "labels: majority vote": "majority_vote",
    "labels: label model": "label_model",
    "end model: dev labels only": "baseline",
    "end model: weak supervision": "label_model",
    "end model: fully supervised": "supervised",
    "label model": "label_model",
    "majority vote": "majority_vote",
    "dev labels only": "baseline",
    "weak supervision": "label_model",
    "weak (majority vote)": "majority_vote",
    "weak (label model)": "label_model",
    "fully supervised": "supervised",
}


_LF_COLORS = {
    "coverage": "pool",
    "accuracy": "label_model",
    "dev accuracy": "validation",
    "true accuracy (hidden)": "baseline",
}


def plot_lf_summary(
    table: pd.DataFrame,
    *,
    columns: Sequence[str] = ("coverage", "accuracy"),
    ax: Axes | None = None,
) -> Axes:
    """One row per labeling function, one marker per column (shares in [0, 1]).

    ``table`` is :func:`lf_summary`'s output, possibly with extra columns such as a
    hidden-truth accuracy; ``columns`` picks what to show.
    """
    missing = [c for c in columns if c not in table.columns]
    if missing:
        raise ValueError(
            f"table has no columns {missing}; it has {list(table.columns)}"
        )
    ax = new_ax(ax)
    rows = np.arange(len(table))
    markers = "os^Dv"
    for i, column in enumerate(columns):
        ax.scatter(
            table[column],
            rows,
            label=column,
            marker=markers[i % len(markers)],
            color=color_for(_LF_COLORS.get(column, column)),
            s=36,
            zorder=3,
        )
    ax.set_yticks(rows, list(table.index))
    ax.set_ylim(len(table) - 0.5, -0.5)
    ax.set_xlim(0, 1.02)
    # coverage sits on the left, accuracies on the right: the middle is free
    ax.legend(loc="center", bbox_to_anchor=(0.33, 0.5), fontsize="small")
    return label_axes(
        ax,
        title="Each labeling function: how much it labels, how well",
        xlabel="share of items (coverage) or of its votes (accuracy)",
        ylabel="",
    )


def hand_label_curve(
    X_train: sp.spmatrix,
    y_train: np.ndarray,
    X_test: sp.spmatrix,
    y_test: np.ndarray,
    *,
    per_class: Sequence[int],
    seeds: Sequence[int],
    C: float = 1.0,
) -> np.ndarray:
    """Test accuracy of the end model trained on ``per_class`` true labels per class.

    The baseline weak supervision has to beat: what if we had paid for hand labels
    instead? Returns ``(n_seeds, n_sizes)`` accuracies.
    """
    from helpers.core.data import labelled_subset

    K = int(np.max(y_train)) + 1
    runs = np.empty((len(seeds), len(per_class)))
    for i, seed in enumerate(seeds):
        for j, n in enumerate(per_class):
            idx = labelled_subset(y_train, per_class=int(n), seed=seed)
            model = fit_end_model(X_train[idx], np.eye(K)[y_train[idx]], C=C)
            runs[i, j] = model.score(X_test, y_test)
    return runs


def plot_accuracy_estimates(
    true: np.ndarray,
    estimates: dict[str, np.ndarray],
    *,
    names: Sequence[str],
    ax: Axes | None = None,
) -> Axes:
    """Estimated against true accuracy of each labeling function (diagonal = exact)."""
    ax = new_ax(ax)
    ax.plot([0, 1], [0, 1], color=color_for("baseline"), lw=1, ls="--")
    for label, values in estimates.items():
        ax.scatter(true, values, label=label, color=color_for(label), s=30)
    for name, x, y in zip(names, true, next(iter(estimates.values())), strict=True):
        ax.annotate(
            name, (x, y), textcoords="offset points", xytext=(4, -9), fontsize=7
        )
    ax.set_xlim(0.3, 1.02)
    ax.set_ylim(0.3, 1.02)
    ax.legend(loc="upper left", fontsize="small")
    return label_axes(
        ax,
        title="How well can we know a rule's accuracy?",
        xlabel="true accuracy on the train set (hidden labels)",
        ylabel="estimated accuracy",
    )


def build_lf_widget(*, seed: int = 0) -> InteractiveFigure:
    """Switch labeling functions on and off; see coverage, label and end accuracy.

    The label matrices, features and baselines are computed once; a toggle refits the
    label model (EM, milliseconds) and the end model (warm-started), and remembers
    every subset it has seen.
    """
    from helpers.labels.tickets import ticket_experiment

    experiment = ticket_experiment(seed=seed)
    experiment.warm_up()

    def draw(axes: np.ndarray, params: dict[str, bool]) -> str:
        result = experiment.run([n for n in experiment.names if params[n]])
        ax = plot_bars(
            {
                "coverage (train)": result.coverage,
                "labels: majority vote": result.mv_accuracy,
                "labels: label model": result.lm_accuracy,
                "end model: dev labels only": experiment.baselines["dev only"],
                "end model: weak supervision": result.end_accuracy,
                "end model: fully supervised": experiment.baselines["supervised"],
            },
            ax=axes[0, 0],
            colors=_BAR_COLORS,
            title="Labels on the train set (covered items), end model on the test set",
            xlabel="share of train items (coverage) or accuracy",
        )
        ax.axhline(2.5, color="#999999", lw=0.8)
        return (
            f"{len(result.active)} functions on: coverage "
            f"<b>{result.coverage:.1%}</b>, "
            f"label accuracy majority vote <b>{result.mv_accuracy:.3f}</b> vs label "
            f"model <b>{result.lm_accuracy:.3f}</b>; end model test accuracy "
            f"<b>{result.end_accuracy:.3f}</b> (dev labels only "
            f"{experiment.baselines['dev only']:.3f}, fully supervised "
            f"{experiment.baselines['supervised']:.3f})"
        )

    controls = {
        name: w.Checkbox(
            value=True, description=name, indent=False, layout=w.Layout(width="135px")
        )
        for name in experiment.names
    }
    widget = InteractiveFigure(
        controls,
        draw,
        figsize=(9.0, 3.0),
        adjust={"left": 0.25, "right": 0.96, "bottom": 0.17, "top": 0.88},
    )
    widget.experiment = experiment  # tests and curious students can look inside
    return widget
