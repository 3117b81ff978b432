"""textmetrics against the reference packages: sacrebleu (BLEU), NLTK (NIST) and
rouge-score (ROUGE), on many random sentence pairs, to 1e-6.

Same tokens on both sides: sentences are lowercase letter words joined by single
spaces, so sacrebleu with ``tokenize="none"`` (whitespace split), NLTK on ``str.split``
and rouge-score's default tokenizer (lowercase, split on non-alphanumerics, no
stemming) all see exactly the tokens textmetrics sees.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
import sacrebleu
from nltk.translate.nist_score import corpus_nist as nltk_corpus_nist
from rouge_score import rouge_scorer

from helpers.llm import textmetrics as tm

VOCAB = "the a cat dog sat on mat ran to big red house and of in it".split()


def random_sentence(rng, low=1, high=14) -> str:
    n = int(rng.integers(low, high))
    return " ".join(rng.choice(VOCAB, size=n))


def random_corpus(seed, n=30, refs=2, low=1):
    rng = np.random.default_rng(seed)
    cands = [random_sentence(rng, low) for _ in range(n)]
    references = [[random_sentence(rng, low) for _ in range(refs)] for _ in range(n)]
    return cands, references


@pytest.mark.parametrize("smoothing", ["none", "floor", "add-k", "exp"])
@pytest.mark.parametrize("seed", range(5))
def test_corpus_bleu_matches_sacrebleu(seed, smoothing):
    cands, refs = random_corpus(seed)
    streams = [list(r) for r in zip(*refs, strict=True)]  # sacrebleu: per reference
    expected = sacrebleu.corpus_bleu(
        cands, streams, smooth_method=smoothing, tokenize="none", force=True
    )
    got = tm.corpus_bleu(cands, refs, smoothing=smoothing)
    assert got.score == pytest.approx(expected.score, abs=1e-6)
    assert got.brevity_penalty == pytest.approx(expected.bp, abs=1e-9)
    assert got.sys_len == expected.sys_len and got.ref_len == expected.ref_len


@pytest.mark.parametrize("smoothing", ["none", "floor", "add-k", "exp"])
def test_sentence_bleu_matches_sacrebleu_on_many_pairs(smoothing):
    rng = np.random.default_rng(1)
    for _ in range(200):
        cand = random_sentence(rng)
        refs = [random_sentence(rng) for _ in range(int(rng.integers(1, 4)))]
        expected = sacrebleu.sentence_bleu(
            cand, refs, smooth_method=smoothing, tokenize="none"
        )
        got = tm.sentence_bleu(cand, refs, smoothing=smoothing)
        assert got.score == pytest.approx(expected.score, abs=1e-6), (cand, refs)


def test_bleu_by_hand():
    # 6 candidate tokens, reference of 6: bp 1; precisions 5/6, 3/5, 2/4, 1/3
    got = tm.corpus_bleu(["the cat sat on the mat"], [["the cat sat on a mat"]])
    assert got.matches == [5, 3, 2, 1] and got.totals == [6, 5, 4, 3]
    logs = [math.log(5 / 6), math.log(3 / 5), math.log(2 / 4), math.log(1 / 3)]
    assert got.score == pytest.approx(100 * math.exp(sum(logs) / 4))
    # no 4-gram matches: exp smoothing makes that precision 1 / (2 x 2 4-grams)
    got = tm.corpus_bleu(["a b c x y"], [["a b c d y"]])
    assert got.matches[3] == 0
    assert got.precisions[3] == pytest.approx(100 / (2 * 2))
    assert tm.corpus_bleu(["a b"], [["a b c d"]]).brevity_penalty == pytest.approx(
        math.exp(1 - 4 / 2)
    )
    assert tm.corpus_bleu(["x y z w"], [["a b c d"]], smoothing="none").score == 0.0


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("max_n", [1, 3, 5])
def test_corpus_nist_matches_nltk(seed, max_n):
    cands, refs = random_corpus(seed, refs=1 + seed % 3, low=5)
    expected = nltk_corpus_nist(
        [[r.split() for r in rs] for rs in refs], [c.split() for c in cands], n=max_n
    )
    assert tm.corpus_nist(cands, refs, max_n=max_n) == pytest.approx(expected, abs=1e-6)


def test_sentence_nist_and_information_weights_by_hand():
    w = tm.information_weights([[["a", "b", "a", "c"]]], max_n=2)
    assert w[("a",)] == pytest.approx(math.log2(4 / 2))
    assert w[("a", "b")] == pytest.approx(math.log2(2 / 1))
    expected = nltk_corpus_nist(
        [[["a", "b", "c", "d", "e"]]], [["a", "b", "x", "d", "e"]]
    )
    assert tm.sentence_nist("a b x d e", ["a b c d e"]) == pytest.approx(expected)
    assert tm.nist_length_penalty(2, 3) == pytest.approx(0.5)


def test_rouge_matches_rouge_score_on_many_pairs():
    scorer = rouge_scorer.RougeScorer(["rouge1", "rouge2", "rougeL"])
    rng = np.random.default_rng(2)
    for _ in range(300):
        cand, ref = random_sentence(rng), random_sentence(rng)
        expected = scorer.score(ref, cand)  # score(target, prediction)
        ours = {
            "rouge1": tm.rouge_n(cand, ref, 1),
            "rouge2": tm.rouge_n(cand, ref, 2),
            "rougeL": tm.rouge_l(cand, ref),
        }
        for key, got in ours.items():
            e = expected[key]
            assert got.precision == pytest.approx(e.precision, abs=1e-6)
            assert got.recall == pytest.approx(e.recall, abs=1e-6)
            assert got.f1 == pytest.approx(e.fmeasure, abs=1e-6)


def test_lcs_and_mean_rouge():
    assert tm.lcs_length("abcbdab", "bdcaba") == 4
    got = tm.mean_rouge(["a b", "c d"], ["a b", "x y"], kind="rouge1")
    assert got.f1 == pytest.approx(0.5)


def test_bad_input_messages():
    with pytest.raises(ValueError, match="same length"):
        tm.corpus_bleu(["a b", "c"], [["a b"]])
    with pytest.raises(ValueError, match="at least one reference"):
        tm.corpus_bleu(["a b"], [[]])
    with pytest.raises(ValueError, match="non-empty reference"):
        tm.corpus_bleu(["a b"], [[""]])
    with pytest.raises(ValueError, match="reference must not be empty"):
        tm.rouge_l("a b", "  ")
    with pytest.raises(ValueError, match="unknown smoothing"):
        tm.sentence_bleu("a", ["a"], smoothing="laplace")
