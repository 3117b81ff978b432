"""Tests for llm/model.py: causality, weight tying, the loss, generation."""

from __future__ import annotations

import pytest
import torch
from torch.nn import functional as F  # noqa: N812

from helpers.llm.model import GPT, SIZES, GPTConfig, check_context, config_for

CFG = GPTConfig(n_layer=2, n_head=2, n_embd=16, block_size=12)


@pytest.fixture
def model():
    torch.manual_seed(0)
    return GPT(CFG).eval()


def test_a_position_never_sees_the_future(model):
    idx = torch.randint(97, (1, 10))
    changed = idx.clone()
    changed[0, 6:] = (changed[0, 6:] + 1) % 97
    a, _ = model(idx)
    b, _ = model(changed)
    torch.testing.assert_close(a[:, :6], b[:, :6])
    assert not torch.allclose(a[:, 6:], b[:, 6:])


def test_weights_are_tied_and_counted_once(model):
    assert model.head.weight is model.tok_emb.weight
    unique = {id(p): p.numel() for p in model.parameters()}
    assert model.n_params(non_embedding=False) == sum(unique.values())
    assert model.n_params() == sum(unique.values()) - 12 * 16


def test_loss_is_the_mean_cross_entropy(model):
    idx, targets = torch.randint(97, (3, 8)), torch.randint(97, (3, 8))
    logits, loss = model(idx, targets)
    expected = F.cross_entropy(logits.reshape(-1, 97), targets.reshape(-1))
    torch.testing.assert_close(loss, expected)


def test_a_context_longer_than_the_model_is_refused(model):
    with pytest.raises(ValueError, match="longer than the model's block_size 12"):
        model(torch.zeros(1, 13, dtype=torch.long))


def test_generate_appends_tokens_and_crops_the_context(model):
    out = model.generate(torch.zeros(2, 10, dtype=torch.long), 5, temperature=0)
    assert out.shape == (2, 15)
    again = model.generate(torch.zeros(2, 10, dtype=torch.long), 5, temperature=0)
    assert torch.equal(out, again)  # greedy is deterministic
    gen = torch.Generator().manual_seed(0)
    sampled = model.generate(
        torch.zeros(1, 3, dtype=torch.long), 4, top_k=1, generator=gen
    )
    assert torch.equal(
        sampled[:, 3:],
        model.generate(torch.zeros(1, 3, dtype=torch.long), 4, temperature=0)[:, 3:],
    )


def test_sizes_and_config_checks():
    assert [config_for(s).n_embd for s in ("tiny", "small", "base")] == [32, 64, 64]
    assert (
        GPT(SIZES["tiny"]).n_params()
        < GPT(SIZES["small"]).n_params()
        < GPT(SIZES["base"]).n_params()
    )
    with pytest.raises(ValueError, match="size"):
        config_for("huge")
    with pytest.raises(ValueError, match="divisible"):
        GPTConfig(n_embd=10, n_head=3)
    with pytest.raises(TypeError):
        check_context([[1, 2]], None)
