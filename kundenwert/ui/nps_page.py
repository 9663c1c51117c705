"""Page "Kundenstimme (NPS)": Net Promoter Score, its three groups, per class and per status."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from kundenwert import charts_surveys, criteria
from kundenwert.fmt import fmt_num, fmt_pct, fmt_signed
from kundenwert.nps import NpsResult, net_promoter_score
from kundenwert.ui import analysis, common, memo, state
from kundenwert.ui.lang import current_lang, t
from kundenwert.ui.session import widget_key


def signed(value: float | None) -> str:
    """An NPS as shown: "+12", "0", "−6" (whole points, a real minus sign)."""
    return fmt_signed(value, 0, current_lang())


def reading(res: NpsResult, customers: int) -> str:
    lang = current_lang()
    n = res.respondents
    p, d = res.promoters / n, res.detractors / n
    text = t("ui.nps_page.reading", n=n, customers=customers, promoters=fmt_pct(p, 0, lang),
             detractors=fmt_pct(d, 0, lang), p=fmt_num(p * 100, 1, lang), d=fmt_num(d * 100, 1, lang),
             nps=signed(res.nps))
    if res.nps is not None:
        verdict = ("clearly_positive" if res.nps > 30 else "positive" if res.nps > 0 else
                   "balanced" if res.nps == 0 else "negative")
        text += " " + t(f"ui.nps_page.verdict.{verdict}")
    return text



def group_table(frame: pd.DataFrame, by: str) -> pd.DataFrame:
    lang = current_lang()
    table = charts_surveys.nps_by_group(frame, by)
    table = table[table["respondents"] > 0]

    def shares(col: str) -> list[str]:
        return [fmt_pct(p / n, 0, lang) for p, n in zip(table[col], table["respondents"], strict=True)]

    return pd.DataFrame({
        t("ui.nps_page.col.group"): [charts_surveys.group_label(by, g, lang, escape=common.escape_md) for g in table["group"]],
        t("ui.nps_page.col.answers"): [fmt_num(v, 0, lang) for v in table["respondents"]],
        t("ui.nps_page.col.promoters"): shares("promoters"),
        t("ui.nps_page.col.passives"): shares("passives"),
        t("ui.nps_page.col.detractors"): shares("detractors"),
        "NPS": [signed(v) for v in table["nps"]],
    })


def _metrics(res: NpsResult) -> None:
    lang = current_lang()
    n = res.respondents
    cols = st.columns(4)
    cols[0].metric("Net Promoter Score", signed(res.nps), help=t("ui.nps_page.nps_help"))
    for col, group, count in ((cols[1], "promoter", res.promoters), (cols[2], "passive", res.passives),
                              (cols[3], "detractor", res.detractors)):
        col.metric(t(f"chart.nps_group.{group}"), fmt_pct(count / n, 0, lang),
                   delta=t("ui.nps_page.customers", n=count), delta_color="off", delta_arrow="off")


def _by_class(cl, result, f: pd.DataFrame, pres: bool) -> None:
    lang = current_lang()
    st.subheader(t("ui.nps_page.by_class"))
    scored = f[f["class"] != ""] if result is not None else f.iloc[0:0]
    if not common.has_ratings(cl):
        st.info(t("ui.nps_page.no_ratings", no_ratings=common.no_ratings_title(), ranking=t("page.ranking")),
                icon=":material/info:")
    elif result is None:
        st.info(t("ui.nps_page.no_result", why=state.scenario_error() or t("ui.nps_page.settings_unusable")))
    elif scored.empty:
        st.info(t("ui.nps_page.none_scored"))
    else:
        analysis.chart(memo.memoised(widget_key("fig_nps_class"),
                                     lambda: charts_surveys.nps_by_chart(scored, "class", presentation=pres, lang=lang),
                                     scenarios=(result.scenario,), extra=(pres, lang), size=2), key="nps_by_class")
        if not pres:
            st.table(group_table(scored, "class"), hide_index=True)


def _by_status(f: pd.DataFrame, pres: bool) -> None:
    lang = current_lang()
    st.subheader(t("ui.nps_page.by_status"))
    if "status" not in f.columns or not f["status"].notna().any():
        st.info(t("ui.nps_page.no_status"))
        return
    analysis.chart(memo.memoised(widget_key("fig_nps_status"),
                                 lambda: charts_surveys.nps_by_chart(f, "status", presentation=pres, lang=lang),
                                 extra=(pres, lang), size=2), key="nps_by_status")
    if not pres:
        st.table(memo.memoised(widget_key("nps_status_table"), lambda: group_table(f, "status"), extra=(lang,), size=2),
                 hide_index=True)
    analysis.technical(t("ui.nps_page.status_technical"))


def _body() -> None:
    if not common.require_data():
        return
    lang = current_lang()
    cl = state.current_list()
    # the NPS needs no ratings; the split by class does (then the scored frame carries the class)
    result = state.current_result() if common.has_ratings(cl) else None
    pres = analysis.presentation()
    f = result.frame if result is not None else cl.customers
    empty = common.empty_list_text(cl)
    if empty:
        st.info(empty, icon=":material/info:")
        return
    if "recommend" in cl.mapping.values() and not cl.has("recommend"):
        st.info(t("ui.nps_page.column_empty"), icon=":material/record_voice_over:")
        return
    if "recommend" not in f.columns or not f["recommend"].notna().any():
        st.info(t("ui.nps_page.no_column", start=t("page.start"), label=criteria.label("recommend", lang)),
                icon=":material/record_voice_over:")
        return
    res = memo.memoised(widget_key("nps"), lambda: net_promoter_score(f["recommend"].to_numpy(dtype=float)))  # no weights in it
    _metrics(res)
    st.markdown(reading(res, len(f)))
    analysis.chart(memo.memoised(widget_key("fig_nps_groups"),
                                 lambda: charts_surveys.nps_groups_chart(res, presentation=pres, lang=lang),
                                 extra=(pres, lang), size=2), key="nps_groups")
    _by_class(cl, result, f, pres)
    _by_status(f, pres)


def render() -> None:
    analysis.page(t("page.nps"), ":material/record_voice_over:", _body)
