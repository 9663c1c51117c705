"""Page "Kundenprofil" (customer profile): one customer – ratings, contributions, flags, what would lift them a class."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import streamlit as st

from kundenwert import charts, report
from kundenwert import profile as prof
from kundenwert.dataset import CustomerList
from kundenwert.fmt import fmt_eur, fmt_num, round_half_up
from kundenwert.scoring import ScoreResult
from kundenwert.ui import analysis, common, memo, orders_panel, state
from kundenwert.ui.common import column_label
from kundenwert.ui.lang import current_lang, t
from kundenwert.ui.session import widget_key

SELECT_LIMIT = 3000          # up to this many customers: one select box with built-in search
SEL_KEY = widget_key("profile_id")    # the chosen customer id (kept across page switches and re-scoring)
MIN_ORDER_KEY = widget_key("profile_min_order")
FLAG_STYLE = {"key_account": "success", "slow_payer": "warning", "low_order_revenue": "warning",
              "loss": "error", "incomplete": "info", "not_scorable": "error"}
FLAG_ICON = {"key_account": ":material/star:", "slow_payer": ":material/payments:",
             "low_order_revenue": ":material/shopping_cart:", "loss": ":material/trending_down:",
             "incomplete": ":material/help:", "not_scorable": ":material/block:"}


def _option_order(result: ScoreResult) -> np.ndarray:
    """Positions sorted by rank; not scorable customers last (by id)."""
    f = result.frame
    rank = pd.to_numeric(f["rank"], errors="coerce").to_numpy(dtype=float)
    return np.lexsort((f["id"].astype(str).to_numpy(), np.nan_to_num(rank, nan=np.inf)))


def option_labels(f: pd.DataFrame, positions: np.ndarray) -> list[str]:
    """"#3 · Name (Nr. K-1)" for the customers at `positions` ("–" instead of the rank when not scorable;
    "(ID K-1)" in English)."""
    rank = pd.to_numeric(f["rank"].iloc[positions], errors="coerce").to_numpy(dtype=float)
    names = f["name"].iloc[positions].to_numpy(dtype=object)
    ids = f["id"].iloc[positions].to_numpy(dtype=object)
    nr = t("ui.profile_page.id_short")
    return [f"{'–' if np.isnan(r) else f'#{int(r)}'} · {name} ({nr} {id_})"
            for r, name, id_ in zip(rank, names, ids, strict=True)]


def _choices(result: ScoreResult) -> tuple[np.ndarray, dict[str, int], np.ndarray, list[str] | None,
                                           dict[str, str] | None]:
    """Ids, their positions, the option order by rank, and (up to SELECT_LIMIT customers) every label –
    once per (list, settings): a rerun for another widget does not build 3,000 labels again."""
    f = result.frame
    ids = f["id"].astype(str).to_numpy()
    order = _option_order(result)
    if len(f) > SELECT_LIMIT:
        return ids, {v: i for i, v in enumerate(ids)}, order, None, None
    options = ids[order].tolist()
    return ids, {v: i for i, v in enumerate(ids)}, order, options, dict(zip(options, option_labels(f, order),
                                                                            strict=True))


def _pick(result: ScoreResult) -> int | None:
    """The customer to show (position in the list), chosen by select box or search + select box."""
    f = result.frame
    ids, pos_of, order, options, label_of = memo.memoised(widget_key("profile_choices"), lambda: _choices(result),
                                                          scenarios=(result.scenario,), extra=current_lang(), size=1)
    chosen = st.session_state.get(SEL_KEY)
    if chosen not in pos_of:
        chosen = ids[order[0]]
    if options is None:
        query = st.text_input(t("ui.profile_page.search"), key=widget_key("profile_query"),
                              placeholder=t("ui.profile_page.search_placeholder"),
                              help=t("ui.profile_page.search_help", n=len(f)))
        hits = prof.search_customers(f, query) if query.strip() else order[:50]
        if query.strip() and not len(hits):
            st.warning(t("ui.profile_page.no_match"))
        options = ids[hits].tolist()
        if chosen not in options:
            options = [chosen, *options]
        label_of = dict(zip(options, option_labels(f, np.array([pos_of[v] for v in options], dtype=np.int64)),
                            strict=True))
    st.session_state[widget_key("profile_pick")] = chosen
    st.selectbox(column_label("name"), options, key=widget_key("profile_pick"),
                 format_func=lambda v: label_of.get(v, str(v)), on_change=_remember, help=t("ui.profile_page.pick_help"))
    picked = st.session_state.get(widget_key("profile_pick"))
    return pos_of.get(picked)


def _remember() -> None:
    st.session_state[SEL_KEY] = st.session_state.get(widget_key("profile_pick"))


def _averages(cl: CustomerList, result: ScoreResult) -> dict[str, np.ndarray]:
    """Class and list averages per criterion, once per (list, settings) in the session."""
    return memo.memoised(widget_key("profile_avgs"), lambda: prof.averages(cl, result), scenarios=(result.scenario,), size=2)


def _min_order(result: ScoreResult) -> float | None:
    f = result.frame
    if "revenue" not in f.columns or "orders" not in f.columns:
        return None
    default = report.default_min_order_revenue(f)
    if default is None:
        return None
    if MIN_ORDER_KEY not in st.session_state:
        st.session_state[MIN_ORDER_KEY] = float(default)
    st.session_state[widget_key("profile_min_order_w")] = float(st.session_state[MIN_ORDER_KEY])

    def keep() -> None:
        st.session_state[MIN_ORDER_KEY] = float(st.session_state[widget_key("profile_min_order_w")])

    with st.expander(t("ui.profile_page.settings")):
        st.number_input(t("ui.profile_page.min_order"), min_value=0.0, step=50.0, format="%.0f",
                        key=widget_key("profile_min_order_w"), on_change=keep, help=t("ui.profile_page.min_order_help"))
    return float(st.session_state[MIN_ORDER_KEY])


def _headline(p: prof.CustomerProfile, pres: bool) -> None:
    lang = current_lang()
    st.subheader(common.escape_md(p.name))
    facts = [f"{t('ui.profile_page.id_short')} {common.escape_md(p.id)}", t("ui.profile_page.excel_row", row=p.row)]
    if p.status:
        facts.append(charts.status_label(p.status, lang, many=False) if p.status in charts.STATUSES
                     else common.escape_md(p.status))
    analysis.technical(" · ".join(facts))
    cols = [*st.columns(3), *st.columns(3)]     # two rows: "1 von 248" and "563.767 €" stay whole
    klass = column_label("class")
    cols[0].metric(common.class_badge(p.klass, klass) if p.klass else klass, p.klass or "–",
                   help=None if p.klass else t("ui.profile_page.no_class"))
    cols[1].metric(column_label("rank"), t("ui.profile_page.rank_of", rank=p.rank, total=p.scored_count)
                   if p.rank else "–")
    cols[2].metric(column_label("score"), fmt_num(p.score, 1, lang) if p.scorable else "–",
                   help=t("ui.abc_page.score_help"))
    cols[3].metric(t("html.col.value"), fmt_eur(p.value_eur, 0, lang) if p.scorable else "–",
                   help=t("ui.profile_page.value_help"))
    cols[4].metric("CLV", fmt_eur(p.clv, 0, lang) if p.clv is not None else "–",
                   help=t("ui.profile_page.clv_help") if p.clv is not None
                   else t("ui.profile_page.clv_needs", column=column_label("margin")))
    money = []
    if p.revenue is not None:
        money.append(t("ui.profile_page.revenue", value=fmt_eur(p.revenue, 0, lang)))
    if p.margin is not None:
        money.append(t("ui.profile_page.margin", value=fmt_eur(p.margin, 0, lang)))
    if p.orders is not None:
        money.append(t("ui.profile_page.orders", n=round_half_up(p.orders, 0)))
    if p.recommend is not None:
        money.append(t("ui.profile_page.recommend", value=fmt_num(p.recommend, 0, lang)))
    if money:
        st.markdown(" · ".join(money))


def _flags(p: prof.CustomerProfile) -> None:
    if not p.flags:
        # say only what was checked: a list without payment rating or margin cannot rule those out
        checked = []
        if any(c.key == "payment_behaviour" and not c.missing for c in p.criteria):
            checked.append(t("ui.profile_page.no_slow_payer"))
        if p.margin is not None:
            checked.append(t("ui.profile_page.no_loss"))
        checked.append(t("ui.profile_page.all_ratings"))
        st.success(t("ui.profile_page.nothing_stands_out", checked=", ".join(checked)), icon=":material/check_circle:")
        return
    for flag in p.flags:
        show = getattr(st, FLAG_STYLE.get(flag.key, "info"))
        show(f"**{flag.label}** – {common.escape_md(flag.detail)}", icon=FLAG_ICON.get(flag.key))


def criteria_table(p: prof.CustomerProfile) -> pd.DataFrame:
    lang = current_lang()

    def num(v: float, d: int = 1) -> str:
        return "–" if v is None or (isinstance(v, float) and math.isnan(v)) else fmt_num(v, d, lang)

    missing, high_bad, high_good = t("chart.contrib.missing"), t("ui.profile_page.high_bad"), t("ui.common.high_good")
    return pd.DataFrame({
        t("export.col.criterion"): [common.escape_md(c.label) for c in p.criteria],
        t("ui.profile_page.col_rating"): [num(c.rating) if not c.missing else missing for c in p.criteria],
        t("export.col.direction"): [high_bad if c.reversed else high_good for c in p.criteria],
        t("ui.profile_page.col_adjusted"): [num(c.adjusted) for c in p.criteria],
        t("ui.common.weight_w"): [num(c.weight) for c in p.criteria],
        t("ui.profile_page.col_contribution"): [num(c.contribution, 2) for c in p.criteria],
        t("ui.profile_page.col_class_avg", klass=p.klass).rstrip(): [num(c.class_avg) for c in p.criteria],
        t("ui.profile_page.col_list_avg"): [num(c.list_avg) for c in p.criteria],
    })


def _lift(p: prof.CustomerProfile) -> None:
    lang = current_lang()
    lift = p.lift
    st.subheader(t("ui.profile_page.lift_title", target=lift.target) if lift.target
                 else t("ui.profile_page.lift_title_top"))
    st.markdown(lift.note)
    if lift.gap is not None and lift.target:
        if lift.gap <= 0:
            st.success(t("ui.profile_page.lift_enough", target=lift.target))
        else:
            st.markdown(t("ui.profile_page.lift_gap", gap=fmt_num(lift.gap, 2, lang), score=fmt_num(p.score, 2, lang),
                          target_score=fmt_num(lift.target_score, 2, lang)))
    if lift.gains:
        top = lift.gains[:5]
        st.table(pd.DataFrame({
            t("export.col.criterion"): [common.escape_md(c.label) for c in top],
            t("ui.profile_page.col_rating_now"): [fmt_num(c.rating, 1, lang) for c in top],
            t("ui.profile_page.col_one_better"): [fmt_num(max(0.0, c.rating - 1), 1, lang) if c.reversed
                                                  else fmt_num(min(10.0, c.rating + 1), 1, lang) for c in top],
            t("ui.profile_page.col_gain"): [f"+{fmt_num(c.gain, 2, lang)}" for c in top],
        }), hide_index=True)
        analysis.technical(t("ui.profile_page.gain_note"))
    if lift.plan:
        steps = ", ".join(f"{s.label} {fmt_num(s.rating_from, 1, lang)} → "
                          f"{fmt_num(s.rating_to, 1, lang)}" for s in lift.plan)
        if lift.reachable:
            st.info(t("ui.profile_page.plan", steps=steps), icon=":material/trending_up:")
        else:
            st.warning(t("ui.profile_page.plan_unreachable", steps=steps, target=lift.target))


def _body() -> None:
    result = common.require_result(t("ui.profile_page.needs"))
    if result is None:
        return
    lang = current_lang()
    cl = state.current_list()
    pres = analysis.presentation()
    if result.frame.empty:
        st.warning(common.no_customers_text(result))
        return
    position = _pick(result)
    if position is None:
        st.info(t("ui.profile_page.pick"))
        return
    min_order = _min_order(result)
    p = prof.customer_profile(cl, result, position, avgs=_averages(cl, result), min_order_revenue=min_order,
                              lang=lang)
    _headline(p, pres)
    orders_panel.render_profile(result.frame["id"].iloc[position])
    _flags(p)
    labels = [c.label for c in p.criteria]
    # the charts of one customer under one setting: built once (a rerun for another widget reuses them)
    radar = memo.memoised(widget_key("fig_profile_radar"), lambda: charts.radar_chart(
        labels, [c.adjusted for c in p.criteria], [c.class_avg for c in p.criteria] if p.klass else None,
        [c.list_avg for c in p.criteria], name=p.name, klass=p.klass, presentation=pres, lang=lang),
        scenarios=(result.scenario,), extra=(position, pres, lang), size=2)
    if not p.scorable:
        analysis.chart(radar, key="profile_radar")
        st.error(t("ui.profile_page.no_score", reason=p.reason))
        return
    contrib = memo.memoised(widget_key("fig_profile_contrib"), lambda: charts.contribution_chart(
        labels, [c.contribution for c in p.criteria], p.score, presentation=pres, klass=p.klass,
        missing=[c.missing for c in p.criteria], lang=lang), scenarios=(result.scenario,), extra=(position, pres, lang),
        size=2)
    if pres:
        analysis.chart(radar, key="profile_radar")
        analysis.chart(contrib, key="profile_contrib")
    else:
        left, right = st.columns(2)
        with left:
            analysis.chart(radar, key="profile_radar")
        with right:
            analysis.chart(contrib, key="profile_contrib")
    st.markdown(t("ui.profile_page.sum", total=fmt_num(p.contribution_sum, 2, lang), score=fmt_num(p.score, 2, lang))
                + (t("ui.profile_page.sum_over", n=len(p.criteria) - p.missing, total=len(p.criteria))
                   if p.missing else ""))
    if not pres:
        with st.expander(t("ui.profile_page.all_criteria")):
            st.table(criteria_table(p), hide_index=True)
            st.caption(t("ui.profile_page.contribution_note"))
    _lift(p)


def render() -> None:
    analysis.page(t("page.profile"), ":material/person:", _body)
