"""LocalLM: batched greedy decoding equals GPT.generate one prompt at a time;
log-likelihoods equal a hand computation; context limits refused."""

from __future__ import annotations

import pytest
import torch
from torch.nn import functional as F  # noqa: N812

from helpers.llm.harness_lm import ContextTooLong, check_stop, cut_at_stop
from helpers.llm.tokenizer import EOT, decode, encode
from llm.openai_support import tiny_lm


def test_batched_greedy_equals_generate_one_by_one():
    lm = tiny_lm()
    prompts = ["ab", "hello w", "Q: 1+2\nA:", "z"]
    got = lm.complete(prompts, max_tokens=6)
    for prompt, text in zip(prompts, got, strict=True):
        idx = torch.as_tensor(encode(prompt))[None]  # (1, T)
        out = lm.model.generate(idx, 6, temperature=0)  # (1, T + 6)
        expected = decode(out[0, len(prompt) :].numpy())
        assert text == cut_at_stop(expected, [EOT])[0]


def test_stop_strings_cut_the_answer():
    lm = tiny_lm()
    full = lm.complete(["abc"], max_tokens=8)[0]
    if len(full) >= 3:
        stop = full[2]
        assert (
            lm.complete(["abc"], max_tokens=8, stop=stop)[0] == full[: full.find(stop)]
        )
    assert cut_at_stop("12\nQ: 3", ["\n"]) == ("12", True)
    assert cut_at_stop("12", ["\n"]) == ("12", False)


def test_loglik_equals_hand_sum():
    lm = tiny_lm()
    context, cont = "Q: 2", "+3"
    ids = torch.as_tensor(encode(context + cont))[None]  # (1, T)
    with torch.no_grad():
        logp = F.log_softmax(lm.model(ids)[0], dim=-1)[0]  # (T, vocab)
    expected = sum(
        float(logp[len(context) - 1 + i, ids[0, len(context) + i]])
        for i in range(len(cont))
    )
    got = lm.loglik([context, "x"], [cont, "yz"])
    assert got[0] == pytest.approx(expected, abs=1e-5)
    assert got[1] < 0


def test_context_limits_and_bad_input():
    lm = tiny_lm(block_size=16)
    with pytest.raises(ContextTooLong, match="context is 16 tokens"):
        lm.complete(["x" * 14], max_tokens=4)
    with pytest.raises(ContextTooLong):
        lm.loglik(["x" * 10], ["y" * 7])
    with pytest.raises(ValueError, match="same length"):
        lm.loglik(["a", "b"], ["c"])
    with pytest.raises(TypeError):
        check_stop([1])
    with pytest.raises(TypeError):
        lm.complete([], max_tokens=2)
