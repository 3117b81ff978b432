"""prompting_plots: titles, labels, legends, bar values."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402

from helpers.llm import prompting_plots  # noqa: E402
from helpers.llm.prompting import CONDITIONS  # noqa: E402


def test_shots_curve_and_cot_plots():
    curve = pd.DataFrame(
        {"shots": [0, 1, 0, 1], "rule": ["upper", "upper", "first", "first"],
         "accuracy": [0.2, 0.9, 0.1, 0.8]}
    )  # fmt: skip
    ax = prompting_plots.plot_shots_curve(curve)
    assert ax.get_title() and ax.get_xlabel() and ax.get_ylabel()
    assert len(ax.get_lines()) == 3 and ax.get_legend() is not None
    plt.close(ax.figure)
    table = pd.DataFrame({"condition": CONDITIONS, "accuracy": [0.1, 0.2, 0.9, 0.5]})
    ax = prompting_plots.plot_cot(table)
    assert [round(p.get_width()) for p in ax.patches] == [10, 20, 90, 50]
    plt.close(ax.figure)
