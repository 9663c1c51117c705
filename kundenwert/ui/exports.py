"""The export section: Excel report, CSV (German Excel style or international), HTML report.

The files are built only when the user clicks a button (`st.download_button` with a callable), so a
slider move never pays for them. All three come from `kundenwert.export`, which keeps every text from
the input as text (no formulas, no links).
"""

from __future__ import annotations

import streamlit as st

from kundenwert import report
from kundenwert.dataset import CustomerList
from kundenwert.scoring import ScoreResult
from kundenwert.ui import session
from kundenwert.ui.lang import current_lang
from kundenwert.ui.session import widget_key

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_STYLES = {"de": "Deutsch (Excel: Semikolon, Dezimalkomma)", "intl": "International (Komma, Dezimalpunkt)"}
KINDS = ("xlsx", "csv_de", "csv_intl", "html")


def user_settings(result: ScoreResult) -> report.Settings:
    """The settings the user made on the pages (minimum revenue per order on Kundenprofil, "satisfied
    from" on the After-Sales-Matrix), with the list's defaults where they set nothing."""
    from kundenwert.ui import matrix_page, profile_page

    return report.settings_for(result, min_order_revenue=st.session_state.get(profile_page.MIN_ORDER_KEY),
                               satisfied_from=session.view.get(matrix_page.THRESHOLD_KEY))


def build(kind: str, result: ScoreResult, cl: CustomerList, settings: report.Settings | None = None,
          lang: str | None = None) -> bytes:
    """The bytes of one export of the shown result (what the download buttons deliver), with the user's
    settings (from the session when not given), in ``lang`` (the UI language when not given)."""
    from kundenwert import export

    settings = settings if settings is not None else user_settings(result)
    lang = lang or current_lang()
    if kind == "xlsx":
        return export.xlsx_bytes(result, cl, settings, lang=lang)
    if kind in ("csv_de", "csv_intl"):
        return export.csv_bytes(result, cl, german=kind == "csv_de", settings=settings, lang=lang)
    if kind == "html":
        return export.html_report(result, cl, settings=settings, lang=lang).encode("utf-8")
    raise ValueError(kind)


def file_name(kind: str, stem: str = "kundenwert") -> str:
    return {"xlsx": f"{stem}_ranking.xlsx", "csv_de": f"{stem}_ranking.csv", "csv_intl": f"{stem}_ranking_intl.csv",
            "html": f"{stem}_bericht.html"}[kind]


def render(result: ScoreResult, cl: CustomerList) -> None:
    """Three download buttons (Excel, CSV with a style choice, HTML report), built on click."""
    settings = user_settings(result)  # read now: the buttons build the files later, outside this run
    lang = current_lang()
    st.subheader("Export")
    st.caption("Das gezeigte Ergebnis mit den aktuellen Einstellungen. Texte aus Ihrer Liste bleiben Text – "
               "auch ein Name, der mit „=“ beginnt, wird in Excel nie zur Formel.")
    c1, c2, c3 = st.columns([1, 1.4, 1], vertical_alignment="bottom")
    with c1:
        st.download_button("Excel-Bericht", data=lambda: build("xlsx", result, cl, settings, lang), file_name=file_name("xlsx"),
                           mime=XLSX_MIME, icon=":material/table_view:", on_click="ignore", key=widget_key("rank_download"),
                           width="stretch",
                           help="Blätter Ergebnis, Gewichtung, ABC-Übersicht, After-Sales-Matrix, Datenprüfung.")
    with c2:
        style = st.segmented_control("CSV-Format", list(CSV_STYLES), default="de", key=widget_key("csv_style"),
                                     format_func=lambda k: "Deutsch (Excel)" if k == "de" else "International",
                                     help="Deutsch: Semikolon, Dezimalkomma, UTF-8 mit BOM – Excel öffnet die Datei "
                                          "mit Umlauten per Doppelklick. International: Komma, Dezimalpunkt, UTF-8.")
        kind = "csv_intl" if style == "intl" else "csv_de"
        st.download_button("CSV", data=lambda: build(kind, result, cl, settings, lang), file_name=file_name(kind),
                           mime="text/csv", icon=":material/csv:", on_click="ignore", key=widget_key("csv_download"),
                           width="stretch", help=CSV_STYLES["intl" if style == "intl" else "de"])
    with c3:
        st.download_button("HTML-Bericht", data=lambda: build("html", result, cl, settings, lang), file_name=file_name("html"),
                           mime="text/html", icon=":material/description:", on_click="ignore",
                           key=widget_key("html_download"), width="stretch",
                           help="Eine Datei mit Kennzahlen, Diagrammen und den besten Kunden – öffnet sich offline "
                                "in jedem Browser, auch ohne die App.")
