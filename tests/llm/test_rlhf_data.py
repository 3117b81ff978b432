"""Tests for llm/rlhf_data.py: the rule, the demonstrators and the pair labels."""

from __future__ import annotations

import numpy as np
import pytest

from helpers.llm import rlhf_data as D


def test_the_rule_scores_each_kind_of_answer():
    p = D.Prompt(5, 7)
    assert p.text == "Q: 5 + 7 = ?\nA:" and len(p.text) == D.PROMPT_CHARS
    assert D.rule_score(p, " 12") == 1.0
    assert D.rule_score(p, " 12 or so") == D.SCORES["rambling"] == 0.3
    assert D.rule_score(p, " 13") == -1.0
    assert D.rule_score(p, "12") == -1.0  # the format needs the space
    assert D.rule_score(p, D.DECLINE) == 0.0
    q = D.Prompt(5, None, "y")
    assert q.text == "Q: 5 + y = ?\nA:" and not q.answerable
    assert D.rule_score(q, D.DECLINE) == 1.0 and D.rule_score(q, " 5") == -1.0


def test_demonstrators_follow_their_mix():
    prompts = D.make_prompts(6000, unanswerable=0.25, seed=1)
    assert max(p.a for p in prompts) == D.MAX_OPERAND
    answerable = np.array([p.answerable for p in prompts])
    assert abs((~answerable).mean() - 0.25) < 0.02
    demos = D.demonstrations(prompts, seed=2)
    kinds = np.array(
        [D.response_kind(p, r) for p, r in zip(prompts, demos, strict=True)]
    )
    share = {
        k: (kinds[answerable] == k).mean() for k in ("correct", "rambling", "wrong")
    }
    assert share["correct"] == pytest.approx(0.60, abs=0.03)
    assert share["rambling"] == pytest.approx(0.15, abs=0.02)
    assert share["wrong"] == pytest.approx(0.15, abs=0.02)
    declined = (kinds[~answerable] == "declined (unanswerable)").mean()
    assert declined == pytest.approx(0.40, abs=0.04)


def test_pairs_prefer_the_higher_score_and_drop_ties():
    ps = [D.Prompt(1, 1), D.Prompt(2, 2), D.Prompt(3, None)]
    a, b = [" 2", " 5", " 1"], [" 3", " 6", D.DECLINE]
    pairs = D.label_pairs(ps, a, b, D.rule_scores(ps, a), D.rule_scores(ps, b))
    assert len(pairs) == 2  # the second prompt: two wrong answers, a tie
    assert pairs.chosen == [" 2", D.DECLINE] and pairs.rejected == [" 3", " 1"]
    with pytest.raises(ValueError, match="tie"):
        D.label_pairs(ps[:1], [" 5"], [" 6"], np.array([-1.0]), np.array([-1.0]))
    with pytest.raises(ValueError, match="one per prompt"):
        D.label_pairs(ps, a[:2], b, np.zeros(3), np.ones(3))
    with pytest.raises(ValueError, match="empty"):
        D.label_pairs([], [], [], np.zeros(0), np.zeros(0))


def test_prompts_refuse_bad_operands_and_responses():
    with pytest.raises(ValueError):
        D.Prompt(10, 1)
    with pytest.raises(TypeError, match="response"):
        D.rule_score(D.Prompt(1, 1), 2)
    with pytest.raises(ValueError):
        D.Prompt(1, 2, "q")
