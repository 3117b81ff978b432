"""After the alert: retrain on fresh labels, or switch to a stronger model?

Three options for the captcha reader once the site changed its captcha, each measured
on the same test sets (old and new style), with its cost:

* ``keep``: the deployed reader, untouched (no cost; the baseline);
* ``retrain``: the same small reader retrained on its old training set plus
  ``n_fresh`` new captchas labelled by hand (cost: those labels and the training
  time);
* ``stronger``: a reader with more capacity (``hidden`` units) trained on generated
  captchas of many random styles (augmentation across fonts, rotations, noise and
  lines), none of them the new one: no hand labels, more compute.

The table ships as an artefact (``make artefacts NAMES=monitor_maintenance``): it
takes about a minute. Seconds are wall time at build time, one thread.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np
import pandas as pd
from threadpoolctl import threadpool_limits

from helpers.acquire.captcha import (
    FONTS,
    MAX_CAPTCHAS,
    CaptchaReader,
    CaptchaStyle,
    render_captchas,
)
from helpers.core.artefacts import shipped
from helpers.core.config import pick
from helpers.core.validation import check_int
from helpers.monitor.streams import SITE_V2


@dataclass(frozen=True)
class MaintenanceConfig:
    """Sizes of the comparison (the defaults are the lesson's normal mode)."""

    n_train: int = 1500
    n_fresh: int = 300
    n_generated: int = 2400
    n_styles: int = 12
    hidden: int = 256
    n_test: int = 500
    seed: int = 0

    def __post_init__(self) -> None:
        for name in ("n_train", "n_fresh", "n_generated", "n_test"):
            check_int(name, getattr(self, name), low=1, high=MAX_CAPTCHAS)
        check_int("n_styles", self.n_styles, low=1, high=self.n_generated)
        check_int("hidden", self.hidden, low=1, high=4096)
        check_int("seed", self.seed, low=0, high=2**31)


def random_style(rng: np.random.Generator) -> CaptchaStyle:
    """A random captcha style for augmentation: 2-3 fonts, rotation up to 30
    degrees, noise up to 0.15, 0-3 lines."""
    if not isinstance(rng, np.random.Generator):
        raise TypeError(f"rng must be a numpy Generator, got {type(rng).__name__}")
    fonts = tuple(rng.choice(list(FONTS), size=int(rng.integers(2, 4)), replace=False))
    return CaptchaStyle(
        fonts=fonts,
        rotation=float(rng.uniform(5, 30)),
        noise=float(rng.uniform(0.03, 0.15)),
        n_lines=int(rng.integers(0, 4)),
    )


def _fit(reader: CaptchaReader, images, texts) -> tuple[CaptchaReader, float]:
    """Train and time one reader with one BLAS thread (for this call only): small
    MLPs run several times slower with a pool of threads on a busy machine."""
    start = time.perf_counter()
    with threadpool_limits(limits=1):
        reader.fit(images, texts)
    return reader, time.perf_counter() - start


def compare_options(config: MaintenanceConfig | None = None) -> pd.DataFrame:
    """The three options' hand labels, training seconds and captcha accuracy on the
    old and the new style (one row each, indexed by option)."""
    if config is not None and not isinstance(config, MaintenanceConfig):
        raise TypeError(f"config must be a MaintenanceConfig, got {config!r}")
    c = config or MaintenanceConfig()
    old = render_captchas(c.n_train, style=CaptchaStyle(), seed=c.seed)
    fresh = render_captchas(c.n_fresh, style=SITE_V2, seed=c.seed + 100)
    test_old = render_captchas(c.n_test, style=CaptchaStyle(), seed=c.seed + 200)
    test_new = render_captchas(c.n_test, style=SITE_V2, seed=c.seed + 300)
    rng = np.random.default_rng(c.seed + 400)
    per = c.n_generated // c.n_styles
    parts = [
        render_captchas(per, style=random_style(rng), seed=c.seed + 500 + i)
        for i in range(c.n_styles)
    ]
    generated = np.concatenate([p.images for p in parts])
    generated_texts = [t for p in parts for t in p.texts]

    keep, t_keep = _fit(CaptchaReader(seed=c.seed), old.images, old.texts)
    retrain, t_retrain = _fit(
        CaptchaReader(seed=c.seed),
        np.concatenate([old.images, fresh.images]),
        old.texts + fresh.texts,
    )
    stronger, t_stronger = _fit(
        CaptchaReader(hidden=c.hidden, seed=c.seed), generated, generated_texts
    )
    rows = []
    for name, reader, labels, seconds in (
        ("keep", keep, 0, 0.0),
        ("retrain", retrain, c.n_fresh, t_retrain),
        ("stronger", stronger, 0, t_stronger),
    ):
        rows.append(
            {
                "option": name,
                "hand labels": labels,
                "train seconds": seconds,
                "accuracy old style": reader.score(test_old.images, test_old.texts)[
                    "captcha"
                ],
                "accuracy new style": reader.score(test_new.images, test_new.texts)[
                    "captcha"
                ],
                "hidden units": reader.hidden,
            }
        )
    out = pd.DataFrame(rows).set_index("option")
    return out


FAST_CONFIG = MaintenanceConfig(
    n_train=300, n_fresh=200, n_generated=500, n_styles=5, hidden=160, n_test=200
)
"""The comparison in fast mode (tests): small enough to run in a few seconds."""


def maintenance_table() -> pd.DataFrame:
    """The lesson's comparison: shipped in normal mode, small and computed in fast."""
    config = pick(MaintenanceConfig(), FAST_CONFIG)
    return shipped(
        "monitor_maintenance",
        lambda: compare_options(config),
        params={"config": config},
    )
