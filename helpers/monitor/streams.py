"""Prediction streams with known change points (lesson 14).

* :func:`captcha_stream`: the deployed captcha reader (lesson 01) reads a stream in
  which the site switches from its current captcha to :data:`SITE_V2` (other fonts,
  more rotation, more noise) at ``change_at``. What a monitor can see per captcha:
  the reader's confidence, the digits it read, a small embedding of the image; and,
  once a label arrives, whether it was right.
* :func:`tabular_stream`: a tabular stream with gradual **covariate drift** (a
  feature's mean and a category's share move over ``ramp`` rows) or **label shift**
  (the share of positives changes; each class still looks the same).
* :func:`prediction_log`: a stream as the append-only log a server writes:
  prediction records, and label records that arrive ``label_delay`` predictions later.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import ndimage

from helpers.acquire.captcha import (
    MAX_CAPTCHAS,
    CaptchaReader,
    CaptchaStyle,
    render_captchas,
    split_cells,
    train_reader,
)
from helpers.core.cache import cached
from helpers.core.config import pick
from helpers.core.validation import (
    check_array,
    check_choice,
    check_int,
    check_real,
    check_same_length,
)

SITE_V2 = CaptchaStyle(
    fonts=("serif-italic", "typewriter", "sans-bold"),
    rotation=25.0,
    noise=0.12,
    n_lines=2,
)
"""The site's new captcha: new fonts, more rotation, more noise, two lines."""

POOL = 4
"""Side of the square blocks an image is averaged over for its embedding."""

MAX_ROWS = 10_000_000
"""Most rows one tabular stream holds."""

KINDS = ("covariate", "label")


def embed(images: object) -> np.ndarray:
    """A small image embedding: the mean of each ``POOL x POOL`` block, flattened.

    A (28, 88) captcha becomes 7 x 22 = 154 numbers: ``(n, h/4 * w/4)``.
    """
    images = check_array("images", images, ndim=3, dtype=np.float32)  # (n, h, w)
    n, h, w = images.shape
    h, w = h - h % POOL, w - w % POOL
    blocks = images[:, :h, :w].reshape(n, h // POOL, POOL, w // POOL, POOL)
    return blocks.mean(axis=(2, 4)).reshape(n, -1)  # (n, h/4 * w/4)


def digit_probabilities(reader: CaptchaReader, images: object) -> np.ndarray:
    """The reader's class probabilities for every digit: ``(n, n_digits, 10)``.

    The same features as :meth:`CaptchaReader.predict` (a blur, then the cells);
    the test checks that the argmax agrees with ``predict``.
    """
    if not isinstance(reader, CaptchaReader) or reader.model is None:
        raise TypeError("reader must be a trained CaptchaReader")
    images = check_array("images", images, ndim=3, dtype=np.float32)  # (n, h, w)
    smooth = ndimage.gaussian_filter(images, sigma=(0, 1.0, 1.0))
    cells = split_cells(smooth, reader.n_digits)  # (n * n_digits, cell pixels)
    proba = np.zeros((len(cells), 10))
    proba[:, reader.model.classes_] = reader.model.predict_proba(cells)
    return proba.reshape(len(images), reader.n_digits, 10)


@dataclass(frozen=True)
class CaptchaStream:
    """What the monitor sees of a captcha stream, and the truth.

    Per captcha (``n`` in the stream, ``n_ref`` in the reference batch read at
    deployment): ``confidence`` (mean over digits of the top probability),
    ``digits`` (the digits read, ``(n, n_digits)``), ``embedding`` (``(n, 154)``),
    ``correct`` (the whole captcha read right). The stream switches to the new
    style at ``change_at``.
    """

    change_at: int
    confidence: np.ndarray
    digits: np.ndarray
    embedding: np.ndarray
    correct: np.ndarray
    ref_confidence: np.ndarray
    ref_digits: np.ndarray
    ref_embedding: np.ndarray
    ref_correct: np.ndarray

    def __post_init__(self) -> None:
        n = len(check_array("confidence", self.confidence, ndim=1))
        check_int("change_at", self.change_at, low=1, high=max(n - 1, 1))
        for prefix in ("", "ref_"):
            check_array(
                f"{prefix}confidence", getattr(self, f"{prefix}confidence"), ndim=1
            )
            check_array(f"{prefix}digits", getattr(self, f"{prefix}digits"), ndim=2)
            check_array(
                f"{prefix}embedding", getattr(self, f"{prefix}embedding"), ndim=2
            )
            check_array(f"{prefix}correct", getattr(self, f"{prefix}correct"), ndim=1)
            check_same_length(
                **{
                    f"{prefix}{name}": getattr(self, f"{prefix}{name}")
                    for name in ("confidence", "digits", "embedding", "correct")
                }
            )

    def __len__(self) -> int:
        return len(self.confidence)

    def accuracy(self, part: str) -> float:
        """Captcha accuracy ``"before"`` or ``"after"`` the change."""
        check_choice("part", part, ("before", "after"))
        c = (
            self.correct[: self.change_at]
            if part == "before"
            else self.correct[self.change_at :]
        )
        return float(np.mean(c))


def _read(reader: CaptchaReader, batch) -> tuple[np.ndarray, ...]:
    proba = digit_probabilities(reader, batch.images)  # (n, n_digits, 10)
    digits = proba.argmax(-1)  # (n, n_digits)
    correct = (digits == batch.digits).all(1)
    return proba.max(-1).mean(1), digits, embed(batch.images), correct


def captcha_stream(
    reader: CaptchaReader,
    *,
    n_before: int = 1000,
    n_after: int = 1000,
    n_reference: int = 500,
    new_style: CaptchaStyle = SITE_V2,
    seed: int = 0,
) -> CaptchaStream:
    """The reader's view of ``n_before`` old-style then ``n_after`` new-style
    captchas, and of a reference batch of ``n_reference`` old-style captchas."""
    if not isinstance(reader, CaptchaReader) or reader.model is None:
        raise TypeError("reader must be a trained CaptchaReader")
    if not isinstance(new_style, CaptchaStyle):
        raise TypeError(f"new_style must be a CaptchaStyle, got {new_style!r}")
    n_before = check_int("n_before", n_before, low=1, high=MAX_CAPTCHAS)
    n_after = check_int("n_after", n_after, low=1, high=MAX_CAPTCHAS)
    n_reference = check_int("n_reference", n_reference, low=1, high=MAX_CAPTCHAS)
    seed = check_int("seed", seed, low=0, high=2**31)
    old = CaptchaStyle(n_digits=reader.n_digits)
    ref = _read(reader, render_captchas(n_reference, style=old, seed=seed + 1))
    before = _read(reader, render_captchas(n_before, style=old, seed=seed + 2))
    after = _read(reader, render_captchas(n_after, style=new_style, seed=seed + 3))
    joined = [np.concatenate([b, a]) for b, a in zip(before, after, strict=True)]
    return CaptchaStream(n_before, *joined, *ref)


def deployed_stream(*, seed: int = 0) -> CaptchaStream:
    """The lesson's stream, cached: a reader trained on the site's current captcha
    (1500 captchas; 600 in fast mode) reads 1000 old then 1000 new ones (400 and
    400 in fast mode), plus 500 (300) reference captchas."""
    seed = check_int("seed", seed, low=0, high=2**31)
    sizes = {
        "n_train": pick(1500, 600),
        "n_before": pick(1000, 400),
        "n_after": pick(1000, 400),
        "n_reference": pick(500, 300),
    }

    def compute() -> CaptchaStream:
        reader = train_reader(sizes["n_train"], seed=seed)
        return captcha_stream(
            reader,
            n_before=sizes["n_before"],
            n_after=sizes["n_after"],
            n_reference=sizes["n_reference"],
            seed=seed,
        )

    return cached("monitor_captcha_stream", compute, params={**sizes, "seed": seed})


# ------------------------------------------------------------------ tabular


@dataclass(frozen=True)
class TabularStream:
    """Rows in time order: ``X`` ``(n, 3)`` numeric features, ``category`` in 0..3,
    ``y`` in {0, 1}. The change starts at ``change_at`` and is complete after
    ``ramp`` more rows."""

    X: np.ndarray
    category: np.ndarray
    y: np.ndarray
    change_at: int
    ramp: int
    kind: str
    size: float

    def __post_init__(self) -> None:
        X = check_array("X", self.X, ndim=2)
        check_array("category", self.category, ndim=1)
        check_array("y", self.y, ndim=1)
        check_same_length(X=X, category=self.category, y=self.y)
        check_int("change_at", self.change_at, low=1, high=max(len(X) - 1, 1))
        check_int("ramp", self.ramp, low=0, high=len(X))
        check_choice("kind", self.kind, KINDS)
        check_real("size", self.size, low=0, high=2)

    def __len__(self) -> int:
        return len(self.y)


CATEGORY_P = np.array([[0.4, 0.3, 0.2, 0.1], [0.1, 0.2, 0.3, 0.4]])
"""P(category | y) in the label-shift stream; also P(category) (row 0) before a
covariate drift."""


def tabular_stream(
    n: int = 4000,
    *,
    kind: str = "covariate",
    change_at: int = 2000,
    size: float = 1.0,
    ramp: int = 0,
    seed: int = 0,
) -> TabularStream:
    """A tabular stream that changes at ``change_at``.

    ``size`` in [0, 2] is the strength of the change once complete. Covariate drift:
    the mean of feature 0 moves by ``size`` standard deviations and ``0.15 * size``
    of the probability of categories 0 moves to category 3; the label follows the
    same rule of the features throughout. Label shift: P(y = 1) goes from 0.3 to
    ``0.3 + 0.3 * size``; each class keeps its distribution of features
    (``x ~ N(mu_y, I)``, categories from :data:`CATEGORY_P`). The change grows
    linearly over ``ramp`` rows (0: at once).
    """
    n = check_int("n", n, low=2, high=MAX_ROWS)
    check_choice("kind", kind, KINDS)
    change_at = check_int("change_at", change_at, low=1, high=n - 1)
    size = check_real("size", size, low=0, high=2)
    ramp = check_int("ramp", ramp, low=0, high=n)
    rng = np.random.default_rng(check_int("seed", seed, low=0))
    t = np.arange(n)
    progress = np.clip((t - change_at + 1) / max(ramp, 1), 0.0, 1.0)  # (n,)
    if kind == "covariate":
        X = rng.normal(size=(n, 3))  # (n, 3)
        X[:, 0] += size * progress
        p = np.tile(CATEGORY_P[0], (n, 1))  # (n, 4)
        moved = 0.15 * size * progress
        p[:, 0] -= moved
        p[:, 3] += moved
        category = (rng.uniform(size=(n, 1)) > np.cumsum(p, 1)).sum(1)
        logit = 1.5 * X[:, 1] - X[:, 0] ** 2 + 1.0 + 0.5 * (category == 3)
        y = (rng.uniform(size=n) < 1 / (1 + np.exp(-logit))).astype(int)
    else:
        prior = 0.3 + 0.3 * size * progress  # (n,)
        y = (rng.uniform(size=n) < prior).astype(int)
        X = rng.normal(size=(n, 3)) + np.outer(y, [1.5, 1.0, 0.0])  # (n, 3)
        cum = np.cumsum(CATEGORY_P[y], 1)  # (n, 4)
        category = (rng.uniform(size=(n, 1)) > cum).sum(1)
    category = np.minimum(category, 3)
    return TabularStream(X, category, y, change_at, ramp, kind, size)


# ------------------------------------------------------------------ the log


def prediction_log(stream: CaptchaStream, *, label_delay: int = 200) -> list[dict]:
    """The stream as an append-only log, in the order a server writes it.

    Time ``t`` counts the predictions served when a record is written. Captcha
    ``i``'s prediction record ``{"kind": "prediction", "id": i, "t": i + 1,
    "prediction", "confidence", "embedding"}`` is written when it is read; its label
    record ``{"kind": "label", "id": i, "t": i + 1 + label_delay, "correct"}`` arrives
    ``label_delay`` predictions later (when someone reports whether it passed).
    """
    if not isinstance(stream, CaptchaStream):
        raise TypeError(f"stream must be a CaptchaStream, got {type(stream).__name__}")
    label_delay = check_int("label_delay", label_delay, low=0, high=len(stream))
    records: list[dict] = []
    for i in range(len(stream) + label_delay):
        if i < len(stream):
            records.append(
                {
                    "kind": "prediction",
                    "id": i,
                    "t": i + 1,
                    "prediction": "".join(map(str, stream.digits[i])),
                    "confidence": float(stream.confidence[i]),
                    "embedding": stream.embedding[i].tolist(),
                }
            )
        j = i - label_delay  # the captcha whose label arrives now
        if j >= 0:
            records.append(
                {
                    "kind": "label",
                    "id": j,
                    "t": i + 1,
                    "correct": bool(stream.correct[j]),
                }
            )
    return records
