"""Chart builders of the comparison and robustness pages: counts, order, class colours, escaping."""

from __future__ import annotations

import numpy as np
import pandas as pd

from kundenwert import charts_scenarios
from kundenwert.style import CLASS_COLORS, NOT_SCORABLE_COLOR

LABELS = ["A", "B", "C", "–"]


def migration(counts: list[list[int]]) -> pd.DataFrame:
    return pd.DataFrame(counts, index=LABELS, columns=LABELS)


def test_sankey_carries_every_move_in_class_order_and_colours():
    m = migration([[20, 5, 0, 0], [8, 150, 3, 0], [0, 4, 10, 0], [0, 1, 0, 2]])
    fig = charts_scenarios.class_sankey(m, "Gewinn <b>zuerst</b>", "Treue")
    sankey = fig.data[0]
    assert sum(sankey.link.value) == 203
    pairs = {(sankey.node.label[s].split(" ")[0], sankey.node.label[t].split(" ")[0]): v
             for s, t, v in zip(sankey.link.source, sankey.link.target, sankey.link.value, strict=True)}
    assert pairs[("A", "B")] == 5 and pairs[("B", "A")] == 8 and pairs[("–", "–")] == 2
    assert ("A", "C") not in pairs                                   # no empty links
    left = [i for i, x in enumerate(sankey.node.x) if x < 0.5]
    assert [sankey.node.label[i][0] for i in left] == ["A", "B", "C", "–"]
    assert [sankey.node.y[i] for i in left] == sorted(sankey.node.y[i] for i in left)  # A on top
    assert sankey.node.color[left[0]] == CLASS_COLORS["A"] and sankey.node.color[left[3]] == NOT_SCORABLE_COLOR
    assert "<b>" not in fig.layout.title.subtitle.text and "&lt;b&gt;" in fig.layout.title.subtitle.text
    assert "21 von 203" in fig.layout.title.subtitle.text.replace(".", "")


def test_sankey_leaves_out_empty_classes():
    m = migration([[5, 0, 0, 0], [0, 7, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0]])
    sankey = charts_scenarios.class_sankey(m, "x", "y").data[0]
    assert len(sankey.node.label) == 4 and sum(sankey.link.value) == 12


def test_stability_histogram_bins_every_customer_by_class():
    rng = np.random.default_rng(1)
    n = 500
    frame = pd.DataFrame({"class": rng.choice(["A", "B", "C"], n), "kept": rng.uniform(0.3, 1.0, n)})
    frame.loc[:9, "kept"] = 1.0
    fig = charts_scenarios.stability_histogram(frame)
    bars = [t for t in fig.data if t.type == "bar"]
    assert sum(sum(t.y) for t in bars) == n
    assert {t.name: t.marker.color for t in bars} == {f"Klasse {c}": CLASS_COLORS[c] for c in "ABC"}
    assert all(len(t.x) == 20 for t in bars)
    labels = next(t for t in fig.data if t.type == "scatter")
    assert sum(int(v.replace(".", "")) for v in labels.text) == n     # the count above every bar
    assert fig.layout.shapes[0].x0 == 80


def test_criteria_dependence_chart_is_escaped_and_sorted():
    crit = pd.DataFrame({"criterion": ["image", "custom:<i>X</i>", "referral"],
                         "label": ["Imagefaktor", "<i>X</i>", "Empfehlungswert"],
                         "a_lost_without": [3, 7, None], "a_overlap_corr": [0.1, 0.4, None]})
    fig = charts_scenarios.criteria_dependence_chart(crit, 20)
    bar = fig.data[0]
    assert list(bar.y) == ["Imagefaktor", "&lt;i&gt;X&lt;/i&gt;"] and list(bar.x) == [3, 7]
    assert bar.text[1].startswith("7 (35")




def test_charts_are_written_on_the_white_template_without_carrying_it(monkeypatch):
    """Plotly's white template is the process default (set when the charts are imported) and put in when a
    figure is written out: the common layout does not set it on each figure (validated and copied, ~10 ms)."""
    import plotly.graph_objects as go
    import plotly.io as pio

    from kundenwert import chart_layout

    chart_layout._white_default()                     # Streamlit may have set its own since (test order)
    assert pio.templates.default == "plotly_white"
    fig = go.Figure()
    calls: list[dict] = []
    update = fig.update_layout
    monkeypatch.setattr(fig, "update_layout", lambda *a, **k: calls.append({**(a[0] if a else {}), **k}) or update(*a, **k))
    chart_layout._layout(fig, "Titel", presentation=False, subtitle="Untertitel")
    assert calls and not [c for c in calls if "template" in c]
    m = migration([[20, 5, 0, 0], [8, 150, 3, 0], [0, 4, 10, 0], [0, 1, 0, 2]])
    written = charts_scenarios.class_sankey(m, "A", "B").to_dict()["layout"]["template"]
    assert written == pio.templates["plotly_white"].to_plotly_json()


def test_charts_stay_white_when_streamlit_sets_its_own_default_later(monkeypatch):
    """Streamlit sets plotly's default template to its own when its chart module is imported; in a process that
    imported the charts first, the next chart is still white and the default is white again."""
    import plotly.io as pio

    from kundenwert import chart_layout

    monkeypatch.setattr(pio.templates, "default", "streamlit" if "streamlit" in pio.templates else "ggplot2")
    m = migration([[20, 5, 0, 0], [8, 150, 3, 0], [0, 4, 10, 0], [0, 1, 0, 2]])
    written = charts_scenarios.class_sankey(m, "A", "B").to_dict()["layout"]["template"]
    assert written == pio.templates["plotly_white"].to_plotly_json()
    assert pio.templates.default == chart_layout.TEMPLATE
