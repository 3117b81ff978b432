"""solutions_18_eval against independent computations."""

from __future__ import annotations

import pandas as pd
import pytest
import sacrebleu

from helpers.llm import prompting_tasks as pt
from helpers.llm import solutions_18_eval as sol
from helpers.llm.prompting import CONDITIONS
from llm.prompting_support import RuleOracle


def test_ex1_is_sacrebleus_bigram_precision():
    cand, ref = "the red cat sat on the red mat", "the red cat is on the mat"
    expected = sacrebleu.corpus_bleu([cand], [[ref]], tokenize="none").precisions[1]
    assert sol.ex1(cand, ref) == pytest.approx(expected)


def test_ex2_letter_of_the_best_condition():
    table = pd.DataFrame({"condition": CONDITIONS, "accuracy": [0.1, 0.2, 0.9, 0.5]})
    assert sol.ex2(table) == "c"


def test_ex3_with_an_oracle():
    assert sol.ex3(RuleOracle(), pt.heldout_words(8)) == 100.0
