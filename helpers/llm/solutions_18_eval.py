"""Expected answers of lesson 18's evaluation and prompting exercises, computed from
the lesson's own data and results (never typed in).

>>> ex1("the cat sat on the mat", "the cat sat on a mat")
60.0
"""

from __future__ import annotations

import pandas as pd

from helpers.llm.prompting import CONDITIONS, shots_curve
from helpers.llm.textmetrics import ngrams, tokens


def ex1(candidate: str, reference: str) -> float:
    """18.E1: the modified (clipped) bigram precision of ``candidate`` against one
    ``reference``, in percent."""
    cand, ref = tokens(candidate), tokens(reference)
    if len(cand) < 2 or not ref:
        raise ValueError("candidate must hold two tokens or more, reference one")
    c, r = ngrams(cand, 2), ngrams(ref, 2)
    return 100.0 * sum(min(n, r[g]) for g, n in c.items()) / sum(c.values())


def ex2(cot_table: pd.DataFrame) -> str:
    """18.E2: which prompt did best on three-number sums: "a" direct zero-shot,
    "b" direct few-shot, "c" CoT few-shot, "d" CoT zero-shot (ties: the first)."""
    if not isinstance(cot_table, pd.DataFrame) or list(cot_table["condition"]) != list(
        CONDITIONS
    ):
        raise TypeError("cot_table must be the table of cot_comparison")
    return "abcd"[int(cot_table["accuracy"].to_numpy().argmax())]


def ex3(lm, words: list[str]) -> float:
    """18.E3: the accuracy (percent) on the rule ``reverse`` alone with three
    examples (``shots_curve`` with ``shots=(3,)``)."""
    curve = shots_curve(lm, words, shots=(3,))
    return 100.0 * float(curve.loc[curve["rule"] == "reverse", "accuracy"].iloc[0])
