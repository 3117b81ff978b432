"""A labeling session (lesson 07): a human answers the queries of a strategy.

:class:`LabelingSession` holds what a session knows and has done: every label by pool
index (the start set, then the human's), the labels given in order, the test accuracy
after every retrain and the current query batch. Its methods are the session's steps:
record a label, retrain, ask the next batch (through
:func:`helpers.labels.strategies.get_strategy` and
:func:`~helpers.labels.strategies.query_source`, like the simulated loop), or let the
dataset's labels answer (the simulated oracle). The widget that shows it is
:class:`helpers.labels.annotate_widget.LabelingWidget`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from helpers.core.data import DigitsSplit, labelled_subset
from helpers.core.validation import check_int, check_real
from helpers.labels.active_loop import DEFAULT_C, make_model
from helpers.labels.strategies import get_strategy, query_source

N_DIGITS = 10


@dataclass
class LabelingSession:
    """The state of a labeling session on the digits pool (see the module doc).

    Make one with :meth:`start`; it has then retrained once on the start set.
    """

    data: DigitsSplit = field(repr=False)
    model: Any = field(repr=False)
    rng: np.random.Generator = field(repr=False)
    labels: dict[int, int]
    """Every known label by pool index: the start set, then the human's."""
    given: list[tuple[int, int]] = field(default_factory=list)
    """``(pool index, label)`` given in the session, in order."""
    history: list[tuple[int, float]] = field(default_factory=list)
    """``(labels held, test accuracy)`` after every retrain."""
    query: list[int] = field(default_factory=list)
    """Pool indices of the current batch (answered ones included)."""

    @classmethod
    def start(
        cls,
        data: DigitsSplit,
        *,
        start_per_class: int = 1,
        seed: int = 0,
        C: float = DEFAULT_C,
    ) -> LabelingSession:
        """A session that knows ``start_per_class`` true labels per digit (at most
        the smallest class of the pool)."""
        if not isinstance(data, DigitsSplit):
            raise TypeError(f"data must be a DigitsSplit, got {type(data).__name__}")
        start_per_class = check_int("start_per_class", start_per_class, low=1)
        seed = check_int("seed", seed, low=0)
        C = check_real("C", C, low=0, open_low=True)
        start = labelled_subset(data.y_pool, per_class=start_per_class, seed=seed)
        session = cls(
            data=data,
            model=make_model(C=C),
            rng=np.random.default_rng(seed),
            labels={int(i): int(data.y_pool[i]) for i in start},
        )
        session.retrain()
        return session

    @property
    def current(self) -> int | None:
        """The pool index asked about now: the first unanswered one of the batch."""
        return next((i for i in self.query if i not in self.labels), None)

    @property
    def answered(self) -> list[int]:
        """The query's pool indices that have a label."""
        return [i for i in self.query if i in self.labels]

    @property
    def accuracy(self) -> float:
        """Test accuracy after the latest retrain."""
        return self.history[-1][1]

    def n_disagreements(self) -> int:
        """How many labels given in the session differ from the dataset's label."""
        return sum(int(self.data.y_pool[i] != lab) for i, lab in self.given)

    def retrain(self) -> None:
        """Refit the model on every known label; record its test accuracy."""
        idx = np.fromiter(self.labels, dtype=int)
        y = np.fromiter(self.labels.values(), dtype=int)
        self.model.fit(self.data.X_pool[idx], y)
        score = self.model.score(self.data.X_test, self.data.y_test)
        self.history.append((len(idx), float(score)))

    def pick(self, strategy: str, k: int) -> list[int]:
        """The ``k`` unlabelled pool indices ``strategy`` asks about (fewer when the
        pool runs out); ``k`` is at most the size of the pool."""
        query = get_strategy(strategy)
        X = self.data.X_pool
        k = check_int("k", k, low=0, high=len(X))
        labeled = np.fromiter(self.labels, dtype=int)
        unlabeled = np.setdiff1d(np.arange(len(X)), labeled)
        k = min(k, len(unlabeled))
        if k == 0:
            return []
        y = np.fromiter(self.labels.values(), dtype=int)
        source = query_source(strategy, self.model, X[labeled], y, rng=self.rng)
        picked = query(
            source, X[unlabeled], batch_size=k, rng=self.rng, X_labeled=X[labeled]
        )
        return [int(i) for i in unlabeled[picked]]

    def ask(
        self, strategy: str, batch_size: int, *, keep_answered: bool = False
    ) -> None:
        """Replace the query by a new batch of ``batch_size``; with
        ``keep_answered``, the answered part of the current batch stays in it.
        ``batch_size`` is 1 to the size of the pool."""
        get_strategy(strategy)
        batch_size = check_int(
            "batch_size", batch_size, low=1, high=len(self.data.y_pool)
        )
        kept = self.answered if keep_answered else []
        self.query = kept + self.pick(strategy, max(1, batch_size - len(kept)))

    def label(self, index: int, digit: int) -> bool:
        """Record ``digit`` as the label of pool image ``index``; True when that
        completed the batch.

        Raises ``ValueError`` for a digit outside 0-9, an index outside the pool or
        an image that already has a label (no image is labelled twice).
        """
        digit = check_int("digit", digit, low=0, high=N_DIGITS - 1)
        index = check_int("index", index, low=0, high=len(self.data.y_pool) - 1)
        if index in self.labels:
            raise ValueError(
                f"image {index} is already labelled (as {self.labels[index]})"
            )
        self.labels[index] = digit
        self.given.append((index, digit))
        return self.current is None

    def answer_with_truth(self) -> None:
        """The simulated oracle: the dataset's labels answer the rest of the batch."""
        for i in self.query:
            if i not in self.labels:
                self.label(i, int(self.data.y_pool[i]))
