"""apply_method: trainable counts equal their formulas, frozen weights stay
bit-identical through training, the head-only model is the base GPT, swaps."""

import pytest
import torch

from helpers.llm.finetune import fit_classifier, predict_logits
from helpers.llm.peft_model import (
    METHODS,
    PeftModel,
    apply_method,
    base_state,
    count_all,
    count_trainable,
    expected_trainable,
    load_trainable,
    lora_targets,
    trainable_state,
)
from llm.peft_support import TINY, tiny_gpt, tiny_task

SETTINGS = [
    ("full", {}),
    ("head", {}),
    ("adapter", {"bottleneck": 3}),
    ("prefix", {"length": 4}),
    ("prefix", {"length": 4, "reparam": True, "hidden": 8}),
    ("prompt", {"length": 4}),
    ("lora", {"rank": 2, "targets": "attention"}),
    ("lora", {"rank": 3, "targets": ("fc", "mlp.proj")}),
    ("lora", {"rank": 1, "targets": "both"}),
]


@pytest.mark.parametrize(("method", "settings"), SETTINGS)
def test_trainable_count_matches_the_formula(method, settings):
    gpt = tiny_gpt()
    model = apply_method(gpt, method, n_classes=3, input_len=16, **settings)
    assert count_trainable(model) == expected_trainable(
        TINY, method, n_classes=3, input_len=16, **settings
    )


def test_formulas_by_hand_for_the_tiny_model():
    C, L, K = 16, 2, 3  # noqa: N806
    head = C * K + K
    cases = {
        ("lora", 2): L * 2 * ((C + 3 * C) + (C + C)) + head,
        ("adapter", 3): L * 2 * (C * 3 + 3 + 3 * C + C) + head,
        ("prefix", 4): L * 2 * 4 * C + head,
        ("prompt", 4): 4 * C + head,
    }
    keys = {"lora": "rank", "adapter": "bottleneck", "prefix": "length",
            "prompt": "length"}  # fmt: skip
    for (method, value), expected in cases.items():
        cfg = {keys[method]: value}
        model = apply_method(tiny_gpt(), method, n_classes=K, input_len=16, **cfg)
        assert count_trainable(model) == expected, method
    full = apply_method(tiny_gpt(), "full", n_classes=K, input_len=16)
    assert count_trainable(full) == count_all(tiny_gpt()) + head


def test_head_only_model_reads_the_base_gpt_exactly():
    gpt = tiny_gpt()
    x = torch.randint(0, 97, (3, 10))
    for method in ("head", "lora", "adapter"):  # B = 0 and W_up = 0 at the start
        lm = apply_method(gpt, method, input_len=16)
        assert torch.equal(lm(x), gpt(x)[0]), method


@pytest.mark.parametrize("method", ["head", "adapter", "prefix", "prompt", "lora"])
def test_frozen_weights_stay_bit_identical_after_training(method):
    gpt = tiny_gpt()
    before = {k: v.clone() for k, v in gpt.state_dict().items()}
    model = apply_method(gpt, method, n_classes=4, input_len=16, length=4)
    start = trainable_state(model)
    fit_classifier(model, tiny_task(), steps=3, lr=1e-2)
    after = base_state(model)
    assert after.keys() == before.keys()
    assert all(torch.equal(after[k], v) for k, v in before.items())
    moved = trainable_state(model)
    assert any(not torch.equal(moved[k], v) for k, v in start.items())
    assert all(torch.equal(gpt.state_dict()[k], v) for k, v in before.items())


def test_full_fine_tuning_moves_the_base():
    gpt = tiny_gpt()
    model = apply_method(gpt, "full", n_classes=4, input_len=16)
    fit_classifier(model, tiny_task(), steps=2)
    after = base_state(model)
    assert not torch.equal(after["blocks.0.attn.qkv.weight"],
                           gpt.state_dict()["blocks.0.attn.qkv.weight"])  # fmt: skip


def test_merge_gives_the_unmerged_outputs():
    model = apply_method(tiny_gpt(), "lora", n_classes=4, targets="both", input_len=16)
    with torch.no_grad():
        for name, p in model.named_parameters():
            if name.endswith(".B"):
                p.normal_()
    task = tiny_task()
    before = predict_logits(model, task.X_test, task.M_test)
    model.merge()
    after = predict_logits(model, task.X_test, task.M_test)
    assert abs(after - before).max() < 1e-5


def test_swapping_trained_weights_reproduces_each_model():
    gpt, task = tiny_gpt(), tiny_task()
    states, logits = [], []
    for seed in (0, 1):
        model = apply_method(gpt, "lora", n_classes=4, input_len=16)
        fit_classifier(model, task, steps=2, seed=seed)
        states.append(trainable_state(model))
        logits.append(predict_logits(model, task.X_test, task.M_test))
    served = apply_method(gpt, "lora", n_classes=4, input_len=16)
    for state, expected in zip(states, logits, strict=True):
        load_trainable(served, state)
        got = predict_logits(served, task.X_test, task.M_test)
        assert abs(got - expected).max() < 1e-6
    with pytest.raises(ValueError, match="trainable tensors"):
        load_trainable(served, {"x": torch.zeros(1)})


def test_bad_settings_name_the_valid_choices():
    gpt = tiny_gpt()
    with pytest.raises(ValueError, match="choose one of.*lora"):
        apply_method(gpt, "qlora", input_len=16)
    with pytest.raises(ValueError, match=r"rank must be an integer in \[1, 16\]"):
        apply_method(gpt, "lora", rank=17, input_len=16)
    with pytest.raises(ValueError, match=r"\[1, 16\]"):
        apply_method(gpt, "lora", rank=0, input_len=16)
    with pytest.raises(ValueError, match="valid choices.*attention.*mlp.proj"):
        apply_method(gpt, "lora", targets=("qkv", "ffn"), input_len=16)
    with pytest.raises(ValueError, match="block_size 24"):
        apply_method(gpt, "prompt", length=10, input_len=16)
    with pytest.raises(ValueError, match="block_size 24"):
        apply_method(gpt, "prefix", length=9, input_len=16)
    with pytest.raises(ValueError, match="unknown settings"):
        apply_method(gpt, "lora", ranks=2, input_len=16)
    with pytest.raises(TypeError):
        apply_method("gpt", "lora")
    with pytest.raises(ValueError, match="input_len"):
        apply_method(gpt, "head")  # the default 48 does not fit block 24


def test_lora_targets_groups_and_names():
    assert lora_targets("both") == ("qkv", "attn.proj", "fc", "mlp.proj")
    assert lora_targets("fc") == ("fc",)
    assert lora_targets(["qkv", "qkv"]) == ("qkv",)
    assert set(METHODS) == {"full", "head", "adapter", "prefix", "prompt", "lora"}
    assert isinstance(apply_method(tiny_gpt(), "head", input_len=8), PeftModel)
