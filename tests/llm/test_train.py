"""Tests for llm/train.py: batches, schedule, held-out bpc, and a loss that falls."""

from __future__ import annotations

import math

import numpy as np
import pytest
import torch

from helpers.llm.model import GPT, GPTConfig
from helpers.llm.tokenizer import encode
from helpers.llm.train import TrainConfig, eval_bpc, get_batch, lr_at, pretrain

TOY = encode("the cat sat on the mat. " * 40)


def test_batches_are_windows_shifted_by_one():
    gen = torch.Generator().manual_seed(0)
    x, y = get_batch(TOY, batch_size=4, block_size=8, generator=gen)
    assert x.shape == y.shape == (4, 8)
    assert torch.equal(x[:, 1:], y[:, :-1])


def test_learning_rate_warms_up_then_decays():
    cfg = TrainConfig(steps=100, lr=1e-2, min_lr=1e-3, warmup=10)
    assert lr_at(0, cfg) == pytest.approx(1e-3)
    assert lr_at(9, cfg) == pytest.approx(1e-2)
    assert lr_at(10, cfg) == pytest.approx(1e-2)
    assert lr_at(100, cfg) == pytest.approx(1e-3)


def test_eval_bpc_is_cross_entropy_over_ln2():
    torch.manual_seed(0)
    model = GPT(GPTConfig(n_layer=1, n_head=1, n_embd=8, block_size=8))
    ids = TOY[:65]
    with torch.no_grad():
        _, loss = model(
            torch.as_tensor(ids[:64]).view(8, 8), torch.as_tensor(ids[1:65]).view(8, 8)
        )
    assert eval_bpc(model, ids, block_size=8) == pytest.approx(
        float(loss) / math.log(2), rel=1e-5
    )


def test_the_loss_falls_on_a_toy_corpus():
    torch.manual_seed(0)
    model = GPT(GPTConfig(n_layer=1, n_head=2, n_embd=16, block_size=16))
    cfg = TrainConfig(
        steps=60,
        batch_size=8,
        block_size=16,
        lr=1e-2,
        min_lr=1e-3,
        warmup=5,
        eval_every=30,
        eval_batches=1,
        sample_chars=10,
    )
    log = pretrain(model, TOY, TOY[:200], cfg)
    assert log.steps.tolist() == [0, 30, 60]
    assert log.val_bpc[-1] < 0.5 * log.val_bpc[0]
    assert np.mean(log.train_loss[-10:]) < np.mean(log.train_loss[:10]) - 1.0
    assert len(log.samples) == 3 and log.samples[0].startswith("Return the ")
    assert log.tokens.tolist() == [0, 30 * 128, 60 * 128]


def test_a_window_longer_than_the_model_is_refused():
    model = GPT(GPTConfig(n_layer=1, n_head=1, n_embd=8, block_size=8))
    with pytest.raises(ValueError, match="longer than the model"):
        pretrain(model, TOY, TOY, TrainConfig(steps=1, block_size=16))


def test_token_ids_must_be_whole_numbers_inside_the_vocabulary():
    from helpers.llm.tokenizer import VOCAB_SIZE
    from helpers.llm.train import check_token_ids

    assert check_token_ids("ids", [0.0, 5.0]).dtype == np.int64
    for bad in ([0, VOCAB_SIZE], [-1, 2], [1.5, 2.0]):
        with pytest.raises(ValueError, match="token ids"):
            check_token_ids("ids", bad)
