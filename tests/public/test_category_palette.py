"""The category colours as people see them: the map page's legend order and /map/categories.css.

Adjacent legend entries must differ by at least 3:1 in WCAG contrast (relative luminance), in
normal vision and under simulated protanopia, deuteranopia and tritanopia (Machado et al. 2009
at full severity, as colorspacious implements it); every pair of categories must stay apart in
CAM02-UCS, the perceptual space colorspacious measures differences in.
"""

from __future__ import annotations

import itertools
import re

import colorspacious
import numpy as np
import pytest

pytestmark = pytest.mark.django_db

VISIONS = [None, "protanomaly", "deuteranomaly", "tritanomaly"]
# 15 colours cannot all be far apart for every viewer; these floors are what the palette in
# directory/migrations/0011 achieves, so a careless edit that brings two colours together fails.
MIN_NORMAL_DISTANCE = 15.0
MIN_SIMULATED_DISTANCE = 7.5


def shown_colours(client) -> list[tuple[str, str]]:
    """(category code, #rrggbb) in the order of the map page's legend."""
    page = client.get("/").content.decode()
    order = re.findall(r'class="category-name" data-code="([-\w]+)"', page)
    css = client.get("/map/categories.css").content.decode()
    colours = dict(re.findall(r"\.cat-([-\w]+)\{--cat-color:(#[0-9a-fA-F]{6})\}", css))
    assert order and set(order) <= set(colours)
    return [(code, colours[code]) for code in order]


def as_seen(hex_colours: list[str], vision: str | None) -> np.ndarray:
    srgb = np.array([[int(h[i:i + 2], 16) / 255 for i in (1, 3, 5)] for h in hex_colours])
    if vision is None:
        return srgb
    simulated = {"name": "sRGB1+CVD", "cvd_type": vision, "severity": 100}
    return np.clip(colorspacious.cspace_convert(srgb, simulated, "sRGB1"), 0, 1)


def relative_luminance(srgb: np.ndarray) -> np.ndarray:
    """WCAG 2.x relative luminance."""
    linear = np.where(srgb <= 0.04045, srgb / 12.92, ((srgb + 0.055) / 1.055) ** 2.4)
    return linear @ np.array([0.2126, 0.7152, 0.0722])


def contrast(a: float, b: float) -> float:
    return (max(a, b) + 0.05) / (min(a, b) + 0.05)


def test_it_gives_every_category_its_own_colour(client):
    colours = [colour.lower() for _, colour in shown_colours(client)]
    assert len(colours) >= 15
    assert len(set(colours)) == len(colours)


@pytest.mark.parametrize("vision", VISIONS)
def test_it_keeps_neighbours_in_the_legend_3_to_1_apart(client, vision):
    shown = shown_colours(client)
    luminance = relative_luminance(as_seen([colour for _, colour in shown], vision))
    too_close = [
        (shown[i][0], shown[i + 1][0], round(contrast(luminance[i], luminance[i + 1]), 2))
        for i in range(len(shown) - 1)
        if contrast(luminance[i], luminance[i + 1]) < 3.0
    ]
    assert too_close == []


@pytest.mark.parametrize("vision", VISIONS)
def test_it_keeps_every_pair_of_categories_apart(client, vision):
    shown = shown_colours(client)
    ucs = colorspacious.cspace_convert(as_seen([colour for _, colour in shown], vision), "sRGB1", "CAM02-UCS")
    floor = MIN_NORMAL_DISTANCE if vision is None else MIN_SIMULATED_DISTANCE
    too_close = [
        (shown[a][0], shown[b][0], round(float(np.linalg.norm(ucs[a] - ucs[b])), 1))
        for a, b in itertools.combinations(range(len(shown)), 2)
        if np.linalg.norm(ucs[a] - ucs[b]) < floor
    ]
    assert too_close == []


def test_the_checks_catch_the_old_palette():
    """The palette this replaced: party-centre red beside children's-hospital red; kindergarten green
    that a deuteranope sees as that red."""
    old = ["#d62728", "#e31a1c", "#2ca02c"]
    luminance = relative_luminance(as_seen(old, None))
    assert contrast(luminance[0], luminance[1]) < 3.0
    ucs = colorspacious.cspace_convert(as_seen(old, "deuteranomaly"), "sRGB1", "CAM02-UCS")
    assert np.linalg.norm(ucs[0] - ucs[2]) < MIN_SIMULATED_DISTANCE
