"""The plotly figure builders: titles, axes, German numbers, class colours, escaping, size caps."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest

from kundenwert import charts, charts_surveys
from kundenwert.nps import net_promoter_score
from kundenwert.style import CLASS_COLORS


def make_frame(n: int, seed: int = 1) -> pd.DataFrame:
    """A result-like frame: score, value, revenue, margin, class (score thresholds 7/4), rank."""
    rng = np.random.default_rng(seed)
    score = np.clip(rng.normal(5.5, 1.5, n), 0, 10)
    revenue = np.round(np.exp(rng.normal(10, 1.2, n)), 2)
    margin = np.round(revenue * rng.uniform(-0.05, 0.4, n), 2)
    klass = np.where(score >= 7, "A", np.where(score >= 4, "B", "C"))
    order = np.argsort(-score, kind="stable")
    rank = np.empty(n, dtype=np.int64)
    rank[order] = np.arange(1, n + 1)
    status = np.where(rng.random(n) < 0.3, "new", "existing").astype(object)
    return pd.DataFrame({
        "id": [f"K-{i:06d}" for i in range(n)], "name": [f"Kunde {i}" for i in range(n)],
        "row": np.arange(2, n + 2), "score": score, "value_eur": score * 100.0, "scorable": True,
        "missing": 0, "incomplete": False, "reason": "", "class": klass, "rank": rank,
        "revenue": revenue, "margin": margin, "status": status,
        "recommend": rng.integers(0, 11, n).astype(float),
    })


@pytest.fixture(scope="module")
def frame() -> pd.DataFrame:
    return make_frame(300)


@pytest.fixture(scope="module")
def big() -> pd.DataFrame:
    return make_frame(100_000, seed=2)


def point_count(fig: go.Figure) -> int:
    return sum(len(t.x) for t in fig.data if getattr(t, "x", None) is not None)


def _figures(frame: pd.DataFrame, presentation: bool = False) -> dict[str, go.Figure]:
    nps = net_promoter_score(frame["recommend"].to_numpy(dtype=float))
    kpis = pd.DataFrame({"class": ["A", "B", "C"], "share_customers": [0.2, 0.5, 0.3],
                         "share_value": [0.4, 0.45, 0.15], "share_revenue": [0.6, 0.3, 0.1]})
    return {
        "lorenz": charts.lorenz_curve(frame, "revenue", class_method="pareto", thresholds=(80, 95),
                                      presentation=presentation),
        "histogram": charts.score_histogram(frame, class_method="score", thresholds=(7, 4),
                                            presentation=presentation),
        "bubble": charts.score_revenue_bubble(frame, presentation=presentation),
        "contributions": charts.contribution_chart(["Bonität", "Kaufhistorie"], [3.0, 2.5], 5.5,
                                                   presentation=presentation, klass="B"),
        "nps_groups": charts_surveys.nps_groups_chart(nps, presentation=presentation),
        "nps_class": charts_surveys.nps_by_chart(frame, "class", presentation=presentation),
        "nps_status": charts_surveys.nps_by_chart(frame, "status", presentation=presentation),
        "shares": charts.class_shares_chart(kpis, presentation=presentation),
    }


def test_every_chart_has_a_title_axis_titles_and_german_number_format(frame):
    for name, fig in _figures(frame).items():
        assert fig.layout.title.text, name
        assert fig.layout.separators == ",.", name
        assert fig.layout.xaxis.title.text, name
        assert fig.layout.yaxis.title.text, name


def test_units_in_axis_titles(frame):
    figs = _figures(frame)
    assert "€" in figs["bubble"].layout.yaxis.title.text
    assert "%" in figs["lorenz"].layout.xaxis.title.text and "%" in figs["lorenz"].layout.yaxis.title.text
    assert "Punkte" in figs["histogram"].layout.xaxis.title.text
    assert "Punkte" in figs["contributions"].layout.xaxis.title.text


def test_presentation_mode_enlarges_fonts_and_height(frame):
    normal, big_figs = _figures(frame), _figures(frame, presentation=True)
    for name in normal:
        assert big_figs[name].layout.font.size > normal[name].layout.font.size, name
        assert big_figs[name].layout.title.font.size > normal[name].layout.title.font.size, name
        assert big_figs[name].layout.height > normal[name].layout.height, name
    assert normal["bubble"].layout.font.size >= 14


def _class_colours(fig: go.Figure) -> dict[str, str]:
    out = {}
    for t in fig.data:
        for c in "ABC":
            if t.name == f"Klasse {c}":
                out[c] = t.marker.color
    return out


def test_class_colours_are_the_shared_ones(frame):
    figs = _figures(frame)
    for name in ("lorenz", "histogram", "bubble"):
        assert _class_colours(figs[name]) == CLASS_COLORS, name
    bars = figs["nps_class"].data[0]
    assert list(bars.marker.color) == [CLASS_COLORS[c] for c in "ABC"]
    assert list(figs["shares"].data[0].marker.color) == [CLASS_COLORS[c] for c in "ABC"]


def test_histogram_is_binned_and_counts_every_customer(big):
    fig = charts.score_histogram(big, class_method="score", thresholds=(7, 4))
    assert all(len(t.x) <= 40 for t in fig.data)
    assert sum(int(np.sum(t.y)) for t in fig.data) == len(big)
    for t in fig.data:
        c = t.name[-1]
        assert int(np.sum(t.y)) == int((big["class"] == c).sum())
    lines = [s for s in fig.layout.shapes if s.type == "line"]
    assert sorted(s.x0 for s in lines) == [4, 7]


def test_histogram_has_no_threshold_lines_for_other_methods(frame):
    fig = charts.score_histogram(frame, class_method="rank", thresholds=(20, 30))
    assert not [s for s in fig.layout.shapes if s.type == "line"]


def test_lorenz_curve_is_downsampled_and_correct(big):
    fig = charts.lorenz_curve(big, "revenue", class_method="pareto", thresholds=(80, 95))
    line = fig.data[0]
    assert len(line.x) <= charts.LORENZ_MAX_POINTS + 10
    assert point_count(fig) < 3_000
    assert (line.x[0], line.y[0]) == (0.0, 0.0)
    assert line.x[-1] == pytest.approx(100.0) and line.y[-1] == pytest.approx(100.0)
    assert np.all(np.diff(line.y) >= -1e-9)
    # a point of the curve against a direct computation
    rev = np.sort(big["revenue"].to_numpy())[::-1]
    k = len(rev) // 5
    share = rev[:k].sum() / rev.sum() * 100
    i = int(np.argmin(np.abs(np.asarray(line.x) - 20.0)))
    assert line.x[i] == pytest.approx(20.0, abs=0.1)
    assert line.y[i] == pytest.approx(share, abs=0.3)
    hlines = sorted(s.y0 for s in fig.layout.shapes if s.type == "line")
    assert hlines == [80, 95]


def test_lorenz_shades_class_regions_when_classes_follow_the_curve(frame):
    fig = charts.lorenz_curve(frame, "value_eur", class_method="score", thresholds=(7, 4))
    rects = [s for s in fig.layout.shapes if s.type == "rect"]
    assert [r.fillcolor for r in rects] == [CLASS_COLORS[c] for c in "ABC"]
    share_a = (frame["class"] == "A").mean() * 100
    assert rects[0].x1 == pytest.approx(share_a)
    assert [a.text for a in fig.layout.annotations] == ["<b>A</b>", "<b>B</b>", "<b>C</b>"]
    legend_a = next(t.name for t in fig.data if t.name.startswith("Klasse A"))
    assert f"{share_a:.0f} % der Kunden" in legend_a
    # by revenue the score classes are mixed: no shading, a note instead
    fig = charts.lorenz_curve(frame, "revenue", class_method="score", thresholds=(7, 4))
    assert not [s for s in fig.layout.shapes if s.type == "rect"]
    assert "nicht der Reihenfolge" in fig.layout.title.subtitle.text


def test_bubble_chart_samples_large_lists_and_keeps_the_top_customers(big):
    fig = charts.score_revenue_bubble(big)
    assert point_count(fig) <= charts.BUBBLE_MAX_POINTS
    shown = {row[1] for t in fig.data for row in t.customdata}
    top_score = big.nlargest(charts.BUBBLE_KEEP_TOP, "score")["id"]
    top_revenue = big.nlargest(charts.BUBBLE_KEEP_TOP, "revenue")["id"]
    assert set(top_score) <= shown
    assert set(top_revenue) <= shown
    assert "Stichprobe" in fig.layout.title.subtitle.text
    again = charts.score_revenue_bubble(big)
    assert {row[1] for t in again.data for row in t.customdata} == shown


def test_bubble_chart_shows_every_customer_of_a_small_list(frame):
    fig = charts.score_revenue_bubble(frame)
    assert point_count(fig) == len(frame)
    loss = [t for t in fig.data if "Verlust" in t.name]
    assert sum(len(t.x) for t in loss) == int((frame["margin"] < 0).sum())
    assert all(t.marker.symbol == "circle-open" for t in loss)


def test_bubble_chart_without_revenue_uses_the_value(frame):
    fig = charts.score_revenue_bubble(frame.drop(columns=["revenue"]))
    assert "Kundenwert" in fig.layout.yaxis.title.text


def test_customer_names_are_escaped_in_hover_and_labels(frame):
    evil = frame.copy()
    evil.loc[0, "name"] = "<img src=x onerror=alert(1)> & Söhne"
    fig = charts.score_revenue_bubble(evil)
    names = [row[0] for t in fig.data for row in t.customdata]
    assert "&lt;img src=x onerror=alert(1)&gt; &amp; Söhne" in names
    assert not any("<img" in n for n in names)
    radar = charts.radar_chart(["<b>Eigenes</b>", "Bonität"], [5, 6], [4, 4], [5, 5], name="<script>x</script>",
                               klass="A")
    assert all("<script>" not in (t.name or "") for t in radar.data)
    assert "<script>" not in radar.layout.title.text
    assert "&lt;b&gt;Eigenes&lt;/b&gt;" in radar.data[-1].theta
    contrib = charts.contribution_chart(["<i>x</i>"], [2.0], 2.0)
    assert "&lt;i&gt;x&lt;/i&gt;" in contrib.data[0].y


def test_radar_chart_compares_customer_class_and_list():
    fig = charts.radar_chart(["Bonität", "Kaufhistorie", "Image"], [8, 6, float("nan")], [7, 5, 5], [5, 5, 5],
                             name="Muster GmbH", klass="B")
    assert [t.name for t in fig.data] == ["Ø ganze Liste", "Ø Klasse B", "Muster GmbH"]
    customer = fig.data[-1]
    assert list(customer.r) == [8.0, 6.0, 8.0]                 # closed polygon without the missing rating
    assert list(customer.theta) == ["Bonität", "Kaufhistorie", "Bonität"]
    assert "fehlt (nicht als 0 gezählt): Image" in fig.layout.title.subtitle.text
    assert customer.line.color == CLASS_COLORS["B"]
    assert fig.layout.polar.radialaxis.range == (0, 10)


def test_contribution_chart_adds_up_to_the_score():
    fig = charts.contribution_chart(["Bonität", "Kaufhistorie", "Image"], [1.0, 2.5, 0.75], 4.25)
    wf = fig.data[0]
    assert list(wf.measure) == ["relative"] * 3 + ["total"]
    assert sum(wf.x[:-1]) == pytest.approx(wf.x[-1]) == pytest.approx(4.25)
    assert wf.y[0] == "Kaufhistorie"                           # largest contribution first
    assert "4,25" in fig.layout.title.text


def test_matrix_heatmap_with_own_data():
    from kundenwert.matrix import MatrixCell, MatrixResult

    cells = [MatrixCell(True, True, 120, 109, 109 / 120, 0.85, 0.95, 0.93),
             MatrixCell(False, True, 40, 18, 0.45, 0.31, 0.6, 0.45),
             MatrixCell(True, False, 6, 1, 1 / 6, 0.03, 0.56, 0.14),
             MatrixCell(False, False, 0, 0, None, None, None, 0.03)]
    m = MatrixResult(True, cells, 166, [], 7.0, {})
    fig = charts_surveys.matrix_heatmap(m)
    z = fig.data[0].z
    assert z[0][1] == pytest.approx(109 / 120 * 100)          # sale yes (top row), after-sales yes (right)
    assert z[1][0] is None
    texts = [a.text for a in fig.layout.annotations]
    both = next(t for t in texts if "109 von 120" in t)
    assert "91 %" in both and "Studie 93 %" in both
    assert max(len(line) for t in texts for line in re.sub(r"</?[bi]>", "", t).split("<br>")) <= 13  # phone
    assert "85 %–95 %" in fig.data[0].customdata[0][1]                   # the interval: in the hover
    few = next(t for t in texts if "1 von 6" in t)
    assert "wenige" in few
    assert any("keine<br>Kunden" in t and "Studie 3 %" in t for t in texts)
    assert fig.layout.separators == ",."
    assert fig.layout.xaxis.title.text and fig.layout.yaxis.title.text
    bars = charts.matrix_comparison_chart(m)
    assert [t.name for t in bars.data] == ["Ihre Daten", "Studie"]
    assert list(bars.data[1].x) == pytest.approx([93, 45, 14, 3])


def test_matrix_bars_lie_flat_and_label_each_own_rate_beyond_its_interval():
    """On a phone, upright bars two to a cell are narrower than their labels, and plotly hides such a label:
    the bars lie flat, the study's label beside its bar, the own rate's label right of its interval's end
    (a bar label would sit on the error bar or be hidden inside a short bar)."""
    from kundenwert.matrix import MatrixCell, MatrixResult, after_sales_matrix

    cells = [MatrixCell(True, True, 1200, 1090, 1090 / 1200, 0.85, 0.95, 0.93),
             MatrixCell(False, True, 40, 18, 0.45, 0.31, 0.6, 0.45),
             MatrixCell(True, False, 6, 1, 1 / 6, 0.03, 0.56, 0.14),
             MatrixCell(False, False, 0, 0, None, None, None, 0.03)]
    fig = charts.matrix_comparison_chart(MatrixResult(True, cells, 1246, [], 7.0, {}))
    own, study = fig.data
    assert own.orientation == study.orientation == "h" and fig.layout.yaxis.autorange == "reversed"
    assert own.textposition == "none" and study.textposition == "outside"
    labels = fig.layout.annotations
    assert [a.text for a in labels] == ["91 %", "45 %", "17 %<br>(wenige)", "–"]
    assert [a.x for a in labels] == pytest.approx([95, 60, 56, 0])            # the interval's end
    assert [a.y for a in labels] == pytest.approx([i - 0.2 for i in range(4)])  # the own bar: upper of the pair
    assert all(a.xanchor == "left" and not a.showarrow for a in labels)
    assert fig.layout.xaxis.range[1] > 100 and max(fig.layout.xaxis.tickvals) == 100   # room, no 120 % tick
    assert list(fig.layout.xaxis.ticktext)[-1] == "100 %"
    assert not charts.matrix_comparison_chart(after_sales_matrix(None)).layout.annotations    # study only


def test_class_shares_lie_flat_with_class_a_on_top():
    """Three upright bars per class are narrower than "82 %" on a phone, and plotly hid those labels."""
    kpis = pd.DataFrame({"class": ["A", "B", "C"], "share_customers": [0.1, 0.82, 0.08],
                         "share_value": [0.13, 0.82, 0.05], "share_revenue": [0.37, 0.6, 0.03]})
    fig = charts.class_shares_chart(kpis)
    assert all(t.orientation == "h" and t.textposition == "outside" and list(t.y) == ["A", "B", "C"]
               for t in fig.data)
    assert fig.layout.yaxis.autorange == "reversed"                       # A on top
    assert list(fig.data[2].x) == pytest.approx([37, 60, 3]) and list(fig.data[2].text) == ["37 %", "60 %", "3 %"]
    assert fig.layout.xaxis.range[1] > 100 and fig.layout.xaxis.ticksuffix == " %"
    assert "%{y}" in fig.data[0].hovertemplate and "%{x:" in fig.data[0].hovertemplate


def test_matrix_heatmap_without_own_data_shows_the_study():
    from kundenwert.matrix import after_sales_matrix

    m = after_sales_matrix(None)
    fig = charts_surveys.matrix_heatmap(m)
    assert "Studie" in fig.layout.title.text
    assert "nicht Ihre Daten" in fig.layout.title.subtitle.text
    assert [[round(v) for v in row] for row in fig.data[0].z] == [[14, 93], [3, 45]]
    assert all("(Studie)" in a.text for a in fig.layout.annotations)
    assert [t.name for t in charts.matrix_comparison_chart(m).data] == ["Studie"]


def test_nps_charts(frame):
    res = net_promoter_score(frame["recommend"].to_numpy(dtype=float))
    fig = charts_surveys.nps_groups_chart(res)
    assert list(fig.data[0].y) == pytest.approx([res.detractors / res.respondents * 100,
                                                 res.passives / res.respondents * 100,
                                                 res.promoters / res.respondents * 100])
    assert "NPS" in fig.layout.title.text
    table = charts_surveys.nps_by_group(frame, "class")
    for row in table.itertuples(index=False):
        sub = frame.loc[frame["class"] == row.group, "recommend"].to_numpy(dtype=float)
        assert row.nps == pytest.approx(net_promoter_score(sub).nps)
    by_status = charts_surveys.nps_by_chart(frame, "status")
    assert list(by_status.data[0].x) == ["Neukunden", "Bestandskunden"]
    assert list(by_status.data[0].y) == pytest.approx(list(charts_surveys.nps_by_group(frame, "status")["nps"]))


def test_nps_by_group_without_column_is_empty(frame):
    assert charts_surveys.nps_by_group(frame.drop(columns=["recommend"]), "class").empty


def test_downsample_indices_keeps_ends_and_requested_points():
    idx = charts.downsample_indices(100_000, 1000, keep=[12_345])
    assert idx[0] == 0 and idx[-1] == 99_999 and 12_345 in idx
    assert len(idx) <= 1001
    assert list(charts.downsample_indices(10, 1000)) == list(range(10))


def test_lorenz_markers_stay_few_and_every_class_keeps_one(big, frame):
    """Each marker is one SVG element the browser styles on every redraw (issue 12): the curve keeps
    its points, the class markers are a subset, and no class loses its legend entry."""
    for data, basis in ((big, "revenue"), (frame, "value_eur"), (frame, "revenue")):
        fig = charts.lorenz_curve(data, basis, class_method="score", thresholds=(7, 4))
        markers = [t for t in fig.data if t.mode == "markers"]
        assert sum(len(t.x) for t in markers) <= charts.LORENZ_MARKERS + 10
        assert {t.name.split(":")[0] for t in markers} == {f"Klasse {c}" for c in set(data["class"]) if c}
        assert len(fig.data[0].x) > charts.LORENZ_MARKERS                   # the line is not thinned


# ------------------------------------------------------------------ readable at any width (issue 12)

def _plain_lines(text: str) -> list[str]:
    return re.sub(r"</?[bi]>", "", text).split("<br>")


def test_text_is_wrapped_for_a_phone_and_the_title_kept_whole_for_the_page(frame):
    from kundenwert.chart_layout import AXIS_WRAP

    for name, fig in _figures(frame).items():
        for axis in (fig.layout.xaxis, fig.layout.yaxis):
            if axis.title.text:
                assert max(len(line) for line in _plain_lines(axis.title.text)) <= AXIS_WRAP, (name, axis.title.text)
        assert fig.layout.meta["title"].replace("<br>", "") == fig.layout.meta["title"]   # unwrapped for the page
        assert fig.layout.legend.orientation == "h"                                     # below the plot, in rows
    radar = charts.radar_chart(["Reklamationsbereitschaft", "Betreuungsaufwand", "Bonität"], [5, 6, 7], None,
                               [5, 5, 5], name="K")
    assert "Reklamations-<br>bereitschaft" in radar.data[-1].theta
    assert max(len(line) for t in radar.data[-1].theta for line in _plain_lines(t)) <= 14


@pytest.mark.parametrize("thresholds", [(7.0, 4.0), (4.5, 4.0), (10.0, 9.5), (0.5, 0.0)])
def test_threshold_labels_never_overlap_and_stay_inside_the_plot(frame, thresholds):
    fig = charts.score_histogram(frame, class_method="score", thresholds=thresholds)
    labels = [a for a in fig.layout.annotations if a.text.startswith("Schwelle")]
    assert len(labels) == 2
    assert labels[0].yshift != labels[1].yshift                       # one row each: no overlap, however close
    for a in labels:
        assert a.yref == "paper" and a.y == 1 and a.yanchor == "top"  # inside the plot, under the toolbar zone
        assert a.xanchor == ("left" if a.x <= 5 else "right")         # runs towards the middle, never off the edge


def test_pareto_threshold_labels_sit_on_either_side_of_their_lines(frame):
    fig = charts.lorenz_curve(frame, "revenue", class_method="pareto", thresholds=(80, 82))
    a, b = [x for x in fig.layout.annotations if x.text.startswith("Schwelle")]
    assert (a.y, a.yanchor) == (80, "top") and (b.y, b.yanchor) == (82, "bottom")


def test_bar_labels_are_never_shrunk_below_the_axis_text(frame):
    for presentation in (False, True):
        for name, fig in _figures(frame, presentation=presentation).items():
            assert fig.layout.uniformtext.mode == "hide", name
            assert fig.layout.uniformtext.minsize >= fig.layout.xaxis.tickfont.size, name


@pytest.mark.parametrize("build", [
    lambda: charts.radar_chart(["Bonität", "Image"], [5.0, float("nan")], [4.0, 6.0], [5.0, 5.0], name="K", klass="A"),
    lambda: charts.contribution_chart(["Bonität", "Image"], [1.5, 0.0], 1.5, klass="B", missing=[False, True]),
    lambda: charts.class_shares_chart(pd.DataFrame({"class": ["A", "B", "C"], "share_customers": [0.2, 0.5, 0.3],
                                                    "share_value": [0.4, 0.45, 0.15]})),
])
def test_charts_redrawn_on_every_weight_move_are_built_in_one_pass(build, monkeypatch):
    """The profile's radar and waterfall and the ABC class shares change with every weight move: built from one
    layout dict (`layout_props`), not validated again property by property (radar + waterfall: 24 -> 3 ms)."""
    def again(*_args, **_kwargs):
        raise AssertionError("a second validation pass")

    for method in ("update_layout", "update_xaxes", "update_yaxes", "update_traces"):
        monkeypatch.setattr(go.Figure, method, again)
    fig = build()
    assert fig.layout.title.text and fig.layout.height
