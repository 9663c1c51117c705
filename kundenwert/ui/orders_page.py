"""Auftragsanalyse: ABC × XYZ, revenue per order by group, key accounts, lapsed customers.

Needs a customer list and an order list (Start / Daten → Auftragshistorie). The engine computes
(`kundenwert.xyz`, `kundenwert.orders`); this page renders.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from kundenwert import charts
from kundenwert.charts_orders import abc_xyz_heatmap
from kundenwert.fmt import fmt_eur, fmt_num, fmt_pct
from kundenwert.i18n import text
from kundenwert.orders import KEY_ACCOUNT_SHARE, key_accounts, lapsed, revenue_per_order_by_group
from kundenwert.ui import analysis, common, orders_panel, session, state
from kundenwert.ui.lang import current_lang, t
from kundenwert.xyz import XYZ_THRESHOLDS, abc_xyz_grid, xyz_classes


def _thresholds() -> tuple[float, float]:
    st.session_state.setdefault(orders_panel.K_XYZ, XYZ_THRESHOLDS)
    st.session_state.setdefault(session.key("orders_w_xyz"), tuple(st.session_state[orders_panel.K_XYZ]))
    x, y = st.slider(t("ui.orders_page.xyz_slider"), 0.0, 3.0, step=0.05, key=session.key("orders_w_xyz"))
    st.session_state[orders_panel.K_XYZ] = (x, y)
    return x, y


def _col(name: str) -> str:
    """A column header of this page's tables (the customer number and name as on the Start page's order panel)."""
    return t(f"ui.orders_panel.col.{name}") if name in ("id", "name", "orders") else t(f"ui.orders_page.col.{name}")


def _groups(a, result) -> None:
    lang = current_lang()
    st.subheader(t("ui.orders_page.groups_title"))
    customers = a.customers
    klass = pd.Series(result.frame["class"].to_numpy(), index=result.frame["id"].astype(str)).reindex(customers.index)
    frames = []
    for group in (klass.map(lambda c: text("chart.class", lang, klass=c) if isinstance(c, str) and c else None),
                  _status(customers.index, lang)):
        if group is None or group.isna().all():
            continue
        g = revenue_per_order_by_group(customers, group)
        frames.append(pd.DataFrame({
            _col("group"): g["group"], _col("customers"): g["customers"], _col("buyers"): g["buyers"],
            _col("orders"): g["orders"], _col("revenue"): g["revenue"].map(lambda v: fmt_eur(v, 0, lang)),
            _col("revenue_per_order"): g["revenue_per_order"].map(lambda v: fmt_eur(v, 0, lang))}))
    if frames:
        st.dataframe(pd.concat(frames, ignore_index=True), hide_index=True, width="stretch")


def _status(ids: pd.Index, lang: str) -> pd.Series | None:
    cl = state.current_list()
    if cl is None or "status" not in cl.customers.columns:
        return None
    labels = {code: charts.status_label(code, lang) for code in charts.STATUSES}
    s = pd.Series(cl.customers["status"].to_numpy(), index=cl.customers["id"].astype(str)).reindex(ids)
    return s.map(lambda v: labels.get(v, v) if isinstance(v, str) else None)


def _names(ids: pd.Series) -> pd.Series:
    """The customers' names from the list, by customer number ("" where the list has none)."""
    cl = state.current_list()
    if cl is None:
        return pd.Series([""] * len(ids), dtype=object)
    by_id = dict(zip(cl.customers["id"].astype(str), cl.customers["name"].fillna("").astype(str), strict=True))
    return ids.astype(str).map(lambda i: by_id.get(i, "")).reset_index(drop=True)


def _key_accounts(a) -> None:
    lang = current_lang()
    st.subheader(t("ui.orders_page.keys_title"))
    # seeded from the last choice, so it survives a page switch (like the XYZ thresholds)
    st.session_state.setdefault(session.key("orders_w_key_share"),
                                int(round(st.session_state.get(orders_panel.K_KEY_SHARE, KEY_ACCOUNT_SHARE) * 100)))
    share = st.slider(t("ui.orders_page.keys_slider"), 10, 95, step=5, key=session.key("orders_w_key_share")) / 100
    st.session_state[orders_panel.K_KEY_SHARE] = share
    keys = key_accounts(a.customers, share)
    st.markdown(t("ui.orders_page.keys_hold", n=len(keys),
                  share=fmt_pct(keys["share"].sum() if len(keys) else 0, 0, lang)))
    if len(keys):
        st.dataframe(pd.DataFrame({_col("id"): keys["id"], _col("name"): _names(keys["id"]),
                                   _col("revenue"): keys["revenue"].map(lambda v: fmt_eur(v, 0, lang)),
                                   _col("share"): keys["share"].map(lambda v: fmt_pct(v, 1, lang)),
                                   _col("cumulative"): keys["cumulative"].map(lambda v: fmt_pct(v, 1, lang))}),
                     hide_index=True, width="stretch", height=min(400, 38 + 35 * len(keys)))


def _lapsed(a) -> None:
    lang = current_lang()
    st.subheader(t("ui.orders_page.lapsed_title"))
    gone = lapsed(a.customers)
    if not len(gone):
        st.caption(t("ui.orders_page.lapsed_none"))
        return
    st.markdown(t("ui.orders_page.lapsed", n=len(gone)))
    st.dataframe(pd.DataFrame({_col("id"): gone["id"], _col("name"): _names(gone["id"]),
                               _col("last_order"): orders_panel.date_column(gone["last_order"], lang),
                               _col("days_since"): gone["days_since_last"].map(lambda v: fmt_num(v, 0, lang)),
                               _col("previous_revenue"): gone["prev_revenue"].map(lambda v: fmt_eur(v, 0, lang))}),
                 hide_index=True, width="stretch")


def _body() -> None:
    lang = current_lang()
    a = orders_panel.current_analysis()
    if a is None:
        st.info(t("ui.orders_page.hint", start=text("page.start", lang), sample=t("ui.orders_panel.sample")),
                icon=":material/receipt_long:")
        common.page_link(common.start_page() or "app.py", t("ui.orders_page.to_start", start=text("page.start", lang)))
        return
    result = common.require_result(t("ui.orders_page.needs"))
    if result is None:
        return
    st.caption(t("ui.orders_page.period", period=orders_panel.period_text(a)))
    x, y = _thresholds()
    xyz = xyz_classes(a.lines, a.period, (x, min(max(x, y), 3.0)))
    ids = result.frame["id"].astype(str)
    abc = pd.Series(result.frame["class"].to_numpy(), index=ids)
    grid = abc_xyz_grid(abc, xyz["xyz"], a.customers["revenue"].reindex(ids.to_numpy()).set_axis(ids.to_numpy()))
    analysis.chart(abc_xyz_heatmap(grid, presentation=analysis.presentation(), lang=lang), key="orders_abc_xyz")
    without = int(abc.index.isin(xyz.index[xyz["xyz"].notna()]).sum())
    st.caption(t("ui.orders_page.xyz_rule", x=fmt_num(x, 2, lang), y=fmt_num(y, 2, lang), n=len(abc) - without))
    _groups(a, result)
    _key_accounts(a)
    _lapsed(a)


def render() -> None:
    analysis.page(text("page.orders", current_lang()), ":material/receipt_long:", _body)
