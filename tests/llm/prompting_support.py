"""Oracles for the prompting tests: fake models whose right and wrong answers are
known, so the experiments' bookkeeping can be checked exactly."""

from __future__ import annotations

from helpers.llm import prompting_tasks as pt


class RuleOracle:
    """Answers the hidden-rule task right when the prompt holds at least one example
    line (it reads the rule off the first one), and "?" otherwise."""

    def complete(self, prompts, max_tokens=16, *, stop=None):
        out = []
        for p in prompts:
            lines = p.split("\n")
            word = lines[-1].removesuffix(" ->")
            examples = [ln.split(" -> ") for ln in lines[:-1] if " -> " in ln]
            if not examples:
                out.append(" ?")
                continue
            w, a = examples[0]
            rule = next(r for r in pt.RULES if pt.apply_rule(r, w) == a)
            out.append(" " + pt.apply_rule(rule, word))
        return out


class SumOracle:
    """Right on sums when it may show its working (a worked example or the
    trigger in the prompt), off by one when it must answer directly."""

    def complete(self, prompts, max_tokens=16, *, stop=None):
        out = []
        for p in prompts:
            last_q = [ln for ln in p.split("\n") if ln.startswith("Q: ")][-1]
            nums = [int(x) for x in last_q[3:].split("+")]
            if pt.TRIGGER in p:
                out.append(" " + pt.cot_answer(nums).removeprefix(pt.TRIGGER + " "))
            else:
                out.append(f" {sum(nums) + 1}")
        return out
