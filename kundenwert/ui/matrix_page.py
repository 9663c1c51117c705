"""Page "After-Sales-Matrix": satisfaction with sale × with service, against repurchase."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from kundenwert import charts, charts_surveys, report
from kundenwert.criteria import label_de
from kundenwert.dataset import CustomerList
from kundenwert.fmt import fmt_num, fmt_pct
from kundenwert.matrix import DEFAULT_SATISFIED_FROM, FEW_CUSTOMERS, MatrixResult
from kundenwert.ui import analysis, common, memo, session, state
from kundenwert.ui.session import widget_key

THRESHOLD_KEY = "matrix_satisfied_from"    # a field of session.ViewSettings (kept across pages)
CELL_NAMES = {
    (True, True): "mit Kauf und Service zufrieden",
    (False, True): "nur mit dem Service zufrieden",
    (True, False): "nur mit dem Kauf zufrieden",
    (False, False): "mit beidem unzufrieden",
}
CELL_SHORT = {
    (True, True): "Kauf ✓ · Service ✓",
    (False, True): "Kauf ✗ · Service ✓",
    (True, False): "Kauf ✓ · Service ✗",
    (False, False): "Kauf ✗ · Service ✗",
}
ORDER = [(True, True), (False, True), (True, False), (False, False)]
COLUMN_HINTS = {
    "sale_satisfied": "„Zufrieden mit Kauf“ (ja/nein oder 0–10)",
    "aftersales_satisfied": "„Zufrieden mit After-Sales“ (ja/nein oder 0–10)",
    "repurchase": "„Wiederkauf“ (ja/nein)",
}


def rating_scaled(cl: CustomerList | None) -> bool:
    """True if sale or after-sales satisfaction is a 0–10 rating (then a threshold applies)."""
    if cl is None:
        return False
    return any(cl.satisfaction_scale.get(k) == "rating" for k in ("sale_satisfied", "aftersales_satisfied"))


def reading(m: MatrixResult) -> list[str]:
    """The result in plain German, one sentence per point (own data only)."""
    def rate(key: tuple[bool, bool]) -> str:
        c = m.cell(*key)
        if c.rate is None:
            return "– (keine Kunden)"
        return f"{fmt_pct(c.rate)} (Studie: {fmt_pct(c.study_rate)})"

    both = m.cell(True, True)
    lines = []
    if both.rate is not None:
        lines.append(f"Kunden, die mit Kauf und Service zufrieden sind, kaufen zu {rate((True, True))} wieder.")
    lines.append(f"Nur mit dem Service zufrieden: {rate((False, True))}; nur mit dem Kauf zufrieden: "
                 f"{rate((True, False))}; mit beidem unzufrieden: {rate((False, False))}.")
    only_service, only_sale = m.cell(False, True), m.cell(True, False)
    if only_service.rate is not None and only_sale.rate is not None:
        if only_service.rate > only_sale.rate:
            lines.append("Wie in der Studie bindet guter Service stärker als ein guter Kauf: wer nach dem Kauf gut "
                         "betreut wird, kommt eher wieder.")
        elif only_service.rate < only_sale.rate:
            lines.append("Anders als in der Studie bindet hier ein guter Kauf stärker als guter Service.")
    few = [CELL_NAMES[k] for k in ORDER if 0 < m.cell(*k).customers < FEW_CUSTOMERS]
    empty = [CELL_NAMES[k] for k in ORDER if m.cell(*k).customers == 0]
    if few:
        lines.append(f"Wenige Kunden (unter {FEW_CUSTOMERS}) im Feld „{'“, „'.join(few)}“: diese Raten sind nur ein "
                     "Hinweis – das 95 %-Intervall zeigt, wie weit sie schwanken können.")
    if empty:
        lines.append(f"Keine Kunden im Feld „{'“, „'.join(empty)}“.")
    return lines


def cell_table(m: MatrixResult) -> pd.DataFrame:
    rows = []
    for key in ORDER:
        c = m.cell(*key)
        rows.append({
            "Feld": CELL_SHORT[key],
            "Kunden": fmt_num(c.customers, 0),
            "Wiederkäufer": fmt_num(c.repurchasers, 0),
            "Wiederkaufrate": fmt_pct(c.rate),
            "95 %-Intervall": "–" if c.rate is None else f"{fmt_pct(c.ci_low)}–{fmt_pct(c.ci_high)}",
            "Studie": fmt_pct(c.study_rate),
            "Hinweis": ("keine Kunden" if c.customers == 0 else "wenige Kunden" if c.few else ""),
        })
    return pd.DataFrame(rows)


def study_table() -> pd.DataFrame:
    return report.study_table()


def _threshold(cl: CustomerList) -> float:
    session.view.setdefault(THRESHOLD_KEY, DEFAULT_SATISFIED_FROM)
    if not rating_scaled(cl):
        return float(session.view[THRESHOLD_KEY])
    st.session_state[widget_key("matrix_thr_w")] = float(session.view[THRESHOLD_KEY])

    rated = [label_de(k) for k in ("sale_satisfied", "aftersales_satisfied")
             if cl.satisfaction_scale.get(k) == "rating"]
    st.slider("Zufrieden ab (Bewertung 0–10)", 0.0, 10.0, step=0.5, key=widget_key("matrix_thr_w"),
              on_change=session.copy_widget, args=(widget_key("matrix_thr_w"), THRESHOLD_KEY, float),
              help=f"„{' / '.join(rated)}“ ist in Ihrer Liste eine Bewertung von 0 bis 10: ab diesem Wert zählt ein "
                   "Kunde als zufrieden.")
    return float(session.view[THRESHOLD_KEY])


def _heatmap(m: MatrixResult, satisfied_from: float, pres: bool) -> None:
    """The heatmap at the page's width: its cells carry few words, so they stay legible on a phone."""
    fig = memo.memoised(widget_key("fig_matrix_heatmap"), lambda: charts_surveys.matrix_heatmap(m, presentation=pres),
                        extra=(satisfied_from, pres), size=2)
    analysis.chart(fig, key="matrix_heatmap")


def _body() -> None:
    if not common.require_data():
        return
    cl = state.current_list()
    pres = analysis.presentation()
    empty = common.empty_list_text(cl)
    if empty:
        st.info(f"{empty} Die Matrix entsteht aus Ihren Kunden – die Zahlen der Studie zeigt die Seite "
                "**Methode**.", icon=":material/info:")
        return
    satisfied_from = _threshold(cl)
    # the matrix does not depend on the weights: a slider move reuses it and its charts
    m = memo.memoised(widget_key("matrix"), lambda: report.matrix(cl, report.Settings(satisfied_from=satisfied_from)),
                      extra=(satisfied_from,), size=2)
    if not m.own_data:
        st.info("Ihre Liste hat nicht alle Spalten für eine eigene Matrix. Gezeigt werden die Zahlen der **Studie "
                "eines deutschen Premium-Autoherstellers** – nicht Ihre Daten.", icon=":material/info:")
        missing = [COLUMN_HINTS[k] for k in m.missing_columns]
        st.markdown("Für Ihre eigene Matrix fehlt: " + ", ".join(missing) + ". Fügen Sie diese Spalten Ihrer Liste "
                    "hinzu – oder ordnen Sie vorhandene Spalten auf der Seite **Start / Daten** in der "
                    "Spaltenzuordnung zu.")
        _heatmap(m, satisfied_from, pres)
        st.table(study_table(), hide_index=True)
        st.caption(report.study_reading())
        return
    if m.used == 0:
        st.warning("Keiner der Kunden hat alle drei Angaben (Kauf, After-Sales, Wiederkauf) – die Matrix bleibt leer.")
    for line in reading(m):
        st.markdown(f"- {line}")
    _heatmap(m, satisfied_from, pres)
    not_used = len(cl.customers) - m.used
    if not_used > 0:
        st.caption(f"{fmt_num(not_used, 0)} von {fmt_num(len(cl.customers), 0)} Kunden fehlt mindestens eine der drei "
                   "Angaben – " + ("er zählt" if not_used == 1 else "sie zählen") + " in der Matrix nicht mit.")
    analysis.chart(memo.memoised(widget_key("fig_matrix_compare"), lambda: charts.matrix_comparison_chart(m, presentation=pres),
                                 extra=(satisfied_from, pres), size=2), key="matrix_compare")
    if not pres:
        st.table(cell_table(m), hide_index=True)
        analysis.technical("95 %-Intervall nach Wilson: der Bereich, in dem die wahre Wiederkaufrate mit 95 % "
                           "Sicherheit liegt. Je weniger Kunden im Feld, desto breiter.")


def render() -> None:
    analysis.page("After-Sales-Matrix", ":material/grid_view:", _body)
