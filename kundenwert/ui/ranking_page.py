"""Gewichtung & Ranking: live KPIs and the ranking table (search, class filter, sort, pages)."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import streamlit as st

from kundenwert import report
from kundenwert.fmt import fmt_eur, fmt_num, fmt_pct, plural
from kundenwert.scoring import CLASSES, ScoreResult
from kundenwert.ui import common, exports, sidebar, state
from kundenwert.ui.common import escape_md
from kundenwert.ui.session import widget_key

PAGE_SIZE = 500           # rows per table page once a list is larger than this (the German number
                          # display via pandas Styler costs ~70 ms per 1,000 rows on every rerun)
STYLE_LIMIT = 5000        # German number display via pandas Styler up to this many rows per page

SORTS = {
    "rank": ("Rang", "rank", True),
    "value": ("Kundenwert (€)", "value_eur", False),
    "revenue": ("Umsatz (€)", "revenue", False),
    "margin": ("Deckungsbeitrag (€)", "margin", False),
    "name": ("Name (A–Z)", "name", True),
    "id": ("Kunden-Nr.", "id", True),
}


def ranked_positions(result: ScoreResult, query: str = "", classes: list[str] | None = None,
                     incomplete_only: bool = False, sort: str = "rank") -> np.ndarray:
    """Row positions in `result.frame` of the ranked (scorable) customers, filtered by a name/id search
    and classes, sorted (ties keep the rank order). Works on arrays: a rerun on a large list copies only
    the rows of the page shown, not the whole ranking."""
    f = result.frame
    keep = f["scorable"].to_numpy(dtype=bool).copy()
    if classes is not None and set(classes) != set(CLASSES):
        keep &= f["class"].isin(classes).to_numpy(dtype=bool)
    if incomplete_only:
        keep &= f["incomplete"].to_numpy(dtype=bool)
    pos = np.flatnonzero(keep)
    q = " ".join(query.split()).casefold()
    if q:
        part = f.iloc[pos]
        hay = part["id"].astype(str).str.casefold() + "\x00" + part["name"].astype(str).str.casefold()
        pos = pos[hay.str.contains(q, regex=False).to_numpy(dtype=bool)]
    rank = f["rank"].to_numpy(dtype=float, na_value=np.inf)[pos]
    pos = pos[np.argsort(rank, kind="stable")]
    label, column, ascending = SORTS.get(sort, SORTS["rank"])
    if column == "rank" or column not in f.columns:
        return pos
    values = f[column].iloc[pos].reset_index(drop=True)
    if column in ("name", "id"):
        order = values.astype(str).str.casefold().sort_values(kind="stable").index.to_numpy()
    else:
        order = values.sort_values(ascending=ascending, kind="stable", na_position="last").index.to_numpy()
    return pos[order]


def filter_ranking(result: ScoreResult, query: str = "", classes: list[str] | None = None,
                   incomplete_only: bool = False, sort: str = "rank") -> pd.DataFrame:
    """The ranked (scorable) customers, filtered by a name/id search and classes, sorted."""
    return result.frame.iloc[ranked_positions(result, query, classes, incomplete_only, sort)]


def display_table(frame: pd.DataFrame) -> pd.DataFrame:
    """The ranking in display form: German column names, class badge text, incomplete marker."""
    out = pd.DataFrame({
        "Rang": frame["rank"].astype("Int64"),
        "Klasse": frame["class"].map(lambda c: [c] if c else []),
        "Kunden-Nr.": frame["id"].astype(str),
        "Kunde": frame["name"].astype(str),
        "Score": frame["score"].astype(float),
        "Balken": frame["score"].astype(float),
        "Kundenwert (€)": frame["value_eur"].astype(float),
    })
    for key, label in (("revenue", "Umsatz (€)"), ("margin", "Deckungsbeitrag (€)"), ("clv", "CLV (€)")):
        if key in frame.columns and frame[key].notna().any():
            out[label] = frame[key].astype(float)
    missing = frame["missing"].to_numpy()
    out["Vollständig"] = np.where(frame["incomplete"].to_numpy(), [f"⚠ {plural(m, 'fehlt', 'fehlen')}"
                                                                   for m in missing], "✓")
    out["Excel-Zeile"] = frame["row"].astype("int64")
    return out.reset_index(drop=True)


def _euro(v: float) -> str:
    return fmt_eur(v, 0) if isinstance(v, (int, float)) and not math.isnan(v) else "–"


def styled(table: pd.DataFrame):
    """German number display (1.234 €, 7,3) while the cells stay numbers (header sort stays numeric)."""
    money = [c for c in table.columns if c.endswith("(€)")]
    fmt = {c: _euro for c in money}
    fmt["Score"] = lambda v: fmt_num(v, 1)
    return table.style.format(fmt, na_rep="–")


def column_config(presentation: bool) -> dict:
    cfg = {
        "Rang": st.column_config.NumberColumn(width="small", format="%d", pinned=True),
        "Klasse": common.class_column(width="small", help="A/B/C nach der Methode in der Seitenleiste"),
        "Kunden-Nr.": st.column_config.TextColumn(width="small"),
        "Kunde": st.column_config.TextColumn(width="medium"),
        "Score": st.column_config.NumberColumn(
            "Score", width="small", help="Gewichteter Durchschnitt der Bewertungen, 0–10 (Richtung berücksichtigt)"),
        "Balken": st.column_config.ProgressColumn(
            "Score 0–10", min_value=0.0, max_value=10.0, format=" ", width="medium"),
        "Vollständig": st.column_config.TextColumn(
            width="small", help="⚠: Bewertungen fehlen – der Score stützt sich auf die vorhandenen Kriterien"),
        "Excel-Zeile": st.column_config.NumberColumn(width="small", format="%d"),
    }
    if presentation:                     # technical detail hidden
        cfg["Excel-Zeile"] = None
        cfg["CLV (€)"] = None
    return cfg


def download_bytes(result: ScoreResult, cl) -> bytes:
    """The result as a tidy Excel workbook (built only when the user clicks download)."""
    return exports.build("xlsx", result, cl)


def _render_header(result: ScoreResult) -> None:
    s = result.scenario
    st.markdown(f"Gewichtung **{escape_md(s.name)}** · Klassen: **{escape_md(report.class_rule_short(s))}** · "
                f"{fmt_eur(result.euro_per_point)} je Score-Punkt", help=report.class_rule_text(s))


def _render_top_weights(result: ScoreResult) -> None:
    total = float(result.weights.sum())
    if total <= 0:
        return
    parts = sorted(zip(result.criteria, result.weights, strict=True), key=lambda kv: -kv[1])
    text = " · ".join(f"{escape_md(sidebar.criterion_label(k))} {fmt_pct(w / total)}"
                      for k, w in parts if w > 0)
    common.technical(f"Anteil am Gesamtgewicht: {text}")


def render() -> None:
    st.set_page_config(page_title="Kundenwert – Gewichtung & Ranking", page_icon="📊", layout="wide")
    sidebar.render_sidebar()
    st.title("Gewichtung & Ranking")
    result = common.require_result("das Ranking")
    if result is None:
        return
    _render_header(result)
    common.kpi_row(result)
    _render_top_weights(result)

    st.subheader("Ranking")
    empty = common.no_customers_text(result, "unten unter „Nicht bewertbar“")
    if empty:
        st.info(empty, icon=":material/info:")
    else:
        _render_table(result)
    _render_not_scorable(result)
    if not state.presentation_mode() and len(result.frame):
        exports.render(result, state.current_list())


def _render_table(result: ScoreResult) -> None:
    """Search, class filter, sort and the (paged) ranking table."""
    if state.presentation_mode():        # larger text: two rows, so no label ends in "…"
        c1, c2 = st.columns([3, 2], vertical_alignment="bottom")
        c3, c4 = st.columns([3, 2], vertical_alignment="bottom")
    else:
        c1, c2, c3, c4 = st.columns([4, 2, 2.6, 2.4], vertical_alignment="bottom")
    query = c1.text_input("Suche nach Name oder Kunden-Nr.", key=widget_key("rank_query"), placeholder="z. B. Müller oder K-1001")
    classes = c2.pills("Klassen", list(CLASSES), selection_mode="multi", default=list(CLASSES), key=widget_key("rank_classes"),
                       help="Klassen ein- oder ausblenden")
    frame_cols = result.frame.columns
    sort_options = [k for k, (_, col, _) in SORTS.items() if col in frame_cols and (
        col not in ("revenue", "margin") or result.frame[col].notna().any())]
    sort = c3.selectbox("Sortieren nach", sort_options, key=widget_key("rank_sort"), format_func=lambda k: SORTS[k][0])
    incomplete_only = c4.toggle("nur unvollständige", key=widget_key("rank_incomplete"))
    positions = ranked_positions(result, query, classes or [], incomplete_only, sort)

    n = len(positions)
    if n == 0:
        st.info("Keine Kunden passen zu Suche und Filter.")
    else:
        pages = max(1, math.ceil(n / PAGE_SIZE))
        page = 1
        if pages > 1:
            page = st.pagination(pages, key=widget_key("rank_page"), max_visible_pages=7)
            page = min(max(int(page), 1), pages)
        start = (page - 1) * PAGE_SIZE
        shown = result.frame.iloc[positions[start:start + PAGE_SIZE]]
        table = display_table(shown)
        data = styled(table) if len(table) <= STYLE_LIMIT else table
        present = state.presentation_mode()
        row_height = 44 if present else 35
        st.dataframe(data, hide_index=True, width="stretch", height=min(row_height * (len(table) + 1) + 3, 640),
                     row_height=row_height, column_config=column_config(present), key=widget_key("rank_table"))
        extra = f" · Seite {page} von {pages} (je {fmt_num(PAGE_SIZE, 0)} Kunden)" if pages > 1 else ""
        n_scored = int(result.frame["scorable"].sum())      # not len(result.scored): that copies the frame
        st.caption(f"{fmt_num(n, 0)} von {fmt_num(n_scored, 0)} bewerteten Kunden{extra}")


def _render_not_scorable(result: ScoreResult) -> None:
    ns = result.not_scorable
    if len(ns):
        with st.expander(f"Nicht bewertbar ({fmt_num(len(ns), 0)}) – ohne Klasse, hier gesondert aufgeführt",
                         expanded=not result.frame["scorable"].any()):
            st.dataframe(pd.DataFrame({"Kunden-Nr.": ns["id"].astype(str), "Kunde": ns["name"].astype(str),
                                       "Excel-Zeile": ns["row"].astype("int64"), "Grund": ns["reason"]}),
                         hide_index=True, width="stretch")
