"""Auftragsanalyse: ABC × XYZ, revenue per order by group, key accounts, lapsed customers.

Needs a customer list and an order list (Start / Daten → Auftragshistorie). The engine computes
(`kundenwert.xyz`, `kundenwert.orders`); this page renders.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from kundenwert.charts_orders import abc_xyz_heatmap
from kundenwert.fmt import fmt_eur, fmt_num, fmt_pct, plural
from kundenwert.orders import KEY_ACCOUNT_SHARE, key_accounts, lapsed, revenue_per_order_by_group
from kundenwert.ui import analysis, common, orders_panel, session, state
from kundenwert.xyz import XYZ_THRESHOLDS, abc_xyz_grid, xyz_classes

DATA_PAGE_HINT = ("Diese Seite braucht eine Kundenliste und eine Auftragsliste: auf **Start / Daten** unter "
                  "„Auftragshistorie“ hochladen oder „Beispielaufträge laden“.")


def _thresholds() -> tuple[float, float]:
    st.session_state.setdefault(orders_panel.K_XYZ, XYZ_THRESHOLDS)
    st.session_state.setdefault(session.key("orders_w_xyz"), tuple(st.session_state[orders_panel.K_XYZ]))
    x, y = st.slider("XYZ-Grenzen (Variationskoeffizient): X unter der ersten, Y unter der zweiten, sonst Z",
                     0.0, 3.0, step=0.05, key=session.key("orders_w_xyz"))
    st.session_state[orders_panel.K_XYZ] = (x, y)
    return x, y


def _groups(a, result) -> None:
    st.subheader("Umsatz je Auftrag nach Gruppe")
    customers = a.customers
    klass = pd.Series(result.frame["class"].to_numpy(), index=result.frame["id"].astype(str)).reindex(customers.index)
    frames = []
    for group in (klass.map(lambda c: f"Klasse {c}" if isinstance(c, str) and c else None),
                  _status(customers.index)):
        if group is None or group.isna().all():
            continue
        g = revenue_per_order_by_group(customers, group)
        frames.append(pd.DataFrame({"Gruppe": g["group"], "Kunden": g["customers"], "mit Auftrag": g["buyers"],
                                    "Aufträge": g["orders"], "Umsatz": g["revenue"].map(lambda v: fmt_eur(v, 0)),
                                    "Umsatz je Auftrag": g["revenue_per_order"].map(lambda v: fmt_eur(v, 0))}))
    if frames:
        st.dataframe(pd.concat(frames, ignore_index=True), hide_index=True, width="stretch")


def _status(ids: pd.Index) -> pd.Series | None:
    cl = state.current_list()
    if cl is None or "status" not in cl.customers.columns:
        return None
    labels = {"new": "Neukunden", "existing": "Bestandskunden"}
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
    st.subheader("Schlüsselkunden nach Umsatzanteil")
    # seeded from the last choice, so it survives a page switch (like the XYZ thresholds)
    st.session_state.setdefault(session.key("orders_w_key_share"),
                                int(round(st.session_state.get(orders_panel.K_KEY_SHARE, KEY_ACCOUNT_SHARE) * 100)))
    share = st.slider("Schlüsselkunden: die größten Kunden, die zusammen diesen Anteil des Umsatzes halten (%)",
                      10, 95, step=5, key=session.key("orders_w_key_share")) / 100
    st.session_state[orders_panel.K_KEY_SHARE] = share
    keys = key_accounts(a.customers, share)
    st.markdown(f"**{plural(len(keys), 'Kunde', 'Kunden')}** halten {fmt_pct(keys['share'].sum() if len(keys) else 0)} "
                f"des Umsatzes im Zeitraum.")
    if len(keys):
        st.dataframe(pd.DataFrame({"Kunden-Nr.": keys["id"], "Kunde": _names(keys["id"]), "Umsatz": keys["revenue"].map(lambda v: fmt_eur(v, 0)),
                                   "Anteil": keys["share"].map(lambda v: fmt_pct(v, 1)),
                                   "kumuliert": keys["cumulative"].map(lambda v: fmt_pct(v, 1))}),
                     hide_index=True, width="stretch", height=min(400, 38 + 35 * len(keys)))


def _lapsed(a) -> None:
    st.subheader("Abgewanderte Kunden")
    gone = lapsed(a.customers)
    if not len(gone):
        st.caption("Kein Kunde hat vor dem Zeitraum gekauft und im Zeitraum nicht mehr.")
        return
    st.markdown(f"**{plural(len(gone), 'Kunde', 'Kunden')}** {'hat' if len(gone) == 1 else 'haben'} vor dem "
                f"Zeitraum gekauft, im Zeitraum nicht mehr.")
    st.dataframe(pd.DataFrame({"Kunden-Nr.": gone["id"], "Kunde": _names(gone["id"]),
                               "letzter Auftrag": pd.to_datetime(gone["last_order"]).dt.strftime("%d.%m.%Y"),
                               "Tage seit": gone["days_since_last"].map(lambda v: fmt_num(v, 0)),
                               "Umsatz Vorzeitraum": gone["prev_revenue"].map(lambda v: fmt_eur(v, 0))}),
                 hide_index=True, width="stretch")


def _body() -> None:
    a = orders_panel.current_analysis()
    if a is None:
        st.info(DATA_PAGE_HINT, icon=":material/receipt_long:")
        common.page_link(common.START_PAGE or "app.py", "Zu Start / Daten")
        return
    result = common.require_result("die ABC × XYZ-Analyse")
    if result is None:
        return
    st.caption(f"Zeitraum: {orders_panel.period_text(a)}. ABC-Klassen wie in der Seitenleiste eingestellt.")
    x, y = _thresholds()
    xyz = xyz_classes(a.lines, a.period, (x, min(max(x, y), 3.0)))
    ids = result.frame["id"].astype(str)
    abc = pd.Series(result.frame["class"].to_numpy(), index=ids)
    grid = abc_xyz_grid(abc, xyz["xyz"], a.customers["revenue"].reindex(ids.to_numpy()).set_axis(ids.to_numpy()))
    analysis.chart(abc_xyz_heatmap(grid, presentation=analysis.presentation()), key="orders_abc_xyz")
    without = int(abc.index.isin(xyz.index[xyz["xyz"].notna()]).sum())
    st.caption(f"X: Variationskoeffizient < {fmt_num(x, 2)} (gleichmäßig), Y: < {fmt_num(y, 2)}, Z: darüber. "
               f"{plural(len(abc) - without, 'Kunde', 'Kunden')} ohne Umsatz im Zeitraum oder ohne Klasse fehlen "
               f"im Raster.")
    _groups(a, result)
    _key_accounts(a)
    _lapsed(a)


def render() -> None:
    analysis.page("Auftragsanalyse", ":material/receipt_long:", _body)
