"""Checkpoints the project trained itself: one pretraining run per model size,
shipped in ``data/artefacts/llm_<size>.entry`` (state dict, config and training log;
arrays in an .npz, loaded without pickle) and rebuilt by ``make artefacts``.

>>> sorted(PRODUCERS)
['base', 'small', 'tiny']
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch

from helpers.core import artefacts, config, serialize
from helpers.core.data import read_project_file
from helpers.core.validation import check_choice, check_int
from helpers.llm.corpus import build_corpus
from helpers.llm.model import GPT, SIZES, GPTConfig
from helpers.llm.tokenizer import encode
from helpers.llm.train import TrainConfig, TrainLog, pretrain

STEPS = 1200
"""Pretraining steps of a shipped run (32 windows of 64 characters each)."""


@dataclass
class PretrainRun:
    """A trained model and how it got there."""

    size: str
    config: dict  # GPTConfig fields
    state_dict: dict  # parameter name -> tensor
    log: TrainLog
    n_params: int  # without position embeddings
    tokens: int  # training tokens seen
    flops: float  # 6 x n_params x tokens

    def model(self) -> GPT:
        """The trained :class:`GPT`, in eval mode."""
        model = GPT(GPTConfig(**self.config))
        model.load_state_dict(self.state_dict, strict=True)
        return model.eval()


def train_config(steps: int = STEPS, *, seed: int = 0) -> TrainConfig:
    """The optimisation settings every shipped run uses."""
    steps = check_int("steps", steps, low=1, high=10**6)
    return TrainConfig(
        steps=steps,
        batch_size=32,
        block_size=64,
        lr=1e-2,
        min_lr=1e-3,
        warmup=50,
        eval_every=100,
        seed=seed,
    )


def train_size(size: str, *, steps: int = STEPS, seed: int = 0) -> PretrainRun:
    """Pretrain a model of ``size`` from scratch on the lesson's corpus (minutes)."""
    size = check_choice("size", size, list(SIZES))
    cfg = train_config(steps, seed=seed)
    corpus = build_corpus(seed=seed)
    torch.manual_seed(seed)
    model = GPT(SIZES[size])
    log = pretrain(model, encode(corpus.train_text), encode(corpus.val_text), cfg)
    tokens = cfg.steps * cfg.batch_size * cfg.block_size
    n = model.n_params()
    state = {k: v.detach().clone() for k, v in model.state_dict().items()}
    return PretrainRun(
        size, SIZES[size].as_dict(), state, log, n, tokens, 6.0 * n * tokens
    )


def _shipped(size: str) -> PretrainRun:
    steps = config.pick(normal=STEPS, fast=60)
    return artefacts.shipped(
        f"llm_{size}",
        lambda: train_size(size, steps=steps),
        params={"size": size, "steps": steps, "seed": 0},
    )


def pretrained_tiny() -> PretrainRun:
    """The shipped run of the ``tiny`` model (what ``make artefacts`` builds)."""
    return _shipped("tiny")


def pretrained_small() -> PretrainRun:
    """The shipped run of the ``small`` model (what ``make artefacts`` builds)."""
    return _shipped("small")


def pretrained_base() -> PretrainRun:
    """The shipped run of the ``base`` model (what ``make artefacts`` builds)."""
    return _shipped("base")


PRODUCERS = {
    "tiny": pretrained_tiny,
    "small": pretrained_small,
    "base": pretrained_base,
}


def load_run(size: str = "base", *, verbose: bool = True) -> PretrainRun:
    """The shipped run of ``size``, in normal and fast mode alike.

    The file's SHA-256 is checked against ``data/SHA256SUMS`` and it is read without
    pickle. When it is missing or damaged, the run is trained (and cached) instead,
    which takes minutes in normal mode.
    """
    size = check_choice("size", size, list(SIZES))
    name = artefacts.artefact_name(f"llm_{size}")
    try:
        blob = read_project_file(name)
        run = serialize.loads(blob, key=serialize.recorded_key(blob))
        if not isinstance(run, PretrainRun) or run.config != SIZES[size].as_dict():
            raise ValueError("it holds another model")
        run.model()  # the state dict fits the current code
    except (ValueError, KeyError, RuntimeError) as exc:
        if verbose:
            print(f"shipped {name} not usable ({exc}); training instead")
        return _shipped(size)
    if verbose:
        print(
            f"loaded the {size} checkpoint from data/{name} "
            f"({len(blob) / 1e6:.1f} MB, {run.n_params:,} parameters)"
        )
    return run


def load_pretrained(size: str = "base", *, verbose: bool = True) -> GPT:
    """The shipped pretrained :class:`GPT` of ``size`` (eval mode): the model
    lessons 17 and 18 fine-tune."""
    return load_run(size, verbose=verbose).model()


def scaling_table(runs: dict[str, PretrainRun]):
    """One row per run: parameters, tokens, FLOPs (6 N D), seconds, final bpc."""
    import pandas as pd

    if not isinstance(runs, dict) or not runs:
        raise TypeError("runs must be a non-empty dict of size -> PretrainRun")
    rows = []
    for size, run in runs.items():
        if not isinstance(run, PretrainRun):
            raise TypeError(f"runs[{size!r}] must be a PretrainRun")
        rows.append(
            {
                "size": size,
                "parameters": run.n_params,
                "tokens": run.tokens,
                "FLOPs (6ND)": run.flops,
                "seconds": run.log.seconds,
                "GFLOP/s": run.flops / 1e9 / max(run.log.seconds, 1e-9),
                "val bpc": float(run.log.val_bpc[-1]),
            }
        )
    return pd.DataFrame(rows)


def best_bpc(runs: dict[str, PretrainRun]) -> np.ndarray:
    """Final held-out bpc of each run, in the order of ``runs``."""
    if not isinstance(runs, dict) or not runs:
        raise TypeError("runs must be a non-empty dict of size -> PretrainRun")
    if not all(isinstance(r, PretrainRun) for r in runs.values()):
        raise TypeError("runs must hold PretrainRun values")
    return np.array([float(r.log.val_bpc[-1]) for r in runs.values()])
