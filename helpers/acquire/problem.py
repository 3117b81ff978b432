"""Choosing a problem, and naming the kinds of data (lesson 01).

* :func:`rank_candidates` ranks candidate problems by **value x feasibility**, where a
  problem is only as feasible as its weakest link (data, labels, a metric, acceptable
  risk): the most important problem is not worth starting if one link is missing.
  :data:`OFFICE_CANDIDATES` are the registration office's candidates, rated 1-5 in the
  lesson's kick-off meeting (judgements, stated once here, not measurements).
* :func:`data_kind` names what a collected object is: **structured** (a table with
  fixed typed columns), **semi-structured** (nested records such as JSON or XML, whose
  fields can vary), or **unstructured** (images, audio, free text: the meaning is in the
  content, not in named fields).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

import numpy as np
import pandas as pd

from helpers.core.validation import check_int

LINKS = ("data", "labels", "metric", "risk")
"""The feasibility links of a candidate (risk: 5 = legal, ethical and safe)."""
KINDS = ("structured", "semi-structured", "unstructured")


@dataclass(frozen=True)
class Candidate:
    """A candidate problem, rated 1 (poor) to 5 (good) on its value and each link."""

    name: str
    value: int
    data: int
    labels: int
    metric: int
    risk: int

    def __post_init__(self) -> None:
        if not isinstance(self.name, str) or not self.name:
            raise TypeError("name must be a non-empty string")
        for field in ("value", *LINKS):
            check_int(field, getattr(self, field), low=1, high=5)


OFFICE_CANDIDATES = (
    Candidate("captcha reader (accessibility, audit)", 4, 4, 5, 5, 4),
    Candidate("predict which students drop out", 5, 2, 2, 3, 1),
    Candidate("flag bots in the registration logs", 4, 3, 1, 2, 3),
    Candidate("forecast tomorrow's captcha load", 2, 5, 5, 5, 5),
)


def rank_candidates(
    candidates: tuple[Candidate, ...] | list[Candidate], *, min_link: int = 3
) -> pd.DataFrame:
    """One row per candidate, best first: its ratings, ``feasibility`` (the weakest
    link), ``blocked by`` (the links below ``min_link``), and ``score`` = value x
    feasibility, or 0 when a link blocks it."""
    if isinstance(candidates, Candidate) or not isinstance(candidates, (tuple, list)):
        raise TypeError("candidates must be a list or tuple of Candidate")
    if not candidates:
        raise ValueError("candidates must hold at least one Candidate")
    if not all(isinstance(c, Candidate) for c in candidates):
        raise TypeError("candidates must hold only Candidate objects")
    min_link = check_int("min_link", min_link, low=1, high=5)
    rows = []
    for c in candidates:
        row = asdict(c)
        row["feasibility"] = min(row[link] for link in LINKS)
        blocked = [link for link in LINKS if row[link] < min_link]
        row["blocked by"] = ", ".join(blocked) or "-"
        row["score"] = 0 if blocked else row["value"] * row["feasibility"]
        rows.append(row)
    table = pd.DataFrame(rows).set_index("name")
    return table.sort_values(["score", "value"], ascending=False, kind="stable")


def data_kind(obj: object) -> str:
    """One of :data:`KINDS` for a collected object: a DataFrame is structured; a dict
    or list of dicts (parsed JSON/XML) semi-structured; an image array (2-D or more)
    or free text unstructured."""
    if isinstance(obj, pd.DataFrame):
        return "structured"
    if isinstance(obj, dict) or (
        isinstance(obj, list) and obj and all(isinstance(x, dict) for x in obj)
    ):
        return "semi-structured"
    if isinstance(obj, np.ndarray) and obj.ndim >= 2 and obj.dtype != object:
        return "unstructured"
    if isinstance(obj, str) and obj:
        return "unstructured"
    raise TypeError(
        f"cannot name the kind of a {type(obj).__name__}: expected a DataFrame, a "
        "dict or list of dicts, an image array, or text"
    )
