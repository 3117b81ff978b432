"""Text-overlap metrics written plainly: BLEU, NIST, ROUGE-N and ROUGE-L.

Texts are compared as **tokens**: a string is split on whitespace (tokenise and
lowercase beforehand if you want that; every metric here sees exactly the tokens
you pass). Each candidate has one or more references.

* **BLEU** (Papineni et al., 2002): the geometric mean of the modified (clipped)
  n-gram precisions, n = 1..4, times a brevity penalty; corpus level pools the counts
  over all sentences before dividing. Scores are on sacrebleu's 0-100 scale.
  Smoothing (for zero counts, needed at sentence level) follows Chen and Cherry (2014):
  ``"none"``, ``"floor"`` (a zero count becomes ``smooth_value``, default 0.1),
  ``"add-k"`` (``smooth_value``, default 1, added to the counts of n >= 2) and
  ``"exp"`` (the NIST/mteval smoothing: the k-th zero precision becomes
  1 / (2^k x total)).
* **NIST** (Doddington, 2002): n-gram matches weighted by their information in the
  references, info(w1..wn) = log2(count(w1..wn-1) / count(w1..wn)), summed over
  n = 1..5, times a gentler length penalty.
* **ROUGE-N** and **ROUGE-L** (Lin, 2004): n-gram (or longest-common-subsequence)
  overlap as precision, recall and F1.

>>> round(sentence_bleu("the cat sat on the mat", ["the cat sat on a mat"]).score, 2)
53.73
>>> rouge_l("the cat sat", "the cat was sat").recall
0.75
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from helpers.core.validation import check_choice, check_int, check_real

SMOOTHING: dict[str, float | None] = {
    "none": None,
    "floor": 0.1,
    "add-k": 1.0,
    "exp": None,
}
"""BLEU smoothing methods and their default ``smooth_value``."""
MAX_SENTENCES = 1_000_000
MAX_N = 9


@dataclass
class BleuScore:
    """A BLEU score (0-100) and the numbers it is made of."""

    score: float
    precisions: list[float]  # per order, percent (after smoothing)
    brevity_penalty: float
    sys_len: int  # candidate tokens
    ref_len: int  # closest reference lengths, summed
    matches: list[int]  # clipped n-gram matches per order
    totals: list[int]  # candidate n-grams per order


@dataclass
class RougeScore:
    """Precision, recall and F1 of one candidate against one reference."""

    precision: float
    recall: float
    f1: float


def tokens(text: str) -> list[str]:
    """The tokens of ``text``: split on whitespace."""
    if not isinstance(text, str):
        raise TypeError(f"text must be a string, got {type(text).__name__}")
    return text.split()


def ngrams(toks: Sequence[str], n: int) -> Counter:
    """Counts of the n-grams (tuples) of a token list."""
    n = check_int("n", n, low=1, high=MAX_N)
    return Counter(tuple(toks[i : i + n]) for i in range(len(toks) - n + 1))


def _pairs(candidates, references) -> list[tuple[list[str], list[list[str]]]]:
    """Validated (candidate tokens, [reference tokens, ...]) pairs."""
    if isinstance(candidates, str) or not isinstance(candidates, Sequence):
        raise TypeError("candidates must be a list of strings")
    if isinstance(references, str) or not isinstance(references, Sequence):
        raise TypeError("references must be a list (one entry per candidate)")
    if not candidates:
        raise ValueError("candidates must not be empty")
    if len(candidates) > MAX_SENTENCES:
        raise ValueError(f"candidates must hold at most {MAX_SENTENCES} sentences")
    if len(candidates) != len(references):
        raise ValueError(
            f"candidates and references must have the same length, got "
            f"{len(candidates)} candidates and {len(references)} references"
        )
    out = []
    for i, (cand, refs) in enumerate(zip(candidates, references, strict=True)):
        if isinstance(refs, str):
            refs = [refs]
        if not isinstance(refs, Sequence) or not refs:
            raise ValueError(f"references[{i}] must hold at least one reference")
        ref_toks = [tokens(r) for r in refs]
        if not any(ref_toks):
            raise ValueError(f"references[{i}] must hold a non-empty reference")
        out.append((tokens(cand), ref_toks))
    return out


def _smoothing(smoothing: str, smooth_value: float | None) -> tuple[str, float]:
    smoothing = check_choice("smoothing", smoothing, list(SMOOTHING))
    if smooth_value is None:
        return smoothing, SMOOTHING[smoothing] or 0.0
    return smoothing, check_real("smooth_value", smooth_value, low=0, high=100)


def corpus_bleu(
    candidates: Sequence[str],
    references: Sequence[Sequence[str] | str],
    *,
    max_n: int = 4,
    smoothing: str = "exp",
    smooth_value: float | None = None,
    effective_order: bool = False,
) -> BleuScore:
    """Corpus BLEU: n-gram matches and totals summed over all sentences, then
    precisions, their geometric mean and the brevity penalty. ``references[i]`` is a
    list of references of ``candidates[i]`` (or one string)."""
    pairs = _pairs(candidates, references)
    max_n = check_int("max_n", max_n, low=1, high=MAX_N)
    smoothing, value = _smoothing(smoothing, smooth_value)
    matches, totals = [0] * max_n, [0] * max_n
    sys_len = ref_len = 0
    for cand, refs in pairs:
        sys_len += len(cand)
        # the reference length closest to the candidate's (ties: the shorter)
        ref_len += min((abs(len(r) - len(cand)), len(r)) for r in refs)[1]
        for n in range(1, max_n + 1):
            counts = ngrams(cand, n)
            best: Counter = Counter()  # most times each n-gram occurs in one reference
            for r in refs:
                best |= ngrams(r, n)
            matches[n - 1] += sum(min(c, best[g]) for g, c in counts.items())
            totals[n - 1] += sum(counts.values())
    return _bleu_from_counts(
        matches, totals, sys_len, ref_len, smoothing, value, effective_order
    )


def _bleu_from_counts(
    matches: list[int],
    totals: list[int],
    sys_len: int,
    ref_len: int,
    smoothing: str,
    value: float,
    effective_order: bool,
) -> BleuScore:
    max_n = len(matches)
    bp = 1.0
    if sys_len < ref_len:
        bp = math.exp(1 - ref_len / sys_len) if sys_len > 0 else 0.0
    precisions = [0.0] * max_n
    if not any(matches):
        return BleuScore(0.0, precisions, bp, sys_len, ref_len, matches, totals)
    m, t = [float(x) for x in matches], [float(x) for x in totals]
    halvings, order = 1.0, max_n
    for n in range(max_n):
        if smoothing == "add-k" and n > 0:
            m[n] += value
            t[n] += value
        if t[n] == 0:
            break
        if effective_order:
            order = n + 1
        if m[n] > 0:
            precisions[n] = 100.0 * m[n] / t[n]
        elif smoothing == "exp":
            halvings *= 2
            precisions[n] = 100.0 / (halvings * t[n])
        elif smoothing == "floor":
            precisions[n] = 100.0 * value / t[n]
    logs = [math.log(p) if p > 0 else -9_999_999_999 for p in precisions[:order]]
    score = bp * math.exp(sum(logs) / order)
    return BleuScore(score, precisions, bp, sys_len, ref_len, matches, totals)


def sentence_bleu(
    candidate: str,
    references: Sequence[str] | str,
    *,
    max_n: int = 4,
    smoothing: str = "exp",
    smooth_value: float | None = None,
    effective_order: bool = True,
) -> BleuScore:
    """BLEU of one sentence (smoothed: one missing 4-gram would otherwise make it 0)."""
    if not isinstance(candidate, str):
        raise TypeError(f"candidate must be a string, got {type(candidate).__name__}")
    return corpus_bleu(
        [candidate],
        [references],
        max_n=max_n,
        smoothing=smoothing,
        smooth_value=smooth_value,
        effective_order=effective_order,
    )


def information_weights(references: Sequence[Sequence[str]], max_n: int = 5) -> dict:
    """NIST's weight of every reference n-gram:
    log2(count(w1..wn-1) / count(w1..wn)), the words of all references counting for
    the empty prefix. Rare continuations of common prefixes weigh most."""
    max_n = check_int("max_n", max_n, low=1, high=MAX_N)
    freq: Counter = Counter()
    words = 0
    for refs in references:
        for r in refs:
            for n in range(1, max_n + 1):
                freq.update(ngrams(r, n))
            words += len(r)
    return {
        g: math.log2((freq[g[:-1]] if len(g) > 1 else words) / c)
        for g, c in freq.items()
    }


def corpus_nist(
    candidates: Sequence[str],
    references: Sequence[Sequence[str] | str],
    *,
    max_n: int = 5,
) -> float:
    """Corpus NIST score: for each order, information-weighted matches over the
    candidate n-grams (for each sentence and order the reference with the best
    weighted precision), summed over orders, times the NIST length penalty (whose
    reference length, as in NLTK, is that of the reference chosen at each order)."""
    pairs = _pairs(candidates, references)
    max_n = check_int("max_n", max_n, low=1, high=MAX_N)
    info = information_weights([refs for _, refs in pairs], max_n)
    score = 0.0
    sys_len = sum(len(c) for c, _ in pairs)
    ref_len = 0
    for n in range(1, max_n + 1):
        num = den = 0.0
        for cand, refs in pairs:
            counts = ngrams(cand, n)
            best = max(_nist_stats(counts, r, n, info) for r in refs)
            num, den = num + best[1], den + best[2]
            ref_len += best[3]  # as NLTK: the chosen reference's length, every order
        if den == 0:
            raise ValueError(f"candidates hold no {n}-grams: lower max_n")
        score += num / den
    return score * nist_length_penalty(sys_len * max_n, ref_len)


def _nist_stats(counts: Counter, ref: list[str], n: int, info: dict) -> tuple:
    overlap = counts & ngrams(ref, n)
    num = sum(info[g] * c for g, c in overlap.items())
    den = sum(counts.values())
    return (num / den if den else 0.0, num, den, len(ref))


def nist_length_penalty(sys_len: int, ref_len: int) -> float:
    """exp(beta log^2 min(sys/ref, 1)), beta chosen so that a candidate 2/3 as long
    as the references gets 0.5."""
    sys_len = check_int("sys_len", sys_len, low=0, high=10**10)
    ref_len = check_int("ref_len", ref_len, low=1, high=10**10)
    ratio = sys_len / ref_len
    if 0 < ratio < 1:
        beta = math.log(0.5) / math.log(1.5) ** 2
        return math.exp(beta * math.log(ratio) ** 2)
    return max(min(ratio, 1.0), 0.0)


def sentence_nist(candidate: str, references: Sequence[str] | str, *, max_n: int = 5):
    """NIST of one sentence (its own references give the information weights)."""
    if not isinstance(candidate, str):
        raise TypeError(f"candidate must be a string, got {type(candidate).__name__}")
    return corpus_nist([candidate], [references], max_n=max_n)


def _prf(overlap: float, n_cand: int, n_ref: int) -> RougeScore:
    p = overlap / n_cand if n_cand else 0.0
    r = overlap / n_ref if n_ref else 0.0
    return RougeScore(p, r, 2 * p * r / (p + r) if p + r > 0 else 0.0)


def _pair(candidate: str, reference: str) -> tuple[list[str], list[str]]:
    if not isinstance(reference, str):
        raise TypeError(f"reference must be a string, got {type(reference).__name__}")
    ref = tokens(reference)
    if not ref:
        raise ValueError("reference must not be empty")
    return tokens(candidate), ref


def rouge_n(candidate: str, reference: str, n: int = 2) -> RougeScore:
    """ROUGE-N: clipped n-gram overlap over the candidate's n-grams (precision) and
    the reference's (recall), and their F1."""
    cand, ref = _pair(candidate, reference)
    n = check_int("n", n, low=1, high=MAX_N)
    c, r = ngrams(cand, n), ngrams(ref, n)
    return _prf(sum((c & r).values()), sum(c.values()), sum(r.values()))


def lcs_length(a: Sequence[str], b: Sequence[str]) -> int:
    """Length of the longest common subsequence (dynamic programming, one row)."""
    if len(a) * len(b) > 10**8:
        raise ValueError("sequences too long for the LCS table")
    row = [0] * (len(b) + 1)
    for x in a:
        prev = 0  # row[j-1] of the previous row
        for j, y in enumerate(b, start=1):
            prev, row[j] = row[j], prev + 1 if x == y else max(row[j], row[j - 1])
    return row[-1]


def rouge_l(candidate: str, reference: str) -> RougeScore:
    """ROUGE-L: longest common subsequence over the candidate's length (precision)
    and the reference's (recall), and their F1."""
    cand, ref = _pair(candidate, reference)
    return _prf(lcs_length(cand, ref), len(cand), len(ref))


def mean_rouge(
    candidates: Sequence[str], references: Sequence[str], kind: str = "rougeL"
) -> RougeScore:
    """ROUGE averaged over sentence pairs (``kind`` ``"rouge1"``, ``"rouge2"`` or
    ``"rougeL"``; one reference each)."""
    kind = check_choice("kind", kind, ["rouge1", "rouge2", "rougeL"])
    pairs = _pairs(candidates, references)
    scores = []
    for cand, refs in pairs:
        if len(refs) != 1:
            raise ValueError("mean_rouge takes one reference per candidate")
        c, r = " ".join(cand), " ".join(refs[0])
        scores.append(
            rouge_l(c, r) if kind == "rougeL" else rouge_n(c, r, int(kind[-1]))
        )
    k = len(scores)
    return RougeScore(
        sum(s.precision for s in scores) / k,
        sum(s.recall for s in scores) / k,
        sum(s.f1 for s in scores) / k,
    )
