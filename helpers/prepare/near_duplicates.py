"""Near-duplicate detection in text and images (lesson 02).

Exact matching misses a record typed twice with a typo, or a photo saved twice at
another brightness. Two classic fingerprints find them:

* text: the set of character **shingles** (k-grams) of each string, compared with the
  **Jaccard similarity** ``|A & B| / |A | B|``;
* images: an **average hash**, one bit per pixel (brighter than the image's mean?),
  compared with the Hamming distance (how many bits differ).

:func:`text_copies` and :func:`image_copies` make edited copies with a known truth, so
:func:`pair_precision_recall` can score a detector.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from sklearn.feature_extraction.text import CountVectorizer

from helpers.core.validation import check_array, check_int, check_real

MAX_ITEMS = 5_000
"""At most this many texts or images are compared pairwise (n² comparisons)."""


def _check_texts(texts: Sequence[str]) -> list[str]:
    if isinstance(texts, str) or not isinstance(texts, Sequence):
        raise TypeError("texts must be a list of strings")
    if not texts:
        raise ValueError("texts must hold at least one string")
    if len(texts) > MAX_ITEMS:
        raise ValueError(
            f"texts must hold at most {MAX_ITEMS} strings, got {len(texts)}"
        )
    if not all(isinstance(t, str) for t in texts):
        raise TypeError("texts must hold only strings")
    return list(texts)


def _upper_pairs(close: np.ndarray) -> set[tuple[int, int]]:
    i, j = np.nonzero(np.triu(close, k=1))
    return {(int(a), int(b)) for a, b in zip(i, j, strict=True)}


def jaccard_matrix(texts: Sequence[str], *, k: int = 3) -> np.ndarray:
    """Jaccard similarity of the character ``k``-shingle sets of every pair,
    shape ``(n, n)`` (lower-cased; 1.0 on the diagonal)."""
    texts = _check_texts(texts)
    k = check_int("k", k, low=1, high=20)

    def shingles(text: str) -> list[str]:
        text = text.lower()
        return [text[p : p + k] for p in range(len(text) - k + 1)]

    vec = CountVectorizer(analyzer=shingles, binary=True)
    try:
        X = vec.fit_transform(texts).astype(float)  # (n, n_shingles)
    except ValueError as exc:  # every text shorter than k
        raise ValueError(f"no text is at least k={k} characters long") from exc
    inter = (X @ X.T).toarray()  # (n, n) shared shingles
    size = np.asarray(X.sum(axis=1)).ravel()  # (n,)
    union = size[:, None] + size[None, :] - inter
    return np.divide(inter, union, out=np.ones_like(inter), where=union > 0)


def near_duplicate_texts(
    texts: Sequence[str], *, k: int = 3, threshold: float = 0.7
) -> set[tuple[int, int]]:
    """Pairs ``(i, j)``, ``i < j``, whose shingles' Jaccard similarity reaches
    ``threshold``."""
    threshold = check_real("threshold", threshold, low=0, high=1, open_low=True)
    return _upper_pairs(jaccard_matrix(texts, k=k) >= threshold)


def exact_duplicate_texts(texts: Sequence[str]) -> set[tuple[int, int]]:
    """Pairs ``(i, j)``, ``i < j``, of identical strings."""
    texts = np.array(_check_texts(texts), dtype=object)
    return _upper_pairs(texts[:, None] == texts[None, :])


def average_hash(images: np.ndarray) -> np.ndarray:
    """One bit per pixel: is it brighter than its image's mean? ``(n, h, w)`` or
    ``(n, pixels)`` in, ``(n, pixels)`` booleans out. A change of brightness or
    contrast (``a * x + b``, ``a > 0``) leaves the hash unchanged."""
    images = check_array("images", images)
    if images.ndim not in (2, 3):
        raise ValueError(f"images must be (n, h, w) or (n, pixels), got {images.shape}")
    flat = images.reshape(len(images), -1)  # (n, pixels)
    return flat > flat.mean(axis=1, keepdims=True)


def near_duplicate_images(
    images: np.ndarray, *, max_bits: int = 3, min_corr: float | None = None
) -> set[tuple[int, int]]:
    """Pairs ``(i, j)``, ``i < j``, whose average hashes differ in <= ``max_bits``;
    with ``min_corr``, only those whose pixels also correlate at least that much
    (Pearson's r: blind to brightness and contrast, like the hash, but not to shape).
    """
    bits = average_hash(images)
    if len(bits) > MAX_ITEMS:
        raise ValueError(f"at most {MAX_ITEMS} images, got {len(bits)}")
    max_bits = check_int("max_bits", max_bits, low=0, high=bits.shape[1])
    b = bits.astype(np.int32)  # (n, pixels)
    close = (b @ (1 - b).T + (1 - b) @ b.T) <= max_bits  # (n, n) differing bits
    if min_corr is not None:
        min_corr = check_real("min_corr", min_corr, low=-1, high=1)
        flat = np.asarray(images, dtype=float).reshape(len(b), -1)
        centred = flat - flat.mean(axis=1, keepdims=True)
        norm = np.linalg.norm(centred, axis=1, keepdims=True)
        unit = np.divide(centred, norm, out=np.zeros_like(centred), where=norm > 0)
        close &= unit @ unit.T >= min_corr  # (n, n) Pearson's r
    return _upper_pairs(close)


def exact_duplicate_images(images: np.ndarray) -> set[tuple[int, int]]:
    """Pairs ``(i, j)``, ``i < j``, of pixel-for-pixel identical images."""
    images = check_array("images", images)
    if len(images) > MAX_ITEMS:
        raise ValueError(f"at most {MAX_ITEMS} images, got {len(images)}")
    flat = images.reshape(len(images), -1)
    same = (flat[:, None, :] == flat[None, :, :]).all(axis=2)
    return _upper_pairs(same)


def _edit(text: str, rng: np.random.Generator) -> str:
    chars = list(text)
    i = int(rng.integers(len(chars)))
    if rng.random() < 0.5 and len(chars) > 1:
        del chars[i]  # a dropped letter
    else:
        chars.insert(i, chars[i])  # a doubled letter
    out = "".join(chars)
    return out.upper() if rng.random() < 0.3 else out + rng.choice(["", " !", "!!"])


def text_copies(
    texts: Sequence[str], *, n_copies: int, seed: int = 0
) -> tuple[list[str], set[tuple[int, int]]]:
    """``texts`` plus ``n_copies`` re-typed copies of distinct originals (one typo,
    maybe shouting or extra "!"), appended at the end; and the true pairs
    ``(original, copy)``."""
    texts = _check_texts(texts)
    n_copies = check_int("n_copies", n_copies, low=1, high=len(texts))
    rng = np.random.default_rng(check_int("seed", seed, low=0))
    originals = rng.choice(len(texts), size=n_copies, replace=False)
    copies = [_edit(texts[i], rng) for i in originals]
    n = len(texts)
    return texts + copies, {(int(i), n + c) for c, i in enumerate(originals)}


def image_copies(
    images: np.ndarray, *, n_copies: int, noise: float = 0.03, seed: int = 0
) -> tuple[np.ndarray, set[tuple[int, int]]]:
    """``images`` plus ``n_copies`` copies of distinct originals at another brightness
    and contrast (``a x + 0.1 max(x)``, ``a`` in [0.6, 0.9]), with Gaussian pixel
    noise of std ``noise`` (in units of the brightest pixel); and the true pairs."""
    images = check_array("images", images)
    n_copies = check_int("n_copies", n_copies, low=1, high=len(images))
    noise = check_real("noise", noise, low=0)
    rng = np.random.default_rng(check_int("seed", seed, low=0))
    originals = rng.choice(len(images), size=n_copies, replace=False)
    gain = rng.uniform(0.6, 0.9, size=(n_copies,) + (1,) * (images.ndim - 1))
    top = float(np.abs(images).max()) or 1.0
    copies = gain * images[originals] + 0.1 * top  # less contrast, brighter background
    copies = copies + rng.normal(0, noise * top, size=copies.shape)
    n = len(images)
    pairs = {(int(i), n + c) for c, i in enumerate(originals)}
    return np.concatenate([images, copies]), pairs


def pair_precision_recall(
    found: set[tuple[int, int]], truth: set[tuple[int, int]]
) -> tuple[float, float]:
    """Precision and recall of the pairs a detector ``found`` against the ``truth``
    (precision is NaN when nothing was found)."""
    for name, pairs in (("found", found), ("truth", truth)):
        if not isinstance(pairs, set):
            raise TypeError(f"{name} must be a set of (i, j) pairs")
    if not truth:
        raise ValueError("truth must hold at least one pair")
    hit = len(found & truth)
    precision = hit / len(found) if found else float("nan")
    return precision, hit / len(truth)
