"""Model families side by side on images (digits) and on text (support tickets).

:func:`family_table` trains every family of :data:`DIGIT_SPECS` on the shared digits
split and of :data:`TICKET_SPECS` on lesson 08's tickets, each on a training part of
the data and scored on a validation part (the test sets stay untouched here), and
measures parameters, training seconds and inference time. Its result ships as the
artefact ``training_families``; the digits models' weights come with it, so a lesson
can rebuild the one it picks on validation and score it on test once.

Digits: 1,000 training and 257 validation images cut from the pool
(:func:`digits_parts`). Tickets: 2,400 training and 600 validation tickets from the
3,000 of the train split (their labels are hidden in lesson 08 but known, for
scoring; here we use them to train), as TF-IDF vectors for the vector models and as
padded token ids for the sequence models (:func:`ticket_parts`).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import torch
from sklearn.ensemble import RandomForestClassifier
from sklearn.model_selection import train_test_split

from helpers.core.artefacts import shipped
from helpers.core.config import pick
from helpers.core.data import load_digits_split
from helpers.core.validation import (
    check_array,
    check_choice,
    check_frame,
    check_int,
    check_labels,
    check_real,
    check_same_length,
)
from helpers.labels.tickets import make_tickets, ticket_vectorizer
from helpers.train.models import FAMILIES, build_model, count_parameters
from helpers.train.text import build_vocab, encode
from helpers.train.trainer import TrainConfig, fit, predict_proba

TABLE_COLUMNS = ("dataset", "model", "val accuracy", "parameters")
DIGITS_VAL = 257
TICKETS_VAL = 600
TICKET_LEN = 32  # tokens kept per ticket: 95 % of tickets are at most this long


@dataclass(frozen=True)
class FamilySpec:
    """One row of the comparison: a family, its input and how it is trained."""

    name: str
    family: str  # a models.FAMILIES name, or "forest" (scikit-learn random forest)
    features: str  # "pixels", "tfidf" or "tokens"
    width: int = 64
    depth: int = 1
    epochs: int = 30
    lr: float = 1e-3
    batch_size: int = 32

    def __post_init__(self) -> None:
        check_choice("family", self.family, (*FAMILIES, "forest"))
        check_choice("features", self.features, ("pixels", "tfidf", "tokens"))
        check_int("width", self.width, low=1, high=4096)
        check_int("depth", self.depth, low=1, high=16)
        check_int("epochs", self.epochs, low=1, high=10_000)
        check_real("lr", self.lr, low=0, open_low=True, high=100)
        check_int("batch_size", self.batch_size, low=1, high=100_000)


DIGIT_SPECS = (
    FamilySpec("random forest", "forest", "pixels", width=100),
    FamilySpec("linear", "linear", "pixels", epochs=30, lr=1e-2),
    FamilySpec("MLP", "mlp", "pixels", width=128, epochs=30),
    FamilySpec("CNN", "cnn", "pixels", width=32, depth=2, epochs=20, lr=3e-3),
)
TICKET_SPECS = (
    FamilySpec("random forest", "forest", "tfidf", width=100),
    FamilySpec("linear", "linear", "tfidf", epochs=15, lr=1e-2),
    FamilySpec("MLP", "mlp", "tfidf", width=64, epochs=10),
    FamilySpec("GRU", "gru", "tokens", width=32, epochs=8, lr=3e-3),
    FamilySpec("LSTM", "lstm", "tokens", width=32, epochs=8, lr=3e-3),
    FamilySpec("Transformer", "transformer", "tokens", width=32, epochs=8, lr=1e-3),
)


@dataclass(frozen=True)
class Parts:
    """Training and validation arrays of one dataset (and its test set)."""

    X_train: np.ndarray
    y_train: np.ndarray
    X_val: np.ndarray
    y_val: np.ndarray
    X_test: np.ndarray
    y_test: np.ndarray
    n_classes: int

    def __post_init__(self) -> None:
        n_classes = check_int("n_classes", self.n_classes, low=2, high=10_000)
        for part in ("train", "val", "test"):
            X = check_array(f"X_{part}", getattr(self, f"X_{part}"), ndim=2)
            y = check_labels(
                f"y_{part}", getattr(self, f"y_{part}"), n_classes=n_classes
            )
            check_same_length(**{f"X_{part}": X, f"y_{part}": y})


def digits_parts(*, n_train: int | None = None) -> Parts:
    """The digits pool cut (stratified, seed 0) into 1,000 training and 257
    validation images, plus the shared test set; ``n_train`` keeps fewer."""
    d = load_digits_split()
    Xt, Xv, yt, yv = train_test_split(
        d.X_pool, d.y_pool, test_size=DIGITS_VAL, stratify=d.y_pool, random_state=0
    )
    if n_train is not None:
        n_train = check_int("n_train", n_train, low=10, high=len(yt))
        Xt, yt = Xt[:n_train], yt[:n_train]
    return Parts(Xt, yt, Xv, yv, d.X_test, d.y_test, 10)


def ticket_parts(features: str, *, n_train: int | None = None) -> Parts:
    """Tickets as ``"tfidf"`` vectors or ``"tokens"`` (ids, :data:`TICKET_LEN` per
    ticket); vocabulary and TF-IDF are fitted on the training part only."""
    check_choice("features", features, ("tfidf", "tokens"))
    data = make_tickets(seed=0)
    texts, y = np.array(data.train_text), data.truth("train")
    tt, tv, yt, yv = train_test_split(
        texts, y, test_size=TICKETS_VAL, stratify=y, random_state=0
    )
    if n_train is not None:
        n_train = check_int("n_train", n_train, low=10, high=len(yt))
        tt, yt = tt[:n_train], yt[:n_train]
    test, y_test = data.test_text, data.truth("test")
    if features == "tfidf":
        vec = ticket_vectorizer(list(tt))

        def convert(t):
            return vec.transform(list(t)).toarray()

    else:
        vocab = build_vocab(list(tt), min_count=2)

        def convert(t):
            return encode(list(t), vocab, max_len=TICKET_LEN).astype(float)

    return Parts(convert(tt), yt, convert(tv), yv, convert(test), y_test, 4)


def _inference_ms(predict, X: np.ndarray) -> float:
    """Median milliseconds per 1,000 rows to predict ``X`` (3 repeats)."""
    times = []
    for _ in range(3):
        start = time.perf_counter()
        predict(X)
        times.append(time.perf_counter() - start)
    return float(np.median(times)) * 1000 * 1000 / len(X)


def run_spec(spec: FamilySpec, parts: Parts, *, epochs: int | None = None) -> dict:
    """Train one family on ``parts``; its row of the table and (torch) its weights."""
    if not isinstance(spec, FamilySpec):
        raise TypeError(f"spec must be a FamilySpec, got {type(spec).__name__}")
    if not isinstance(parts, Parts):
        raise TypeError(f"parts must be Parts, got {type(parts).__name__}")
    if epochs is not None:
        epochs = check_int("epochs", epochs, low=1, high=10_000)
    epochs = spec.epochs if epochs is None else epochs
    row = {"model": spec.name, "family": spec.family, "input": spec.features}
    if spec.family == "forest":
        forest = RandomForestClassifier(n_estimators=spec.width, random_state=0)
        start = time.perf_counter()
        forest.fit(parts.X_train, parts.y_train)
        seconds = time.perf_counter() - start
        val_acc = forest.score(parts.X_val, parts.y_val)
        params = sum(t.tree_.node_count for t in forest.estimators_)
        infer = _inference_ms(forest.predict_proba, parts.X_val)
        state = None
    else:
        vocab = int(parts.X_train.max()) + 1 if spec.features == "tokens" else 0
        model = build_model(
            spec.family,
            n_features=vocab or parts.X_train.shape[1],
            n_classes=parts.n_classes,
            width=spec.width,
            depth=spec.depth,
        )
        config = TrainConfig(epochs=epochs, lr=spec.lr, batch_size=spec.batch_size)
        history = fit(
            model,
            parts.X_train,
            parts.y_train,
            parts.X_val,
            parts.y_val,
            config=config,
            progress=False,
        )
        seconds = history.seconds
        val_acc = history.val_acc[-1]
        params = count_parameters(model)
        infer = _inference_ms(lambda X: predict_proba(model, X), parts.X_val)
        state = model.state_dict()
    row |= {
        "val accuracy": float(val_acc),
        "parameters": int(params),
        "train s": float(seconds),
        "infer ms/1k": float(infer),
    }
    return {"row": row, "state": state}


@dataclass(frozen=True)
class FamilyResults:
    """The comparison table (one row per dataset and family) and the trained weights
    of the digits torch models, by model name."""

    table: pd.DataFrame
    digit_states: dict = field(default_factory=dict)

    def __post_init__(self) -> None:
        check_frame(self.table, TABLE_COLUMNS, name="table")
        if not isinstance(self.digit_states, dict):
            raise TypeError("digit_states must be a dict of state dicts by model name")

    def best_on_validation(self, dataset: str = "digits") -> str:
        """The model name with the highest validation accuracy on ``dataset``
        (ties: the first listed)."""
        check_choice("dataset", dataset, ("digits", "tickets"))
        rows = self.table[self.table["dataset"] == dataset]
        return str(rows.loc[rows["val accuracy"].idxmax(), "model"])


def _warm_up() -> None:
    """One tiny fit, so the first timed model does not pay torch's one-off set-up
    (lazy imports of the optimisers' first step)."""
    X, y = np.zeros((4, 2)), np.array([0, 1, 0, 1])
    model = build_model("linear", n_features=2, n_classes=2)
    fit(model, X, y, X, y, config=TrainConfig(epochs=1), progress=False)


def compute_family_table(*, epochs: int | None = None, n_train: int | None = None):
    """Train every spec (``epochs`` and ``n_train`` override, to shrink a run)."""
    torch.set_num_threads(1)
    _warm_up()
    rows, states = [], {}
    digits = digits_parts(n_train=n_train)
    for spec in DIGIT_SPECS:
        out = run_spec(spec, digits, epochs=epochs)
        rows.append({"dataset": "digits", **out["row"]})
        if out["state"] is not None:
            states[spec.name] = out["state"]
    cache: dict[str, Parts] = {}
    for spec in TICKET_SPECS:
        if spec.features not in cache:
            cache[spec.features] = ticket_parts(spec.features, n_train=n_train)
        out = run_spec(spec, cache[spec.features], epochs=epochs)
        rows.append({"dataset": "tickets", **out["row"]})
    return FamilyResults(pd.DataFrame(rows), states)


def family_table(*, verbose: bool = True) -> FamilyResults:
    """The lesson's comparison: shipped in normal mode (about a minute to train);
    fast mode trains 4 epochs on 200 examples per dataset."""
    options = {"epochs": pick(None, 4), "n_train": pick(None, 200)}
    return shipped(
        "training_families",
        lambda: compute_family_table(**options),
        params=options,
        verbose=verbose,
    )


def rebuild_digit_model(results: FamilyResults, name: str) -> torch.nn.Module:
    """The trained digits model ``name`` of ``results``, from its stored weights."""
    if not isinstance(results, FamilyResults):
        raise TypeError(f"results must be FamilyResults, got {type(results).__name__}")
    check_choice("name", name, list(results.digit_states))
    spec = next(s for s in DIGIT_SPECS if s.name == name)
    model = build_model(spec.family, width=spec.width, depth=spec.depth)
    model.load_state_dict(results.digit_states[name])
    return model.eval()
