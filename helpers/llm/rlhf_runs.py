"""Lesson 18's RLHF pipeline end to end, shipped as one artefact (minutes of CPU):
SFT on noisy demonstrations, a reward model on rule-labelled pairs, REINFORCE with
a sweep of KL coefficients, DPO on the same pairs, and RLAIF (the pairs labelled by
a model-based judge instead of the rule).

:func:`load_rlhf` returns the shipped run in normal and fast mode alike (its
SHA-256 checked, read without pickle); when it is missing or stale it is computed.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

import numpy as np
import pandas as pd
import torch

from helpers.core import artefacts, config, serialize
from helpers.core.data import read_project_file
from helpers.core.progress import progress
from helpers.core.validation import check_choice, check_int, check_real
from helpers.llm.checkpoints import load_pretrained
from helpers.llm.model import GPT, SIZES, GPTConfig
from helpers.llm.rlhf_data import (
    demonstrations,
    label_pairs,
    make_prompts,
    rule_scores,
)
from helpers.llm.rlhf_optimize import (
    PGConfig,
    evaluate_policy,
    policy_gradient,
    train_dpo,
)
from helpers.llm.rlhf_policy import frozen_copy, response_logprob, sample_responses, sft
from helpers.llm.rlhf_reward import (
    RewardModel,
    pair_accuracy,
    train_reward_model,
)

NAME = "rlhf_runs"


@dataclass(frozen=True)
class RLHFConfig:
    """Sizes and steps of the pipeline (defaults: the shipped run)."""

    size: str = "tiny"
    n_sft: int = 2000  # demonstrations
    sft_steps: int = 1200
    n_pairs: int = 1500  # prompts whose two samples make a pair
    n_held: int = 600  # prompts of held-out pairs
    rm_steps: int = 300
    pg_steps: int = 150
    betas: tuple[float, ...] = (0.0, 0.1, 0.3, 1.0)
    beta: float = 0.3  # the KL coefficient of the main run
    dpo_steps: int = 150
    dpo_beta: float = 1.0
    n_eval: int = 400
    seed: int = 0

    def __post_init__(self) -> None:
        check_choice("size", self.size, list(SIZES))
        for name in ("n_sft", "sft_steps", "n_pairs", "n_held", "rm_steps"):
            check_int(name, getattr(self, name), low=1, high=100_000)
        for name in ("pg_steps", "dpo_steps", "n_eval"):
            check_int(name, getattr(self, name), low=1, high=100_000)
        if not isinstance(self.betas, tuple) or not self.betas:
            raise TypeError("betas must be a non-empty tuple of numbers")
        for b in self.betas:
            check_real("betas", b, low=0, high=1000)
        check_real("beta", self.beta, low=0, high=1000)
        if self.beta not in self.betas:
            raise ValueError(f"beta {self.beta} must be one of betas {self.betas}")
        check_real("dpo_beta", self.dpo_beta, low=0, high=1000, open_low=True)
        check_int("seed", self.seed, low=0, high=2**32 - 1)


FAST_CONFIG = RLHFConfig(
    n_sft=500, sft_steps=150, n_pairs=300, n_held=100, rm_steps=40, pg_steps=15,
    betas=(0.0, 0.3, 1.0), dpo_steps=15, n_eval=100,
)  # fmt: skip
"""What fast mode computes when the shipped run cannot be used."""


@dataclass
class RLHFRun:
    """Everything the lesson shows of the pipeline."""

    config: dict
    model_config: dict  # GPTConfig fields of the policy
    sft_state: dict  # the SFT policy (the reference)
    rm_state: dict  # reward model on rule-labelled pairs
    judge_rm_state: dict  # reward model on judge-labelled pairs (RLAIF)
    sft_loss: np.ndarray
    rm_loss: np.ndarray
    judge_rm_loss: np.ndarray
    counts: dict  # pairs, ties, held-out pairs
    rm_accuracy: dict  # train, held-out (rule labels), judge RM held-out
    judge_agreement: float  # share of rule-decided pairs the judge labels alike
    pg_logs: dict  # str(beta) -> {"reward", "true_score", "kl"} per step
    table: pd.DataFrame  # one row per method: reward, true score, KL, ...
    samples: pd.DataFrame  # prompt and one response per method
    seconds: float = 0.0
    extra: dict = field(default_factory=dict)

    def policy(self) -> GPT:
        """The SFT policy, in eval mode."""
        model = GPT(GPTConfig(**self.model_config))
        model.load_state_dict(self.sft_state, strict=True)
        return model.eval()

    def reward_model(self, *, judge: bool = False) -> RewardModel:
        """The reward model trained on rule labels (``judge=True``: judge labels)."""
        rm = RewardModel(GPT(GPTConfig(**self.model_config)))
        rm.load_state_dict(self.judge_rm_state if judge else self.rm_state)
        return rm.eval()


def _state(module: torch.nn.Module) -> dict:
    return {k: v.detach().clone() for k, v in module.state_dict().items()}


def _trainable(reference: GPT) -> GPT:
    """A trainable copy of the reference: the policy starts where SFT ended."""
    pol = frozen_copy(reference)
    for p in pol.parameters():
        p.requires_grad_(True)
    return pol


def run_rlhf(cfg: RLHFConfig = RLHFConfig()) -> RLHFRun:  # noqa: B008 - frozen
    """The whole pipeline (minutes with the defaults)."""
    if not isinstance(cfg, RLHFConfig):
        raise TypeError(f"cfg must be an RLHFConfig, got {type(cfg).__name__}")
    import time

    start = time.perf_counter()
    torch.manual_seed(cfg.seed)
    s = cfg.seed
    # step 1: supervised fine-tuning on noisy human demonstrations
    policy = load_pretrained(cfg.size, verbose=False)
    prompts = make_prompts(cfg.n_sft, seed=s)
    sft_loss = sft(
        policy, prompts, demonstrations(prompts, seed=s), steps=cfg.sft_steps
    )
    policy.eval()
    ref = frozen_copy(policy)
    gen = torch.Generator().manual_seed(s)
    # step 2: pairs of the policy's own samples, labelled by the rule; reward model
    pp = make_prompts(cfg.n_pairs, seed=s + 1)
    a, b = (sample_responses(ref, pp, generator=gen) for _ in range(2))
    ra, rb = rule_scores(pp, a), rule_scores(pp, b)
    pairs = label_pairs(pp, a, b, ra, rb)
    hp = make_prompts(cfg.n_held, seed=s + 2)
    ha, hb = (sample_responses(ref, hp, generator=gen) for _ in range(2))
    held = label_pairs(hp, ha, hb, rule_scores(hp, ha), rule_scores(hp, hb))
    rm = RewardModel(ref)
    rm_log = train_reward_model(rm, pairs, steps=cfg.rm_steps, seed=s)
    # RLAIF: a model-based judge labels the same samples: the SFT model's own
    # log-likelihood of each response (no rule, no human)
    with torch.no_grad():
        ja = response_logprob(ref, pp, a).numpy()
        jb = response_logprob(ref, pp, b).numpy()
    decided = ra != rb
    agree = float(np.mean(np.sign(ja - jb)[decided] == np.sign(ra - rb)[decided]))
    judge_pairs = label_pairs(pp, a, b, ja, jb)
    judge_rm = RewardModel(ref)
    judge_log = train_reward_model(judge_rm, judge_pairs, steps=cfg.rm_steps, seed=s)
    # step 3: policy improvement
    ev = make_prompts(cfg.n_eval, seed=s + 3)
    rows, samples = {}, {"prompt": [p.text.replace("\n", " ") for p in ev]}
    demo = demonstrations(ev, seed=s + 4)
    rows["human demonstrations"] = evaluate_policy(ref, ref, rm, ev, responses=demo)
    rows["SFT"] = evaluate_policy(ref, ref, rm, ev, seed=s)
    samples["SFT"] = sample_responses(
        ref, ev, generator=torch.Generator().manual_seed(s)
    )
    pg_logs = {}
    for beta in progress(cfg.betas, desc="REINFORCE runs"):
        pol = _trainable(ref)
        pc = PGConfig(steps=cfg.pg_steps, beta=beta, seed=s)
        pg_logs[str(beta)] = asdict(policy_gradient(pol, ref, rm, pp, pc))
        label = f"REINFORCE beta={beta:g}"
        rows[label] = evaluate_policy(pol, ref, rm, ev, seed=s)
        samples[label] = sample_responses(
            pol, ev, generator=torch.Generator().manual_seed(s)
        )
    pol = _trainable(ref)
    dpo_loss = train_dpo(
        pol, ref, pairs, beta=cfg.dpo_beta, steps=cfg.dpo_steps, seed=s
    )
    rows["DPO"] = evaluate_policy(pol, ref, rm, ev, seed=s)
    samples["DPO"] = sample_responses(
        pol, ev, generator=torch.Generator().manual_seed(s)
    )
    pol = _trainable(ref)
    pc = PGConfig(steps=cfg.pg_steps, beta=cfg.beta, seed=s)
    rlaif_log = asdict(policy_gradient(pol, ref, judge_rm, pp, pc))
    rows["RLAIF (judge RM)"] = evaluate_policy(pol, ref, rm, ev, seed=s)
    samples["RLAIF (judge RM)"] = sample_responses(
        pol, ev, generator=torch.Generator().manual_seed(s)
    )
    table = pd.DataFrame(rows).T.rename_axis("method").reset_index()
    return RLHFRun(
        config=asdict(cfg),
        model_config=ref.config.as_dict(),
        sft_state=_state(ref),
        rm_state=_state(rm),
        judge_rm_state=_state(judge_rm),
        sft_loss=sft_loss,
        rm_loss=rm_log.loss,
        judge_rm_loss=judge_log.loss,
        counts={
            "pairs": len(pairs),
            "ties": int((~decided).sum()),
            "held-out pairs": len(held),
        },
        rm_accuracy={
            "train": pair_accuracy(rm, pairs),
            "held-out": pair_accuracy(rm, held),
            "judge RM held-out": pair_accuracy(judge_rm, held),
        },
        judge_agreement=agree,
        pg_logs=pg_logs,
        table=table,
        samples=pd.DataFrame(samples),
        seconds=time.perf_counter() - start,
        extra={"dpo_loss": dpo_loss, "rlaif_log": rlaif_log},
    )


def rlhf_runs() -> RLHFRun:
    """The shipped run (what ``make artefacts NAMES=rlhf_runs`` builds)."""
    cfg = config.pick(normal=RLHFConfig(), fast=FAST_CONFIG)
    return artefacts.shipped(NAME, lambda: run_rlhf(cfg), params=asdict(cfg))


def load_rlhf(*, verbose: bool = True) -> RLHFRun:
    """The shipped run in normal and fast mode alike (computed when the file is
    missing, damaged or made with another configuration)."""
    name = artefacts.artefact_name(NAME)
    try:
        blob = read_project_file(name)
        run = serialize.loads(blob, key=serialize.recorded_key(blob))
        if not isinstance(run, RLHFRun) or run.config != asdict(RLHFConfig()):
            raise ValueError("it holds another configuration")
        run.policy()
        run.reward_model()
    except (ValueError, KeyError, RuntimeError, TypeError) as exc:
        if verbose:
            print(f"shipped {name} not usable ({exc}); computing instead")
        return rlhf_runs()
    if verbose:
        print(
            f"loaded the RLHF runs from data/{name} ({len(blob) / 1e6:.1f} MB; "
            f"{run.seconds:.0f} s of CPU to make)"
        )
    return run
