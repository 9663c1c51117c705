"""Page "ABC-Analyse" (ABC analysis): which class each customer falls in, and what the classes hold."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from kundenwert import charts, report
from kundenwert.fmt import fmt_eur, fmt_num, fmt_pct
from kundenwert.i18n import text
from kundenwert.scoring import CLASSES, ScoreResult
from kundenwert.ui import analysis, common, memo
from kundenwert.ui.common import class_label, column_label
from kundenwert.ui.lang import current_lang, t
from kundenwert.ui.session import widget_key

LIST_LIMIT = 500                # rows of a class list (the ranking page shows all, 250 a page)


def method_sentence(result: ScoreResult) -> str:
    """One sentence: which class method is active and what it means, with the current thresholds."""
    s, lang = result.scenario, current_lang()
    return t("ui.abc_page.method", method=report.class_method_label(s.class_method, lang),
             rule=report.class_rule_text(s, lang))


def class_kpis(result: ScoreResult) -> pd.DataFrame:
    """Per class: customers, their share, value and its share, revenue and its share, average score."""
    return report.class_summary(result)


def _kpi_columns(kpis: pd.DataFrame) -> None:
    lang = current_lang()
    cols = st.columns(3)
    for col, row in zip(cols, kpis.to_dict("records"), strict=True):
        with col, st.container(border=True):
            st.metric(t("ui.abc_page.kpi_label", klass=common.class_badge(row["class"], class_label(row["class"]))),
                      fmt_num(row["customers"], 0, lang),
                      delta=t("ui.common.share_of_customers", share=fmt_pct(row["share_customers"], 0, lang)),
                      delta_color="off", delta_arrow="off")
            lines = [t("ui.abc_page.kpi_value", share=fmt_pct(row["share_value"], 0, lang),
                       value=fmt_eur(row["value"], 0, lang))]
            if "share_revenue" in row:
                lines.append(t("ui.abc_page.kpi_revenue", share=fmt_pct(row["share_revenue"], 0, lang),
                               value=fmt_eur(row["revenue"], 0, lang)))
            lines.append(t("ui.abc_page.kpi_score", score=fmt_num(row["avg_score"], 1, lang)))
            st.markdown("  \n".join(lines))


def _kpi_table(kpis: pd.DataFrame) -> pd.DataFrame:
    lang = current_lang()
    out = pd.DataFrame({
        t("export.col.class"): [class_label(c) for c in kpis["class"]],
        t("export.col.customers"): [fmt_num(v, 0, lang) for v in kpis["customers"]],
        t("export.col.share_customers"): [fmt_pct(v, 1, lang) for v in kpis["share_customers"]],
        _basis_name("value_eur"): [fmt_eur(v, 0, lang) for v in kpis["value"]],
        t("ui.abc_page.col_share_value"): [fmt_pct(v, 1, lang) for v in kpis["share_value"]],
    })
    if "share_revenue" in kpis.columns:
        out[_basis_name("revenue")] = [fmt_eur(v, 0, lang) for v in kpis["revenue"]]
        out[t("export.col.share_revenue")] = [fmt_pct(v, 1, lang) for v in kpis["share_revenue"]]
    out[t("export.col.avg_score")] = [fmt_num(v, 1, lang) for v in kpis["avg_score"]]
    return out


def customer_table(frame: pd.DataFrame) -> pd.DataFrame:
    """The columns of a class list: numbers stay numbers (sorting works), shown in the UI language via a
    Styler; column names as in the ranking (common.column_label)."""
    lang = current_lang()
    keys = ["rank", "id", "name", "score", "value_eur"]
    keys += [k for k in ("revenue", "margin", "clv") if k in frame.columns and frame[k].notna().any()]
    out = pd.DataFrame({column_label(k): frame[k].to_numpy() for k in keys})
    out[column_label("rank")] = out[column_label("rank")].astype("int64")
    for key in ("id", "name"):
        out[column_label(key)] = out[column_label(key)].astype(str)
    for key in keys:
        if key in common.MONEY_COLUMNS or key == "score":
            out[column_label(key)] = out[column_label(key)].astype(float)
    if "status" in frame.columns and frame["status"].notna().any():
        out["Status"] = [charts.status_label(str(v), lang, many=False) if str(v) in charts.STATUSES
                         else ("" if v is None or pd.isna(v) else str(v)) for v in frame["status"]]
    out[column_label("complete")] = common.completeness(frame["missing"].to_numpy(), frame["incomplete"].to_numpy())
    return out


def column_config() -> dict:
    return {
        column_label("rank"): st.column_config.NumberColumn(format="%d", width="small"),
        column_label("id"): st.column_config.TextColumn(width="small"),
        column_label("name"): st.column_config.TextColumn(width="medium"),
        column_label("score"): st.column_config.NumberColumn(width="small", help=t("ui.abc_page.score_help")),
    }


def not_scorable_table(result: ScoreResult) -> pd.DataFrame:
    """The customers without a score, with the reason in the UI language."""
    frame = result.not_scorable
    return pd.DataFrame({column_label("row"): frame["row"].astype(int).to_numpy(),
                         column_label("id"): frame["id"].astype(str).to_numpy(),
                         column_label("name"): frame["name"].astype(str).to_numpy(),
                         column_label("reason"): report.not_scorable_reasons(result, current_lang())})


K_TABS = "abc_tabs"                      # Streamlit's own state of the class tabs (the open tab's label)
K_TAB_INDEX = widget_key("abc_tab_index")  # which tab that is, in any language
K_CHART_TABS = widget_key("abc_chart_tabs")              # the same for the tabs of the four charts
K_CHART_TAB_INDEX = widget_key("abc_chart_tab_index")
K_LISTS = widget_key("abc_lists")          # the expander of the class lists (open: True), and its kept state
K_LISTS_KEPT = widget_key("abc_lists_kept")
K_KPI_TABLE = widget_key("abc_kpi_table")  # the same for the key figures as a table
K_KPI_TABLE_KEPT = widget_key("abc_kpi_table_kept")
CHART_TABS = {"shares": "ui.abc_page.shares", "lorenz": "ui.abc_page.pareto", "hist": "ui.abc_page.histogram",
              "bubble": "ui.abc_page.bubble"}


def kept_tabs(labels: list[str], key: str, index_key: str) -> list:
    """`st.tabs` whose content is built only for the open tab (`tab.open`), and whose open tab survives a
    rerun, a page switch (Streamlit drops the state of a widget the page did not draw) and a language
    switch (Streamlit keeps the open tab by its label): the open tab's position is kept under `index_key`."""
    ss = st.session_state
    index = ss.get(index_key)
    if ss.get(key) not in labels and index is not None and index < len(labels):
        ss[key] = labels[index]
    tabs = st.tabs(labels, key=key, on_change="rerun")
    if ss.get(key) in labels:
        ss[index_key] = labels.index(ss[key])
    return tabs


def kept_expander(label: str, key: str, kept_key: str, **kwargs: object):
    """`st.expander` whose content is built only when it is open (`.open`; closed is the default), and whose
    open state survives a rerun, a page switch (Streamlit drops the state of an expander the page did not
    draw) and a language switch (the label is part of the expander's identity, so a new label is a new
    expander to Streamlit): the state is kept under `kept_key` and given back to the expander on every run."""
    ss = st.session_state
    if key in ss:                          # the expander's own state (after a click, or the last run's)
        ss[kept_key] = bool(ss[key])
    ss[key] = bool(ss.get(kept_key, False))
    return st.expander(label, key=key, on_change="rerun", **kwargs)


@analysis.fragment
def _lists(result: ScoreResult) -> None:
    """The class lists behind a click: an expander, closed at first, built only when open (a slider move then
    redraws no list: the styled table and the grid were a seventh of the move). Inside, one tab per class,
    only the open tab built. A fragment: opening the lists or switching the tab reruns only the lists."""
    lists = kept_expander(t("ui.abc_page.lists"), K_LISTS, K_LISTS_KEPT, icon=":material/list:")
    if not lists.open:
        return
    with lists:
        _class_tabs(result)


def _class_tabs(result: ScoreResult) -> None:
    ranked = result.ranking()
    counts = result.class_counts()
    not_scorable = result.not_scorable
    labels = [class_label(c) for c in CLASSES]
    if len(not_scorable):
        labels.append(t("flag.not_scorable"))
    tabs = kept_tabs(labels, K_TABS, K_TAB_INDEX)
    for tab, c in zip(tabs, CLASSES, strict=False):
        if tab.open is False:
            continue
        with tab:
            part = ranked[ranked["class"] == c]
            if part.empty:
                st.info(t("ui.abc_page.class_empty", klass=c))
                continue
            note = t("ui.abc_page.class_note", n=counts[c], klass=c)
            if len(part) > LIST_LIMIT:
                note += t("ui.abc_page.class_more", limit=LIST_LIMIT, page=t("page.ranking"))
                part = part.head(LIST_LIMIT)
            st.caption(note)
            table = customer_table(part)
            st.dataframe(common.styled_customers(table), hide_index=True, column_config=column_config(), key=f"abc_list_{c}",
                         height=min(420, 38 + 35 * len(table)))
    if len(not_scorable) and tabs[-1].open is not False:
        with tabs[-1]:
            st.caption(t("ui.abc_page.not_scorable_note", n=len(not_scorable)))
            st.dataframe(not_scorable_table(result), hide_index=True, key="abc_list_none")


def _basis_name(basis: str, lang: str | None = None) -> str:
    """A value basis as a choice or a column name: "Kundenwert", "Umsatz", "Deckungsbeitrag" (capitalised in
    English too; report.basis_label is the word inside a sentence)."""
    return text({"value_eur": "html.col.value", "revenue": "ui.abc_page.col_revenue",
                 "margin": "ui.abc_page.col_margin"}[basis], lang or current_lang())


def _figure(name: str, result: ScoreResult, extra: object, build):
    """A chart of this page, built once per (list, settings, language, `extra`): reruns that do not change
    the result (the Pareto basis, presentation mode, a rerun for another widget) reuse it."""
    return memo.memoised(widget_key("fig_abc", name), build, scenarios=(result.scenario,),
                         extra=(current_lang(), extra), size=2)


def _body() -> None:
    result = common.require_result(t("ui.abc_page.needs"))
    if result is None:
        return
    pres = analysis.presentation()
    st.info(method_sentence(result) + "  \n" + t("ui.abc_page.where_to_set"), icon=":material/tune:")
    empty = common.no_customers_text(result, t("ui.abc_page.reasons_where"))
    if empty:
        st.warning(empty + t("ui.abc_page.nothing_to_classify"))
        if len(result.not_scorable):
            st.subheader(t("flag.not_scorable"))
            st.dataframe(not_scorable_table(result), hide_index=True, key="abc_list_none")
        return
    kpis = _kpis(result)
    _kpi_columns(kpis)
    if not pres:
        table = kept_expander(t("ui.abc_page.kpi_table"), K_KPI_TABLE, K_KPI_TABLE_KEPT)
        if table.open:
            with table:
                st.table(_kpi_table(kpis), hide_index=True)

    st.subheader(t("ui.abc_page.charts"))
    _charts(result)
    _lists(result)


def _kpis(result: ScoreResult) -> pd.DataFrame:
    return memo.memoised(widget_key("abc_kpis"), lambda: class_kpis(result), scenarios=(result.scenario,), size=2)


@analysis.fragment
def _charts(result: ScoreResult) -> None:
    """Class shares, Pareto curve, score histogram and score × revenue bubbles, one tab each. Only the open
    tab's chart is built and drawn: a slider move redraws the KPIs and this one chart (plotly in the browser
    is the page's main cost). A fragment: switching the tab or the curve's basis reruns only this."""
    lang = current_lang()
    pres = analysis.presentation()
    s = result.scenario
    shares, lorenz, hist, bubble = kept_tabs([t(k) for k in CHART_TABS.values()], K_CHART_TABS, K_CHART_TAB_INDEX)
    if shares.open is not False:
        with shares:
            kpis = _kpis(result)
            analysis.chart(_figure("shares", result, pres, lambda: charts.class_shares_chart(
                kpis, presentation=pres, lang=lang)), key="abc_shares")
    if lorenz.open is not False:
        with lorenz:
            bases = [b for b in report.BASES if b == "value_eur" or (b in result.frame.columns
                                                                    and result.frame[b].notna().any())]
            default = s.pareto_basis if s.class_method == "pareto" and s.pareto_basis in bases else "value_eur"
            basis = default
            if len(bases) > 1:
                choice = st.segmented_control(t("ui.abc_page.curve_by"), bases, default=default,
                                              format_func=lambda b: _basis_name(b, lang),   # bound: called later too
                                              key=f"abc_basis_{default}")
                basis = choice or default
            analysis.chart(_figure("lorenz", result, (basis, pres), lambda: charts.lorenz_curve(
                result.frame, basis, class_method=s.class_method, thresholds=s.thresholds, presentation=pres,
                lang=lang)), key="abc_lorenz")
            if not pres:
                st.caption(t("ui.abc_page.lorenz_reading", x=fmt_pct(0.2, 0, lang), y=fmt_pct(0.6, 0, lang)))
    if hist.open is not False:
        with hist:
            analysis.chart(_figure("hist", result, pres, lambda: charts.score_histogram(
                result.frame, class_method=s.class_method, thresholds=s.thresholds, presentation=pres, lang=lang)),
                key="abc_hist")
    if bubble.open is not False:
        with bubble:
            if "revenue" not in result.frame.columns or not result.frame["revenue"].notna().any():
                st.caption(t("ui.abc_page.no_revenue"))
            analysis.chart(_figure("bubble", result, pres, lambda: charts.score_revenue_bubble(
                result.frame, presentation=pres, lang=lang)), key="abc_bubble")


def render() -> None:
    analysis.page(t("page.abc"), ":material/stacked_bar_chart:", _body)
