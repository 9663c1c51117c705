"""Page "After-Sales-Matrix": satisfaction with sale × with service, against repurchase."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from kundenwert import charts, charts_surveys, criteria, report
from kundenwert.dataset import CustomerList
from kundenwert.fmt import fmt_num, fmt_pct
from kundenwert.i18n import text
from kundenwert.matrix import DEFAULT_SATISFIED_FROM, FEW_CUSTOMERS, MatrixResult
from kundenwert.ui import analysis, common, memo, session, state
from kundenwert.ui.lang import current_lang, t
from kundenwert.ui.session import widget_key

THRESHOLD_KEY = "matrix_satisfied_from"    # a field of session.ViewSettings (kept across pages)
ORDER = [(True, True), (False, True), (True, False), (False, False)]
CELL_NAMES = {       # catalogue keys of the cells' names in a sentence
    (True, True): "ui.matrix_page.cell.both",
    (False, True): "ui.matrix_page.cell.service",
    (True, False): "ui.matrix_page.cell.sale",
    (False, False): "ui.matrix_page.cell.neither",
}
COLUMN_HINTS = {     # catalogue key of the hint per column the own matrix needs
    "sale_satisfied": "ui.matrix_page.hint.rating",
    "aftersales_satisfied": "ui.matrix_page.hint.rating",
    "repurchase": "ui.matrix_page.hint.yes_no",
}
TABLE_COLUMNS = {    # the cell table's columns: id -> catalogue key
    "cell": "ui.matrix_page.col.cell", "customers": "export.col.customers",
    "repurchasers": "export.col.repurchasers", "rate": "ui.matrix_page.col.rate",
    "interval": "ui.matrix_page.col.interval", "study": "export.col.study", "note": "export.col.note",
}


def rating_scaled(cl: CustomerList | None) -> bool:
    """True if sale or after-sales satisfaction is a 0–10 rating (then a threshold applies)."""
    if cl is None:
        return False
    return any(cl.satisfaction_scale.get(k) == "rating" for k in ("sale_satisfied", "aftersales_satisfied"))


def cell_short(key: tuple[bool, bool]) -> str:
    """"Kauf ✓ · Service ✗": a cell in few characters."""
    sale, service = key
    return t("ui.matrix_page.cell_short", sale="✓" if sale else "✗", service="✓" if service else "✗")


def _quoted(keys: list[tuple[bool, bool]]) -> str:
    return ", ".join(t("ui.matrix_page.quoted", name=t(CELL_NAMES[k])) for k in keys)


def reading(m: MatrixResult) -> list[str]:
    """The result in plain words, one sentence per point (own data only)."""
    lang = current_lang()

    def rate(key: tuple[bool, bool]) -> str:
        c = m.cell(*key)
        if c.rate is None:
            return t("ui.matrix_page.rate_none")
        return t("ui.matrix_page.rate", rate=fmt_pct(c.rate, 0, lang), study=fmt_pct(c.study_rate, 0, lang))

    both = m.cell(True, True)
    lines = []
    if both.rate is not None:
        lines.append(t("ui.matrix_page.read.both", rate=rate((True, True))))
    lines.append(t("ui.matrix_page.read.others", service=rate((False, True)), sale=rate((True, False)),
                   neither=rate((False, False))))
    only_service, only_sale = m.cell(False, True), m.cell(True, False)
    if only_service.rate is not None and only_sale.rate is not None:
        if only_service.rate > only_sale.rate:
            lines.append(t("ui.matrix_page.read.service_binds"))
        elif only_service.rate < only_sale.rate:
            lines.append(t("ui.matrix_page.read.sale_binds"))
    few = [k for k in ORDER if 0 < m.cell(*k).customers < FEW_CUSTOMERS]
    empty = [k for k in ORDER if m.cell(*k).customers == 0]
    if few:
        lines.append(t("ui.matrix_page.read.few", n=FEW_CUSTOMERS, cells=_quoted(few)))
    if empty:
        lines.append(t("ui.matrix_page.read.empty", cells=_quoted(empty)))
    return lines


def column(name: str, lang: str | None = None) -> str:
    """The shown name of a column of the cell table in ``lang`` (default: the language of this run)."""
    return text(TABLE_COLUMNS[name], lang or current_lang())


def cell_table(m: MatrixResult) -> pd.DataFrame:
    lang = current_lang()
    rows = []
    for key in ORDER:
        c = m.cell(*key)
        note = "ui.matrix_page.note.none" if c.customers == 0 else "ui.matrix_page.note.few" if c.few else None
        rows.append({
            column("cell"): cell_short(key),
            column("customers"): fmt_num(c.customers, 0, lang),
            column("repurchasers"): fmt_num(c.repurchasers, 0, lang),
            column("rate"): fmt_pct(c.rate, 0, lang),
            column("interval"): "–" if c.rate is None else f"{fmt_pct(c.ci_low, 0, lang)}–{fmt_pct(c.ci_high, 0, lang)}",
            column("study"): fmt_pct(c.study_rate, 0, lang),
            column("note"): t(note) if note else "",
        })
    return pd.DataFrame(rows)


def study_table() -> pd.DataFrame:
    return report.study_table(current_lang())


def _threshold(cl: CustomerList) -> float:
    session.view.setdefault(THRESHOLD_KEY, DEFAULT_SATISFIED_FROM)
    if not rating_scaled(cl):
        return float(session.view[THRESHOLD_KEY])
    st.session_state[widget_key("matrix_thr_w")] = float(session.view[THRESHOLD_KEY])

    lang = current_lang()
    rated = [criteria.label(k, lang) for k in ("sale_satisfied", "aftersales_satisfied")
             if cl.satisfaction_scale.get(k) == "rating"]
    st.slider(t("ui.matrix_page.threshold"), 0.0, 10.0, step=0.5, key=widget_key("matrix_thr_w"), format="%.1f",
              on_change=session.copy_widget, args=(widget_key("matrix_thr_w"), THRESHOLD_KEY, float),
              help=t("ui.matrix_page.threshold_help", columns=" / ".join(rated)))
    return float(session.view[THRESHOLD_KEY])


def _heatmap(m: MatrixResult, satisfied_from: float, pres: bool) -> None:
    """The heatmap at the page's width: its cells carry few words, so they stay legible on a phone."""
    lang = current_lang()
    fig = memo.memoised(widget_key("fig_matrix_heatmap"),
                        lambda: charts_surveys.matrix_heatmap(m, presentation=pres, lang=lang),
                        extra=(satisfied_from, pres, lang), size=2)
    analysis.chart(fig, key="matrix_heatmap")


def _study_only(m: MatrixResult, satisfied_from: float, pres: bool) -> None:
    """The study's matrix, said to be the study's, and which columns would bring in the user's own."""
    lang = current_lang()
    st.info(t("ui.matrix_page.study_only"), icon=":material/info:")
    missing = [t(COLUMN_HINTS[k], column=criteria.label(k, lang)) for k in m.missing_columns]
    st.markdown(t("ui.matrix_page.missing", columns=", ".join(missing), start=t("page.start")))
    _heatmap(m, satisfied_from, pres)
    st.table(study_table(), hide_index=True)
    st.caption(report.study_reading(lang))


def _body() -> None:
    if not common.require_data():
        return
    lang = current_lang()
    cl = state.current_list()
    pres = analysis.presentation()
    empty = common.empty_list_text(cl)
    if empty:
        st.info(empty + " " + t("ui.matrix_page.empty_list", method=t("page.method")), icon=":material/info:")
        return
    satisfied_from = _threshold(cl)
    # the matrix does not depend on the weights: a slider move reuses it and its charts
    m = memo.memoised(widget_key("matrix"), lambda: report.matrix(cl, report.Settings(satisfied_from=satisfied_from)),
                      extra=(satisfied_from,), size=2)
    if not m.own_data:
        _study_only(m, satisfied_from, pres)
        return
    if m.used == 0:
        st.warning(t("ui.matrix_page.none_complete"))
    for line in reading(m):
        st.markdown(f"- {line}")
    _heatmap(m, satisfied_from, pres)
    not_used = len(cl.customers) - m.used
    if not_used > 0:
        st.caption(t("ui.matrix_page.not_used", n=not_used, total=len(cl.customers)))
    analysis.chart(memo.memoised(widget_key("fig_matrix_compare"),
                                 lambda: charts.matrix_comparison_chart(m, presentation=pres, lang=lang),
                                 extra=(satisfied_from, pres, lang), size=2), key="matrix_compare")
    if not pres:
        st.table(cell_table(m), hide_index=True)
        analysis.technical(t("ui.matrix_page.technical"))


def render() -> None:
    analysis.page(t("page.matrix"), ":material/grid_view:", _body)
