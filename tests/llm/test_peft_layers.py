"""LoRA, adapters, prefixes and soft prompts against their definitions (the PEFT
library's LoRA is compared in test_peft_reference.py)."""

import pytest
import torch
from torch import nn

from helpers.llm.peft_layers import (
    Adapter,
    LoRALinear,
    PrefixTuning,
    PromptTuning,
    prefix_attention,
)
from llm.peft_support import TINY, tiny_gpt


def _lora(rank=3, alpha=6.0, seed=0):
    torch.manual_seed(seed)
    return LoRALinear(nn.Linear(8, 5), rank=rank, alpha=alpha)


def test_lora_with_b_zero_is_the_base_layer():
    lora = _lora()
    x = torch.randn(4, 7, 8)
    assert torch.equal(lora(x), lora.base(x))


def test_lora_forward_is_w_plus_scaled_ba():
    lora = _lora()
    with torch.no_grad():
        lora.B.normal_()
    x = torch.randn(6, 8)
    w = lora.base.weight + (6.0 / 3) * lora.B @ lora.A  # (out, in) by hand
    expected = x @ w.T + lora.base.bias
    assert torch.allclose(lora(x), expected, atol=1e-6)
    assert lora.scaling == 2.0


def test_merge_equals_unmerged_and_unmerge_restores():
    lora = _lora()
    with torch.no_grad():
        lora.B.normal_()
    w0 = lora.base.weight.detach().clone()
    x = torch.randn(10, 8)
    before = lora(x).detach()
    lora.merge()
    lora.merge()  # idempotent
    assert lora.merged
    assert (lora(x) - before).abs().max() < 1e-5
    assert not torch.allclose(lora.base.weight, w0)
    lora.unmerge()
    assert torch.allclose(lora.base.weight, w0, atol=1e-6)
    assert (lora(x) - before).abs().max() < 1e-5


def test_only_a_and_b_train():
    lora = _lora()
    trainable = {n for n, p in lora.named_parameters() if p.requires_grad}
    assert trainable == {"A", "B"}
    assert lora.A.shape == (3, 8) and lora.B.shape == (5, 3)


def test_rank_past_min_in_out_is_refused():
    with pytest.raises(ValueError, match=r"rank must be an integer in \[1, 5\]"):
        LoRALinear(nn.Linear(8, 5), rank=6)
    with pytest.raises(ValueError):
        LoRALinear(nn.Linear(8, 5), rank=0)


def test_adapter_starts_as_the_identity_and_learns_a_residual():
    torch.manual_seed(0)
    sub = nn.Linear(6, 6)
    adapter = Adapter(sub, n_embd=6, bottleneck=2)
    x = torch.randn(2, 3, 6)
    assert torch.equal(adapter(x), sub(x))
    with torch.no_grad():
        adapter.up.weight.fill_(0.1)
    y = sub(x)
    expected = y + adapter.up(torch.nn.functional.gelu(adapter.down(y)))
    assert torch.allclose(adapter(x), expected)
    assert sum(p.numel() for p in adapter.parameters()) - 42 == 2 * 6 * 2 + 2 + 6


def test_prefix_attention_equals_attention_over_the_whole_sequence():
    """Prefix keys/values taken from real tokens: attending to them equals causal
    attention over prefix + text, at the text positions."""
    gpt = tiny_gpt()
    attn = gpt.blocks[0].attn
    x = torch.randn(2, 9, TINY.n_embd)  # 3 prefix positions, 6 text
    full = attn(x)  # (2, 9, C)
    _, k, v = attn.qkv(x[:1, :3]).split(TINY.n_embd, dim=2)  # (1, 3, C) each
    got = prefix_attention(attn, x[:, 3:], k[0], v[0])
    # the prefix rows of x are the same for both sequences only in row 0
    assert torch.allclose(got[0], full[0, 3:], atol=1e-6)


def test_prefix_tuning_table_and_reparam_shapes():
    table = PrefixTuning(n_layer=2, n_embd=16, length=4)
    assert table().shape == (2, 2, 4, 16)
    mlp = PrefixTuning(n_layer=2, n_embd=16, length=4, reparam=True, hidden=8)
    out = mlp().detach().clone()
    assert out.shape == (2, 2, 4, 16)
    assert sum(p.numel() for p in mlp.parameters()) == 4 * 16 + 16 * 8 + 8 + 8 * 64 + 64
    mlp.freeze_table()
    assert torch.equal(mlp(), out) and mlp.mlp is None
    assert sum(p.numel() for p in mlp.parameters()) == 2 * 2 * 4 * 16


def test_prompt_tuning_prepends_its_embeddings():
    prompt = PromptTuning(n_embd=4, length=3)
    x = torch.randn(2, 5, 4)
    out = prompt(x)
    assert out.shape == (2, 8, 4)
    assert torch.equal(out[:, 3:], x) and torch.equal(out[1, :3], prompt.prompt)
    with pytest.raises(ValueError):
        PromptTuning(n_embd=4, length=3, init=torch.zeros(2, 4))
