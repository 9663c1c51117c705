"""Page "Robustheit": how stable is each customer's class when the weights are uncertain?

All weights are varied at random (± spread, at least 1,000 draws, `kundenwert.robustness`); per
customer the page shows the share of draws that keep its class, the fragile customers, and per
criterion how much the A list depends on it. The result is kept in the session per
(list, settings, spread, draws), so switching pages does not lose it.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import streamlit as st

from kundenwert import report
from kundenwert.fmt import fmt_num, fmt_pct
from kundenwert.i18n import text
from kundenwert.links import (  # the page's bounds are the link's (one home)
    DRAWS_DEFAULT,
    DRAWS_MAX,
    DRAWS_MIN,
    DRAWS_STEP,
    SPREAD_DEFAULT,
    SPREAD_MAX,
    SPREAD_MIN,
    SPREAD_STEP,
)
from kundenwert.robustness import FRAGILE_BELOW, RobustnessResult, robustness
from kundenwert.ui import analysis, common, memo, session, sidebar, state
from kundenwert.ui.common import escape_md
from kundenwert.ui.lang import current_lang, t
from kundenwert.ui.session import widget_key

TITLE_KEY = "page.robustness"
SAFE_FROM = 0.95
LIST_LIMIT = 500
ALL_LIMIT = 1000
K_RESULTS = widget_key("rob_results")       # memo slot of the last few analyses (kundenwert.ui.memo)
S_SPREAD, S_DRAWS = "rob_spread", "rob_draws"     # fields of session.ViewSettings (kept across pages)
MEMO = 3


def link_inputs() -> tuple[int | None, int | None]:
    """Spread and draws for the URL (None until set; `kundenwert.links` leaves defaults out)."""
    return session.view.get(S_SPREAD), session.view.get(S_DRAWS)


def apply_link_inputs(spread: int | None, draws: int | None) -> None:
    """Take a link's spread and draws (already validated by `kundenwert.links`)."""
    if spread is not None:
        session.view[S_SPREAD] = int(spread)
    if draws is not None:
        session.view[S_DRAWS] = int(draws)


def cached(spread: int, draws: int) -> RobustnessResult | None:
    """The analysis for the current list, settings, spread and draws, if it has been run."""
    return memo.peek(K_RESULTS, scenarios=(state.current_scenario(),), extra=(int(spread), int(draws)))


def run_analysis(spread: int, draws: int, progress=None) -> RobustnessResult:
    """robustness() on the current list and settings; remembered in the session (the last few)."""
    scenario = state.current_scenario()
    result = robustness(state.current_list(), scenario, draws=int(draws), spread=spread / 100, progress=progress)
    return memo.put(K_RESULTS, result, scenarios=(scenario,), extra=(int(spread), int(draws)), size=MEMO)


def corr_reading(corr: float | None) -> str:
    if corr is None or np.isnan(corr):
        return "–"
    if corr >= 0.3:
        return t("ui.robustness_page.corr.strong")
    if corr >= 0.1:
        return t("ui.robustness_page.corr.moderate")
    if corr <= -0.3:
        return t("ui.robustness_page.corr.strong_against")
    if corr <= -0.1:
        return t("ui.robustness_page.corr.against")
    return t("ui.robustness_page.corr.none")


# the tables' columns: id -> catalogue key; the shown names come from the catalogue in the current language
CRITERIA_COLUMNS = {"criterion": "export.col.criterion", "weight": "export.col.weight",
                    "lost": "ui.robustness_page.col.lost", "share": "ui.robustness_page.col.share",
                    "corr": "ui.robustness_page.col.corr", "reading": "ui.robustness_page.col.reading"}
STABILITY_COLUMNS = {"rank": "export.col.rank", "class": "export.col.class", "id": "export.col.id",
                     "name": "export.col.name", "score": "export.col.score", "kept": "ui.robustness_page.col.kept",
                     "top_other": "ui.robustness_page.col.top_other"}


def column(name: str, lang: str | None = None) -> str:
    """The shown name of a table column (`CRITERIA_COLUMNS`, `STABILITY_COLUMNS`) in ``lang`` (default: the
    language of this run)."""
    key = CRITERIA_COLUMNS.get(name) or STABILITY_COLUMNS[name]
    return text(key, lang or current_lang())


def criteria_table(res: RobustnessResult, a_count: int) -> pd.DataFrame:
    """Per criterion: weight, A customers lost without it (count and share of the A list), r, reading."""
    c = res.criteria
    lost = c["a_lost_without"].astype("Float64")
    return pd.DataFrame({
        column("criterion"): [sidebar.criterion_label(k) for k in c["criterion"]],
        column("weight"): c["weight"].astype(float).to_numpy(),
        column("lost"): lost.astype("Int64").to_numpy(),
        column("share"): (lost / a_count if a_count else lost * np.nan).astype(float).to_numpy(),
        column("corr"): c["a_overlap_corr"].astype(float).to_numpy(),
        column("reading"): [corr_reading(v) for v in c["a_overlap_corr"]],
    })


def _styled_criteria(table: pd.DataFrame):
    lang = current_lang()
    return table.style.format({column("weight"): lambda v: fmt_num(v, 1, lang),
                               column("lost"): lambda v: fmt_num(v, 0, lang),
                               column("share"): lambda v: fmt_pct(v, 0, lang),
                               column("corr"): lambda v: fmt_num(v, 2, lang)}, na_rep="–")


def stability_table(frame: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({
        column("rank"): frame["rank"].astype("Int64").to_numpy(),
        column("class"): [[c] if c else [] for c in frame["class"]],
        column("id"): frame["id"].astype(str).to_numpy(),
        column("name"): frame["name"].astype(str).to_numpy(),
        column("score"): frame["score"].astype(float).round(1).to_numpy(),
        column("kept"): (frame["kept"].astype(float) * 100).to_numpy(),
        column("top_other"): [t("chart.class", klass=c) if c else "–" for c in frame["top_other"]],
    })


def _styled_stability(table: pd.DataFrame):
    lang = current_lang()
    return table.style.format({column("score"): lambda v: fmt_num(v, 1, lang)}, na_rep="–")


def _stability_config() -> dict:
    kept = column("kept")
    return {
        column("rank"): st.column_config.NumberColumn(format="%d", width="small"),
        column("class"): common.class_column(column("class"), width="small"),
        column("score"): st.column_config.NumberColumn(width="small"),
        kept: st.column_config.ProgressColumn(kept, min_value=0.0, max_value=100.0,
                                              format=t("ui.robustness_page.kept_format"),
                                              help=t("ui.robustness_page.kept_help")),
    }


def _search(frame: pd.DataFrame, query: str) -> pd.DataFrame:
    q = " ".join(query.split()).casefold()
    if not q:
        return frame
    hay = frame["id"].astype(str).str.casefold() + "\x00" + frame["name"].astype(str).str.casefold()
    return frame[hay.str.contains(q, regex=False)]


def _seeded_inputs() -> tuple[int, int, bool]:
    ss = st.session_state
    view = session.view
    view.setdefault(S_SPREAD, SPREAD_DEFAULT)
    view.setdefault(S_DRAWS, DRAWS_DEFAULT)
    ss[widget_key("rob_spread")] = int(view[S_SPREAD])
    ss[widget_key("rob_draws")] = int(min(max(int(view[S_DRAWS]), DRAWS_MIN), DRAWS_MAX))
    c1, c2, c3 = st.columns([3, 2, 2], vertical_alignment="bottom")
    spread = c1.slider(t("ui.robustness_page.spread"), SPREAD_MIN, SPREAD_MAX, step=SPREAD_STEP, key=widget_key("rob_spread"),
                       format=t("ui.robustness_page.spread_format"), on_change=session.copy_widget,
                       args=(widget_key("rob_spread"), S_SPREAD, int), help=t("ui.robustness_page.spread_help"))
    draws = c2.number_input(t("ui.robustness_page.draws"), DRAWS_MIN, DRAWS_MAX, step=DRAWS_STEP, key=widget_key("rob_draws"),
                            on_change=session.copy_widget, args=(widget_key("rob_draws"), S_DRAWS, int),
                            help=t("ui.robustness_page.draws_help", n=DRAWS_MIN))
    start = c3.button(t("ui.robustness_page.start"), key=widget_key("rob_start"), type="primary", icon=":material/play_arrow:",
                      width="stretch")
    return int(spread), int(draws), start


def _metrics(res: RobustnessResult, a_count: int) -> None:
    lang = current_lang()
    stab = res.stability
    n = len(stab)
    kept = stab["kept"].to_numpy(dtype=float)
    fragile = res.fragile
    safe = int((kept >= SAFE_FROM).sum())
    c = st.columns(4)
    c[0].metric(t("ui.robustness_page.m.scored"), fmt_num(n, 0, lang))
    c[1].metric(t("ui.robustness_page.m.safe", share=fmt_pct(SAFE_FROM, 0, lang)), fmt_num(safe, 0, lang),
                delta=t("ui.common.share_of_customers", share=fmt_pct(safe / n if n else 0, 0, lang)), delta_color="off",
                delta_arrow="off")
    c[2].metric(t("ui.robustness_page.m.fragile", share=fmt_pct(FRAGILE_BELOW, 0, lang)), fmt_num(len(fragile), 0, lang),
                delta=t("ui.common.share_of_customers", share=fmt_pct(len(fragile) / n if n else 0, 0, lang)),
                delta_color="off", delta_arrow="off")
    overlap = res.a_overlap
    c[3].metric(t("ui.robustness_page.m.a_kept"), fmt_pct(float(overlap.mean()) if overlap.size else None, 0, lang),
                help=t("ui.robustness_page.m.a_kept_help",
                       share=fmt_pct(float(np.quantile(overlap, 0.1)) if overlap.size else None, 0, lang)))
    common.technical(t("ui.robustness_page.technical", draws=fmt_num(res.draws, 0, lang),
                       spread=fmt_num(res.spread * 100, 0, lang)))


def _render_result(res: RobustnessResult) -> None:
    lang = current_lang()
    stab = res.stability
    n = len(stab)
    fragile = res.fragile
    a_count = int((stab["class"] == "A").sum())
    _metrics(res, a_count)
    from kundenwert import charts_scenarios  # not on import: every first run imports this module

    analysis.chart(charts_scenarios.stability_histogram(stab, fragile_below=FRAGILE_BELOW,
                                                        presentation=analysis.presentation(), lang=lang),
                   key=widget_key("rob_hist"))

    st.subheader(t("ui.robustness_page.fragile_title", n=len(fragile)))
    if fragile.empty:
        st.success(t("ui.robustness_page.no_fragile", share=fmt_pct(FRAGILE_BELOW, 0, lang)), icon=":material/verified:")
    else:
        st.markdown(t("ui.robustness_page.fragile_intro", share=fmt_pct(FRAGILE_BELOW, 0, lang), column=column("top_other")))
        query = st.text_input(t("ui.common.search"), key=widget_key("rob_query"),
                              placeholder=t("ui.common.search_example")) if len(fragile) > 20 else ""
        shown = _search(fragile, query)
        table = stability_table(shown.head(LIST_LIMIT))
        st.dataframe(_styled_stability(table), hide_index=True, width="stretch", key=widget_key("rob_fragile"),
                     height=min(35 * (len(table) + 1) + 3, 460), column_config=_stability_config())
        if len(shown) > LIST_LIMIT:
            st.caption(t("ui.robustness_page.shown_of", shown=LIST_LIMIT, n=len(shown)))

    st.subheader(t("ui.robustness_page.depends_title"))
    st.markdown(t("ui.robustness_page.depends_intro"))
    labelled = res.criteria.assign(label=[sidebar.criterion_label(k) for k in res.criteria["criterion"]])
    from kundenwert import charts_scenarios  # not on import: every first run imports this module

    analysis.chart(charts_scenarios.criteria_dependence_chart(labelled, a_count, presentation=analysis.presentation(),
                                                              lang=lang),
                   key=widget_key("rob_criteria"))
    st.dataframe(_styled_criteria(criteria_table(res, a_count)), hide_index=True, width="stretch",
                 key=widget_key("rob_criteria_table"),
                 column_config={
                     column("lost"): st.column_config.NumberColumn(help=t("ui.robustness_page.lost_help")),
                     column("corr"): st.column_config.NumberColumn(help=t("ui.robustness_page.corr_help")),
                 })

    with st.expander(t("ui.robustness_page.all_title", n=n) if n != 1 else t("ui.robustness_page.all_title_one")):
        query = st.text_input(t("ui.robustness_page.search"), key=widget_key("rob_all_query"),
                              placeholder=t("ui.robustness_page.search_placeholder"))
        ordered = _search(stab.sort_values(["kept", "rank"], kind="stable"), query)
        st.dataframe(_styled_stability(stability_table(ordered.head(ALL_LIMIT))), hide_index=True, width="stretch",
                     key=widget_key("rob_all"), column_config=_stability_config())
        if len(ordered) > ALL_LIMIT:
            st.caption(t("ui.robustness_page.shown_of", shown=ALL_LIMIT, n=len(ordered)))


def _body() -> None:
    lang = current_lang()
    result = common.require_result(t("ui.robustness_page.needs"))
    if result is None:
        return
    empty = common.no_customers_text(result)
    if empty:
        st.info(empty + " " + t("ui.robustness_page.no_customers"), icon=":material/info:")
        return
    st.markdown(t("ui.robustness_page.intro"))
    n_scored = int(result.frame["scorable"].sum())
    st.caption(t("ui.robustness_page.caption", scenario=escape_md(report.scenario_name(result.scenario, lang)), n=n_scored))
    spread, draws, start = _seeded_inputs()
    res = cached(spread, draws)
    if start:
        bar = st.progress(0.0, text=t("ui.robustness_page.running"))

        def progress(share: float) -> None:
            bar.progress(min(max(share, 0.0), 1.0),
                         text=t("ui.robustness_page.progress", done=fmt_num(share * draws, 0, lang),
                                draws=fmt_num(draws, 0, lang)))

        res = run_analysis(spread, draws, progress)
        bar.empty()
    if res is None:
        if memo.holds_any(K_RESULTS):
            st.info(t("ui.robustness_page.changed"), icon=":material/refresh:")
        else:
            st.info(t("ui.robustness_page.start_hint", n=10_000), icon=":material/play_arrow:")
        return
    _render_result(res)


def render() -> None:
    analysis.page(t(TITLE_KEY), "🎲", _body)
