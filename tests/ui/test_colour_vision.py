"""helpers.ui.colour_vision, and the palette held to it: every group of colours that a
figure draws side by side stays apart under normal vision and under deuteranopia."""

from __future__ import annotations

import numpy as np
import pytest

from helpers.ui import plots
from helpers.ui.colour_vision import VISIONS, closest_pair, delta_e, to_lab

# Lines and markers need ΔE well above the just-noticeable 2.3 to be told apart.
MIN_NORMAL = 20.0
MIN_DEUTERANOPIA = 15.0


def test_lab_of_white_black_and_a_reference_colour():
    assert np.allclose(to_lab("#FFFFFF"), [100, 0, 0], atol=0.05)
    assert np.allclose(to_lab("#000000"), [0, 0, 0], atol=1e-9)
    # sRGB pure red is L*=53.24, a*=80.09, b*=67.20 (D65), a textbook value.
    assert np.allclose(to_lab("#FF0000"), [53.24, 80.09, 67.20], atol=0.05)


@pytest.mark.parametrize("vision", VISIONS)
def test_greys_look_the_same_to_everyone(vision):
    for grey in ("#000000", "#5F5F5F", "#FFFFFF"):
        assert delta_e(grey, grey, vision=vision) == 0.0
        assert np.allclose(to_lab(grey, vision=vision), to_lab(grey), atol=0.6)


def test_red_and_green_collapse_for_red_green_deficiencies_only():
    red, green = "#D62728", "#2CA02C"  # tab10's red and green
    normal = delta_e(red, green)
    assert normal > 60
    assert delta_e(red, green, vision="deuteranopia") < normal / 3
    assert delta_e(red, green, vision="protanopia") < normal / 3
    assert delta_e(red, green, vision="tritanopia") > normal / 2
    # blue and yellow are the tritanope's confusion, not the deuteranope's
    assert delta_e("#0000FF", "#FFFF00", vision="deuteranopia") > 60


def test_closest_pair_finds_the_pair_and_duplicates():
    dist, a, b = closest_pair(["#000000", "#FFFFFF", "#0A0A0A"])
    assert {a, b} == {"#000000", "#0A0A0A"} and 0 < dist < 5
    assert closest_pair(["#123456", "#123456"])[0] == 0.0


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: to_lab("not-a-colour"), "matplotlib colour"),
        (lambda: delta_e("#000000", "#FFFFFF", vision="colourblind"), "vision"),
        (lambda: closest_pair(["#000000"]), "at least two"),
        (lambda: closest_pair("#000000"), "at least two"),
    ],
)
def test_bad_input(call, message):
    with pytest.raises(ValueError, match=message):
        call()


GROUPS = {
    name: [plots.color_for(k) for k in keys]
    for name, keys in plots.PALETTE_GROUPS.items()
}
GROUPS["classes 0-9"] = plots.class_colors(10)


@pytest.mark.parametrize("group", sorted(GROUPS))
def test_every_palette_group_stays_apart_for_colour_blind_readers(group):
    colours = GROUPS[group]
    for vision, floor in (("normal", MIN_NORMAL), ("deuteranopia", MIN_DEUTERANOPIA)):
        dist, a, b = closest_pair(colours, vision=vision)
        assert dist >= floor, f"{group}: {a} and {b} are ΔE {dist:.1f} apart ({vision})"


def test_every_group_names_palette_entries():
    known = {k.lower() for k in plots.PALETTE}
    for name, keys in plots.PALETTE_GROUPS.items():
        missing = [k for k in keys if k.lower() not in known]
        assert not missing, f"group {name!r} names colours not in PALETTE: {missing}"
