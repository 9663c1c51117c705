"""Order history in the app: the second upload (order list), the period, the choice per criterion, the
row accounting; the hook that hands the enriched list to scoring; the Methode and Kundenprofil parts.

All session keys of order history are defined here (named by `kundenwert.ui.session.key`). The engine computes
(`kundenwert.orders`, `orders_figures`, `orders_read`); this module only renders and keeps state.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
from functools import partial
from pathlib import Path

import numpy as np
import pandas as pd
import streamlit as st

from kundenwert.criteria import label
from kundenwert.dataset import CustomerList
from kundenwert.errors import KundenwertError
from kundenwert.findings import localise, render
from kundenwert.fmt import fmt_eur, fmt_num, fmt_pct
from kundenwert.i18n import date_text, text
from kundenwert.orders import DEFAULT_CHOICE, OrderAnalysis, analyse, enrich
from kundenwert.orders_figures import CHOICES, DEFAULT_MONTHS, DERIVED_KEYS
from kundenwert.orders_read import OrderLines, load_orders
from kundenwert.ui import memo, session
from kundenwert.ui.common import escape_md
from kundenwert.ui.lang import current_lang, t
from kundenwert.ui.messages import shown

# ------------------------------------------------------------------------------------ session keys
K_LINES = session.key("orders_lines")          # (file label, content digest, OrderLines) of the loaded order list
K_ERROR = session.key("orders_error")          # the last order upload's KundenwertError (shown in the UI language) or None
K_MONTHS = session.key("orders_months")        # period length in months
K_END = session.key("orders_end")              # period end (date) or None = newest order date
K_CHOICE = session.key("orders_choice") + "_"  # + criterion key: "own" | "derived" | "fill"
K_CACHE = session.key("orders_cache")          # (base list, lines digest, months, end, choices) -> (analysis, enriched list)
K_ROUND = session.key("orders_upload_round")   # bumped to clear the uploader after the sample is loaded
K_UPLOAD = session.key("orders_upload")        # + round: the uploader widget
K_XYZ = session.key("orders_xyz")              # (x, y) thresholds on the ABC × XYZ page
K_KEY_SHARE = session.key("orders_key_share")  # key-account share on the ABC × XYZ page

ROOT = Path(__file__).resolve().parents[2]
SAMPLE_ORDERS_PATH = ROOT / "sample_data" / "auftraege_beispiel.xlsx"
SAMPLE_ORDERS_NAME = "auftraege_beispiel.xlsx"
UPLOAD_TYPES = ["xlsx", "xlsm", "csv", "ods", "xls", "xlsb"]


def _invalidate() -> None:
    """The orders or their settings changed: the list version moves on, so the memoised score follows."""
    st.session_state[K_CACHE] = None
    session.update_list(version=session.list_state().version + 1)   # memo keys carry the list version


# ------------------------------------------------------------------------------------ loading

def load_order_bytes(data: bytes, filename: str) -> bool:
    """Check and read an order file (in the limited worker); errors go to the state, not raised."""
    try:
        lines = load_orders(data, filename)
    except KundenwertError as exc:
        st.session_state[K_ERROR] = exc
        return False
    st.session_state[K_LINES] = (filename, hashlib.sha256(data).hexdigest(), lines)
    st.session_state[K_ERROR] = None
    st.session_state[K_END] = None
    _invalidate()
    return True


def load_sample_orders() -> bool:
    return load_order_bytes(SAMPLE_ORDERS_PATH.read_bytes(), SAMPLE_ORDERS_NAME)


def clear_orders() -> None:
    st.session_state[K_LINES] = None
    st.session_state[K_ERROR] = None
    _invalidate()


def order_lines() -> OrderLines | None:
    entry = st.session_state.get(K_LINES)
    return entry[2] if entry else None


def choices() -> dict[str, str]:
    return {k: st.session_state.get(K_CHOICE + k, DEFAULT_CHOICE) for k in DERIVED_KEYS}


def _months() -> int:
    return int(st.session_state.get(K_MONTHS, DEFAULT_MONTHS))


def _computed(cl: CustomerList) -> tuple[OrderAnalysis, CustomerList] | None:
    entry = st.session_state.get(K_LINES)
    if not entry:
        return None
    key = (entry[1], _months(), st.session_state.get(K_END), tuple(sorted(choices().items())))
    cache = st.session_state.get(K_CACHE)
    if cache is not None and cache[0] is cl and cache[1] == key:
        return cache[2]
    analysis = analyse(entry[2], cl, months=_months(), end=st.session_state.get(K_END))
    value = (analysis, enrich(cl, analysis, choices()))
    st.session_state[K_CACHE] = (cl, key, value)
    return value


def with_orders(cl: CustomerList | None) -> CustomerList | None:
    """The hook in `state.current_list()`: the list with the ratings and figures from the orders, if any."""
    if cl is None or not st.session_state.get(K_LINES):
        return cl
    try:
        computed = _computed(cl)
    except KundenwertError as exc:
        st.session_state[K_ERROR] = exc
        return cl
    return cl if computed is None else computed[1]


def current_analysis() -> OrderAnalysis | None:
    """The analysis of the loaded orders against the loaded list (None without either)."""
    cl = session.list_state().list    # the list as loaded, before the orders
    if cl is None or not st.session_state.get(K_LINES):
        return None
    computed = _computed(cl)
    return None if computed is None else computed[0]


# ------------------------------------------------------------------------------------ callbacks

def _on_upload(key: str) -> None:
    uploaded = st.session_state.get(key)
    if uploaded is not None:
        load_order_bytes(uploaded.getvalue(), uploaded.name)


def _on_sample() -> None:
    load_sample_orders()
    st.session_state[K_ROUND] = st.session_state.get(K_ROUND, 0) + 1


def _on_setting(widget: str, target: str) -> None:
    st.session_state[target] = st.session_state[widget]
    _invalidate()


def _on_adopt_retention(rate: float) -> None:
    session.update_settings(retention=round(rate, 2))    # the sidebar's CLV slider seeds from it


# ------------------------------------------------------------------------------------ the panel

def period_text(a: OrderAnalysis) -> str:
    """'01.01.2025 bis 31.12.2025 (12 Monate = 365 Tage)' in the UI language."""
    p, lang = a.period, current_lang()
    return t("ui.orders_panel.period", start=date_text(p.start, lang), end=date_text(p.end, lang), months=p.months,
             days=p.days)


def _choice_label(choice: str, lang: str) -> str:
    return text(f"orders.choice.{choice}", lang)


def date_column(values: pd.Series, lang: str) -> list[str]:
    """Dates as the language writes them ("–" where missing), each distinct day formatted once."""
    days = pd.to_datetime(values)
    shown = {d: date_text(d, lang) for d in days.dropna().unique()}
    return [shown[d] if pd.notna(d) else "–" for d in days]


def _render_settings(a: OrderAnalysis) -> None:
    lang = current_lang()
    cols = st.columns([1, 1, 2])
    st.session_state.setdefault(session.key("orders_w_months"), _months())
    cols[0].number_input(t("ui.orders_panel.months"), min_value=1, max_value=120, step=1,
                         key=session.key("orders_w_months"), on_change=_on_setting,
                         args=(session.key("orders_w_months"), K_MONTHS), help=t("ui.orders_panel.months_help"))
    newest = a.lines.lines["date"].max()
    default_end = newest.date() if pd.notna(newest) else _dt.date.today()
    st.session_state.setdefault(session.key("orders_w_end"), st.session_state.get(K_END) or default_end)
    if st.session_state.get(K_END) is None:
        st.session_state[session.key("orders_w_end")] = default_end
    cols[1].date_input(t("ui.orders_panel.end"), key=session.key("orders_w_end"),
                       format=t("ui.orders_panel.date_format"), on_change=_on_setting,
                       args=(session.key("orders_w_end"), K_END), help=t("ui.orders_panel.end_help"))
    cols[2].markdown(t("ui.orders_panel.period_md", period=period_text(a)))
    options = list(CHOICES)
    for key in a.derivable():
        widget = session.key("orders_w_choice", key)
        st.session_state.setdefault(widget, choices()[key])
        # the language bound now: a format_func may also be called outside this run (AppTest does)
        st.radio(t("ui.orders_panel.choice", criterion=label(key, lang)), options, key=widget, horizontal=True,
                 format_func=partial(_choice_label, lang=lang), on_change=_on_setting, args=(widget, K_CHOICE + key))
    if not a.has_margin:
        st.caption(t("ui.orders_panel.no_margin"))


def _render_accounting(a: OrderAnalysis) -> None:
    acc = a.lines.accounting()
    unknown_lines = int(a.unknown["lines"].sum())
    lang = current_lang()
    counts = {"read": acc["rows_read"], "assigned": acc["used"] - unknown_lines, "unknown": unknown_lines,
              "rejected": acc["rejected"], "skipped": acc["skipped"]}
    cols = st.columns(5)
    for col, name in zip(cols, counts, strict=True):
        col.metric(t(f"ui.orders_panel.metric.{name}"), fmt_num(counts[name], 0, lang),
                   help=t(f"ui.orders_panel.metric_help.{name}") if name in METRIC_HELP else None)
    st.caption(t("ui.orders_panel.balance", **counts))
    messages = pd.concat([a.lines.issues, a.notes], ignore_index=True)
    for sev, show, limit in (("error", st.error, 8), ("warning", st.warning, 8), ("info", st.caption, 5)):
        shown = messages.loc[messages["severity"] == sev].head(limit)
        for code, params in zip(shown["code"], shown["params"], strict=True):
            show(escape_md(render(code, params, lang)))
    if len(a.lines.rejected):
        with st.expander(t("ui.orders_panel.rejected_title", n=len(a.lines.rejected))):
            st.dataframe(pd.DataFrame({t("ui.orders_panel.col.row"): a.lines.rejected["row"],
                                       t("ui.orders_panel.col.column"): a.lines.rejected["column"],
                                       t("ui.orders_panel.col.reason"): [str(localise(v, lang)) for v in
                                                                         a.lines.rejected["reason"]]}),
                         hide_index=True, width="stretch")
    if len(a.unknown):
        with st.expander(t("ui.orders_panel.unknown_title", n=len(a.unknown))):
            st.dataframe(pd.DataFrame({t("ui.orders_panel.col.id"): a.unknown["id"],
                                       t("ui.orders_panel.col.lines"): a.unknown["lines"],
                                       t("ui.orders_panel.col.revenue_eur"): [fmt_eur(v, 2, lang)
                                                                              for v in a.unknown["revenue"]],
                                       t("ui.orders_panel.col.first_row"): a.unknown["first_row"]}),
                         hide_index=True, width="stretch")
    if a.without_orders:
        with st.expander(t("ui.orders_panel.without_title", n=len(a.without_orders))):
            st.dataframe(pd.DataFrame({t("ui.orders_panel.col.id"): a.without_orders}), hide_index=True,
                         width="stretch")


FIGURES_SHOWN = 2_000   # rows of the per-customer table (the CLI gives all)
METRIC_HELP = ("unknown", "rejected", "skipped")   # the accounting metrics with a help text


def figures_table(a: OrderAnalysis, cl: CustomerList, lang: str = "de") -> pd.DataFrame:
    """Per list customer: the list's own revenue / margin beside the figures from the orders, and the derived
    ratings (headers and numbers in ``lang``)."""
    f, d = a.customers, a.derived

    def head(name: str, **params: object) -> str:
        return text(f"ui.orders_panel.col.{name}", lang, **params)

    out = pd.DataFrame({head("id"): f.index.astype(str), head("name"): cl.customers["name"].astype(str).to_numpy()})
    if "revenue" in cl.customers:
        out[head("revenue_list")] = [fmt_eur(v, 0, lang) for v in cl.customers["revenue"]]
    out[head("revenue_orders")] = [fmt_eur(v, 0, lang) for v in f["revenue"]]
    if a.has_margin:
        if "margin" in cl.customers:
            out[head("margin_list")] = [fmt_eur(v, 0, lang) for v in cl.customers["margin"]]
        out[head("margin_orders")] = [fmt_eur(v, 0, lang) for v in f["margin"]]
    out[head("orders")] = f["orders"].to_numpy()
    out[head("days")] = [fmt_num(v, 0, lang) for v in f["days_since_last"]]
    out[head("since")] = date_column(f["first_order"], lang)
    out[head("trend")] = [fmt_pct(v, 0, lang) if np.isfinite(v) else "–" for v in f["trend"]]
    for key in ("purchase_history", "contribution_margin") if a.has_margin else ("purchase_history",):
        out[head("derived", criterion=label(key, lang))] = [fmt_num(v, 1, lang) for v in d[key]]
    return out


def _render_figures(a: OrderAnalysis) -> None:
    cl = session.list_state().list
    if cl is None:
        return
    lang = current_lang()
    with st.expander(t("ui.orders_panel.figures_title")):
        # formatted once per (list, orders, period, choices, language): every change of the first four moves the
        # list version
        table = memo.memoised(session.key("orders_figures_table"), lambda: figures_table(a, cl, lang), size=1,
                              extra=lang)
        if len(table) > FIGURES_SHOWN:
            st.caption(t("ui.orders_panel.figures_cut", shown=FIGURES_SHOWN, n=len(table)))
        st.dataframe(table.head(FIGURES_SHOWN), hide_index=True, width="stretch")


def _render_retention(a: OrderAnalysis) -> None:
    r = a.retention
    if r.rate is None:
        st.caption(t("ui.orders_panel.retention_none"))
        return
    lang = current_lang()
    cols = st.columns([3, 1])
    cols[0].markdown(t("ui.orders_panel.retention", rate=fmt_pct(r.rate, 0, lang), retained=r.retained,
                       buyers=r.previous_buyers, start=date_text(r.period.previous_start, lang),
                       end=date_text(r.period.start - pd.Timedelta(days=1), lang),
                       fixed=fmt_pct(session.settings().retention, 0, lang)))
    cols[1].button(t("ui.orders_panel.adopt"), key=session.key("orders_adopt_retention"),
                   on_click=_on_adopt_retention, args=(r.rate,), icon=":material/input:")


def render_panel() -> None:
    """The order-history section of the data page (called with one line from `data_page.render`)."""
    st.subheader(t("ui.orders_panel.title"))
    st.markdown(t("ui.orders_panel.intro"))
    cols = st.columns([3, 2])
    key = f"{K_UPLOAD}_{st.session_state.get(K_ROUND, 0)}"
    cols[0].file_uploader(t("ui.orders_panel.upload"), type=UPLOAD_TYPES, key=key, on_change=_on_upload,
                          args=(key,))
    cols[1].button(t("ui.orders_panel.sample"), key=session.key("orders_sample_btn"), on_click=_on_sample,
                   icon=":material/receipt_long:", help=t("ui.orders_panel.sample_help"))
    if st.session_state.get(K_ERROR):
        st.error(escape_md(shown(st.session_state[K_ERROR], current_lang())), icon=":material/error:")
    entry = st.session_state.get(K_LINES)
    if not entry:
        return
    a = current_analysis()
    if a is None:
        st.info(t("ui.orders_panel.waiting"))
        return
    cols[1].button(t("ui.orders_panel.clear"), key=session.key("orders_clear"), on_click=clear_orders,
                   icon=":material/close:")
    name = t("ui.orders_panel.sample_name") if entry[0] == SAMPLE_ORDERS_NAME else entry[0]
    st.success(t("ui.orders_panel.loaded", name=escape_md(name), n=len(a.lines.lines)), icon=":material/check_circle:")
    _render_settings(a)
    _render_accounting(a)
    _render_figures(a)
    _render_retention(a)


# ------------------------------------------------------------------------------------ method, profile

def render_method() -> None:
    """The derivation with the current numbers (called with one line from the Methode page)."""
    a = current_analysis()
    lang = current_lang()
    st.subheader(t("ui.orders_panel.method_title"))
    st.markdown(t("ui.orders_panel.method_text"))
    if a is None:
        st.caption(t("ui.orders_panel.method_none", start=text("page.start", lang)))
        return
    active = a.customers["orders"] > 0
    chosen = "; ".join(f"{label(k, lang)}: {_choice_label(c, lang)}" for k, c in choices().items() if k in a.derivable())
    st.markdown(t("ui.orders_panel.method_now", period=period_text(a), active=int(active.sum()),
                  without=len(a.without_orders),
                  days=fmt_num(a.customers.loc[active, "days_since_last"].median(), 0, lang),
                  orders=fmt_num(a.customers.loc[active, "orders"].median(), 0, lang),
                  revenue=fmt_eur(a.customers.loc[active, "revenue"].median(), 0, lang), chosen=chosen))


def render_profile(customer_id: object) -> None:
    """The raw figures behind the derived ratings of one customer (one line from the Kundenprofil page)."""
    a = current_analysis()
    if a is None or str(customer_id) not in a.customers.index:
        return
    cid = str(customer_id)
    f, d = a.customers.loc[cid], a.derived.loc[cid]
    lang = current_lang()
    with st.expander(t("ui.orders_panel.profile_title"), expanded=False):
        st.caption(t("ui.orders_panel.profile_period", period=period_text(a)))
        rows = [
            (t("ui.orders_panel.col.days"), fmt_num(f["days_since_last"], 0, lang), fmt_num(d["recency"], 1, lang)),
            (t("ui.orders_panel.profile.orders"), fmt_num(f["orders"], 0, lang), fmt_num(d["frequency"], 1, lang)),
            (t("ui.orders_panel.profile.revenue"), fmt_eur(f["revenue"], 2, lang),
             fmt_num(d["revenue_score"], 1, lang)),
            (t("ui.orders_panel.profile.history"), "", fmt_num(d["purchase_history"], 1, lang)),
        ]
        if a.has_margin:
            rows.append((t("ui.orders_panel.profile.margin"), fmt_eur(f["margin"], 2, lang),
                         fmt_num(d["contribution_margin"], 1, lang)))
        columns = [t(f"ui.orders_panel.profile.col.{c}") for c in ("figure", "value", "rating")]
        st.dataframe(pd.DataFrame(rows, columns=columns), hide_index=True, width="stretch")
        first = f["first_order"]
        trend = f["trend"]
        st.caption(t("ui.orders_panel.profile_caption", since=date_text(first, lang) if pd.notna(first) else "–",
                     per_order=fmt_eur(f["revenue_per_order"], 2, lang),
                     trend="–" if not np.isfinite(trend) else fmt_pct(trend, 0, lang)))
