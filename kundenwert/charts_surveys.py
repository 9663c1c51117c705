"""Plotly figures of the survey pages: the after-sales matrix heatmap and the NPS charts.

The same rules as :mod:`kundenwert.charts` (German numbers, class colours, presentation sizes).
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.colors import sample_colorscale

from .charts import (
    CLASSES,
    NPS_GROUP_COLORS,
    OTHER_COLOR,
    STATUS_COLORS,
    STATUSES,
    _layout,
    _sizes,
    esc,
    nps_group_label,
    status_label,
)
from .fmt import fmt_num, fmt_pct, fmt_signed
from .i18n import text
from .i18n.numbers import symbols
from .nps import net_promoter_score
from .style import CLASS_COLORS, readable_text_color

# ------------------------------------------------------------------------------ after-sales matrix

HEATMAP_SCALE = "Blues"


def heatmap_text_color(value: float | None) -> str:
    """Text colour for a heatmap cell of `value` (0–100): the better readable of dark and light on it."""
    if value is None:
        return "#111111"
    rgb = sample_colorscale(HEATMAP_SCALE, [min(max(value, 0.0), 100.0) / 100])[0]
    return readable_text_color(rgb)


def matrix_heatmap(result, *, presentation: bool = False, lang: str = "de") -> go.Figure:
    """The 2×2 after-sales matrix: repurchase rate per cell with customers, interval and study rate.

    ``result`` is a ``matrix.MatrixResult``. Without own data the study's rates fill the cells.
    """
    rows = [True, False]          # satisfied with the sale: yes (top), no
    cols = [False, True]          # satisfied with after-sales: no (left), yes
    z, notes, hover = [], [], []
    for sale in rows:
        zr, hr = [], []
        for after in cols:
            cell = result.cell(sale, after)
            rate = cell.rate if result.own_data else cell.study_rate
            zr.append(None if rate is None else rate * 100)
            study = fmt_pct(cell.study_rate, 0, lang)
            hr.append(text("chart.matrix.hover_cell", lang, repurchasers=fmt_num(cell.repurchasers, 0, lang),
                           customers=fmt_num(cell.customers, 0, lang), low=fmt_pct(cell.ci_low, 0, lang),
                           high=fmt_pct(cell.ci_high, 0, lang), study=study)
                      if result.own_data and cell.customers else text("chart.matrix.hover_study", lang, study=study))
        z.append(zr)
        hover.append(hr)
    s = _sizes(presentation)
    # short labels and few words per cell: the four cells stay legible on a phone (the interval and the
    # counts in full are in the hover and in the page's table)
    x_labels = [text("chart.matrix.x_no", lang), text("chart.matrix.x_yes", lang)]
    y_labels = [text("chart.matrix.y_yes", lang), text("chart.matrix.y_no", lang)]
    fig = go.Figure(go.Heatmap(
        z=z, x=x_labels, y=y_labels, zmin=0, zmax=100, colorscale=HEATMAP_SCALE, showscale=False,
        customdata=hover, xgap=4, ygap=4,
        hovertemplate=text("chart.matrix.hover", lang) + "<extra></extra>",
    ))
    for i, sale in enumerate(rows):
        for j, after in enumerate(cols):
            cell = result.cell(sale, after)
            value = z[i][j]
            if result.own_data:
                if cell.customers == 0:
                    note = text("chart.matrix.empty", lang)
                else:
                    note = text("chart.matrix.cell", lang, rate=fmt_pct(cell.rate, 0, lang),
                                repurchasers=fmt_num(cell.repurchasers, 0, lang),
                                customers=fmt_num(cell.customers, 0, lang))
                    if cell.few:
                        note += text("chart.matrix.few", lang)
                note += text("chart.matrix.study", lang, rate=fmt_pct(cell.study_rate, 0, lang))
            else:
                note = text("chart.matrix.study_cell", lang, rate=fmt_pct(cell.study_rate, 0, lang))
            notes.append(note)
            fig.add_annotation(x=x_labels[j], y=y_labels[i], text=note, showarrow=False,
                               font={"size": s["font"] + (2 if presentation else 0),
                                     "color": heatmap_text_color(value)})
    title = text("chart.matrix.title_own" if result.own_data else "chart.matrix.title_study", lang)
    subtitle = (text("chart.matrix.sub_own", lang, n=int(result.used)) if result.own_data
                else text("chart.matrix.sub_study", lang))
    _layout(fig, title, presentation=presentation, x_title=text("chart.matrix.x", lang),
            y_title=text("chart.matrix.y", lang), subtitle=subtitle, legend=False,
            height=s["height"] + (80 if presentation else 40), lang=lang)
    fig.update_yaxes(autorange="reversed")
    return fig


# ------------------------------------------------------------------------------------------- NPS

def nps_groups_chart(nps_result, *, presentation: bool = False, lang: str = "de") -> go.Figure:
    """How many customers are detractors, passives, promoters (``nps.NpsResult``)."""
    n = nps_result.respondents
    keys = ["detractor", "passive", "promoter"]
    counts = [nps_result.detractors, nps_result.passives, nps_result.promoters]
    shares = [c / n if n else math.nan for c in counts]
    fig = go.Figure(go.Bar(
        x=[nps_group_label(k, lang).replace(" (", "<br>(") for k in keys], y=[s * 100 if n else 0 for s in shares],
        marker_color=[NPS_GROUP_COLORS[k] for k in keys], marker_line={"color": "#333333", "width": 1},
        text=[f"{fmt_pct(s, 0, lang)}<br>({fmt_num(c, 0, lang)})" for s, c in zip(shares, counts, strict=True)],
        textposition="outside", cliponaxis=False,
        hovertemplate=text("chart.nps.groups_hover", lang) + "<extra></extra>",
    ))
    nps = nps_result.nps
    title = (text("chart.nps.title", lang, nps=fmt_signed(nps, 0, lang), n=n) if nps is not None
             else text("chart.nps.title_none", lang))
    _layout(fig, title, presentation=presentation, x_title=text("chart.nps.groups_x", lang),
            y_title=text("chart.nps.groups_y", lang), legend=False,
            subtitle=text("chart.nps.groups_sub", lang), lang=lang)
    fig.update_yaxes(range=[0, 118], ticksuffix=symbols(lang).pct_suffix)
    return fig


def nps_by_group(frame: pd.DataFrame, by: str) -> pd.DataFrame:
    """NPS per class or status: group, respondents, promoters, passives, detractors, nps."""
    rows = []
    if "recommend" not in frame.columns or by not in frame.columns:
        return pd.DataFrame(columns=["group", "respondents", "promoters", "passives", "detractors", "nps"])
    keys = frame[by].astype(object).where(frame[by].notna(), None)
    if by == "class":
        order = [c for c in CLASSES if (keys == c).any()]
    else:
        present = [k for k in pd.unique(keys) if k is not None and k != ""]
        order = [k for k in ("new", "existing") if k in present] + sorted(
            str(k) for k in present if k not in ("new", "existing"))
    values = frame["recommend"].to_numpy(dtype=float)
    for group in order:
        res = net_promoter_score(values[(keys == group).to_numpy()])
        rows.append({"group": group, "respondents": res.respondents, "promoters": res.promoters,
                     "passives": res.passives, "detractors": res.detractors, "nps": res.nps})
    return pd.DataFrame(rows, columns=["group", "respondents", "promoters", "passives", "detractors", "nps"])


def group_label(by: str, group: object, lang: str = "de", escape=esc) -> str:
    """A group's name: "Klasse A" / "Class A", a known status in words, any other value from the file as it is
    (``escape``d for where it is shown: plotly's HTML by default)."""
    if by == "class":
        return text("chart.class", lang, klass=group)
    return status_label(str(group), lang) if str(group) in STATUSES else escape(group)


def nps_by_chart(frame: pd.DataFrame, by: str = "class", *, presentation: bool = False,
                 lang: str = "de") -> go.Figure:
    """NPS (−100 … +100) per class or per status, bars coloured by class / status."""
    table = nps_by_group(frame, by)
    table = table[table["respondents"] > 0]
    labels = [group_label(by, g, lang) for g in table["group"]]
    if by == "class":
        colours = [CLASS_COLORS.get(str(g), OTHER_COLOR) for g in table["group"]]
    else:
        colours = [STATUS_COLORS.get(str(g), OTHER_COLOR) for g in table["group"]]
    nps = table["nps"].to_numpy(dtype=float)
    fig = go.Figure(go.Bar(
        x=labels, y=nps, marker_color=colours, marker_line={"color": "#333333", "width": 1},
        text=[f"NPS {fmt_signed(v, 0, lang)}<br>n = {fmt_num(n, 0, lang)}"
              for v, n in zip(nps, table["respondents"], strict=True)],
        textposition="outside", cliponaxis=False,
        hovertemplate="%{x}: NPS %{y:.0f}<extra></extra>",
    ))
    fig.add_hline(y=0, line={"color": "#333333", "width": 1})
    what = text("chart.nps.by_class" if by == "class" else "chart.nps.by_status", lang)
    _layout(fig, text("chart.nps.by_title", lang, what=what), presentation=presentation, x_title=what,
            y_title=text("chart.nps.by_y", lang), legend=False, lang=lang)
    low = min(-25.0, float(np.nanmin(nps)) - 30) if nps.size else -100
    high = max(25.0, float(np.nanmax(nps)) + 30) if nps.size else 100
    fig.update_yaxes(range=[max(-130, low), min(130, high)])
    return fig
