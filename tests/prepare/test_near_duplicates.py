"""Tests of prepare.near_duplicates: shingles, hashes and their scores by hand."""

from __future__ import annotations

import numpy as np
import pytest

from helpers.prepare import near_duplicates as nd


def test_jaccard_by_hand():
    # "abcd" -> {abc, bcd}; "abce" -> {abc, bce}: 1 shared of 3.
    J = nd.jaccard_matrix(["abcd", "abce", "ABCD"], k=3)
    assert J[0, 1] == pytest.approx(1 / 3)
    assert J[0, 2] == 1.0  # case is ignored
    assert np.allclose(J, J.T) and np.allclose(np.diag(J), 1)


def test_near_and_exact_text_pairs():
    texts = ["my parcel never arrived", "my parcel never arived", "reset my password"]
    assert nd.near_duplicate_texts(texts, threshold=0.7) == {(0, 1)}
    assert nd.exact_duplicate_texts(texts + [texts[2]]) == {(2, 3)}


def test_text_copies_are_found_and_scored():
    rng = np.random.default_rng(0)
    letters = list("abcdefghijklmnopqrstuvwxyz ")
    texts = ["".join(rng.choice(letters, size=40)) for _ in range(60)]
    both, truth = nd.text_copies(texts, n_copies=10, seed=1)
    assert len(both) == 70 and len(truth) == 10
    assert all(j >= 60 and both[j] != texts[i] for i, j in truth)
    found = nd.near_duplicate_texts(both, threshold=0.6)
    precision, recall = nd.pair_precision_recall(found, truth)
    assert recall == 1.0 and precision == 1.0  # random strings share few shingles
    assert nd.pair_precision_recall(nd.exact_duplicate_texts(both), truth)[1] == 0


def test_average_hash_ignores_brightness_and_contrast():
    rng = np.random.default_rng(0)
    img = rng.uniform(size=(1, 4, 4))
    bits = nd.average_hash(img)
    assert bits.shape == (1, 16)
    assert (nd.average_hash(0.5 * img + 3.0) == bits).all()
    assert bits.sum() == int((img > img.mean()).sum())


def test_hamming_and_correlation_by_hand():
    a = np.array([[0, 1, 0, 1], [0, 1, 1, 1], [1, 0, 1, 0], [0, 2, 0, 2]], float)
    # Hashes: a0 = 0101, a1 = 0111 (1 bit from a0), a2 = 1010 (4 bits), a3 = a0.
    assert nd.near_duplicate_images(a, max_bits=0) == {(0, 3)}
    assert nd.near_duplicate_images(a, max_bits=1) == {(0, 1), (0, 3), (1, 3)}
    # Pearson's r of a0 and a3 is 1, of a0 and a1 is below 0.9.
    r01 = np.corrcoef(a[0], a[1])[0, 1]
    assert r01 < 0.9
    assert nd.near_duplicate_images(a, max_bits=1, min_corr=0.9) == {(0, 3)}
    assert nd.exact_duplicate_images(np.vstack([a, a[:1]])) == {(0, 4)}


def test_image_copies_keep_the_truth():
    rng = np.random.default_rng(2)
    imgs = rng.uniform(size=(30, 8, 8))
    both, truth = nd.image_copies(imgs, n_copies=5, seed=0)
    assert both.shape == (35, 8, 8) and len(truth) == 5
    for i, j in truth:
        assert np.corrcoef(both[i].ravel(), both[j].ravel())[0, 1] > 0.9
    found = nd.near_duplicate_images(both, max_bits=8, min_corr=0.95)
    assert nd.pair_precision_recall(found, truth) == (1.0, 1.0)


def test_pair_scores_and_refusals():
    assert nd.pair_precision_recall({(0, 1), (2, 3)}, {(0, 1)}) == (0.5, 1.0)
    assert np.isnan(nd.pair_precision_recall(set(), {(0, 1)})[0])
    with pytest.raises(ValueError, match="at least one pair"):
        nd.pair_precision_recall({(0, 1)}, set())
    with pytest.raises(TypeError, match="list of strings"):
        nd.jaccard_matrix("one string")
