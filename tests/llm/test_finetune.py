"""The fine-tuning loop and its measurements against references: accuracy against
scikit-learn, bpc against lesson 16's eval_bpc, memory counted by formula."""

import io

import numpy as np
import pytest
import torch
from sklearn.metrics import accuracy_score

from helpers.llm.finetune import (
    LEARNING_RATES,
    Task,
    accuracy,
    checkpoint_bytes,
    encode_texts,
    eval_sign,
    fit_classifier,
    lm_bpc,
    make_task,
    predict_logits,
    step_memory,
)
from helpers.llm.peft_model import METHODS, apply_method, trainable_state
from helpers.llm.tokenizer import encode
from helpers.llm.train import eval_bpc
from llm.peft_support import TINY, tiny_gpt, tiny_task


def test_encode_texts_cuts_pads_and_masks():
    X, M = encode_texts(["abcdef", "ab"], input_len=4)  # noqa: N806
    assert X.tolist() == [encode("abcd").tolist(), [*encode("ab").tolist(), 0, 0]]
    assert M.sum(1).tolist() == [4.0, 2.0]
    with pytest.raises(TypeError):
        encode_texts("abc")
    with pytest.raises(TypeError):
        encode_texts(["ok", ""])


@pytest.mark.parametrize("name", ["tickets", "instruction", "sign"])
def test_tasks_have_labels_in_range_and_disjoint_splits(name):
    task = make_task(name, n_train=40, n_test=20, input_len=48)
    assert isinstance(task, Task)
    assert task.X_train.shape == (40, 48) and task.X_test.shape == (20, 48)
    assert task.y_train.max() < len(task.classes) and task.y_train.min() >= 0
    train = {tuple(r) for r in task.X_train}
    if name != "tickets":  # generated prompts are deduplicated before the split
        assert not train & {tuple(r) for r in task.X_test}


def test_instruction_and_sign_labels_follow_the_text():
    task = make_task("sign", n_train=30, n_test=10, input_len=20)
    for ids, y in zip(task.X_train, task.y_train, strict=True):
        text = "".join(chr(32 + i - 2) for i in ids[ids > 0])  # printable ids
        assert int(eval_sign(text)) == y
    assert eval_sign("Q: 3 - 5 = ?") and not eval_sign("Q: 3 + 5 = ?")
    with pytest.raises(ValueError):
        eval_sign("hello")


def test_fit_lowers_the_loss_and_is_deterministic():
    task = tiny_task()
    runs = []
    for _ in range(2):
        model = apply_method(tiny_gpt(), "full", n_classes=4, input_len=16)
        log = fit_classifier(model, task, steps=30, lr=3e-3)
        runs.append(log.losses)
    assert runs[0][-5:].mean() < runs[0][:5].mean()
    assert np.array_equal(runs[0], runs[1])
    assert set(LEARNING_RATES) == set(METHODS)


def test_accuracy_agrees_with_scikit_learn():
    task = tiny_task()
    model = apply_method(tiny_gpt(), "head", n_classes=4, input_len=16)
    pred = predict_logits(model, task.X_test, task.M_test).argmax(1)
    assert accuracy(model, task) == pytest.approx(accuracy_score(task.y_test, pred))


def test_padding_does_not_change_the_prediction():
    model = apply_method(tiny_gpt(), "lora", n_classes=4, input_len=16)
    short_x, short_m = encode_texts(["refund please"], input_len=13)
    long_x, long_m = encode_texts(["refund please"], input_len=16)
    a = predict_logits(model, short_x, short_m)
    b = predict_logits(model, long_x, long_m)
    assert np.allclose(a, b, atol=1e-6)


def test_step_memory_counts_weights_gradients_and_adam_by_formula():
    task = tiny_task()
    model = apply_method(tiny_gpt(), "lora", n_classes=4, input_len=16)
    mem = step_memory(model, task, batch_size=8)
    n_all = sum(p.numel() for p in model.parameters())
    n_train = sum(p.numel() for p in model.parameters() if p.requires_grad)
    assert mem["weights"] == 4 * n_all and mem["gradients"] == 4 * n_train
    assert mem["optimizer"] == 8 * n_train
    assert mem["total"] == mem["weights"] + 12 * n_train + mem["activations"]
    head = step_memory(apply_method(tiny_gpt(), "head", n_classes=4, input_len=16),
                       task, batch_size=8)  # fmt: skip
    assert 0 < head["activations"] < mem["activations"]  # nothing below the head
    assert all(p.grad is None for p in model.parameters())


def test_checkpoint_bytes_is_the_saved_trainable_tensors():
    model = apply_method(tiny_gpt(), "prompt", n_classes=4, input_len=16, length=4)
    buf = io.BytesIO()
    torch.save(trainable_state(model), buf)
    assert checkpoint_bytes(model) == len(buf.getvalue())
    assert checkpoint_bytes(model) > 4 * (4 * 16 + 16 * 4 + 4)


def test_lm_bpc_equals_lesson_16s_eval_bpc_for_the_untouched_model():
    gpt = tiny_gpt()
    ids = encode("Return the sum of the values. " * 20)
    model = apply_method(gpt, "head", input_len=16)
    ours = lm_bpc(model, ids, window=16, max_windows=8)
    assert ours == pytest.approx(eval_bpc(gpt, ids, block_size=16, max_windows=8),
                                 rel=1e-5)  # fmt: skip
    with pytest.raises(ValueError):
        lm_bpc(model, ids[:10], window=16)
    assert TINY.block_size >= 16
