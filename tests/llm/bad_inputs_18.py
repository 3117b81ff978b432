"""Bad-input cases of lesson 18's RLHF part in helpers.llm (see tests/bad_input.py).

Valid calls stay small: a one-layer GPT, a handful of prompts, one or two training
steps. Prompts and responses are lists, attacked with the ``texts`` kind (a bare
string, numbers, an empty list, None). Arguments left out of a case's kinds are
named in a comment with the reason.
"""

from __future__ import annotations

import functools

import numpy as np
import pandas as pd
import torch
import torch._dynamo  # noqa: F401 - optimisers import it on first use (seconds)
from bad_input import Case

from helpers.llm import (
    rlhf_data,
    rlhf_optimize,
    rlhf_plots,
    rlhf_policy,
    rlhf_report,
    rlhf_reward,
    rlhf_runs,
    rlhf_widget,
    solutions_18,
)
from helpers.llm.model import GPT, GPTConfig

CFG = GPTConfig(n_layer=1, n_head=2, n_embd=16, block_size=32)
PROMPTS = [rlhf_data.Prompt(1, 2), rlhf_data.Prompt(3, None), rlhf_data.Prompt(4, 4)]
ANSWERS = [" 3", " unknown", " 9"]
OTHER = [" 4, maybe", " 5", " 8"]
TABLE = pd.DataFrame(
    {
        "method": ["SFT", "REINFORCE beta=0", "DPO"],
        "reward (RM)": [-1.0, 1.0, 0.0],
        "true score (rule)": [0.1, -0.9, 0.3],
        "KL to SFT (nats)": [0.0, 9.0, 1.0],
    }
)
CURVE = pd.DataFrame(
    {"n": [1, 2], "reward (RM)": [0.0, 0.5], "true score (rule)": [0.1, 0.2]}
)


def _gpt() -> GPT:
    torch.manual_seed(0)
    return GPT(CFG).eval()


def _rm() -> rlhf_reward.RewardModel:
    return rlhf_reward.RewardModel(_gpt())


def _pairs() -> rlhf_data.Pairs:
    return rlhf_data.Pairs(list(PROMPTS), list(ANSWERS), list(OTHER))


@functools.cache
def _run() -> rlhf_runs.RLHFRun:
    """A hand-made run: untrained models, two REINFORCE logs of three steps."""
    gpt, rm = _gpt(), _rm()
    logs = {
        str(b): {"reward": np.zeros(3) + b, "true_score": np.ones(3), "kl": np.ones(3)}
        for b in (0.0, 0.3)
    }
    return rlhf_runs.RLHFRun(
        config={"beta": 0.3},
        model_config=CFG.as_dict(),
        sft_state=gpt.state_dict(),
        rm_state=rm.state_dict(),
        judge_rm_state=rm.state_dict(),
        sft_loss=np.ones(3),
        rm_loss=np.linspace(0.7, 0.3, 20),
        judge_rm_loss=np.linspace(0.7, 0.4, 20),
        counts={},
        rm_accuracy={},
        judge_agreement=0.8,
        pg_logs=logs,
        table=TABLE,
        samples=pd.DataFrame(),
    )


CASES: list[Case] = [
    # ------------------------------------------------------------ data and rule
    Case(
        rlhf_data.Prompt,
        lambda: {"a": 1, "b": 2, "letter": "x"},
        {"a": "index", "letter": "choice"},  # b: None is the documented value
    ),
    Case(
        rlhf_data.make_prompts,
        lambda: {"n": 5, "unanswerable": 0.3, "seed": 0},
        {"n": "count", "unanswerable": "prob", "seed": "index"},
    ),
    Case(
        rlhf_data.response_kind,
        lambda: {"prompt": PROMPTS[0], "response": " 3"},
        {"prompt": "instance"},  # response: any string is an answer (graded)
    ),
    Case(
        rlhf_data.rule_score,
        lambda: {"prompt": PROMPTS[0], "response": " 3"},
        {"prompt": "instance"},  # response: any string is an answer (graded)
    ),
    Case(
        rlhf_data.rule_scores,
        lambda: {"prompts": list(PROMPTS), "responses": list(ANSWERS)},
        {"prompts": "texts", "responses": "texts"},
    ),
    Case(
        rlhf_data.demonstrate,
        lambda: {"prompt": PROMPTS[0], "rng": np.random.default_rng(0)},
        {"prompt": "instance", "rng": "instance"},
    ),
    Case(
        rlhf_data.demonstrations,
        lambda: {"prompts": list(PROMPTS), "seed": 0},
        {"prompts": "texts", "seed": "index"},
    ),
    Case(
        rlhf_data.Pairs,
        lambda: {
            "prompts": list(PROMPTS),
            "chosen": list(ANSWERS),
            "rejected": list(OTHER),
        },
        {"prompts": "texts", "chosen": "texts", "rejected": "texts"},
    ),
    Case(
        rlhf_data.label_pairs,
        lambda: {
            "prompts": list(PROMPTS),
            "first": list(ANSWERS),
            "second": list(OTHER),
            "scores_first": np.array([1.0, 1.0, -1.0]),
            "scores_second": np.array([0.3, -1.0, -1.0]),
        },
        {
            "prompts": "texts",
            "first": "texts",
            "second": "texts",
            "scores_first": "array",
            "scores_second": "array",
        },
    ),
    # ------------------------------------------------------------ policy
    Case(
        rlhf_policy.encode_batch,
        lambda: {"prompts": list(PROMPTS), "responses": list(ANSWERS)},
        {"prompts": "texts", "responses": "texts"},
    ),
    Case(
        rlhf_policy.response_logprob,
        lambda: {"model": _gpt(), "prompts": list(PROMPTS), "responses": list(ANSWERS)},
        {"model": "instance", "prompts": "texts", "responses": "texts"},
    ),
    Case(
        rlhf_policy.sample_responses,
        lambda: {
            "model": _gpt(),
            "prompts": list(PROMPTS),
            "temperature": 1.0,
            "generator": torch.Generator().manual_seed(0),
        },
        {"model": "instance", "prompts": "texts", "temperature": "real"},
        # generator: None is the documented default
    ),
    Case(
        rlhf_policy.sft,
        lambda: {
            "model": _gpt(),
            "prompts": list(PROMPTS),
            "responses": list(ANSWERS),
            "steps": 1,
            "batch_size": 2,
            "lr": 1e-3,
            "seed": 0,
        },
        {
            "model": "instance",
            "prompts": "texts",
            "responses": "texts",
            "steps": "count",
            "batch_size": "count",
            "lr": "positive",
            "seed": "index",
        },
    ),
    Case(rlhf_policy.frozen_copy, lambda: {"model": _gpt()}, {"model": "instance"}),
    # ------------------------------------------------------------ reward model
    Case(rlhf_reward.RewardModel, lambda: {"body": _gpt()}, {"body": "instance"}),
    Case(
        rlhf_reward.bradley_terry_loss,
        lambda: {"r_chosen": torch.ones(3), "r_rejected": torch.zeros(3)},
        {"r_chosen": "instance", "r_rejected": "instance"},
    ),
    Case(
        rlhf_reward.train_reward_model,
        lambda: {
            "rm": _rm(),
            "pairs": _pairs(),
            "steps": 1,
            "batch_size": 2,
            "lr": 1e-3,
            "seed": 0,
        },
        {
            "rm": "instance",
            "pairs": "instance",
            "steps": "count",
            "batch_size": "count",
            "lr": "positive",
            "seed": "index",
        },
    ),
    Case(
        rlhf_reward.pair_accuracy,
        lambda: {"rm": _rm(), "pairs": _pairs()},
        {"rm": "instance", "pairs": "instance"},
    ),
    Case(
        rlhf_reward.rewards,
        lambda: {"rm": _rm(), "prompts": list(PROMPTS), "responses": list(ANSWERS)},
        {"rm": "instance", "prompts": "texts", "responses": "texts"},
    ),
    # ------------------------------------------------------------ optimisation
    Case(
        rlhf_optimize.best_of_n,
        lambda: {"policy": _gpt(), "rm": _rm(), "prompts": list(PROMPTS), "n": 2},
        {"policy": "instance", "rm": "instance", "prompts": "texts", "n": "count"},
    ),
    Case(rlhf_optimize.best_of_n_kl, lambda: {"n": 4}, {"n": "count"}),
    Case(
        rlhf_optimize.log_ratio,
        lambda: {
            "policy": _gpt(),
            "reference": _gpt(),
            "prompts": list(PROMPTS),
            "responses": list(ANSWERS),
        },
        {
            "policy": "instance",
            "reference": "instance",
            "prompts": "texts",
            "responses": "texts",
        },
    ),
    Case(
        rlhf_optimize.PGConfig,
        lambda: {"steps": 1, "batch_size": 2, "lr": 1e-3, "beta": 0.1, "seed": 0},
        {
            "steps": "count",
            "batch_size": "count",
            "lr": "positive",
            "beta": "real",  # 0 is valid (no penalty); beta < 0 in test_rlhf_optimize
            "seed": "index",
        },
    ),
    Case(
        rlhf_optimize.policy_gradient,
        lambda: {
            "policy": _gpt(),
            "reference": _gpt(),
            "rm": _rm(),
            "prompts": list(PROMPTS),
            "config": rlhf_optimize.PGConfig(steps=1, batch_size=2),
        },
        {
            "policy": "instance",
            "reference": "instance",
            "rm": "instance",
            "prompts": "texts",
            "config": "instance",
        },
    ),
    Case(
        rlhf_optimize.dpo_loss,
        lambda: {
            "logp_chosen": -torch.ones(2),
            "logp_rejected": -torch.ones(2),
            "ref_chosen": -torch.ones(2),
            "ref_rejected": -torch.ones(2),
            "beta": 0.1,
        },
        {
            "logp_chosen": "instance",
            "logp_rejected": "instance",
            "ref_chosen": "instance",
            "ref_rejected": "instance",
            "beta": "positive",
        },
    ),
    Case(
        rlhf_optimize.train_dpo,
        lambda: {
            "policy": _gpt(),
            "reference": _gpt(),
            "pairs": _pairs(),
            "beta": 0.1,
            "steps": 1,
            "batch_size": 2,
            "lr": 1e-3,
            "seed": 0,
        },
        {
            "policy": "instance",
            "reference": "instance",
            "pairs": "instance",
            "beta": "positive",
            "steps": "count",
            "batch_size": "count",
            "lr": "positive",
            "seed": "index",
        },
    ),
    Case(
        rlhf_optimize.evaluate_policy,
        lambda: {
            "policy": _gpt(),
            "reference": _gpt(),
            "rm": _rm(),
            "prompts": list(PROMPTS),
            "responses": list(ANSWERS),
            "seed": 0,
        },
        {
            "policy": "instance",
            "reference": "instance",
            "rm": "instance",
            "prompts": "texts",
            "seed": "index",
        },  # responses: None is the documented default (then it samples)
    ),
    # ------------------------------------------------------------ runs and report
    Case(
        rlhf_runs.RLHFConfig,
        lambda: {"size": "tiny", "sft_steps": 10, "beta": 0.3, "n_eval": 10},
        {"size": "choice", "sft_steps": "count", "beta": "real", "n_eval": "count"},
    ),
    Case(
        rlhf_report.best_of_n_curve,
        lambda: {
            "policy": _gpt(),
            "rm": _rm(),
            "prompts": list(PROMPTS),
            "ns": [1, 2],
            "seed": 0,
        },
        {"policy": "instance", "rm": "instance", "prompts": "texts", "seed": "index"},
        # ns: a list of counts; refused (empty, too many, bad entries) in
        # tests/llm/test_rlhf_report.py
    ),
    Case(
        rlhf_report.method_row,
        lambda: {"table": TABLE[["method"]], "method": "DPO"},
        {"table": "frame", "method": "choice"},
    ),
    # ------------------------------------------------------------ plots and widget
    Case(
        rlhf_plots.plot_reward_training,
        lambda: {"run": _run(), "window": 3},
        {"run": "instance", "window": "count"},
    ),
    Case(
        rlhf_plots.plot_pg_run,
        lambda: {"run": _run(), "beta": 0.3, "window": 2},
        {"run": "instance", "beta": "real", "window": "count"},
    ),
    Case(rlhf_plots.plot_reward_vs_kl, lambda: {"table": TABLE}, {"table": "frame"}),
    Case(rlhf_plots.plot_best_of_n, lambda: {"curve": CURVE}, {"curve": "frame"}),
    Case(rlhf_widget.build_kl_widget, lambda: {"run": _run()}, {}),
    # run: None is the documented default (the shipped run); other types are
    # refused in tests/llm/test_rlhf_widget.py
    # ------------------------------------------------------------ solutions
    Case(
        solutions_18.ex1,
        lambda: {"rm": _rm(), "prompt": PROMPTS[0], "first": " 3", "second": " 4"},
        {"rm": "instance", "prompt": "instance"},  # first: any string is an answer
    ),
    Case(
        solutions_18.ex2,
        lambda: {"table": TABLE.drop(columns="KL to SFT (nats)")},
        {"table": "frame"},
    ),
    Case(
        solutions_18.ex3,
        lambda: {
            "policy": _gpt(),
            "judge_rm": _rm(),
            "prompts": list(PROMPTS),
            "n": 2,
            "seed": 0,
        },
        {
            "policy": "instance",
            "judge_rm": "instance",
            "prompts": "texts",
            "n": "count",
            "seed": "index",
        },
    ),
]

EXEMPT = {
    "helpers.llm.rlhf_reward.RewardLog": "a plain record of results, built by "
    "train_reward_model",
    "helpers.llm.rlhf_optimize.PGLog": "a plain record of results, built by "
    "policy_gradient",
    "helpers.llm.rlhf_runs.RLHFRun": "a plain record of results, built by run_rlhf",
    "helpers.llm.rlhf_runs.run_rlhf": (
        "runs the whole pipeline (tens of seconds even with the micro config on a "
        "busy machine); a config of the wrong type is refused at once in "
        "tests/llm/test_rlhf_runs.py"
    ),
    "helpers.llm.rlhf_runs.rlhf_runs": "takes no arguments at all",
    "helpers.llm.rlhf_runs.load_rlhf": (
        "its only argument is the verbose flag; it reads the shipped file "
        "(tests/llm/test_rlhf_runs.py)"
    ),
}
