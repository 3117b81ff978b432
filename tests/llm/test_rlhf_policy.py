"""Tests for llm/rlhf_policy.py: batches, log-probabilities, sampling and SFT."""

from __future__ import annotations

import torch
from torch.nn import functional as F  # noqa: N812

from helpers.llm import rlhf_policy as P
from helpers.llm.rlhf_data import DECLINE, PROMPT_CHARS, Prompt
from helpers.llm.tokenizer import EOT, encode
from llm.rlhf_support import small_gpt


def test_the_mask_covers_the_response_and_its_end_token():
    idx, mask, last = P.encode_batch(
        [Prompt(1, 2), Prompt(3, 4)], [" 3", " 7, I think"]
    )
    assert idx.shape == (2, PROMPT_CHARS + 12)
    assert mask[0].sum() == 3 and mask[1].sum() == 12  # " 3" + EOT, " 7, I think" + EOT
    assert last.tolist() == [PROMPT_CHARS + 2, PROMPT_CHARS + 11]
    assert int(idx[0, last[0]]) == 0  # the end-of-text token


def test_response_logprob_is_the_sum_over_response_tokens_by_hand():
    model = small_gpt()
    prompt, response = Prompt(4, 5), " 9 or so"
    ids = torch.from_numpy(encode(prompt.text + response + EOT))[None]  # (1, T)
    logits, _ = model(ids[:, :-1])  # (1, T-1, vocab)
    logp = F.log_softmax(logits, dim=-1)[0]  # (T-1, vocab)
    by_hand = sum(
        float(logp[t - 1, ids[0, t]]) for t in range(PROMPT_CHARS, ids.shape[1])
    )
    got = P.response_logprob(model, [prompt], [response])
    assert abs(float(got[0]) - by_hand) < 1e-5
    # padding a shorter response in a batch does not change its value
    both = P.response_logprob(model, [prompt, prompt], [response, " 9"])
    assert abs(float(both[0]) - by_hand) < 1e-5


def test_sft_teaches_the_demonstrated_answer_and_sampling_stops_at_the_end():
    model = small_gpt()
    prompts = [Prompt(a, b) for a in range(3) for b in range(3)]
    responses = [DECLINE] * len(prompts)
    losses = P.sft(model, prompts, responses, steps=60, batch_size=9, lr=1e-2)
    assert losses[-5:].mean() < 0.2 * losses[:3].mean()
    assert P.sample_responses(model, prompts, temperature=0) == responses
    gen = torch.Generator().manual_seed(0)
    sampled = P.sample_responses(small_gpt(), prompts, generator=gen)
    assert all(len(s) <= P.MAX_NEW and EOT not in s and "\n" not in s for s in sampled)


def test_frozen_copy_has_no_gradients_and_equal_outputs():
    model = small_gpt()
    ref = P.frozen_copy(model)
    assert not any(p.requires_grad for p in ref.parameters())
    ps, ys = [Prompt(1, 1)], [" 2"]
    assert torch.equal(
        P.response_logprob(model, ps, ys), P.response_logprob(ref, ps, ys)
    )
