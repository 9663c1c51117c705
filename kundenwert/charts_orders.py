"""Plotly figures of order history: the ABC × XYZ grid.

The same rules as :mod:`kundenwert.charts` (German numbers, presentation sizes, escaped labels).
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from .charts import _layout, _sizes
from .fmt import fmt_eur, fmt_pct, plural
from .xyz import ABC, XYZ_CLASSES, XYZ_LABELS_DE


def abc_xyz_heatmap(grid: pd.DataFrame, *, presentation: bool = False) -> go.Figure:
    """3 × 3 cells (A/B/C down, X/Y/Z across): colour = share of revenue, text = customers and revenue.
    `grid` is `xyz.abc_xyz_grid(...)`."""
    total = float(grid["revenue"].clip(lower=0).sum())
    z, text = [], []
    for a in ABC:
        zr, tr = [], []
        for x in XYZ_CLASSES:
            cell = grid[(grid["abc"] == a) & (grid["xyz"] == x)].iloc[0]
            share = float(cell["revenue"]) / total if total > 0 else 0.0
            zr.append(share * 100)
            tr.append(f"<b>{a}{x}</b><br>{plural(int(cell['customers']), 'Kunde', 'Kunden')}<br>"
                      f"{fmt_eur(cell['revenue'], 0)}<br>{fmt_pct(share)} des Umsatzes")
        z.append(zr)
        text.append(tr)
    s = _sizes(presentation)
    fig = go.Figure(go.Heatmap(
        z=z, x=[XYZ_LABELS_DE[x] for x in XYZ_CLASSES], y=[f"Klasse {a}" for a in ABC], zmin=0,
        zmax=max(1.0, max(max(r) for r in z)), colorscale="Blues", text=text, texttemplate="%{text}",
        textfont={"size": s["font"]}, colorbar={"title": {"text": "Umsatzanteil"}, "ticksuffix": " %"},
        hovertemplate="%{text}<extra></extra>", xgap=4, ygap=4,
    ))
    fig.update_yaxes(autorange="reversed")
    return _layout(fig, "ABC × XYZ: Kunden und Umsatz je Feld", presentation=presentation,
                   x_title="Regelmäßigkeit (XYZ, Variationskoeffizient des Monatsumsatzes)", y_title="ABC-Klasse",
                   legend=False)
