"""Bad-input cases of lesson 18's evaluation, serving and prompting helpers
(textmetrics, harness, openai_*, prompting*; see tests/bad_input.py).

Valid calls stay tiny: a one-layer random GPT, a handful of words, oracle models
whose answers are known. Arguments left out of a case's kinds: free strings (text,
candidate, reference, word, task fields: any string is valid, so no kind attacks
them without sending a valid one; non-strings are refused in the unit tests), and
number lists (every list of small ints is a valid call).
"""

from __future__ import annotations

import functools

import pandas as pd
import torch
from bad_input import Case

from helpers.llm import (
    harness,
    harness_lm,
    openai_app,
    openai_client,
    openai_serve,
    prompting,
    prompting_plots,
    prompting_tasks,
    prompting_weights,
    prompting_widget,
    solutions_18_eval,
    textmetrics,
    textmetrics_plots,
)
from helpers.llm.model import GPT, GPTConfig
from llm.prompting_support import RuleOracle, SumOracle

WORDS = ["abc", "defg", "hij", "klmno", "pqr", "stu", "vwx", "yza"]


@functools.cache
def _lm() -> harness_lm.LocalLM:
    torch.manual_seed(0)
    return harness_lm.LocalLM(
        GPT(GPTConfig(n_layer=1, n_head=1, n_embd=8, block_size=64)), name="t"
    )


def _items() -> dict:
    return {"numbers": [3], "pairs": [(1, 2)], "words": WORDS[:2]}


def _cot_table() -> pd.DataFrame:
    return pd.DataFrame({"condition": prompting.CONDITIONS, "accuracy": [0, 0, 1, 0.5]})


def _curve() -> pd.DataFrame:
    return pd.DataFrame({"shots": [0, 1], "rule": ["upper"] * 2, "accuracy": [0, 1]})


def _grid() -> prompting_widget.PromptGrid:
    return prompting_widget.prompt_grid(RuleOracle(), WORDS[:3])


CANDS = ["the cat sat", "a dog ran far"]
REFS = [["the cat sat down"], ["a dog ran", "the dog ran far"]]

CASES: list[Case] = [
    # ---------------------------------------------------------------- textmetrics
    # text: any string is valid; non-strings are refused (test_textmetrics)
    Case(textmetrics.tokens, lambda: {"text": "a b"}, {}),
    Case(textmetrics.ngrams, lambda: {"toks": ["a", "b"], "n": 2}, {"n": "count"}),
    # references: a list per candidate; empty ones and wrong counts are refused
    # (test_textmetrics::test_bad_input_messages)
    Case(
        textmetrics.corpus_bleu,
        lambda: {
            "candidates": CANDS,
            "references": REFS,
            "max_n": 4,
            "smoothing": "exp",
        },
        {
            "candidates": "texts",
            "max_n": "count",
            "smoothing": "choice",
            "references": "instance",
        },
    ),  # fmt: skip
    Case(
        textmetrics.sentence_bleu,
        lambda: {"candidate": "a b c", "references": ["a b c d"], "smoothing": "floor"},
        {"smoothing": "choice"},
    ),
    Case(
        textmetrics.information_weights,
        lambda: {"references": [[["a", "b"]]], "max_n": 2},
        {"max_n": "count"},
    ),
    Case(
        textmetrics.corpus_nist,
        lambda: {"candidates": CANDS, "references": REFS, "max_n": 2},
        {"candidates": "texts", "max_n": "count", "references": "instance"},
    ),
    Case(
        textmetrics.sentence_nist,
        lambda: {"candidate": "a b c", "references": ["a b d"], "max_n": 2},
        {"max_n": "count"},
    ),
    Case(
        textmetrics.nist_length_penalty,
        lambda: {"sys_len": 3, "ref_len": 4},
        {"sys_len": "index", "ref_len": "count"},
    ),
    Case(
        textmetrics.rouge_n,
        lambda: {"candidate": "a b c", "reference": "a b", "n": 2},
        {"n": "count"},
    ),
    Case(
        textmetrics.rouge_l,
        lambda: {"candidate": "a b c", "reference": "a c"},
        {},
    ),
    # a and b: any sequences; only their size is bounded (10**8 cells)
    Case(textmetrics.lcs_length, lambda: {"a": "abc", "b": "bc"}, {}),
    Case(
        textmetrics.mean_rouge,
        lambda: {"candidates": ["a b"], "references": ["a"], "kind": "rouge1"},
        {"candidates": "texts", "kind": "choice", "references": "instance"},
    ),
    Case(
        textmetrics_plots.plot_bleu_parts,
        lambda: {"scores": {"x": textmetrics.sentence_bleu("a b", ["a b c"])}},
        {"scores": "instance"},
    ),
    Case(
        textmetrics_plots.plot_harness,
        lambda: {"table": pd.DataFrame({"m": [1.0, 2.0]}, index=["a", "b"])},
        {"table": "instance"},
    ),
    # ----------------------------------------------------------------- harness_lm
    # prompts: a bare string is one prompt (as in the OpenAI API), so "texts" does
    # not apply; numbers and empty lists are refused (test_harness_lm)
    Case(harness_lm.check_prompts, lambda: {"prompts": ["a"], "name": "p"}, {}),
    Case(harness_lm.check_stop, lambda: {"stop": ["\n"]}, {}),
    # text, stops: any string and any list of strings
    Case(harness_lm.cut_at_stop, lambda: {"text": "ab\nc", "stops": ["\n"]}, {}),
    Case(harness_lm.LocalLM, lambda: {"model": _lm().model}, {"model": "instance"}),
    # ------------------------------------------------------------------- harness
    Case(
        harness.sum_prompt,
        lambda: {"a": 1, "b": 2, "style": "lesson16"},
        {"style": "choice"},
    ),  # fmt: skip
    Case(
        harness.parity_accuracy,
        lambda: {"lm": _lm(), "numbers": [3, 4], "style": "lesson16"},
        {"lm": "instance", "style": "choice"},
    ),
    Case(
        harness.choice_accuracy,
        lambda: {"lm": _lm(), "pairs": [(1, 2)], "style": "prompting"},
        {"lm": "instance", "style": "choice"},
    ),
    Case(harness.first_int, lambda: {"text": "a 12"}, {}),  # any string
    Case(
        harness.sum_exact_match,
        lambda: {"lm": _lm(), "pairs": [(1, 2)], "style": "prompting", "max_tokens": 4},
        {"lm": "instance", "style": "choice", "max_tokens": "count"},
    ),
    Case(
        harness.word_prompt,
        lambda: {"op": "upper", "word": "abc", "style": "prompting", "shots": ["de"]},
        {"style": "choice"},
    ),
    Case(
        harness.word_generation,
        lambda: {"lm": _lm(), "words": WORDS[:3], "style": "prompting", "shots": 1},
        {"lm": "instance", "style": "choice", "shots": "index"},
    ),
    Case(harness.exact_match, lambda: {"answers": ["a"], "refs": ["a"]}, {}),
    Case(
        harness.held_out_items,
        lambda: {"n": 4, "seed": 1},
        {"n": "count", "seed": "index"},
    ),
    Case(
        harness.evaluate,
        lambda: {"lm": _lm(), "style": "prompting", "items": _items(), "max_tokens": 4},
        {"lm": "instance", "style": "choice"},
    ),
    Case(
        harness.harness_table,
        lambda: {
            "models": {"m": (_lm(), "prompting")},
            "items": _items(),
            "max_tokens": 4,
        },
        {"models": "instance", "items": "instance"},
    ),
    # name, kind, like, metric: descriptive labels of a table row
    Case(
        harness.Task, lambda: {"name": "a", "kind": "b", "like": "c", "metric": "d"}, {}
    ),  # fmt: skip
    # ---------------------------------------------------------------- openai_*
    Case(
        openai_app.create_app,
        lambda: {"lm": _lm(), "default_max_tokens": 4},
        {"lm": "instance", "default_max_tokens": "count"},
    ),
    Case(
        openai_app.chat_prompt,
        lambda: {"messages": [openai_app.Message(role="user", content="hi")]},
        {},
    ),  # messages are validated by pydantic at the endpoint
    Case(
        openai_serve.workbook_server,
        lambda: {"model": "tiny", "startup_timeout": 5.0},
        {"model": "choice", "startup_timeout": "positive"},
    ),
    # argv: argparse exits on bad arguments (its documented behaviour)
    Case(openai_serve.parse_args, lambda: {"argv": ["--port", "1"]}, {}),
    Case(openai_serve.load_model, lambda: {"name": "tiny"}, {"name": "choice"}),
    Case(
        openai_client.OpenAIClient,
        lambda: {"base_url": "http://127.0.0.1:9/v1", "timeout": 1.0},
        {"base_url": "instance", "timeout": "positive"},
    ),
    # ------------------------------------------------------------- prompting
    Case(
        prompting.build_prompt,
        lambda: {"framework": "TAG", "task": "t", "action": "a", "goal": "g"},
        {"framework": "choice"},
    ),
    Case(
        prompting.few_shot_prompt,
        lambda: {"rule": "upper", "shots": ["ab"], "word": "cd"},
        {"rule": "choice"},
    ),
    Case(
        prompting.shots_curve,
        lambda: {"lm": RuleOracle(), "words": WORDS, "shots": (0, 1)},
        {"lm": "instance", "words": "texts"},
    ),
    Case(prompting.parse_answer, lambda: {"text": "So 3"}, {}),
    Case(
        prompting.cot_prompts,
        lambda: {"sums": [[1, 2, 3]], "example": [4, 5, 6]},
        {},
    ),
    Case(
        prompting.cot_comparison,
        lambda: {"lm": SumOracle(), "sums": [[1, 2, 3]]},
        {"lm": "instance", "sums": "instance"},
    ),
    Case(
        prompting.framework_prompt,
        lambda: {"framework": "APE", "rule": "upper", "word": "ab", "shots": ["c"]},
        {"framework": "choice", "rule": "choice"},
    ),
    Case(
        prompting.framework_table,
        lambda: {"lm": RuleOracle(), "words": WORDS[:4], "shots": 1},
        {"lm": "instance", "words": "texts", "shots": "count"},
    ),
    Case(
        prompting_plots.plot_shots_curve,
        lambda: {"curve": _curve()},
        {"curve": "instance"},
    ),  # fmt: skip
    Case(
        prompting_plots.plot_cot, lambda: {"table": _cot_table()}, {"table": "instance"}
    ),  # fmt: skip
    Case(
        prompting_widget.prompt_grid,
        lambda: {"lm": RuleOracle(), "words": WORDS[:3], "shots": 2},
        {"lm": "instance"},
    ),
    Case(
        prompting_widget.build_prompting_widget,
        lambda: {"grid": _grid()},
        {"grid": "instance"},
    ),
    Case(
        prompting_weights.load_prompting_model,
        lambda: {"verbose": False},
        {"verbose": "instance"},
    ),  # fmt: skip
    # ------------------------------------------------------------ prompting_tasks
    Case(
        prompting_tasks.apply_rule,
        lambda: {"rule": "upper", "word": "ab"},
        {"rule": "choice"},
    ),  # fmt: skip
    Case(
        prompting_tasks.rule_line,
        lambda: {"rule": "first", "word": "ab"},
        {"rule": "choice"},
    ),  # fmt: skip
    Case(
        prompting_tasks.direct_answer,
        lambda: {"numbers": [1, 2]},
        {},
    ),  # fmt: skip
    Case(prompting_tasks.cot_answer, lambda: {"numbers": [1, 2]}, {}),  # fmt: skip
    Case(prompting_tasks.question, lambda: {"numbers": [1, 2]}, {}),  # fmt: skip
    Case(prompting_tasks.parity_line, lambda: {"n": 3}, {"n": "index"}),
    Case(
        prompting_tasks.is_heldout,
        lambda: {"text": "a", "fraction": 0.2},
        {"fraction": "prob"},
    ),  # fmt: skip
    Case(
        prompting_tasks.training_documents,
        lambda: {"n": 5, "seed": 0},
        {"n": "count", "seed": "index"},
    ),
    Case(
        prompting_tasks.heldout_words,
        lambda: {"n": 3, "seed": 1},
        {"n": "count", "seed": "index"},
    ),  # fmt: skip
    Case(
        prompting_tasks.heldout_sums,
        lambda: {"n": 3, "seed": 1},
        {"n": "count", "seed": "index"},
    ),  # fmt: skip
    Case(
        prompting_tasks.heldout_numbers,
        lambda: {"n": 3, "seed": 1},
        {"n": "count", "seed": "index"},
    ),  # fmt: skip
    # ------------------------------------------------------------- solutions
    Case(
        solutions_18_eval.ex1,
        lambda: {"candidate": "a b c", "reference": "a b"},
        {},
    ),
    Case(
        solutions_18_eval.ex2,
        lambda: {"cot_table": _cot_table()},
        {"cot_table": "instance"},
    ),  # fmt: skip
    Case(
        solutions_18_eval.ex3,
        lambda: {"lm": RuleOracle(), "words": WORDS},
        {"lm": "instance", "words": "texts"},
    ),
]

RECORD = "a result record (a dataclass of numbers) made by "
EXEMPT = {
    "helpers.llm.textmetrics.BleuScore": RECORD + "corpus_bleu",
    "helpers.llm.textmetrics.RougeScore": RECORD + "rouge_n and rouge_l",
    "helpers.llm.prompting_widget.PromptGrid": RECORD + "prompt_grid",
    "helpers.llm.openai_app.CompletionRequest": (
        "a pydantic request body: FastAPI validates it and answers 400 "
        "(tests/llm/test_openai_app.py)"
    ),
    "helpers.llm.openai_app.ChatRequest": (
        "a pydantic request body: FastAPI validates it and answers 400 "
        "(tests/llm/test_openai_app.py)"
    ),
    "helpers.llm.openai_app.Message": (
        "a pydantic chat message: validated at the endpoint (test_openai_app.py)"
    ),
    "helpers.llm.openai_serve.main": (
        "runs a server until stopped; its arguments are parse_args's, exercised "
        "through the real process in tests/llm/test_openai_serve.py"
    ),
    "helpers.llm.prompting_tasks.random_word": (
        "takes only a numpy Generator and draws from it (test_prompting_tasks)"
    ),
    "helpers.llm.prompting_model.train_prompting": (
        "trains the prompting model for minutes; steps and seed are checked with "
        "check_int before any work (same checks as training_documents)"
    ),
    "helpers.llm.prompting_model.prompting_run": "takes no arguments at all",
    "helpers.llm.prompting_model.load_prompting_model": "takes no arguments at all",
    "helpers.llm.prompting_weights.shipped_prompting_run": (
        "its only argument, verbose, switches a message on or off"
    ),
}
