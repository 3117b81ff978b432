"""Our LoRA against the PEFT library (a dev/test reference only) on the same
weights: a single linear layer, and the whole GPT with LoRA on every linear layer.
Importing PEFT takes seconds, so these checks live in their own file."""

import copy

import pytest
import torch
from torch import nn

from helpers.llm.peft_layers import LoRALinear
from helpers.llm.peft_model import apply_method
from llm.peft_support import tiny_gpt

peft = pytest.importorskip("peft")


def _copy_lora_weights(ref: nn.Module, lookup) -> None:
    with torch.no_grad():
        for name, p in ref.named_parameters():
            if "lora_A" in name or "lora_B" in name:
                p.copy_(lookup(name))


def test_lora_matches_peft_on_a_linear_layer():
    torch.manual_seed(1)
    layer = nn.Sequential(nn.Linear(8, 5))
    mine = LoRALinear(copy.deepcopy(layer[0]), rank=2, alpha=4.0)
    with torch.no_grad():
        mine.B.normal_()
    ref = peft.get_peft_model(
        layer, peft.LoraConfig(r=2, lora_alpha=4.0, target_modules=["0"])
    )
    _copy_lora_weights(ref, lambda n: mine.A if "lora_A" in n else mine.B)
    x = torch.randn(3, 8)
    assert (ref(x) - mine(x)).abs().max() < 1e-6


def test_lora_matches_peft_on_the_whole_gpt():
    gpt = tiny_gpt()
    mine = apply_method(gpt, "lora", rank=4, alpha=8.0, targets="both", input_len=16)
    with torch.no_grad():
        for name, p in mine.named_parameters():
            if name.endswith(".B"):
                p.normal_()
    config = peft.LoraConfig(
        r=4, lora_alpha=8.0, lora_dropout=0.0,
        target_modules=["qkv", "attn.proj", "fc", "mlp.proj"],
    )  # fmt: skip
    ref = peft.get_peft_model(copy.deepcopy(gpt), config)
    params = dict(mine.named_parameters())

    def lookup(name: str) -> torch.Tensor:
        key = name.replace("base_model.model.", "base.")
        key = key.replace(".lora_A.default.weight", ".A")
        return params[key.replace(".lora_B.default.weight", ".B")]

    _copy_lora_weights(ref, lookup)
    n_ref = sum(p.numel() for n, p in ref.named_parameters() if "lora_" in n)
    assert n_ref == sum(p.numel() for n, p in params.items() if n[-2:] in (".A", ".B"))
    x = torch.randint(0, 97, (2, 12))
    assert (ref(x)[0] - mine(x)).abs().max() < 1e-5
