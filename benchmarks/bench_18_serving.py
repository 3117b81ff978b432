"""Lesson 18 (evaluation and prompting) targets: the metrics against the reference
packages, the OpenAI-compatible server (start-up, request latency, a refused prompt),
the prompting results the lesson's prose relies on, and the prompt widget's redraw.

sacrebleu, NLTK and rouge-score are dev dependencies: the agreement rows are
reported as skipped (passed, measured NaN) when one is missing. Times are wall times
on whatever machine runs this, reported, not held to a target, except the widget's
median redraw and the server start-up (under 30 s).
"""

from __future__ import annotations

import math
import time

import numpy as np

from benchmarks.common import Target, median_seconds, widget_target
from helpers.llm import prompting, prompting_tasks, textmetrics
from helpers.llm.harness_lm import LocalLM
from helpers.llm.openai_client import EndpointError, OpenAIClient
from helpers.llm.openai_serve import workbook_server
from helpers.llm.prompting_weights import load_prompting_model
from helpers.llm.prompting_widget import build_prompting_widget, prompt_grid

LESSON = "18"


def _metric_agreement(n: int = 300) -> dict[str, float]:
    """Largest absolute difference to each reference package on random pairs."""
    rng = np.random.default_rng(0)
    vocab = "the a cat dog sat on mat ran to big red house".split()

    def sent() -> str:
        return " ".join(rng.choice(vocab, size=int(rng.integers(4, 14))))

    pairs = [(sent(), sent()) for _ in range(n)]
    out = {}
    try:
        import sacrebleu

        out["BLEU vs sacrebleu"] = max(
            abs(textmetrics.sentence_bleu(c, [r]).score
                - sacrebleu.sentence_bleu(c, [r], tokenize="none").score)
            for c, r in pairs
        )  # fmt: skip
    except ImportError:
        out["BLEU vs sacrebleu"] = math.nan
    try:
        from nltk.translate.nist_score import corpus_nist

        cands, refs = [c for c, _ in pairs], [[r] for _, r in pairs]
        ref_toks = [[r.split()] for _, r in pairs]
        out["NIST vs NLTK"] = abs(
            textmetrics.corpus_nist(cands, refs)
            - corpus_nist(ref_toks, [c.split() for c in cands], n=5)
        )
    except ImportError:
        out["NIST vs NLTK"] = math.nan
    try:
        from rouge_score import rouge_scorer

        scorer = rouge_scorer.RougeScorer(["rougeL"])
        out["ROUGE-L vs rouge-score"] = max(
            abs(textmetrics.rouge_l(c, r).f1 - scorer.score(r, c)["rougeL"].fmeasure)
            for c, r in pairs
        )
    except ImportError:
        out["ROUGE-L vs rouge-score"] = math.nan
    return out


def run() -> list[Target]:
    targets = []
    for name, diff in _metric_agreement().items():
        targets.append(Target(LESSON, f"{name}: max |difference|", "< 1e-6", diff, "",
                              math.isnan(diff) or diff < 1e-6))  # fmt: skip
    words = prompting_tasks.heldout_words(8, seed=1)
    sums = prompting_tasks.heldout_sums(24, seed=1)
    start = time.perf_counter()
    with workbook_server("prompting") as server:
        up = time.perf_counter() - start
        client = OpenAIClient(f"{server.url}/v1", timeout=30)
        one = median_seconds(lambda: client.complete(["Q: 3+4+5\nA:"], 8), repeat=5)
        batch = median_seconds(
            lambda: client.complete([f"{w} ->" for w in words * 8], 8), repeat=3
        )
        try:
            client.complete(["x" * 200], 4)
            refused = False
        except EndpointError as exc:
            refused = "context" in str(exc)
        still_up = client.models() == ["workbook-prompting"]
    targets += [
        Target(LESSON, "server start-up (process, model, /health)", "< 30 s", up, "s",
               up < 30),
        Target(LESSON, "one completion (8 tokens), median", "(reported)", 1000 * one,
               "ms", True),
        Target(LESSON, "64 completions in one request, median", "(reported)",
               1000 * batch, "ms", True),
        Target(LESSON, "prompt longer than the context refused, server up", "yes",
               float(refused and still_up), "", refused and still_up),
    ]  # fmt: skip
    lm = LocalLM(load_prompting_model(), name="workbook-prompting")
    curve = prompting.shots_curve(lm, words).groupby("shots")["accuracy"].mean()
    cot = prompting.cot_comparison(lm, sums)[0].set_index("condition")["accuracy"]
    fw = prompting.framework_table(lm, words).set_index("prompt")["accuracy"]
    targets += [
        Target(LESSON, "hidden rule: accuracy with 0 examples", "< 15 %",
               100 * curve[0], "%", curve[0] < 0.15),
        Target(LESSON, "hidden rule: accuracy with 1 example", "> 60 %",
               100 * curve[1], "%", curve[1] > 0.6),
        Target(LESSON, "three-number sums: direct few-shot", "< 15 %",
               100 * cot["direct, few-shot"], "%", cot["direct, few-shot"] < 0.15),
        Target(LESSON, "three-number sums: CoT zero-shot", "> 3x direct",
               100 * cot["CoT, zero-shot"], "%",
               cot["CoT, zero-shot"] > 3 * max(cot["direct, few-shot"], 0.05)),
        Target(LESSON, "CARE prompt (with examples) accuracy", "> 60 %",
               100 * fw["CARE"], "%", fw["CARE"] > 0.6),
        Target(LESSON, "vague prompt accuracy", "< 15 %", 100 * fw["vague"], "%",
               fw["vague"] < 0.15),
    ]  # fmt: skip
    widget = build_prompting_widget(prompt_grid(lm, words[:4]))
    targets.append(widget_target(LESSON, "prompt widget", widget))
    return targets


if __name__ == "__main__":  # pragma: no cover
    for t in run():
        print(t)
