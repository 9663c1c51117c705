"""Page "Methode": the model explained for a seminar audience, with the current weights as an example."""

from __future__ import annotations

import numpy as np
import pandas as pd
import streamlit as st

from kundenwert import report
from kundenwert.criteria import CRITERIA, CRITERIA_BY_KEY, CUSTOM_PREFIX, label
from kundenwert.dataset import CustomerList
from kundenwert.fmt import fmt_eur, fmt_num, fmt_pct
from kundenwert.i18n import text
from kundenwert.matrix import STUDY_RATES
from kundenwert.scenario import DEFAULT_THRESHOLDS, Scenario
from kundenwert.scoring import DEFAULT_EURO_PER_POINT, MIN_WEIGHT_SHARE, ScoreResult
from kundenwert.ui import analysis, common, orders_panel, state
from kundenwert.ui.lang import current_lang, t


def _col(name: str) -> str:
    return t(f"ui.method_page.col.{name}")


def criteria_table(cl: CustomerList | None) -> pd.DataFrame:
    """The catalogue (plus own criteria of the list) with question, direction and current weight; with a
    list loaded, whether the list has the criterion."""
    lang = current_lang()
    keys = [c.key for c in CRITERIA]
    if cl is not None:
        keys += [k for k in cl.criteria if k not in keys]
    reversed_text = f"{t('ui.method_page.high_bad')} → {t('ui.method_page.counts_reversed')}"
    rows = []
    for key in keys:
        c = CRITERIA_BY_KEY.get(key)
        own = t("ui.method_page.own_suffix") if key.startswith(CUSTOM_PREFIX) else ""
        rows.append({
            _col("criterion"): common.escape_md(label(key, lang)) + own,
            _col("question"): c.question(lang) if c else t("ui.method_page.own_question"),
            _col("direction"): reversed_text if state.is_reversed(key) else t("ui.common.high_good"),
            _col("weight_now"): fmt_num(state.weight(key), 1, lang),
        })
        if cl is not None:
            rows[-1][_col("in_list")] = report.yes_no(key in cl.criteria, lang)
    return pd.DataFrame(rows)


def example_terms(result: ScoreResult, position: int, ratings: np.ndarray) -> tuple[pd.DataFrame, float, float]:
    """Each term w·r' for one customer; returns the table, Σ w·r' and Σ w (present criteria).

    Cells are Markdown in st.table: criterion labels (own criteria come from the file) are escaped.
    """
    lang = current_lang()
    criterion, rating, weight = _col("criterion"), _col("rating_r"), _col("weight_w")
    rows, total, weight_sum = [], 0.0, 0.0
    for j, key in enumerate(result.criteria):
        r = float(ratings[position, j])
        w = float(result.weights[j])
        rev = result.scenario.is_reversed(key)
        name = common.escape_md(label(key, lang))
        if np.isnan(r):
            rows.append({criterion: name, rating: t("ui.method_page.missing"), "r'": "–",
                         weight: fmt_num(w, 1, lang), "w · r'": t("ui.method_page.not_counted")})
            continue
        adj = 10.0 - r if rev else r
        rows.append({criterion: name, rating: fmt_num(r, 1, lang),
                     "r'": f"10 − {fmt_num(r, 1, lang)} = {fmt_num(adj, 1, lang)}" if rev else fmt_num(adj, 1, lang),
                     weight: fmt_num(w, 1, lang), "w · r'": fmt_num(w * adj, 2, lang)})
        total += w * adj
        weight_sum += w
    rows.append({criterion: t("ui.method_page.sum"), rating: "", "r'": "", weight: f"**{fmt_num(weight_sum, 1, lang)}**",
                 "w · r'": f"**{fmt_num(total, 2, lang)}**"})
    return pd.DataFrame(rows), total, weight_sum


def _worked_example(result: ScoreResult) -> None:
    lang = current_lang()
    ranked = result.ranking()
    if ranked.empty:
        st.info(t("ui.method_page.no_example", why=common.no_customers_text(result)))
        return
    position = int(ranked.index[0])
    row = result.frame.iloc[position]
    cl = state.current_list()
    st.markdown(t("ui.method_page.example_who", scenario=common.escape_md(report.scenario_name(result.scenario, lang)),
                  name=common.escape_md(row["name"]), id=common.escape_md(row["id"])))
    table, total, weight_sum = example_terms(result, position, cl.ratings)
    st.table(table, hide_index=True)
    score = total / weight_sum if weight_sum else float("nan")
    st.markdown(t("ui.method_page.example_score", total=fmt_num(total, 2, lang), weights=fmt_num(weight_sum, 1, lang),
                  score=fmt_num(score, 2, lang), app=fmt_num(row["score"], 2, lang)))
    st.markdown(t("ui.method_page.example_value", score=fmt_num(row["score"], 2, lang),
                  epp=fmt_eur(result.euro_per_point, 2, lang), value=fmt_eur(row["value_eur"], 2, lang)))
    st.markdown(t("ui.method_page.example_class", klass=common.class_label(row["class"]),
                  why=_class_reason(result, row)))


def _class_reason(result: ScoreResult, row: pd.Series) -> str:
    lang = current_lang()
    s = result.scenario
    a, _ = s.thresholds
    if s.class_method == "score":
        key = "ui.method_page.reason_score_a" if row["class"] == "A" else "ui.method_page.reason_score_below"
        return t(key, score=fmt_num(row["score"], 2, lang), a=fmt_num(a, 1, lang))
    if s.class_method == "rank":
        return t("ui.method_page.reason_rank", a=fmt_pct(a / 100, 0, lang))
    return t("ui.method_page.reason_pareto", share=fmt_pct(0, 0, lang))


def study_table() -> pd.DataFrame:
    return report.study_table(current_lang())


def classes_table(result: ScoreResult | None) -> pd.DataFrame:
    lang = current_lang()
    active = result.scenario.class_method if result is not None else state.class_method()
    rows = []
    for m in DEFAULT_THRESHOLDS:
        name = report.class_method_label(m, lang)
        rows.append({_col("method"): t("ui.method_page.active", method=name) if m == active else name,
                     _col("rule"): report.class_rule_generic(m, lang),
                     _col("default"): report.class_rule_defaults(m, lang)})
    return pd.DataFrame(rows)


def _scoring_section() -> None:
    st.header(t("ui.method_page.h_score"))
    good, bad = t("ui.common.high_good"), t("ui.method_page.high_bad")
    st.latex(r"\text{Score} = \frac{\sum_i w_i \cdot r'_i}{\sum_i w_i}"
             r"\qquad r'_i = \begin{cases} r_i & \text{" + good + r"} \\ 10 - r_i & \text{" + bad + r"}\end{cases}")
    st.markdown(t("ui.method_page.score_rules", share=fmt_pct(MIN_WEIGHT_SHARE, 0, current_lang())))


def _value_section(result: ScoreResult | None) -> None:
    lang = current_lang()
    st.header(t("ui.method_page.h_value"))
    now = ""
    if result is not None:
        now = t("ui.method_page.epp_now", epp=fmt_eur(result.euro_per_point, 2, lang),
                source=report.euro_per_point_source(result, lang))
    st.markdown(t("ui.method_page.value_rule", default=fmt_eur(DEFAULT_EURO_PER_POINT, 0, lang), now=now))
    defaults = Scenario()
    st.markdown(t("ui.method_page.clv_rule", r=fmt_num(defaults.retention, 1, lang),
                  d=fmt_num(defaults.discount, 1, lang)))


def _body() -> None:
    lang = current_lang()
    pres = analysis.presentation()
    result = state.current_result() if state.current_list() is not None else None
    st.markdown(t("ui.method_page.intro"))

    st.header(t("ui.method_page.h_criteria"))
    st.table(criteria_table(state.current_list()), hide_index=True)
    st.caption(t("ui.method_page.direction_note", bad=t("ui.method_page.high_bad"),
                 example=label("price_sensitivity", lang)))

    _scoring_section()

    st.header(t("ui.method_page.h_example"))
    if state.current_list() is None:
        st.info(t("ui.method_page.example_without_list"))
        common.sample_button(key="method_sample_btn")
    elif not common.has_ratings(state.current_list()):
        common.no_ratings_notice(t("ui.method_page.needs_example"))
    elif result is None:
        st.error(state.scenario_error() or t("ui.method_page.no_scoring"))
    else:
        _worked_example(result)

    _value_section(result)

    orders_panel.render_method()
    st.header(t("ui.method_page.h_classes"))
    st.table(classes_table(result), hide_index=True)
    st.caption(t("ui.method_page.classes_note"))

    st.header(t("ui.method_page.h_study"))
    st.markdown(t("ui.method_page.study_intro"))
    st.table(study_table(), hide_index=True)
    st.markdown(t("ui.method_page.study_lesson", service=fmt_pct(STUDY_RATES[(False, True)], 0, lang),
                  sale=fmt_pct(STUDY_RATES[(True, False)], 0, lang), page=text("page.matrix", lang)))

    if not pres:
        st.header(t("ui.method_page.h_nps", title=text("page.nps", lang)))
        st.markdown(t("ui.method_page.nps_rule"))


def render() -> None:
    analysis.page(text("page.method", current_lang()), ":material/school:", _body)
