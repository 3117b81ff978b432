"""Lesson 18's prompt widget: which parts of a prompt does the small model use?
Pick a framework, a hidden rule and a word; see the assembled prompt, the model's
answer (precomputed for every choice) and each framework's accuracy on that rule."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from helpers.llm import prompting_tasks as pt
from helpers.llm.prompting import FRAMEWORKS, framework_prompt
from helpers.ui.plots import color_for, label_axes
from helpers.ui.widgets import InteractiveFigure, dropdown, toggle


@dataclass
class PromptGrid:
    """Every prompt the widget can show and the model's answer to it."""

    prompts: dict  # (framework, rule, word) -> prompt
    answers: dict  # (framework, rule, word) -> answer
    words: list[str]


def prompt_grid(lm, words: list[str], *, shots: int = 2) -> PromptGrid:
    """Prompts for every framework x rule x word (examples from the other words),
    answered in one batch by ``lm``."""
    if not callable(getattr(lm, "complete", None)):
        raise TypeError("lm must have a complete() method")
    if not isinstance(words, list) or len(words) <= shots or len(words) > 8:
        raise ValueError(f"words must be a list of {shots + 1} to 8 words")
    keys, prompts = [], []
    for f in FRAMEWORKS:
        for rule in pt.RULES:
            for i, word in enumerate(words):
                ex = [words[(i + j + 1) % len(words)] for j in range(shots)]
                keys.append((f, rule, word))
                prompts.append(framework_prompt(f, rule, word, ex))
    answers = [a.strip() for a in lm.complete(prompts, 11, stop="\n")]
    return PromptGrid(
        dict(zip(keys, prompts, strict=True)),
        dict(zip(keys, answers, strict=True)),
        list(words),
    )


def build_prompting_widget(grid: PromptGrid | None = None) -> InteractiveFigure:
    """The widget over a precomputed :class:`PromptGrid` (default: the shipped
    prompting model on four held-out words, answered in process)."""
    if grid is None:
        from helpers.llm.harness_lm import LocalLM
        from helpers.llm.prompting_weights import load_prompting_model

        grid = prompt_grid(LocalLM(load_prompting_model()), pt.heldout_words(4))
    if not isinstance(grid, PromptGrid):
        raise TypeError(f"grid must be a PromptGrid, got {type(grid).__name__}")
    names = list(FRAMEWORKS)
    acc = {
        (f, rule): np.mean(
            [grid.answers[(f, rule, w)] == pt.apply_rule(rule, w) for w in grid.words]
        )
        for f in names
        for rule in pt.RULES
    }
    controls = {
        "framework": toggle("framework", names, value="CARE"),
        "rule": dropdown("hidden rule", list(pt.RULES), value="upper"),
        "word": dropdown("word", grid.words, value=grid.words[0]),
    }
    artists: dict = {}

    def draw(axes, params) -> str:
        f, rule, word = params["framework"], params["rule"], params["word"]
        key = (f, rule, word)
        text_ax, bar_ax = axes[0, 0], axes[0, 1]
        text = grid.prompts[key] + " " + grid.answers[key]
        values = [100 * acc[(n, rule)] for n in names]
        colors = [color_for(n) if n == f else "#bbbbbb" for n in names]
        if not artists:  # first call: build; later calls only update (fast redraw)
            text_ax.axis("off")
            artists["title"] = text_ax.set_title("")
            artists["text"] = text_ax.text(
                0.0, 1.0, "", va="top", ha="left", family="monospace", fontsize=9,
                transform=text_ax.transAxes,
            )  # fmt: skip
            artists["bars"] = bar_ax.bar(names, values, color=colors)
            bar_ax.set_ylim(0, 105)
            label_axes(bar_ax, title="", xlabel="framework", ylabel="exact match (%)")
        artists["title"].set_text(f"{f} prompt (the model continues it)")
        artists["text"].set_text(text)
        for bar, v, c in zip(artists["bars"], values, colors, strict=True):
            bar.set_height(v)
            bar.set_color(c)
        bar_ax.set_title(f"accuracy on rule '{rule}'")
        truth = pt.apply_rule(rule, word)
        ok = grid.answers[key] == truth
        return (
            f"model answer <b>{grid.answers[key] or '(nothing)'}</b>, expected "
            f"<b>{truth}</b>: {'right' if ok else 'wrong'}. "
            f"Frameworks with an Example field: "
            f"{', '.join(n for n in names if 'example' in FRAMEWORKS[n])}."
        )

    return InteractiveFigure(
        controls,
        draw,
        ncols=2,
        figsize=(9, 3.2),
        dpi=72,
        adjust={
            "left": 0.02,
            "right": 0.97,
            "bottom": 0.16,
            "top": 0.88,
            "wspace": 0.25,
        },  # fmt: skip
        state=grid,
        clear=False,
    )
