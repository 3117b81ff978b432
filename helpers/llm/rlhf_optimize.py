"""Step 3 of RLHF: improve the policy against the reward model, kept near the
reference (the SFT model) by a KL penalty. Three ways: best-of-n sampling,
REINFORCE with a baseline, and DPO (no reward model at all).

The per-sample KL estimate is ``log pi(y|x) - log pi_ref(y|x)`` on a response ``y``
sampled from ``pi``; its mean over samples estimates ``KL(pi || pi_ref)`` in nats.

>>> import torch
>>> z = torch.zeros(1)
>>> round(float(dpo_loss(z + 1, z, z, z, beta=1.0)), 4)  # -log sigmoid(1)
0.3133
>>> round(best_of_n_kl(4), 4)  # log 4 - 3/4
0.6363
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import torch
from torch.nn import functional as F  # noqa: N812 - the usual name

from helpers.core.validation import check_int, check_real
from helpers.llm.model import GPT
from helpers.llm.rlhf_data import Pairs, Prompt, _check_prompts, rule_scores
from helpers.llm.rlhf_policy import _check_model, response_logprob, sample_responses
from helpers.llm.rlhf_reward import RewardModel, _check_pairs, _check_rm, rewards

MAX_N = 1024


def best_of_n(
    policy: GPT,
    rm: RewardModel,
    prompts: Sequence[Prompt],
    *,
    n: int = 4,
    seed: int = 0,
) -> list[str]:
    """For each prompt, ``n`` samples from ``policy``; keep the one ``rm`` scores
    highest."""
    _check_model(policy)
    _check_rm(rm)
    _check_prompts(prompts)
    n = check_int("n", n, low=1, high=MAX_N)
    seed = check_int("seed", seed, low=0, high=2**32 - 1)
    gen = torch.Generator().manual_seed(seed)
    cands = [sample_responses(policy, prompts, generator=gen) for _ in range(n)]
    scores = np.stack([rewards(rm, prompts, c) for c in cands])  # (n, B)
    best = scores.argmax(axis=0)  # (B,)
    return [cands[k][i] for i, k in enumerate(best)]


def best_of_n_kl(n: int) -> float:
    """The KL of best-of-n to its base policy (upper bound, nats):
    ``log n - (n - 1) / n``."""
    n = check_int("n", n, low=1, high=10**9)
    return math.log(n) - (n - 1) / n


@torch.no_grad()
def log_ratio(
    policy: GPT, reference: GPT, prompts: Sequence[Prompt], responses: Sequence[str]
) -> np.ndarray:
    """``log pi(y|x) - log pi_ref(y|x)`` per pair; on samples of ``policy`` its
    mean estimates KL(pi || pi_ref)."""
    _check_model(policy)
    _check_model(reference)
    lp = response_logprob(policy, prompts, responses)  # (B,)
    lr = response_logprob(reference, prompts, responses)  # (B,)
    return (lp - lr).numpy().astype(float)


@dataclass(frozen=True)
class PGConfig:
    """REINFORCE with a baseline against ``reward - beta * log ratio``."""

    steps: int = 150
    batch_size: int = 64
    lr: float = 5e-4
    beta: float = 0.1  # KL coefficient
    seed: int = 0

    def __post_init__(self) -> None:
        check_int("steps", self.steps, low=1, high=100_000)
        check_int("batch_size", self.batch_size, low=2, high=4096)
        check_real("lr", self.lr, low=0, high=1, open_low=True)
        check_real("beta", self.beta, low=0, high=1000)
        check_int("seed", self.seed, low=0, high=2**32 - 1)


@dataclass
class PGLog:
    """Per step, on the step's own samples: reward-model score, true (rule) score
    and KL estimate to the reference."""

    reward: np.ndarray  # (steps,)
    true_score: np.ndarray  # (steps,)
    kl: np.ndarray  # (steps,)


def policy_gradient(
    policy: GPT,
    reference: GPT,
    rm: RewardModel,
    prompts: Sequence[Prompt],
    config: PGConfig = PGConfig(),  # noqa: B008 - frozen dataclass
) -> PGLog:
    """REINFORCE with the batch mean as baseline: each step samples one response
    per prompt of a random batch, and ascends
    ``(R - mean R) * grad log pi(y|x)`` with ``R = r(x, y) - beta * log ratio``.
    ``policy`` is trained in place; the rule's score is logged, never used."""
    _check_model(policy)
    _check_model(reference)
    _check_rm(rm)
    _check_prompts(prompts)
    if not isinstance(config, PGConfig):
        raise TypeError(f"config must be a PGConfig, got {type(config).__name__}")
    rng = np.random.default_rng(config.seed)
    gen = torch.Generator().manual_seed(config.seed)
    opt = torch.optim.Adam(policy.parameters(), lr=config.lr)
    log = PGLog(*(np.empty(config.steps) for _ in range(3)))
    for step in range(config.steps):
        batch = [prompts[i] for i in rng.integers(0, len(prompts), config.batch_size)]
        ys = sample_responses(policy, batch, generator=gen)
        r = torch.from_numpy(rewards(rm, batch, ys)).float()  # (b,)
        policy.train()
        logp = response_logprob(policy, batch, ys)  # (b,)
        with torch.no_grad():
            ratio = logp - response_logprob(reference, batch, ys)  # (b,)
        total = r - config.beta * ratio  # (b,)
        advantage = total - total.mean()  # (b,)
        loss = -(advantage * logp).mean()
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
        log.reward[step] = float(r.mean())
        log.kl[step] = float(ratio.mean())
        log.true_score[step] = float(rule_scores(batch, ys).mean())
    policy.eval()
    return log


def dpo_loss(
    logp_chosen: torch.Tensor,
    logp_rejected: torch.Tensor,
    ref_chosen: torch.Tensor,
    ref_rejected: torch.Tensor,
    *,
    beta: float = 0.1,
) -> torch.Tensor:
    """Direct preference optimisation: mean of
    ``-log sigmoid(beta * ((lp_c - ref_c) - (lp_r - ref_r)))``."""
    beta = check_real("beta", beta, low=0, high=1000, open_low=True)
    ts = (logp_chosen, logp_rejected, ref_chosen, ref_rejected)
    for t in ts:
        if not isinstance(t, torch.Tensor):
            raise TypeError(
                f"log-probabilities must be tensors, got {type(t).__name__}"
            )
        if t.dim() != 1 or t.numel() == 0 or not bool(torch.isfinite(t).all()):
            raise ValueError("log-probabilities must be finite, 1-D and non-empty")
    if len({t.numel() for t in ts}) != 1:
        raise ValueError("the four log-probability tensors must have the same length")
    margin = (logp_chosen - ref_chosen) - (logp_rejected - ref_rejected)  # (B,)
    return -F.logsigmoid(beta * margin).mean()


def train_dpo(
    policy: GPT,
    reference: GPT,
    pairs: Pairs,
    *,
    beta: float = 0.1,
    steps: int = 150,
    batch_size: int = 64,
    lr: float = 1e-3,
    seed: int = 0,
) -> np.ndarray:
    """Minimise :func:`dpo_loss` on ``pairs`` (``policy`` trained in place);
    returns the loss of each step."""
    _check_model(policy)
    _check_model(reference)
    _check_pairs(pairs)
    beta = check_real("beta", beta, low=0, high=1000, open_low=True)
    steps = check_int("steps", steps, low=1, high=100_000)
    batch_size = check_int("batch_size", batch_size, low=1, high=4096)
    lr = check_real("lr", lr, low=0, high=1, open_low=True)
    seed = check_int("seed", seed, low=0, high=2**32 - 1)
    rng = np.random.default_rng(seed)
    opt = torch.optim.Adam(policy.parameters(), lr=lr)
    losses = np.empty(steps)
    policy.train()
    for step in range(steps):
        rows = rng.integers(0, len(pairs), size=min(batch_size, len(pairs)))
        ps = [pairs.prompts[i] for i in rows]
        yc = [pairs.chosen[i] for i in rows]
        yr = [pairs.rejected[i] for i in rows]
        with torch.no_grad():
            rc, rr = (response_logprob(reference, ps, y) for y in (yc, yr))  # (b,)
        lc, lr_ = (response_logprob(policy, ps, y) for y in (yc, yr))  # (b,)
        loss = dpo_loss(lc, lr_, rc, rr, beta=beta)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
        losses[step] = float(loss.detach())
    policy.eval()
    return losses


def evaluate_policy(
    policy: GPT,
    reference: GPT,
    rm: RewardModel,
    prompts: Sequence[Prompt],
    *,
    responses: Sequence[str] | None = None,
    seed: int = 0,
) -> dict[str, float]:
    """Reward-model score, true (rule) score, KL estimate and decline rates of
    ``policy``'s samples on ``prompts`` (or of given ``responses``)."""
    _check_model(policy)
    _check_model(reference)
    _check_rm(rm)
    _check_prompts(prompts)
    seed = check_int("seed", seed, low=0, high=2**32 - 1)
    if responses is None:
        gen = torch.Generator().manual_seed(seed)
        responses = sample_responses(policy, prompts, generator=gen)
    true = rule_scores(prompts, responses)
    answerable = np.array([p.answerable for p in prompts])
    declined = np.array([r.strip() == "unknown" for r in responses])
    correct = np.array(
        [
            p.answerable and r == p.answer
            for p, r in zip(prompts, responses, strict=True)
        ]
    )
    return {
        "reward (RM)": float(rewards(rm, prompts, responses).mean()),
        "true score (rule)": float(true.mean()),
        "KL to SFT (nats)": float(
            log_ratio(policy, reference, prompts, responses).mean()
        ),
        "correct and concise": float(correct[answerable].mean())
        if answerable.any()
        else math.nan,
        "declines unanswerable": float(declined[~answerable].mean())
        if (~answerable).any()
        else math.nan,
        "mean length (chars)": float(np.mean([len(r) for r in responses])),
    }
