"""Tests of labels.guide_plots: the flowchart and the map of learning settings."""

from __future__ import annotations

import matplotlib.pyplot as plt

from helpers.labels import guide, guide_plots


def test_flowchart_title_follows_the_answers():
    ax = guide_plots.plot_flowchart({"data": "yes"})
    assert ax.get_title() == "Answer the highlighted question"
    ax = guide_plots.plot_flowchart({"data": "no"})
    assert ax.get_title() == "Route: first acquire data"
    ax = guide_plots.plot_flowchart({"data": "yes", "labels": "none", "budget": "yes"})
    assert ax.get_title() == "Route: crowdsourcing"  # no CJK glyphs in the plot font
    plt.close("all")


def test_flowchart_highlights_the_path_taken():
    answers = {"data": "yes", "labels": "none", "budget": "no"}
    ax = guide_plots.plot_flowchart(answers)
    bold = {t.get_text() for t in ax.texts if t.get_weight() == "bold"}
    assert bold == {"data?", "labels?", "budget for\nlabeling?", "08 weak\nsupervision"}
    thick = [a for a in ax.texts if getattr(a, "arrow_patch", None) is not None]
    thick = [a for a in thick if a.arrow_patch.get_linewidth() > 2]
    assert len(thick) == len(guide.taken_edges(answers)) == 3
    plt.close("all")


def test_learning_settings_map_names_every_setting():
    _, ax = plt.subplots()
    assert guide_plots.plot_learning_settings(ax=ax) is ax
    assert ax.get_title() and ax.get_xlabel() and ax.get_ylabel()
    texts = " ".join(t.get_text() for t in ax.texts)
    assert all(name in texts for name in guide.learning_settings().index)
    plt.close("all")
