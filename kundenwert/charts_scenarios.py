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
from .style import CLASS_COLORS, WARNING_TEXT_COLOR

# ------------------------------------------------------------------------------ scenario comparison

MIGRATION_LABELS = ("A", "B", "C", "–")   # rows/columns of compare.Comparison.migration


def _migration_colour(label: str) -> str:
    from .style import NOT_SCORABLE_COLOR

    return CLASS_COLORS.get(label, NOT_SCORABLE_COLOR)


def _class_word(label: str) -> str:
    return f"Klasse {label}" if label in CLASSES else "nicht bewertbar"


def class_sankey(migration: pd.DataFrame, name_a: str, name_b: str, *, presentation: bool = False) -> go.Figure:
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
            node_label.append(f"{labels[i]} · {fmt_num(int(totals[i]), 0)}")
            node_colour.append(_migration_colour(labels[i]))
            node_x.append(x)
            node_y.append(0.04 + 0.92 * min(max(top + height / 2, 0.0), 1.0))
            node_hover.append(f"{_class_word(labels[i])} unter {side}")
            top += height + pad
        return pos

    lpos = place(left, left_tot, 0.001, f"„{a_txt}“")
    rpos = place(right, right_tot, 0.999, f"„{b_txt}“")
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
            word = "bleiben" if i == j else "wechseln"
            hover.append(f"{_class_word(labels[i])} → {_class_word(labels[j])}: {fmt_num(n, 0)} Kunden {word}")
    s = _sizes(presentation)
    fig = go.Figure(go.Sankey(
        arrangement="fixed",
        node={"label": node_label, "color": node_colour, "x": node_x, "y": node_y, "pad": 18,
              "thickness": 26 if presentation else 20, "line": {"color": "#333333", "width": 0.5},
              "customdata": node_hover, "hovertemplate": "%{customdata}: %{value:,} Kunden<extra></extra>"},
        link={"source": src, "target": dst, "value": val, "color": colour, "customdata": hover,
              "hovertemplate": "%{customdata}<extra></extra>"},
        textfont={"size": s["font"]},
    ))
    changed = int(counts.sum() - np.trace(counts))
    _layout(fig, "Klassenwechsel zwischen den Szenarien", presentation=presentation,
            subtitle=f"{fmt_num(changed, 0)} von {fmt_num(total, 0)} Kunden wechseln die Klasse<br>"
                     f"links „{a_txt}“ · rechts „{b_txt}“", legend=False)
    return fig


# ------------------------------------------------------------------------------------ robustness

def stability_histogram(stability: pd.DataFrame, *, fragile_below: float = 0.8, presentation: bool = False,
                        bin_width: float = 0.05) -> go.Figure:
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
            x=centres, y=counts, width=bin_width * 100 * 0.95, name=f"Klasse {c}", marker_color=CLASS_COLORS[c],
            customdata=np.column_stack([edges[:-1] * 100, edges[1:] * 100]),
            hovertemplate=f"Klasse {c}<br>Klasse gehalten in %{{customdata[0]:.0f}}–%{{customdata[1]:.0f}} % "
                          "der Ziehungen: %{y:,} Kunden<extra></extra>",
        ))
    totals, _ = np.histogram(np.clip(kept[~np.isnan(kept)], 0, 1), bins=edges)
    shown = totals > 0
    fig.add_trace(go.Scatter(                    # the count above each bar: small bins stay readable
        x=centres[shown], y=totals[shown], mode="text", text=[fmt_num(v, 0) for v in totals[shown]],
        textposition="top center", showlegend=False, hoverinfo="skip", cliponaxis=False))
    s = _sizes(presentation)
    fig.add_vline(x=fragile_below * 100, line={"color": "#D55E00", "dash": "dash", "width": 2})
    fig.add_annotation(x=fragile_below * 100, y=1, yref="paper", yanchor="top", xanchor="right", xshift=-4,
                       text=f"fragil unter {fmt_num(fragile_below * 100, 0)} %", showarrow=False,
                       font={"size": s["font"] - 2, "color": WARNING_TEXT_COLOR}, bgcolor="rgba(255, 255, 255, 0.85)")
    n = int((~np.isnan(kept)).sum())
    _layout(fig, f"Wie sicher ist die Klasse? ({fmt_num(n, 0)} bewertete Kunden)", presentation=presentation,
            x_title="Anteil der Ziehungen, in denen der Kunde seine Klasse behält (%)", y_title="Anzahl Kunden")
    fig.update_layout(barmode="stack", bargap=0.02, legend={"traceorder": "normal"})
    fig.update_xaxes(range=[0, 100], nticks=11, ticksuffix=" %")
    fig.update_yaxes(range=[0, max(int(totals.max()) if totals.size else 1, 1) * 1.3])
    return fig


def criteria_dependence_chart(criteria: pd.DataFrame, a_count: int, *, presentation: bool = False) -> go.Figure:
    """Per criterion: how many of today's A customers lose class A when the criterion is left out.

    ``criteria`` is ``robustness.RobustnessResult.criteria`` (label, a_lost_without); labels are escaped.
    """
    data = criteria[criteria["a_lost_without"].notna()].sort_values("a_lost_without", kind="stable")
    lost = data["a_lost_without"].to_numpy(dtype=float)
    share = lost / a_count if a_count else np.zeros_like(lost)
    labels = [esc(v) for v in data["label"]]
    fig = go.Figure(go.Bar(
        x=lost, y=labels, orientation="h", marker_color=CLASS_COLORS["A"],
        text=[f"{fmt_num(v, 0)} ({fmt_pct(p)})" for v, p in zip(lost, share, strict=True)],
        textposition="outside", cliponaxis=False,
        hovertemplate="Ohne %{y}: %{x:,} heutige A-Kunden verlieren Klasse A<extra></extra>",
    ))
    s = _sizes(presentation)
    _layout(fig, "A-Kunden, die ohne das Kriterium Klasse A verlieren", presentation=presentation,
            x_title=f"A-Kunden ohne Klasse A, wenn das Kriterium nicht zählt (von {fmt_num(a_count, 0)})",
            subtitle="je länger der Balken, desto stärker stützt sich die A-Liste auf dieses Kriterium",
            height=max(s["height"], 28 * len(labels) + 180), legend=False)
    fig.update_layout(margin={"l": 20, "r": 80})
    fig.update_yaxes(automargin=True, tickfont={"size": s["tick"]})
    top = float(lost.max()) if lost.size else 1.0
    fig.update_xaxes(range=[0, max(top * 1.25, 1)])
    return fig
