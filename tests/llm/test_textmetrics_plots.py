"""textmetrics_plots: bars per order and candidate, a heat map with a colour bar."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402

from helpers.llm import textmetrics, textmetrics_plots  # noqa: E402


def test_textmetrics_plots():
    scores = {
        "close": textmetrics.sentence_bleu("a b c d", ["a b c d"]),
        "short": textmetrics.sentence_bleu("a b", ["a b c d"]),
    }
    ax = textmetrics_plots.plot_bleu_parts(scores)
    assert len(ax.patches) == 8 and ax.get_legend() is not None
    plt.close(ax.figure)
    table = pd.DataFrame({"m1": [10.0, 90.0], "m2": [50.0, 0.0]}, index=["x", "y"])
    ax = textmetrics_plots.plot_harness(table)
    assert len(ax.figure.axes) == 2  # the colour bar
    assert [t.get_text() for t in ax.texts] == ["10", "50", "90", "0"]
    plt.close(ax.figure)
