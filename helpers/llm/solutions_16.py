"""Expected answers of lesson 16's exercises, computed from the lesson's own results
(never typed in), so the checks stay right when the data or the runs change."""

from __future__ import annotations

import numpy as np
import pandas as pd

from helpers.core.validation import check_array, check_int
from helpers.llm.checkpoints import PretrainRun
from helpers.llm.ngram import bits_per_char, fit_ngram
from helpers.llm.parallel import MEASURED_COLUMNS
from helpers.llm.tokenizer import VOCAB_SIZE


def ex1(run: PretrainRun) -> float:
    """16.1: the training compute of ``run`` in TFLOP, 6 x parameters x tokens."""
    if not isinstance(run, PretrainRun):
        raise TypeError(f"run must be a PretrainRun, got {type(run).__name__}")
    return 6.0 * run.n_params * run.tokens / 1e12


def ex2(measured: pd.DataFrame) -> str:
    """16.2: which method sent the most bytes per step per rank in the measured
    table: "a" data parallel, "b" tensor parallel, "c" pipeline parallel."""
    if not isinstance(measured, pd.DataFrame) or len(measured) != 3:
        raise TypeError("measured must be the three-row measured table")
    missing = set(MEASURED_COLUMNS[1:]) - set(measured.columns)
    if missing:
        raise ValueError(f"measured lacks the columns {sorted(missing)}")
    column = measured["bytes per step per rank"].to_numpy()
    return "abc"[int(np.argmax(column))]


def ex3(train_ids, val_ids, *, order: int = 3) -> float:
    """16.3: held-out bpc of the ``order`` n-gram fitted on the first half of the
    training text only."""
    train_ids = check_array("train_ids", train_ids, ndim=1, dtype=np.int64, min_len=4)
    order = check_int("order", order, low=1, high=8)
    if train_ids.min() < 0 or train_ids.max() >= VOCAB_SIZE:
        raise ValueError(f"train_ids must hold ids in [0, {VOCAB_SIZE - 1}]")
    half = train_ids[: len(train_ids) // 2]
    return bits_per_char(fit_ngram(half, order=order), val_ids)
