"""Tests of monitor.maintenance: the options table on a tiny configuration."""

from __future__ import annotations

import numpy as np
import pytest

from helpers.acquire.captcha import FONTS
from helpers.monitor import maintenance as M


def test_random_styles_are_valid_and_varied():
    rng = np.random.default_rng(0)
    styles = [M.random_style(rng) for _ in range(20)]
    assert all(set(s.fonts) <= set(FONTS) and 2 <= len(s.fonts) <= 3 for s in styles)
    assert all(5 <= s.rotation <= 30 and 0.03 <= s.noise <= 0.15 for s in styles)
    assert len({s.fonts for s in styles}) > 5


def test_compare_options_on_a_tiny_config():
    config = M.MaintenanceConfig(
        n_train=80, n_fresh=40, n_generated=60, n_styles=2, hidden=16, n_test=20
    )
    table = M.compare_options(config)
    assert list(table.index) == ["keep", "retrain", "stronger"]
    assert table.loc["retrain", "hand labels"] == 40
    assert table.loc["keep", "hand labels"] == table.loc["stronger", "hand labels"] == 0
    assert table.loc["retrain", "train seconds"] > 0
    assert table.loc["stronger", "hidden units"] == 16
    acc = table[["accuracy old style", "accuracy new style"]].to_numpy()
    assert ((0 <= acc) & (acc <= 1)).all()
    assert np.allclose(acc * 20, np.round(acc * 20))  # whole captchas out of 20


def test_config_is_checked():
    with pytest.raises(ValueError, match="n_styles"):
        M.MaintenanceConfig(n_generated=10, n_styles=20)
