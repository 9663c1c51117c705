"""Gewichtung & Ranking (Weighting & ranking): live KPIs and the ranking table (search, class filter, sort, pages)."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import streamlit as st

from kundenwert import report
from kundenwert.fmt import fmt_eur, fmt_pct
from kundenwert.i18n import text
from kundenwert.scoring import CLASSES, ScoreResult
from kundenwert.ui import common, exports, sidebar, state
from kundenwert.ui.common import column_label, escape_md
from kundenwert.ui.lang import current_lang, t
from kundenwert.ui.session import widget_key

PAGE_SIZE = 250           # rows per table page once a list is larger than this: the sample (250) fits on
                          # one page; the German number display via pandas Styler costs ~50 ms per 500 rows
                          # on every rerun (a page switch, a slider move), and the browser gets half the cells
STYLE_LIMIT = 5000        # German number display via pandas Styler up to this many rows per page

# sort choice -> (the column whose name labels it, the frame's column, ascending)
SORTS = {
    "rank": ("rank", "rank", True),
    "value": ("value_eur", "value_eur", False),
    "revenue": ("revenue", "revenue", False),
    "margin": ("margin", "margin", False),
    "name": (None, "name", True),
    "id": ("id", "id", True),
}


def sort_label(choice: str, lang: str | None = None) -> str:
    """The sort choice in words (UI language, or `lang`): a column's name, "Name (A–Z)" for the name."""
    lang = lang or current_lang()
    column = SORTS[choice][0]
    return column_label(column, lang) if column else text("ui.ranking_page.sort_name", lang)


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
    """The ranking in display form: column names in the UI language, class badge text, incomplete marker."""
    c = column_label
    out = pd.DataFrame({
        c("rank"): frame["rank"].astype("Int64"),
        c("class"): frame["class"].map(lambda k: [k] if k else []),
        c("id"): frame["id"].astype(str),
        c("name"): frame["name"].astype(str),
        c("score"): frame["score"].astype(float),
        _bar_column(): frame["score"].astype(float),
        c("value_eur"): frame["value_eur"].astype(float),
    })
    for key in ("revenue", "margin", "clv"):
        if key in frame.columns and frame[key].notna().any():
            out[c(key)] = frame[key].astype(float)
    out[c("complete")] = common.completeness(frame["missing"].to_numpy(), frame["incomplete"].to_numpy())
    out[c("row")] = frame["row"].astype("int64")
    return out.reset_index(drop=True)


def _bar_column() -> str:
    return t("ui.ranking_page.col_bar")


def column_config(presentation: bool) -> dict:
    c = column_label
    cfg = {
        c("rank"): st.column_config.NumberColumn(width="small", format="%d", pinned=True),
        c("class"): common.class_column(width="small", help=t("ui.ranking_page.help_class")),
        c("id"): st.column_config.TextColumn(width="small"),
        c("name"): st.column_config.TextColumn(width="medium"),
        c("score"): st.column_config.NumberColumn(c("score"), width="small", help=t("ui.ranking_page.help_score")),
        _bar_column(): st.column_config.ProgressColumn(
            t("ui.ranking_page.bar_label"), min_value=0.0, max_value=10.0, format=" ", width="medium"),
        c("complete"): st.column_config.TextColumn(width="small", help=t("ui.ranking_page.help_complete")),
        c("row"): st.column_config.NumberColumn(width="small", format="%d"),
    }
    if presentation:                     # technical detail hidden
        cfg[c("row")] = None
        cfg[c("clv")] = None
    return cfg


def download_bytes(result: ScoreResult, cl) -> bytes:
    """The result as a tidy Excel workbook (built only when the user clicks download)."""
    return exports.build("xlsx", result, cl)


def _render_header(result: ScoreResult) -> None:
    s = result.scenario
    lang = current_lang()
    st.markdown(t("ui.ranking_page.header", name=escape_md(report.scenario_name(s, lang)),
                  rule=escape_md(report.class_rule_short(s, lang)), epp=fmt_eur(result.euro_per_point, 2, lang)),
                help=report.class_rule_text(s, lang))


def _render_top_weights(result: ScoreResult) -> None:
    total = float(result.weights.sum())
    if total <= 0:
        return
    parts = sorted(zip(result.criteria, result.weights, strict=True), key=lambda kv: -kv[1])
    lang = current_lang()
    shares = " · ".join(f"{escape_md(sidebar.criterion_label(k))} {fmt_pct(w / total, 0, lang)}"
                        for k, w in parts if w > 0)
    common.technical(t("ui.ranking_page.weight_shares", shares=shares))


def render() -> None:
    title = t("page.ranking")
    st.set_page_config(page_title=t("ui.ranking_page.tab_title", title=title), page_icon="📊", layout="wide")
    sidebar.render_sidebar()
    st.title(title)
    result = common.require_result(t("ui.ranking_page.needs"))
    if result is None:
        return
    _render_header(result)
    common.kpi_row(result)
    _render_top_weights(result)

    st.subheader(t("ui.ranking_page.ranking"))
    empty = common.no_customers_text(result, t("ui.ranking_page.reasons_where"))
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
    query = c1.text_input(t("ui.common.search"), key=widget_key("rank_query"),
                          placeholder=t("ui.ranking_page.search_placeholder"))
    classes = c2.pills(t("ui.ranking_page.classes"), list(CLASSES), selection_mode="multi", default=list(CLASSES),
                       key=widget_key("rank_classes"), help=t("ui.ranking_page.classes_help"))
    frame_cols = result.frame.columns
    sort_options = [k for k, (_, col, _) in SORTS.items() if col in frame_cols and (
        col not in ("revenue", "margin") or result.frame[col].notna().any())]
    lang = current_lang()     # bound into format_func: Streamlit also calls it outside this run
    sort = c3.selectbox(t("ui.ranking_page.sort"), sort_options, key=widget_key("rank_sort"),
                        format_func=lambda k: sort_label(k, lang))
    incomplete_only = c4.toggle(t("ui.ranking_page.incomplete_only"), key=widget_key("rank_incomplete"))
    positions = ranked_positions(result, query, classes or [], incomplete_only, sort)

    n = len(positions)
    if n == 0:
        st.info(t("ui.common.none_found"))
    else:
        pages = max(1, math.ceil(n / PAGE_SIZE))
        page = 1
        if pages > 1:
            page = st.pagination(pages, key=widget_key("rank_page"), max_visible_pages=7)
            page = min(max(int(page), 1), pages)
        start = (page - 1) * PAGE_SIZE
        shown = result.frame.iloc[positions[start:start + PAGE_SIZE]]
        table = display_table(shown)
        data = common.styled_customers(table) if len(table) <= STYLE_LIMIT else table
        present = state.presentation_mode()
        row_height = 44 if present else 35
        st.dataframe(data, hide_index=True, width="stretch", height=min(row_height * (len(table) + 1) + 3, 640),
                     row_height=row_height, column_config=column_config(present), key=widget_key("rank_table"))
        n_scored = int(result.frame["scorable"].sum())      # not len(result.scored): that copies the frame
        caption = t("ui.ranking_page.shown", n=n, total=n_scored)
        if pages > 1:
            caption += t("ui.ranking_page.page_of", page=page, pages=pages, size=PAGE_SIZE)
        st.caption(caption)


def _render_not_scorable(result: ScoreResult) -> None:
    ns = result.not_scorable
    if len(ns):
        with st.expander(t("ui.ranking_page.not_scorable", n=len(ns)), expanded=not result.frame["scorable"].any()):
            reasons = report.not_scorable_reasons(result, current_lang())
            st.dataframe(pd.DataFrame({column_label("id"): ns["id"].astype(str),
                                       column_label("name"): ns["name"].astype(str),
                                       column_label("row"): ns["row"].astype("int64"),
                                       column_label("reason"): reasons}),
                         hide_index=True, width="stretch")
