"""Order history in the app: the second upload (order list), the period, the choice per criterion, the
row accounting; the hook that hands the enriched list to scoring; the Methode and Kundenprofil parts.

All session keys of order history are defined here (named by `kundenwert.ui.session.key`). The engine computes
(`kundenwert.orders`, `orders_figures`, `orders_read`); this module only renders and keeps state.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
from pathlib import Path

import numpy as np
import pandas as pd
import streamlit as st

from kundenwert.criteria import label_de
from kundenwert.dataset import CustomerList
from kundenwert.errors import KundenwertError
from kundenwert.fmt import fmt_eur, fmt_num, fmt_pct, plural
from kundenwert.orders import DEFAULT_CHOICE, OrderAnalysis, analyse, enrich
from kundenwert.orders_figures import CHOICE_LABELS_DE, CHOICES, DEFAULT_MONTHS, DERIVED_KEYS
from kundenwert.orders_read import OrderLines, load_orders
from kundenwert.ui import memo, session
from kundenwert.ui.common import escape_md

# ------------------------------------------------------------------------------------ session keys
K_LINES = session.key("orders_lines")          # (file label, content digest, OrderLines) of the loaded order list
K_ERROR = session.key("orders_error")          # the last order upload's error (German one-liner) or None
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
        st.session_state[K_ERROR] = str(exc)
        return False
    label = "Beispielaufträge" if filename == SAMPLE_ORDERS_NAME else filename
    st.session_state[K_LINES] = (label, hashlib.sha256(data).hexdigest(), lines)
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
        st.session_state[K_ERROR] = str(exc)
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
    p = a.period
    return (f"{p.start.strftime('%d.%m.%Y')} bis {p.end.strftime('%d.%m.%Y')} "
            f"({plural(p.months, 'Monat', 'Monate')} = {plural(p.days, 'Tag', 'Tage')})")


def _render_settings(a: OrderAnalysis) -> None:
    cols = st.columns([1, 1, 2])
    st.session_state.setdefault(session.key("orders_w_months"), _months())
    cols[0].number_input("Zeitraum (Monate)", min_value=1, max_value=120, step=1, key=session.key("orders_w_months"),
                         on_change=_on_setting, args=(session.key("orders_w_months"), K_MONTHS),
                         help="Die Kennzahlen zählen die Aufträge dieser Monate bis zum Stichtag.")
    newest = a.lines.lines["date"].max()
    default_end = newest.date() if pd.notna(newest) else _dt.date.today()
    st.session_state.setdefault(session.key("orders_w_end"), st.session_state.get(K_END) or default_end)
    if st.session_state.get(K_END) is None:
        st.session_state[session.key("orders_w_end")] = default_end
    cols[1].date_input("Stichtag (Ende des Zeitraums)", key=session.key("orders_w_end"), format="DD.MM.YYYY",
                       on_change=_on_setting, args=(session.key("orders_w_end"), K_END),
                       help="Standard: der neueste Auftrag der Datei.")
    cols[2].markdown(f"**Zeitraum:** {period_text(a)}")
    options = list(CHOICES)
    for key in a.derivable():
        widget = session.key("orders_w_choice", key)
        st.session_state.setdefault(widget, choices()[key])
        st.radio(f"{label_de(key)}: welche Bewertung zählt?", options, key=widget, horizontal=True,
                 format_func=lambda c: CHOICE_LABELS_DE[c], on_change=_on_setting, args=(widget, K_CHOICE + key))
    if not a.has_margin:
        st.caption("Die Auftragsliste hat keine Spalte „Deckungsbeitrag (€)“ – der Deckungsbeitrag lässt sich "
                   "daraus nicht ableiten.")


def _render_accounting(a: OrderAnalysis) -> None:
    acc = a.lines.accounting()
    unknown_lines = int(a.unknown["lines"].sum())
    cols = st.columns(5)
    cols[0].metric("Auftragszeilen gelesen", fmt_num(acc["rows_read"], 0))
    cols[1].metric("Kunden zugeordnet", fmt_num(acc["used"] - unknown_lines, 0))
    cols[2].metric("unbekannte Kunden-Nr.", fmt_num(unknown_lines, 0),
                   help="Zeilen, deren Kunden-Nr. nicht in der Kundenliste steht (unten aufgeführt).")
    cols[3].metric("abgelehnt", fmt_num(acc["rejected"], 0), help="Zeilen mit Fehler – unten mit Zeile und Spalte.")
    cols[4].metric("übersprungen", fmt_num(acc["skipped"], 0), help="Leere Zeilen und Summenzeilen.")
    st.caption(f"{fmt_num(acc['rows_read'], 0)} Zeilen = {fmt_num(acc['used'] - unknown_lines, 0)} zugeordnet + "
               f"{fmt_num(unknown_lines, 0)} unbekannte Kunden + {fmt_num(acc['rejected'], 0)} abgelehnt + "
               f"{fmt_num(acc['skipped'], 0)} übersprungen.")
    messages = pd.concat([a.lines.issues, a.notes], ignore_index=True)
    for sev, show in (("error", st.error), ("warning", st.warning)):
        for text in messages.loc[messages["severity"] == sev, "message"].head(8):
            show(escape_md(text))
    for text in messages.loc[messages["severity"] == "info", "message"].head(5):
        st.caption(escape_md(text))
    if len(a.lines.rejected):
        with st.expander(f"Abgelehnte Auftragszeilen ({fmt_num(len(a.lines.rejected), 0)})"):
            st.dataframe(a.lines.rejected.rename(columns={"row": "Zeile", "column": "Spalte", "reason": "Grund"}),
                         hide_index=True, width="stretch")
    if len(a.unknown):
        with st.expander(f"Unbekannte Kunden-Nr. ({fmt_num(len(a.unknown), 0)})"):
            st.dataframe(pd.DataFrame({"Kunden-Nr.": a.unknown["id"], "Zeilen": a.unknown["lines"],
                                       "Umsatz (€)": a.unknown["revenue"].round(2),
                                       "erste Zeile": a.unknown["first_row"]}), hide_index=True, width="stretch")
    if a.without_orders:
        with st.expander(f"Kunden ohne Auftrag im Zeitraum ({fmt_num(len(a.without_orders), 0)})"):
            st.dataframe(pd.DataFrame({"Kunden-Nr.": a.without_orders}), hide_index=True, width="stretch")


FIGURES_SHOWN = 2_000   # rows of the per-customer table (the CLI gives all)


def figures_table(a: OrderAnalysis, cl: CustomerList) -> pd.DataFrame:
    """Per list customer: the list's own revenue / margin beside the figures from the orders, and the derived
    ratings (German headers, numbers formatted)."""
    f, d = a.customers, a.derived
    out = pd.DataFrame({"Kunden-Nr.": f.index.astype(str), "Kunde": cl.customers["name"].astype(str).to_numpy()})
    if "revenue" in cl.customers:
        out["Umsatz (Liste)"] = [fmt_eur(v, 0) for v in cl.customers["revenue"]]
    out["Umsatz (Aufträge)"] = [fmt_eur(v, 0) for v in f["revenue"]]
    if a.has_margin:
        if "margin" in cl.customers:
            out["DB (Liste)"] = [fmt_eur(v, 0) for v in cl.customers["margin"]]
        out["DB (Aufträge)"] = [fmt_eur(v, 0) for v in f["margin"]]
    out["Aufträge"] = f["orders"].to_numpy()
    out["Tage seit letztem Auftrag"] = [fmt_num(v, 0) for v in f["days_since_last"]]
    out["Kunde seit"] = [v.strftime("%d.%m.%Y") if pd.notna(v) else "–" for v in f["first_order"]]
    out["Trend"] = [fmt_pct(v) if np.isfinite(v) else "–" for v in f["trend"]]
    out["Kaufhistorie (berechnet)"] = [fmt_num(v) for v in d["purchase_history"]]
    if a.has_margin:
        out["Deckungsbeitrag (berechnet)"] = [fmt_num(v) for v in d["contribution_margin"]]
    return out


def _render_figures(a: OrderAnalysis) -> None:
    cl = session.list_state().list
    if cl is None:
        return
    with st.expander("Kennzahlen je Kunde aus den Aufträgen"):
        # formatted once per (list, orders, period, choices): every change of those moves the list version
        table = memo.memoised(session.key("orders_figures_table"), lambda: figures_table(a, cl), size=1)
        if len(table) > FIGURES_SHOWN:
            st.caption(f"Die ersten {fmt_num(FIGURES_SHOWN, 0)} von {plural(len(table), 'Kunde', 'Kunden')} "
                       "(alle: `python -m kundenwert orders … --list … --json`).")
        st.dataframe(table.head(FIGURES_SHOWN), hide_index=True, width="stretch")


def _render_retention(a: OrderAnalysis) -> None:
    r = a.retention
    if r.rate is None:
        st.caption("Bindungsrate: im Vorzeitraum gab es keine Käufer – aus den Aufträgen nicht schätzbar.")
        return
    cols = st.columns([3, 1])
    cols[0].markdown(f"**Bindungsrate aus den Aufträgen: {fmt_pct(r.rate)}** – {fmt_num(r.retained, 0)} von "
                     f"{plural(r.previous_buyers, 'Käufer', 'Käufern')} des Vorzeitraums "
                     f"({r.period.previous_start.strftime('%d.%m.%Y')} bis "
                     f"{(r.period.start - pd.Timedelta(days=1)).strftime('%d.%m.%Y')}) kauften im Zeitraum wieder. "
                     f"Für den CLV statt fester {fmt_pct(session.settings().retention)} nutzbar.")
    cols[1].button("Für CLV übernehmen", key=session.key("orders_adopt_retention"), on_click=_on_adopt_retention,
                   args=(r.rate,), icon=":material/input:")


def render_panel() -> None:
    """The order-history section of the data page (called with one line from `data_page.render`)."""
    st.subheader("Auftragshistorie (optional)")
    st.markdown("Eine Auftrags- oder Rechnungsliste (eine Zeile je Auftrag: Kunden-Nr., Datum, Umsatz netto, "
                "optional Deckungsbeitrag €) macht Kaufhistorie und Deckungsbeitrag aus echten Zahlen.")
    cols = st.columns([3, 2])
    key = f"{K_UPLOAD}_{st.session_state.get(K_ROUND, 0)}"
    cols[0].file_uploader("Auftragsliste hochladen (.xlsx, .csv, .ods)", type=UPLOAD_TYPES, key=key,
                          on_change=_on_upload, args=(key,))
    cols[1].button("Beispielaufträge laden", key=session.key("orders_sample_btn"), on_click=_on_sample,
                   icon=":material/receipt_long:", help="Aufträge zu den 250 Beispielkunden (fiktiv, 2 Jahre).")
    if st.session_state.get(K_ERROR):
        st.error(escape_md(st.session_state[K_ERROR]), icon=":material/error:")
    entry = st.session_state.get(K_LINES)
    if not entry:
        return
    a = current_analysis()
    if a is None:
        st.info("Aufträge geladen – sie werden den Kunden zugeordnet, sobald eine Kundenliste geladen ist.")
        return
    cols[1].button("Aufträge entfernen", key=session.key("orders_clear"), on_click=clear_orders, icon=":material/close:")
    st.success(f"Aufträge: „{escape_md(entry[0])}“ – {plural(len(a.lines.lines), 'Zeile', 'Zeilen')} verwendet.",
               icon=":material/check_circle:")
    _render_settings(a)
    _render_accounting(a)
    _render_figures(a)
    _render_retention(a)


# ------------------------------------------------------------------------------------ method, profile

def render_method() -> None:
    """The derivation with the current numbers (called with one line from the Methode page)."""
    a = current_analysis()
    st.subheader("Kaufhistorie und Deckungsbeitrag aus Aufträgen")
    st.markdown(
        "Mit einer Auftragsliste rechnet die App für jeden Kunden über den Zeitraum (Standard: 12 Monate bis zum "
        "neuesten Auftrag; 1 Monat = 365,25/12 Tage): Umsatz, Deckungsbeitrag, Anzahl Aufträge, Tage seit dem "
        "letzten Auftrag. Gutschriften (negative Beträge) werden verrechnet, zählen aber nicht als Auftrag.\n\n"
        "- **Aktualität, Häufigkeit, Umsatz** werden je zu 0–10: Anteil der Kunden mit Auftrag im Zeitraum, deren "
        "Wert nicht besser ist × 10 (Aktualität: weniger Tage ist besser).\n"
        "- **Kaufhistorie** = Mittelwert dieser drei Werte. **Deckungsbeitrag** = derselbe Rang für den "
        "Deckungsbeitrag in €.\n"
        "- Kunden ohne Auftrag im Zeitraum erhalten 0.\n"
        "- Je Kriterium wählbar: eigene Bewertung der Liste, berechnete, oder berechnete nur wo die Liste keine hat.")
    if a is None:
        st.caption("Keine Auftragsliste geladen (Start / Daten → Auftragshistorie).")
        return
    active = a.customers["orders"] > 0
    st.markdown(f"**Aktuell:** Zeitraum {period_text(a)}; {plural(int(active.sum()), 'Kunde', 'Kunden')} mit "
                f"Auftrag, {plural(len(a.without_orders), 'Kunde', 'Kunden')} ohne. Median: "
                f"{fmt_num(a.customers.loc[active, 'days_since_last'].median(), 0)} Tage seit dem letzten Auftrag, "
                f"{fmt_num(a.customers.loc[active, 'orders'].median(), 0)} Aufträge, "
                f"{fmt_eur(a.customers.loc[active, 'revenue'].median(), 0)} Umsatz. Gewählt: " +
                "; ".join(f"{label_de(k)}: {CHOICE_LABELS_DE[c]}" for k, c in choices().items()
                          if k in a.derivable()) + ".")


def render_profile(customer_id: object) -> None:
    """The raw figures behind the derived ratings of one customer (one line from the Kundenprofil page)."""
    a = current_analysis()
    if a is None or str(customer_id) not in a.customers.index:
        return
    cid = str(customer_id)
    f, d = a.customers.loc[cid], a.derived.loc[cid]
    with st.expander("Aus den Aufträgen: Kennzahlen hinter Kaufhistorie und Deckungsbeitrag", expanded=False):
        st.caption(f"Zeitraum {period_text(a)}")
        rows = [
            ("Tage seit letztem Auftrag", fmt_num(f["days_since_last"], 0), fmt_num(d["recency"])),
            ("Aufträge im Zeitraum", fmt_num(f["orders"], 0), fmt_num(d["frequency"])),
            ("Umsatz im Zeitraum", fmt_eur(f["revenue"]), fmt_num(d["revenue_score"])),
            ("→ Kaufhistorie (Mittelwert)", "", fmt_num(d["purchase_history"])),
        ]
        if a.has_margin:
            rows.append(("Deckungsbeitrag im Zeitraum → Deckungsbeitrag", fmt_eur(f["margin"]),
                         fmt_num(d["contribution_margin"])))
        st.dataframe(pd.DataFrame(rows, columns=["Kennzahl", "Wert", "Bewertung 0–10"]), hide_index=True,
                     width="stretch")
        first = f["first_order"]
        trend = f["trend"]
        st.caption(f"Kunde seit {first.strftime('%d.%m.%Y') if pd.notna(first) else '–'} · Umsatz je Auftrag "
                   f"{fmt_eur(f['revenue_per_order'])} · Trend zum Vorzeitraum "
                   f"{'–' if not np.isfinite(trend) else fmt_pct(trend)}")
