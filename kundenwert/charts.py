"""Plotly figures for the analysis pages. Pure: no Streamlit, only numpy/pandas/plotly.

Rules every figure follows:

- a title that says what the chart shows, axis titles with units;
- German number format (``layout.separators = ",."``: 1.234,5);
- one colour per class (``style.CLASS_COLORS``) wherever classes appear;
- ``presentation=True`` enlarges fonts, markers and the chart height for a projector;
- text must stay readable from a 390 px phone to a projector: legends sit below the plot in rows
  (plotly wraps them), axis titles and long category labels are wrapped (``wrap``), threshold and
  region labels sit inside the plot area (never in the top margin, where the chart toolbar appears),
  bar labels that would have to shrink below the axis text are hidden (their numbers are in the
  page's figures and in the hover), and the x axis picks its own tick spacing for the width;
- every colour has ≥ 3:1 contrast against the white background, every text ≥ 4.5:1 (``style``);
- user text (customer names, own criterion headers) is HTML-escaped before it reaches plotly,
  which renders a subset of HTML in labels and hover text;
- large lists never reach the browser point by point: the Lorenz curve is downsampled, the
  histogram is binned here, the bubble chart shows a deterministic sample that keeps the top
  customers.
"""

from __future__ import annotations

import html
import math
from collections.abc import Sequence

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from . import report
from .chart_layout import BAR_TEXT, _layout, _sizes, _wrap_word, layout_props, threshold_props
from .fmt import fmt_eur, fmt_num, fmt_pct
from .i18n import text
from .i18n.numbers import symbols
from .style import CLASS_COLORS, OWN_COLOR, TEXT_DARK

CLASSES = ("A", "B", "C")
LORENZ_MAX_POINTS = 1000     # points of the curve (one SVG path: cheap in the browser)
LORENZ_MARKERS = 150         # class-coloured markers on it (one SVG element each: the browser's cost)
BUBBLE_MAX_POINTS = 800      # bubbles (one SVG element each, styled one by one; 2,000 took seconds per redraw)
BUBBLE_KEEP_TOP = 100
HIST_BIN_WIDTH = 0.25

NPS_GROUPS = ("detractor", "passive", "promoter")
STATUSES = ("new", "existing")


def nps_group_label(group: str, lang: str = "de") -> str:
    return text(f"chart.nps_group.{group}", lang)


def status_label(status: str, lang: str = "de", *, many: bool = True) -> str:
    return text(f"chart.status.{status}" if many else f"chart.status_one.{status}", lang)


NPS_GROUP_COLORS = {"detractor": "#D55E00", "passive": "#8A8A8A", "promoter": "#009E73"}   # passive = neutral
STATUS_COLORS = {"new": "#2B8CC4", "existing": "#B05A8A"}
OTHER_COLOR = "#777777"


def esc(text: object) -> str:
    """Text for a plotly label or hover: < > & escaped (plotly renders a subset of HTML)."""
    return html.escape("" if text is None else str(text), quote=False)


def _scored(frame: pd.DataFrame) -> pd.DataFrame:
    return frame[frame["scorable"].astype(bool)] if "scorable" in frame.columns else frame


def _classes_of(frame: pd.DataFrame) -> np.ndarray:
    return frame["class"].to_numpy(dtype=object) if "class" in frame.columns else np.full(len(frame), "")


def downsample_indices(n: int, max_points: int, keep: Sequence[int] = ()) -> np.ndarray:
    """Evenly spaced indices 0 … n-1 (first and last included), at most max_points plus `keep`."""
    if n <= max_points:
        return np.arange(n)
    idx = np.unique(np.round(np.linspace(0, n - 1, max_points)).astype(np.int64))
    if len(keep):
        extra = np.asarray([k for k in keep if 0 <= k < n], dtype=np.int64)
        idx = np.union1d(idx, extra)
    return idx


# ------------------------------------------------------------------------------------ Pareto/Lorenz

def lorenz_curve(frame: pd.DataFrame, basis: str = "value_eur", *, class_method: str = "score",
                 thresholds: tuple[float, float] | None = None, presentation: bool = False,
                 max_points: int = LORENZ_MAX_POINTS, lang: str = "de") -> go.Figure:
    """Cumulative share of the basis (value, revenue or margin) held by the top x % of customers.

    The curve is drawn through at most ``max_points`` points (plus the class boundaries); markers
    are coloured by class. Where the classes follow the curve's order, the class regions are shaded;
    for the Pareto method the A and B thresholds are drawn as horizontal lines.
    """
    label = report.basis_label(basis, lang)
    of = text(f"chart.of.{basis}", lang) if basis in report.BASES else basis
    data = _scored(frame)
    if basis in data.columns:
        data = data[pd.to_numeric(data[basis], errors="coerce").notna()]
    title = text("chart.lorenz.title", lang, basis=label)
    x_title = text("chart.lorenz.x", lang, basis=label)
    y_title = text("chart.lorenz.y", lang, basis=label)
    if basis not in data.columns or data.empty:
        return go.Figure(layout=layout_props(title, presentation=presentation, x_title=x_title, y_title=y_title,
                                             subtitle=text("chart.lorenz.empty", lang, basis=label), lang=lang))
    values = np.maximum(data[basis].to_numpy(dtype=float), 0.0)
    classes = _classes_of(data)
    ids = data["id"].astype(str).to_numpy() if "id" in data.columns else np.arange(len(data)).astype(str)
    order = np.lexsort((ids, -values))
    values, classes = values[order], classes[order]
    n = values.size
    total = values.sum()
    cum = np.cumsum(values) / total * 100 if total > 0 else np.zeros(n)
    x = np.arange(1, n + 1) / n * 100
    # class boundaries in curve order (index of the last customer of each class run)
    changes = np.flatnonzero(classes[1:] != classes[:-1])
    keep = np.concatenate([changes, changes + 1]) if changes.size <= 4 else np.empty(0, dtype=np.int64)
    idx = downsample_indices(n, max_points, keep)
    xs, ys, cls = x[idx], cum[idx], classes[idx]
    mark = np.zeros(idx.size, dtype=bool)               # markers on a subset: the class boundaries, evenly
    mark[downsample_indices(idx.size, LORENZ_MARKERS)] = True   # spaced points, and every class at least once
    mark[np.isin(idx, keep)] = True
    for c in CLASSES:
        present = np.flatnonzero(cls == c)
        if present.size and not mark[present].any():
            mark[present[0]] = True
    traces = [go.Scatter(
        x=np.concatenate([[0.0], xs]), y=np.concatenate([[0.0], ys]), mode="lines",
        line={"color": "#333333", "width": 3 if presentation else 2}, name=text("chart.lorenz.cumulated", lang, basis=label),
        hovertemplate=text("chart.lorenz.hover", lang, of=of) + "<extra></extra>",
    )]
    s = _sizes(presentation)
    contiguous = _contiguous(classes)
    for c in CLASSES:
        mask = (cls == c) & mark
        members = np.flatnonzero(classes == c)
        if not mask.any():
            continue
        name = text("chart.class", lang, klass=c)
        if contiguous and members.size:
            start_cum = float(cum[members[0] - 1]) if members[0] > 0 else 0.0
            name = text("chart.lorenz.class_share", lang, name=name, customers=fmt_pct(members.size / n, 0, lang),
                        share=fmt_pct((float(cum[members[-1]]) - start_cum) / 100, 0, lang), of=of)
        traces.append(go.Scatter(
            x=xs[mask], y=ys[mask], mode="markers", name=name,
            marker={"color": CLASS_COLORS[c], "size": s["marker"] - 2},
            hovertemplate=text("chart.lorenz.class_hover", lang, klass=c, of=of) + "<extra></extra>",
        ))
    traces.append(go.Scatter(x=[0, 100], y=[0, 100], mode="lines", name=text("chart.lorenz.even", lang),
                             line={"color": "#767676", "dash": "dot"}, hoverinfo="skip"))
    shapes, annotations = [], []
    if contiguous:
        start_x = 0.0
        for c in CLASSES:
            members = np.flatnonzero(classes == c)
            if not members.size:
                continue
            end_x = float(x[members[-1]])
            shapes.append({"type": "rect", "x0": start_x, "x1": end_x, "xref": "x", "y0": 0, "y1": 1, "yref": "y domain",
                           "fillcolor": CLASS_COLORS[c], "opacity": 0.12, "line": {"width": 0}, "layer": "below"})
            annotations.append({"x": (start_x + end_x) / 2, "y": 0, "yref": "paper", "yanchor": "bottom", "yshift": 6,
                                "showarrow": False, "text": f"<b>{c}</b>", "font": {"size": s["font"], "color": TEXT_DARK}})
            start_x = end_x
    if class_method == "pareto" and thresholds:
        lines, labels = threshold_props(
            [(t, text("chart.threshold", lang, klass=c, value=fmt_pct(t / 100, 0, lang)), CLASS_COLORS[c])
             for c, t in sorted(zip(("A", "B"), thresholds, strict=True), key=lambda p: p[1])],
            axis="y", presentation=presentation, span=(0, 100))
        shapes += lines
        annotations += labels
    layout = layout_props(title, presentation=presentation, x_title=x_title, y_title=y_title,
                          subtitle=None if contiguous else text("chart.lorenz.not_contiguous", lang, basis=label),
                          lang=lang)
    layout["xaxis"].update(range=[0, 100], ticksuffix=symbols(lang).pct_suffix)
    layout["yaxis"].update(range=[0, 102], ticksuffix=symbols(lang).pct_suffix)
    layout["height"] = s["height"] + 80
    if shapes:
        layout["shapes"] = shapes
    if annotations:
        layout["annotations"] = annotations
    return go.Figure(data=traces, layout=layout)


def _contiguous(classes: np.ndarray) -> bool:
    """True if the classes appear as runs A… then B… then C… (each at most once)."""
    seen: list[str] = []
    for c in classes[np.r_[True, classes[1:] != classes[:-1]]] if classes.size else []:
        if c in seen or c not in CLASSES:
            return False
        seen.append(c)
    return seen == sorted(seen)



# ------------------------------------------------------------------------------------- histogram

def score_histogram(frame: pd.DataFrame, *, class_method: str = "score",
                    thresholds: tuple[float, float] | None = None, presentation: bool = False,
                    bin_width: float = HIST_BIN_WIDTH, lang: str = "de") -> go.Figure:
    """How many customers have which score, stacked by class. Binned here (≤ 40 bars per class)."""
    data = _scored(frame)
    scores = data["score"].to_numpy(dtype=float)
    classes = _classes_of(data)
    edges = np.arange(0.0, 10.0 + bin_width / 2, bin_width)
    centres = (edges[:-1] + edges[1:]) / 2
    traces, stacked = [], np.zeros(centres.size)
    for c in CLASSES:
        mask = classes == c
        if not mask.any():
            continue
        counts, _ = np.histogram(np.clip(scores[mask], 0, 10), bins=edges)
        stacked = stacked + counts
        traces.append(go.Bar(
            x=centres, y=counts, width=bin_width * 0.95, name=text("chart.class", lang, klass=c),
            marker_color=CLASS_COLORS[c], customdata=np.column_stack([edges[:-1], edges[1:]]),
            hovertemplate=text("chart.hist.hover", lang, klass=c) + "<extra></extra>", **BAR_TEXT,
        ))
    layout = layout_props(text("chart.hist.title", lang, n=len(scores)), presentation=presentation,
                          x_title=text("chart.hist.x", lang), y_title=text("chart.hist.y", lang), lang=lang)
    if class_method == "score" and thresholds:
        layout["shapes"], layout["annotations"] = threshold_props(
            [(t, text("chart.threshold", lang, klass=c, value=fmt_num(t, 1, lang)), CLASS_COLORS[c])
             for c, t in zip(("A", "B"), thresholds, strict=True)], axis="x", presentation=presentation, span=(0, 10))
    layout.update(barmode="stack", bargap=0.02)
    layout["legend"]["traceorder"] = "normal"
    layout["xaxis"].update(range=[0, 10], nticks=11)
    top = float(np.max(stacked)) if traces else 0.0
    layout["yaxis"]["range"] = [0, max(top, 1) * 1.3]      # room for the threshold labels above the bars
    return go.Figure(data=traces, layout=layout)


# ---------------------------------------------------------------------------------------- bubbles

def bubble_sample(frame: pd.DataFrame, y: str, max_points: int = BUBBLE_MAX_POINTS,
                  keep_top: int = BUBBLE_KEEP_TOP, seed: int = 20240607) -> np.ndarray:
    """Positions (into frame) of a deterministic sample that always keeps the top customers.

    Kept: the ``keep_top`` best by score and the ``keep_top`` best by ``y``; the rest is a
    seeded random draw, so the same list gives the same chart on every rerun.
    """
    n = len(frame)
    if n <= max_points:
        return np.arange(n)
    score = frame["score"].to_numpy(dtype=float)
    top = set(np.argsort(-np.nan_to_num(score, nan=-np.inf), kind="stable")[:keep_top].tolist())
    if y in frame.columns:
        yv = pd.to_numeric(frame[y], errors="coerce").to_numpy(dtype=float)
        top |= set(np.argsort(-np.nan_to_num(yv, nan=-np.inf), kind="stable")[:keep_top].tolist())
    top_arr = np.fromiter(sorted(top), dtype=np.int64)
    rest = np.setdiff1d(np.arange(n), top_arr)
    room = max(0, max_points - top_arr.size)
    rng = np.random.default_rng(seed)
    drawn = rng.choice(rest, size=min(room, rest.size), replace=False) if room else np.empty(0, dtype=np.int64)
    return np.sort(np.concatenate([top_arr, drawn]))


def score_revenue_bubble(frame: pd.DataFrame, *, y: str = "revenue", size: str = "margin",
                         presentation: bool = False, max_points: int = BUBBLE_MAX_POINTS,
                         keep_top: int = BUBBLE_KEEP_TOP, lang: str = "de") -> go.Figure:
    """Score against revenue per customer; bubble area = contribution margin; hover = name."""
    data = _scored(frame)
    if y not in data.columns:
        y = "value_eur"
    ylabel = report.basis_label(y, lang)
    data = data[pd.to_numeric(data[y], errors="coerce").notna()]
    n_all = len(data)
    idx = bubble_sample(data, y, max_points, keep_top)
    sample = data.iloc[idx]
    s = _sizes(presentation)
    yv = sample[y].to_numpy(dtype=float)
    has_size = size in sample.columns and pd.to_numeric(sample[size], errors="coerce").notna().any()
    if has_size:
        sv = pd.to_numeric(sample[size], errors="coerce").to_numpy(dtype=float)
        pos = np.where(np.isnan(sv), 0.0, np.maximum(sv, 0.0))
        ref = np.nanmax(pos) if pos.size and np.nanmax(pos) > 0 else 1.0
        max_px = 46 if presentation else 36
        min_px = 5 if presentation else 4
        px = np.maximum(min_px, np.sqrt(pos / ref) * max_px)
    else:
        sv = np.full(len(sample), np.nan)
        px = np.full(len(sample), float(s["marker"]))
    names = [esc(v) for v in sample["name"].to_numpy(dtype=object)]
    ids = [esc(v) for v in sample["id"].to_numpy(dtype=object)] if "id" in sample.columns else [""] * len(sample)
    classes = _classes_of(sample)
    scores = sample["score"].to_numpy(dtype=float)
    text_margin = [fmt_eur(v, 0, lang) for v in sv]
    text_y = [fmt_eur(v, 0, lang) for v in yv]
    traces = []
    for c in CLASSES:
        mask = classes == c
        if not mask.any():
            continue
        loss = mask & (sv < 0)
        for sub, symbol, suffix in ((mask & ~loss, "circle", ""), (loss, "circle-open", text("chart.bubble.loss", lang))):
            if not sub.any():
                continue
            traces.append(go.Scatter(
                x=scores[sub], y=yv[sub], mode="markers", name=text("chart.class", lang, klass=c) + suffix,
                marker={"size": px[sub], "color": CLASS_COLORS[c], "symbol": symbol, "opacity": 0.8,
                        "line": {"width": 1.5 if symbol == "circle-open" else 1,
                                 "color": CLASS_COLORS[c] if symbol == "circle-open" else "#333333"}},
                customdata=np.column_stack([np.asarray(names, dtype=object)[sub], np.asarray(ids, dtype=object)[sub],
                                            np.asarray(text_y, dtype=object)[sub],
                                            np.asarray(text_margin, dtype=object)[sub]]),
                hovertemplate=(text("chart.bubble.hover", lang, klass=c, basis=ylabel)
                               + (text("chart.bubble.hover_margin", lang) if has_size else "")
                               + "<extra></extra>"),
            ))
    positive = yv[yv > 0]
    log_y = bool(positive.size == yv.size and yv.size and positive.max() / positive.min() > 100)
    parts = []
    if has_size:
        parts.append(text("chart.bubble.size", lang))
    if len(sample) < n_all:
        parts.append(text("chart.bubble.sample", lang, shown=len(sample), total=n_all, top=keep_top, basis=ylabel))
    layout = layout_props(text("chart.bubble.title", lang, basis=ylabel), presentation=presentation,
                          x_title=text("chart.hist.x", lang),
                          y_title=text("chart.bubble.y_log" if log_y else "chart.bubble.y", lang, basis=ylabel),
                          subtitle=" · ".join(parts) or None, lang=lang)
    layout["xaxis"].update(range=[-0.2, 10.2], nticks=11)
    eur = symbols(lang)
    layout["yaxis"].update(tickformat=",.0f", tickprefix=eur.eur_prefix, ticksuffix=eur.eur_suffix,
                           type="log" if log_y else "linear")
    if log_y:
        layout["yaxis"]["dtick"] = 1
    return go.Figure(data=traces, layout=layout)


# ------------------------------------------------------------------------------------------ radar

def radar_chart(labels: Sequence[str], customer: Sequence[float], class_avg: Sequence[float] | None,
                list_avg: Sequence[float], *, name: str, klass: str = "", presentation: bool = False,
                lang: str = "de") -> go.Figure:
    """The customer's ratings (after direction: outward = better) against class and list average.

    A missing rating is left out of the customer's polygon (its neighbours are joined) and named in
    the subtitle; it is never drawn as 0.
    """
    theta = [_wrap_word(esc(t)) for t in labels]

    def clean(values: Sequence[float] | None) -> list[float | None]:
        return [None if v is None or (isinstance(v, float) and math.isnan(v)) else float(v) for v in (values or [])]

    def closed(values: list[float | None]) -> tuple[list, list]:
        pts = [(t, v) for t, v in zip(theta, values, strict=True) if v is not None]
        if not pts:
            return [], []
        pts.append(pts[0])
        return [p[0] for p in pts], [p[1] for p in pts]

    colour = CLASS_COLORS.get(klass, OWN_COLOR)
    s = _sizes(presentation)
    t, r = closed(clean(list_avg))
    traces = [go.Scatterpolar(r=r, theta=t, name=text("chart.radar.list", lang), mode="lines",
                              line={"color": "#555555", "dash": "dot", "width": 2},
                              hovertemplate=text("chart.radar.list_hover", lang))]
    if class_avg is not None and klass:
        t, r = closed(clean(class_avg))
        traces.append(go.Scatterpolar(r=r, theta=t, name=text("chart.radar.class", lang, klass=klass), mode="lines",
                                      line={"color": colour, "dash": "dash", "width": 2},
                                      hovertemplate=text("chart.radar.class_hover", lang, klass=klass)))
    values = clean(customer)
    t, r = closed(values)
    traces.append(go.Scatterpolar(r=r, theta=t, name=esc(name), mode="lines+markers",
                                  fill="toself", fillcolor=_rgba(colour, 0.25),
                                  line={"color": colour, "width": 3}, marker={"size": s["marker"]},
                                  hovertemplate="%{theta}: %{r:.1f}<extra></extra>"))
    gaps = [th for th, v in zip(theta, values, strict=True) if v is None]
    subtitle = text("chart.radar.sub", lang)
    if gaps:
        subtitle += text("chart.radar.gaps", lang, gaps=", ".join(gaps))
    # one validation pass (layout_props): the profile redraws this chart on every weight move
    layout = layout_props(text("chart.radar.title", lang), presentation=presentation, subtitle=subtitle,
                          height=s["height"] + 60, lang=lang)
    layout["polar"] = {"radialaxis": {"range": [0, 10], "dtick": 2, "tickfont": {"size": s["tick"] - 2},
                                      "angle": 90 - 180 / max(1, len(theta)), "tickangle": 0},
                       "angularaxis": {"tickfont": {"size": s["tick"]}, "categoryorder": "array",
                                       "categoryarray": theta, "direction": "clockwise", "rotation": 90},
                       # room for the criterion names around the circle (two lines of ≤ 14 characters)
                       "domain": {"x": [0.2, 0.8], "y": [0.12, 0.9]}}
    return go.Figure(data=traces, layout=layout)


def _rgba(hex_colour: str, alpha: float) -> str:
    h = hex_colour.lstrip("#")
    r, g, b = (int(h[i:i + 2], 16) for i in (0, 2, 4))
    return f"rgba({r}, {g}, {b}, {alpha})"


# ---------------------------------------------------------------------------------- contributions

def contribution_chart(labels: Sequence[str], contributions: Sequence[float], score: float, *,
                       presentation: bool = False, klass: str = "",
                       missing: Sequence[bool] | None = None, lang: str = "de") -> go.Figure:
    """Each criterion's contribution w·r'/Σw as a horizontal waterfall that ends at the score."""
    missing = list(missing) if missing is not None else [False] * len(labels)
    triples = sorted(zip(labels, contributions, missing, strict=True), key=lambda p: (p[2], -p[1]))
    y = [esc(p[0]) for p in triples] + ["<b>Score</b>"]
    x = [float(p[1]) for p in triples] + [float(score)]
    bar_text = ([text("chart.contrib.missing", lang) if p[2] else fmt_num(p[1], 2, lang) for p in triples]
                + [f"<b>{fmt_num(score, 2, lang)}</b>"])
    colour = CLASS_COLORS.get(klass, OWN_COLOR)
    s = _sizes(presentation)
    waterfall = go.Waterfall(
        orientation="h", y=y, x=x, measure=["relative"] * len(triples) + ["total"], text=bar_text,
        textposition="outside", cliponaxis=False,
        increasing={"marker": {"color": colour}},
        decreasing={"marker": {"color": "#D55E00"}},
        totals={"marker": {"color": colour, "line": {"color": "#333333", "width": 2}}},
        connector={"line": {"color": "#8A8A8A", "width": 1}},
        textfont={"size": s["font"] - 1},
        hovertemplate=text("chart.contrib.hover", lang) + "<extra></extra>",
    )
    # one validation pass (layout_props): the profile redraws this chart on every weight move
    layout = layout_props(text("chart.contrib.title", lang, score=fmt_num(score, 2, lang)), presentation=presentation,
                          x_title=text("chart.contrib.x", lang), y_title=text("chart.contrib.y", lang), legend=False,
                          height=max(s["height"], (len(y) + 2) * (38 if presentation else 28)), lang=lang)
    layout["yaxis"]["autorange"] = "reversed"
    # room right of the score for the longest bar text ("missing" sits where the sum stands)
    room = 2.0 if any(missing) else 0.0
    layout["xaxis"]["range"] = [0, max(10.0, float(score) * 1.12, float(score) + room)]
    return go.Figure(data=[waterfall], layout=layout)


# --------------------------------------------------------------------------------- class shares

def class_shares_chart(kpis: pd.DataFrame, *, presentation: bool = False, lang: str = "de") -> go.Figure:
    """Per class: share of customers against share of value (and revenue) – the ABC picture.

    ``kpis`` has one row per class with columns ``class``, ``share_customers``, ``share_value`` and
    optionally ``share_revenue`` (shares 0–1). Horizontal bars, class A on top: each label sits beside its
    bar, where a phone's width leaves room for it (upright bars three to a class are too narrow there, and
    plotly hides a label wider than its bar).
    """
    measures = [("share_customers", 1.0, ""), ("share_value", 0.75, "/")]
    if "share_revenue" in kpis.columns and kpis["share_revenue"].notna().any():
        measures.append(("share_revenue", 0.5, "."))
    classes = [str(c) for c in kpis["class"]]
    colours = [CLASS_COLORS.get(c, OTHER_COLOR) for c in kpis["class"]]
    traces = []
    for col, opacity, pattern in measures:
        name = text(f"chart.shares.{col}", lang)
        vals = kpis[col].to_numpy(dtype=float) * 100
        traces.append(go.Bar(
            y=classes, x=vals, orientation="h", name=name,
            marker={"color": colours, "opacity": opacity, "pattern": {"shape": pattern},
                    "line": {"color": "#333333", "width": 1}},
            text=[fmt_pct(v / 100, 0, lang) for v in vals], textposition="outside", cliponaxis=False,
            hovertemplate=text("chart.shares.hover", lang, name=name) + "<extra></extra>",
            **BAR_TEXT,
        ))
    layout = layout_props(text("chart.shares.title", lang), presentation=presentation,
                          x_title=text("chart.shares.axis_share", lang), y_title=text("chart.shares.axis_class", lang),
                          subtitle=text("chart.shares.sub", lang), lang=lang)
    layout["barmode"] = "group"
    layout["xaxis"].update(range=[0, 118], ticksuffix=symbols(lang).pct_suffix)   # room for the longest label
    layout["yaxis"].update(autorange="reversed")                                    # A on top
    return go.Figure(data=traces, layout=layout)


BAR_GAP = 0.2           # plotly's default gap between the groups of grouped bars, set so labels can be placed


def matrix_comparison_chart(result, *, presentation: bool = False, lang: str = "de") -> go.Figure:
    """Own repurchase rate per matrix cell (with its 95 % interval) beside the study's rate.

    Horizontal bars, one group per cell from top to bottom, so every label has room on a phone too. The own
    rate's label stands right of its interval's end (an annotation: a bar label would sit on the error bar,
    or be hidden inside a short bar); the study's label beside its bar."""
    order = [(True, True), (False, True), (True, False), (False, False)]
    cats = [text("chart.cmp.cell", lang, sale="✓" if sale else "✗", service="✓" if service else "✗")
            for sale, service in order]
    cells = [result.cell(*k) for k in order]
    fig = go.Figure()
    labels = []
    if result.own_data:
        rate = [None if c.rate is None else c.rate * 100 for c in cells]
        plus = [None if c.rate is None else (c.ci_high - c.rate) * 100 for c in cells]
        minus = [None if c.rate is None else (c.rate - c.ci_low) * 100 for c in cells]
        own_text = [("–" if r is None else fmt_pct(r / 100, 0, lang))
                    + (text("chart.cmp.few", lang) if c.few and c.customers else "")
                    for r, c in zip(rate, cells, strict=True)]
        fig.add_trace(go.Bar(
            y=cats, x=rate, orientation="h", name=text("chart.cmp.own", lang), marker_color=OWN_COLOR,
            error_x={"type": "data", "array": plus, "arrayminus": minus, "visible": True, "color": "#333333"},
            text=own_text, textposition="none",
            customdata=[[fmt_num(c.customers, 0, lang), fmt_pct(c.ci_low, 0, lang), fmt_pct(c.ci_high, 0, lang)]
                        for c in cells],
            hovertemplate=text("chart.cmp.own_hover", lang) + "<extra></extra>",
        ))
        offset = (1 - BAR_GAP) / 4          # the first of two bars in a group sits this far above the group's middle
        labels = [{"x": 0 if c.rate is None else c.ci_high * 100, "y": i - offset, "text": label, "showarrow": False,
                   "xanchor": "left", "xshift": 4, "align": "left"}
                  for i, (c, label) in enumerate(zip(cells, own_text, strict=True))]
    fig.add_trace(go.Bar(
        y=cats, x=[c.study_rate * 100 for c in cells], orientation="h", name=text("chart.cmp.study", lang),
        marker_color="#555555", marker_pattern={"shape": "/"}, text=[fmt_pct(c.study_rate, 0, lang) for c in cells],
        textposition="outside", cliponaxis=False,
        hovertemplate=text("chart.cmp.study_hover", lang) + "<extra></extra>",
    ))
    _layout(fig, text("chart.cmp.title_own" if result.own_data else "chart.cmp.title_study", lang),
            presentation=presentation, x_title=text("chart.cmp.axis_rate", lang), y_title=text("chart.cmp.axis_cells", lang),
            subtitle=text("chart.cmp.sub", lang) if result.own_data else None, lang=lang)
    size = fig.layout.font.size
    fig.update_layout(barmode="group", bargap=BAR_GAP,
                      annotations=[{**a, "font": {"size": size, "color": TEXT_DARK}} for a in labels])
    ticks = [0, 25, 50, 75, 100]                    # and room right of 100 % for the labels
    fig.update_xaxes(range=[0, 125], tickvals=ticks, ticktext=[fmt_pct(v / 100, 0, lang) for v in ticks])
    fig.update_yaxes(autorange="reversed")
    return fig
