"""Plotly figures of scenario comparison and robustness: class-migration Sankey, stability, A-list dependence.

The same rules as :mod:`kundenwert.charts` (German numbers, class colours, presentation sizes).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from .charts import (
    CLASSES,
    _layout,
    _rgba,
    _sizes,
    esc,
)
from .fmt import fmt_num, fmt_pct
from .i18n import text
from .i18n.numbers import symbols
from .style import CLASS_COLORS, WARNING_TEXT_COLOR

# ------------------------------------------------------------------------------ scenario comparison

MIGRATION_LABELS = ("A", "B", "C", "–")   # rows/columns of compare.Comparison.migration


def _migration_colour(label: str) -> str:
    from .style import NOT_SCORABLE_COLOR

    return CLASS_COLORS.get(label, NOT_SCORABLE_COLOR)


def _class_word(label: str, lang: str = "de") -> str:
    return text("chart.class", lang, klass=label) if label in CLASSES else text("chart.not_scorable", lang)


def class_sankey(migration: pd.DataFrame, name_a: str, name_b: str, *, presentation: bool = False,
                 lang: str = "de") -> go.Figure:
    """The class moves between two scenarios as a flow chart: left the classes under A, right under B.

    ``migration`` is ``compare.Comparison.migration`` (counts, index = class under A, columns = class under
    B). Classes without customers on a side are left out; nodes keep the order A, B, C, not scorable
    from top to bottom; links take the colour of the class they come from, stronger when the class changes.
    """
    labels = [c for c in MIGRATION_LABELS if c in migration.index]
    counts = migration.reindex(index=labels, columns=labels, fill_value=0).to_numpy(dtype=int)
    left_tot, right_tot = counts.sum(axis=1), counts.sum(axis=0)
    total = max(int(counts.sum()), 1)
    left = [i for i, c in enumerate(labels) if left_tot[i] > 0]
    right = [j for j, c in enumerate(labels) if right_tot[j] > 0]
    a_txt, b_txt = esc(name_a), esc(name_b)
    node_label, node_colour, node_x, node_y, node_hover = [], [], [], [], []
    pad = 0.04

    def place(indices: list[int], totals: np.ndarray, x: float, side: str) -> dict[int, int]:
        pos: dict[int, int] = {}
        free = 1.0 - pad * max(len(indices) - 1, 0)
        top = 0.0
        for i in indices:
            height = totals[i] / total * free
            pos[i] = len(node_label)
            node_label.append(f"{labels[i]} · {fmt_num(int(totals[i]), 0, lang)}")
            node_colour.append(_migration_colour(labels[i]))
            node_x.append(x)
            node_y.append(0.04 + 0.92 * min(max(top + height / 2, 0.0), 1.0))
            node_hover.append(text("chart.sankey.node", lang, klass=_class_word(labels[i], lang), side=side))
            top += height + pad
        return pos

    a_quoted, b_quoted = text("chart.sankey.quoted", lang, name=a_txt), text("chart.sankey.quoted", lang, name=b_txt)
    lpos = place(left, left_tot, 0.001, a_quoted)
    rpos = place(right, right_tot, 0.999, b_quoted)
    src, dst, val, colour, hover = [], [], [], [], []
    for i in left:
        for j in right:
            n = int(counts[i, j])
            if n == 0:
                continue
            src.append(lpos[i])
            dst.append(rpos[j])
            val.append(n)
            colour.append(_rgba(_migration_colour(labels[i]), 0.30 if i == j else 0.65))
            hover.append(text("chart.sankey.stay" if i == j else "chart.sankey.move", lang,
                              source=_class_word(labels[i], lang), target=_class_word(labels[j], lang), n=n))
    s = _sizes(presentation)
    fig = go.Figure(go.Sankey(
        arrangement="fixed",
        node={"label": node_label, "color": node_colour, "x": node_x, "y": node_y, "pad": 18,
              "thickness": 26 if presentation else 20, "line": {"color": "#333333", "width": 0.5},
              "customdata": node_hover, "hovertemplate": text("chart.sankey.node_hover", lang) + "<extra></extra>"},
        link={"source": src, "target": dst, "value": val, "color": colour, "customdata": hover,
              "hovertemplate": "%{customdata}<extra></extra>"},
        textfont={"size": s["font"]},
    ))
    changed = int(counts.sum() - np.trace(counts))
    _layout(fig, text("chart.sankey.title", lang), presentation=presentation,
            subtitle=text("chart.sankey.sub", lang, changed=changed, total=total, a=a_quoted, b=b_quoted),
            legend=False, lang=lang)
    return fig


# ------------------------------------------------------------------------------------ robustness

def stability_histogram(stability: pd.DataFrame, *, fragile_below: float = 0.8, presentation: bool = False,
                        bin_width: float = 0.05, lang: str = "de") -> go.Figure:
    """How many customers keep their class in which share of the random draws, stacked by class.

    ``stability`` has one row per scored customer with ``class`` and ``kept`` (share 0–1). Binned here
    (20 bars of 5 %); the last bar holds exactly 100 %.
    """
    kept = stability["kept"].to_numpy(dtype=float)
    classes = stability["class"].astype(str).to_numpy()
    edges = np.arange(0.0, 1.0 + bin_width / 2, bin_width)
    centres = (edges[:-1] + edges[1:]) / 2 * 100
    fig = go.Figure()
    for c in CLASSES:
        mask = (classes == c) & ~np.isnan(kept)
        if not mask.any():
            continue
        counts, _ = np.histogram(np.clip(kept[mask], 0, 1), bins=edges)
        fig.add_trace(go.Bar(
            x=centres, y=counts, width=bin_width * 100 * 0.95, name=text("chart.class", lang, klass=c),
            marker_color=CLASS_COLORS[c],
            customdata=np.column_stack([edges[:-1] * 100, edges[1:] * 100]),
            hovertemplate=text("chart.stability.hover", lang, klass=c) + "<extra></extra>",
        ))
    totals, _ = np.histogram(np.clip(kept[~np.isnan(kept)], 0, 1), bins=edges)
    shown = totals > 0
    fig.add_trace(go.Scatter(                    # the count above each bar: small bins stay readable
        x=centres[shown], y=totals[shown], mode="text", text=[fmt_num(v, 0, lang) for v in totals[shown]],
        textposition="top center", showlegend=False, hoverinfo="skip", cliponaxis=False))
    s = _sizes(presentation)
    fig.add_vline(x=fragile_below * 100, line={"color": "#D55E00", "dash": "dash", "width": 2})
    fig.add_annotation(x=fragile_below * 100, y=1, yref="paper", yanchor="top", xanchor="right", xshift=-4,
                       text=text("chart.stability.fragile", lang, limit=fmt_pct(fragile_below, 0, lang)),
                       showarrow=False,
                       font={"size": s["font"] - 2, "color": WARNING_TEXT_COLOR}, bgcolor="rgba(255, 255, 255, 0.85)")
    n = int((~np.isnan(kept)).sum())
    _layout(fig, text("chart.stability.title", lang, n=n), presentation=presentation,
            x_title=text("chart.stability.x", lang), y_title=text("chart.hist.y", lang), lang=lang)
    fig.update_layout(barmode="stack", bargap=0.02, legend={"traceorder": "normal"})
    fig.update_xaxes(range=[0, 100], nticks=11, ticksuffix=symbols(lang).pct_suffix)
    fig.update_yaxes(range=[0, max(int(totals.max()) if totals.size else 1, 1) * 1.3])
    return fig


def criteria_dependence_chart(criteria: pd.DataFrame, a_count: int, *, presentation: bool = False,
                              lang: str = "de") -> go.Figure:
    """Per criterion: how many of today's A customers lose class A when the criterion is left out.

    ``criteria`` is ``robustness.RobustnessResult.criteria`` (label, a_lost_without); labels are escaped.
    """
    data = criteria[criteria["a_lost_without"].notna()].sort_values("a_lost_without", kind="stable")
    lost = data["a_lost_without"].to_numpy(dtype=float)
    share = lost / a_count if a_count else np.zeros_like(lost)
    labels = [esc(v) for v in data["label"]]
    fig = go.Figure(go.Bar(
        x=lost, y=labels, orientation="h", marker_color=CLASS_COLORS["A"],
        text=[f"{fmt_num(v, 0, lang)} ({fmt_pct(p, 0, lang)})" for v, p in zip(lost, share, strict=True)],
        textposition="outside", cliponaxis=False,
        hovertemplate=text("chart.dependence.hover", lang) + "<extra></extra>",
    ))
    s = _sizes(presentation)
    _layout(fig, text("chart.dependence.title", lang), presentation=presentation,
            x_title=text("chart.dependence.x", lang, n=int(a_count)),
            subtitle=text("chart.dependence.sub", lang),
            height=max(s["height"], 28 * len(labels) + 180), legend=False, lang=lang)
    fig.update_layout(margin={"l": 20, "r": 80})
    fig.update_yaxes(automargin=True, tickfont={"size": s["tick"]})
    top = float(lost.max()) if lost.size else 1.0
    fig.update_xaxes(range=[0, max(top * 1.25, 1)])
    return fig
