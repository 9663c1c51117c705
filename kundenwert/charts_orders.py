"""Plotly figures of order history: the ABC × XYZ grid.

The same rules as :mod:`kundenwert.charts` (German numbers, presentation sizes, escaped labels).
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from .charts import _layout, _sizes
from .fmt import fmt_eur, fmt_pct
from .i18n import text
from .i18n.numbers import symbols
from .xyz import ABC, XYZ_CLASSES


def abc_xyz_heatmap(grid: pd.DataFrame, *, presentation: bool = False, lang: str = "de") -> go.Figure:
    """3 × 3 cells (A/B/C down, X/Y/Z across): colour = share of revenue, text = customers and revenue.
    `grid` is `xyz.abc_xyz_grid(...)`."""
    total = float(grid["revenue"].clip(lower=0).sum())
    z, cells = [], []
    for a in ABC:
        zr, tr = [], []
        for x in XYZ_CLASSES:
            cell = grid[(grid["abc"] == a) & (grid["xyz"] == x)].iloc[0]
            share = float(cell["revenue"]) / total if total > 0 else 0.0
            zr.append(share * 100)
            tr.append(text("chart.abcxyz.cell", lang, cell=f"{a}{x}", n=int(cell["customers"]),
                           revenue=fmt_eur(cell["revenue"], 0, lang), share=fmt_pct(share, 0, lang)))
        z.append(zr)
        cells.append(tr)
    s = _sizes(presentation)
    fig = go.Figure(go.Heatmap(
        z=z, x=[text(f"chart.xyz.{x}", lang) for x in XYZ_CLASSES], y=[text("chart.class", lang, klass=a) for a in ABC],
        zmin=0, zmax=max(1.0, max(max(r) for r in z)), colorscale="Blues", text=cells, texttemplate="%{text}",
        textfont={"size": s["font"]},
        colorbar={"title": {"text": text("chart.abcxyz.colorbar", lang)}, "ticksuffix": symbols(lang).pct_suffix},
        hovertemplate="%{text}<extra></extra>", xgap=4, ygap=4,
    ))
    fig.update_yaxes(autorange="reversed")
    return _layout(fig, text("chart.abcxyz.title", lang), presentation=presentation,
                   x_title=text("chart.abcxyz.x", lang), y_title=text("chart.abcxyz.y", lang), legend=False, lang=lang)
