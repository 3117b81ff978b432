"""Step 2 of RLHF: a reward model trained on preference pairs with the
Bradley-Terry loss.

Bradley-Terry: the chance that a rater prefers response 1 to response 2 is
``sigmoid(r1 - r2)``; the loss is ``-log sigmoid(r_chosen - r_rejected)``.

>>> import torch
>>> round(float(bradley_terry_loss(torch.tensor([1.0]), torch.tensor([0.0]))), 4)
0.3133
"""

from __future__ import annotations

import copy
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import torch
from torch import nn
from torch.nn import functional as F  # noqa: N812 - the usual name

from helpers.core.validation import check_int, check_real
from helpers.llm.model import GPT
from helpers.llm.rlhf_data import Pairs, Prompt
from helpers.llm.rlhf_policy import encode_batch


class RewardModel(nn.Module):
    """A GPT body (no language-model head) and a linear head that reads the hidden
    state at the response's end-of-text token: one scalar per (prompt, response)."""

    def __init__(self, body: GPT) -> None:
        super().__init__()
        if not isinstance(body, GPT):
            raise TypeError(f"body must be a GPT, got {type(body).__name__}")
        self.body = copy.deepcopy(body)
        self.head = nn.Linear(body.config.n_embd, 1)
        nn.init.zeros_(self.head.weight)
        nn.init.zeros_(self.head.bias)

    def forward(self, idx: torch.Tensor, last: torch.Tensor) -> torch.Tensor:
        """``idx`` (B, T) token ids, ``last`` (B,) position to read -> (B,)."""
        x = self.body.embed(idx)  # (B, T, C)
        for block in self.body.blocks:
            x = block(x)  # (B, T, C)
        x = self.body.ln_f(x)  # (B, T, C)
        h = x[torch.arange(len(idx)), last]  # (B, C)
        return self.head(h).squeeze(-1)  # (B,)

    def score(
        self, prompts: Sequence[Prompt], responses: Sequence[str]
    ) -> torch.Tensor:
        """The reward of each (prompt, response), (B,)."""
        idx, _, last = encode_batch(prompts, responses)
        return self(idx, last)


def bradley_terry_loss(
    r_chosen: torch.Tensor, r_rejected: torch.Tensor
) -> torch.Tensor:
    """Mean of ``-log sigmoid(r_chosen - r_rejected)`` over the pairs."""
    for name, t in (("r_chosen", r_chosen), ("r_rejected", r_rejected)):
        if not isinstance(t, torch.Tensor):
            raise TypeError(f"{name} must be a torch tensor, got {type(t).__name__}")
        if t.dim() != 1 or t.numel() == 0:
            raise ValueError(f"{name} must be 1-D and non-empty, got {tuple(t.shape)}")
        if not bool(torch.isfinite(t).all()):
            raise ValueError(f"{name} must be finite")
    if r_chosen.shape != r_rejected.shape:
        raise ValueError(
            f"r_chosen and r_rejected must have the same length, got "
            f"{r_chosen.numel()} and {r_rejected.numel()}"
        )
    return -F.logsigmoid(r_chosen - r_rejected).mean()


@dataclass
class RewardLog:
    """Training of a reward model: Bradley-Terry loss and pair accuracy per step."""

    loss: np.ndarray  # (steps,)
    accuracy: np.ndarray  # (steps,) on the training batch


def train_reward_model(
    rm: RewardModel,
    pairs: Pairs,
    *,
    steps: int = 200,
    batch_size: int = 64,
    lr: float = 3e-3,
    seed: int = 0,
) -> RewardLog:
    """Minimise the Bradley-Terry loss on ``pairs`` (``rm`` trained in place)."""
    _check_rm(rm)
    _check_pairs(pairs)
    steps = check_int("steps", steps, low=1, high=100_000)
    batch_size = check_int("batch_size", batch_size, low=1, high=4096)
    lr = check_real("lr", lr, low=0, high=1, open_low=True)
    seed = check_int("seed", seed, low=0, high=2**32 - 1)
    n = len(pairs)
    idx, _, last = encode_batch(pairs.prompts * 2, pairs.chosen + pairs.rejected)
    rng = np.random.default_rng(seed)
    opt = torch.optim.AdamW(rm.parameters(), lr=lr, weight_decay=0.0)
    rm.train()
    loss_log, acc_log = np.empty(steps), np.empty(steps)
    for step in range(steps):
        rows = torch.from_numpy(rng.integers(0, n, size=min(batch_size, n)))
        both = torch.cat([rows, rows + n])  # chosen rows, then rejected rows
        r = rm(idx[both], last[both])  # (2b,)
        rc, rr = r[: len(rows)], r[len(rows) :]  # (b,), (b,)
        loss = bradley_terry_loss(rc, rr)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
        loss_log[step] = float(loss.detach())
        acc_log[step] = float((rc > rr).float().mean())
    rm.eval()
    return RewardLog(loss_log, acc_log)


@torch.no_grad()
def pair_accuracy(rm: RewardModel, pairs: Pairs) -> float:
    """Share of pairs whose chosen response gets the higher reward."""
    _check_rm(rm)
    _check_pairs(pairs)
    rc = rm.score(pairs.prompts, pairs.chosen)  # (n,)
    rr = rm.score(pairs.prompts, pairs.rejected)  # (n,)
    return float((rc > rr).float().mean())


@torch.no_grad()
def rewards(rm: RewardModel, prompts: Sequence[Prompt], responses: Sequence[str]):
    """The reward model's score of each (prompt, response), as a NumPy array."""
    _check_rm(rm)
    return rm.score(prompts, responses).numpy().astype(float)


def _check_rm(rm: object) -> None:
    if not isinstance(rm, RewardModel):
        raise TypeError(f"rm must be a RewardModel, got {type(rm).__name__}")


def _check_pairs(pairs: object) -> None:
    if not isinstance(pairs, Pairs):
        raise TypeError(f"pairs must be Pairs, got {type(pairs).__name__}")
    if len(pairs) == 0:
        raise ValueError("pairs must not be empty")
