"""Contrast (issue 12, WCAG 2.1): every chart colour ≥ 3:1 against the white chart background (1.4.11,
graphics), every text ≥ 4.5:1 against what it stands on (1.4.3) – the palette and every chart as built."""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest
from plotly.colors import sample_colorscale

from kundenwert import charts, charts_scenarios, charts_surveys, style
from kundenwert.matrix import MatrixCell, MatrixResult
from kundenwert.style import BACKGROUND, contrast_ratio
from tests.test_charts import _figures, make_frame

GRAPHICS, TEXT = 3.0, 4.5


def test_contrast_formula_matches_wcag():
    assert contrast_ratio("#000000", "#FFFFFF") == pytest.approx(21.0)
    assert contrast_ratio("#FFFFFF", "#FFFFFF") == pytest.approx(1.0)
    assert contrast_ratio("#777777") == pytest.approx(4.48, abs=0.01)     # the well-known borderline grey
    assert contrast_ratio("#0072B2") == pytest.approx(5.19, abs=0.01)
    assert contrast_ratio("rgba(0, 0, 0, 0.5)") == pytest.approx(contrast_ratio("#808080"), abs=0.05)


PALETTE = {**{f"class {c}": v for c, v in style.CLASS_COLORS.items()},
           **{f"nps {k}": v for k, v in charts.NPS_GROUP_COLORS.items()},
           **{f"status {k}": v for k, v in charts.STATUS_COLORS.items()},
           "not scorable": style.NOT_SCORABLE_COLOR, "study": style.STUDY_COLOR, "own data": style.OWN_COLOR,
           "other": charts.OTHER_COLOR}


@pytest.mark.parametrize("name", list(PALETTE))
def test_every_palette_colour_stands_out_from_the_background(name):
    assert contrast_ratio(PALETTE[name], BACKGROUND) >= GRAPHICS, (name, PALETTE[name])


def test_text_colours_are_readable():
    for c, colour in style.CLASS_COLORS.items():           # class badges: text on the class colour
        assert contrast_ratio(style.CLASS_TEXT_COLORS[c], colour) >= TEXT, c
    for colour in (style.TEXT_DARK, style.WARNING_TEXT_COLOR):
        assert contrast_ratio(colour, BACKGROUND) >= TEXT, colour
    for colour in [*PALETTE.values(), "#FFFFFF", "#000000", "#2B8CC4"]:
        assert contrast_ratio(style.readable_text_color(colour), colour) >= TEXT, colour


# ------------------------------------------------------------------------------------- every chart

def _matrix() -> MatrixResult:
    cells = [MatrixCell(True, True, 120, 109, 109 / 120, 0.85, 0.95, 0.93),
             MatrixCell(False, True, 40, 18, 0.45, 0.31, 0.6, 0.45),
             MatrixCell(True, False, 6, 1, 1 / 6, 0.03, 0.56, 0.14),
             MatrixCell(False, False, 50, 30, 0.6, 0.46, 0.72, 0.03)]
    return MatrixResult(True, cells, 216, [], 7.0, {})


def all_figures() -> dict[str, go.Figure]:
    frame = make_frame(300)
    figs = _figures(frame)
    figs["radar"] = charts.radar_chart(["Bonität", "Kaufhistorie", "Imagefaktor"], [8, 6, 7], [6, 5, 6], [5, 5, 5],
                                       name="Kunde", klass="B")
    figs["heatmap"] = charts_surveys.matrix_heatmap(_matrix())
    figs["matrix bars"] = charts.matrix_comparison_chart(_matrix())
    figs["lorenz, score method"] = charts.lorenz_curve(frame.assign(**{"class": np.where(
        frame["revenue"].rank(ascending=False) <= 30, "A", np.where(frame["revenue"].rank(ascending=False) <= 150,
                                                                      "B", "C"))}), "revenue")
    migration = pd.DataFrame([[20, 5, 0, 0], [8, 150, 3, 0], [0, 4, 10, 0], [0, 1, 0, 2]],
                             index=list("ABC–"), columns=list("ABC–"))
    figs["sankey"] = charts_scenarios.class_sankey(migration, "X", "Y")
    figs["stability"] = charts_scenarios.stability_histogram(pd.DataFrame(
        {"class": frame["class"], "kept": np.linspace(0.3, 1.0, len(frame))}))
    figs["dependence"] = charts_scenarios.criteria_dependence_chart(pd.DataFrame(
        {"label": ["Bonität", "Kaufhistorie"], "a_lost_without": [3.0, 8.0]}), 20)
    return figs


def _colours(value) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    return [v for v in value if isinstance(v, str)]


def _blend(colour: str, opacity: float) -> str:
    r, g, b = style.parse_colour(colour)
    return f"rgba({r}, {g}, {b}, {opacity})"


def chart_marks(fig: go.Figure) -> list[tuple[str, str]]:
    """(where, colour as drawn on white) of every data mark: markers, bars, lines. Not counted: fills of areas
    that a full-strength line already outlines (radar, class regions), bars and bubbles with a dark outline
    (the outline carries the contrast, WCAG 1.4.11), the heatmap (its cells carry their numbers as text)
    and the Sankey flows (translucent by design; the class nodes carry the colours)."""
    marks = []
    for i, trace in enumerate(fig.data):
        if trace.type in ("heatmap", "sankey"):
            if trace.type == "sankey":
                marks += [(f"trace {i} node", c) for c in _colours(trace.node.color)]
            continue
        opacity = trace.opacity if trace.opacity is not None else 1.0
        marker = getattr(trace, "marker", None)
        if trace.type == "waterfall":
            for part in (trace.increasing, trace.decreasing, trace.totals):
                marks += [(f"trace {i} waterfall", c) for c in _colours(part.marker.color)]
            continue
        if marker is not None:
            outline = marker.line
            outlined = (outline is not None and outline.width and outline.width >= 1
                        and all(contrast_ratio(c) >= GRAPHICS for c in _colours(outline.color) or ["#FFFFFF"]))
            if not outlined:
                m_op = (marker.opacity if isinstance(marker.opacity, (int, float)) else 1.0) * opacity
                marks += [(f"trace {i} marker", _blend(c, m_op)) for c in _colours(marker.color)]
        line = getattr(trace, "line", None)
        if line is not None and trace.type != "bar":
            marks += [(f"trace {i} line", _blend(c, opacity)) for c in _colours(line.color)]
    for shape in fig.layout.shapes or ():
        if shape.line is not None and shape.line.color and (shape.line.width or 0) > 0:
            marks.append(("threshold line", shape.line.color))
    return marks


def chart_texts(fig: go.Figure) -> list[tuple[str, str, str]]:
    """(what, text colour, background) of every text the chart sets a colour for."""
    out = []
    heatmap = any(t.type == "heatmap" for t in fig.data)      # its cell texts: checked against the cells below
    for a in () if heatmap else fig.layout.annotations or ():
        if a.font is not None and a.font.color:
            back = a.bgcolor if a.bgcolor and "rgba" not in a.bgcolor else BACKGROUND
            out.append((f"annotation {a.text!r}", a.font.color, back))
    for trace in fig.data:
        if trace.type == "heatmap":
            scale = charts_surveys.HEATMAP_SCALE
            for a, z in zip(fig.layout.annotations, [v for row in trace.z for v in row], strict=True):
                back = sample_colorscale(scale, [0 if z is None else z / 100])[0] if z is not None else BACKGROUND
                out.append((f"heatmap cell {a.text!r}", a.font.color, back))
        if trace.type == "bar" and trace.insidetextfont is not None and trace.insidetextfont.color:
            for c in _colours(trace.marker.color):
                out.append(("bar text inside", trace.insidetextfont.color, c))
    return out


FIGURES = all_figures()


@pytest.mark.parametrize("name", list(FIGURES))
def test_every_chart_colour_stands_out_from_the_background(name):
    low = [(where, c, round(contrast_ratio(c), 2)) for where, c in chart_marks(FIGURES[name])
           if contrast_ratio(c) < GRAPHICS]
    assert low == []


@pytest.mark.parametrize("name", list(FIGURES))
def test_every_chart_text_is_readable(name):
    fig = FIGURES[name]
    assert contrast_ratio(fig.layout.font.color) >= TEXT
    low = [(what, fore, back, round(contrast_ratio(fore, back), 2)) for what, fore, back in chart_texts(fig)
           if contrast_ratio(fore, back) < TEXT]
    assert low == []


def test_heatmap_text_colour_follows_the_cell():
    """Dark text on pale cells, light text on dark ones – each the more readable of the two."""
    for value in range(0, 101, 5):
        back = sample_colorscale(charts_surveys.HEATMAP_SCALE, [value / 100])[0]
        assert contrast_ratio(charts_surveys.heatmap_text_color(value), back) >= TEXT, value
