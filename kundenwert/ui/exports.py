"""The export section: Excel report, CSV (German Excel style or international), HTML report.

The files are built only when the user clicks a button (`st.download_button` with a callable), so a
slider move never pays for them. All three come from `kundenwert.export`, which keeps every text from
the input as text (no formulas, no links), in the language of the page that offered them.
"""

from __future__ import annotations

import streamlit as st

from kundenwert import report
from kundenwert.dataset import CustomerList
from kundenwert.i18n import text
from kundenwert.scoring import ScoreResult
from kundenwert.ui import session
from kundenwert.ui.lang import current_lang, t
from kundenwert.ui.session import widget_key

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_STYLES = ("de", "intl")          # German Excel style (semicolon, decimal comma) or international
KINDS = ("xlsx", "csv_de", "csv_intl", "html")
SHEETS = ("result", "weights", "abc", "matrix", "check")    # the Excel report's sheets (export.sheet.*)


def user_settings(result: ScoreResult) -> report.Settings:
    """The settings the user made on the pages (minimum revenue per order on Kundenprofil, "satisfied
    from" on the After-Sales-Matrix), with the list's defaults where they set nothing."""
    from kundenwert.ui import matrix_page, profile_page

    return report.settings_for(result, min_order_revenue=st.session_state.get(profile_page.MIN_ORDER_KEY),
                               satisfied_from=session.view.get(matrix_page.THRESHOLD_KEY))


def build(kind: str, result: ScoreResult, cl: CustomerList, settings: report.Settings | None = None,
          lang: str | None = None) -> bytes:
    """The bytes of one export of the shown result (what the download buttons deliver), with the user's
    settings (from the session when not given), in ``lang`` (the page's language when not given)."""
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


def file_name(kind: str, stem: str = "kundenwert", lang: str = "de") -> str:
    """The download's file name: `kundenwert_ranking.xlsx`, the HTML report's word in ``lang``."""
    return {"xlsx": f"{stem}_ranking.xlsx", "csv_de": f"{stem}_ranking.csv", "csv_intl": f"{stem}_ranking_intl.csv",
            "html": text("ui.exports.html_file", lang, stem=stem)}[kind]


def render(result: ScoreResult, cl: CustomerList) -> None:
    """Three download buttons (Excel, CSV with a style choice, HTML report), built on click."""
    settings = user_settings(result)  # read now: the buttons build the files later, outside this run
    lang = current_lang()             # likewise: the files speak the language of the page that offered them
    st.subheader(t("ui.exports.title"))
    st.caption(t("ui.exports.caption"))
    c1, c2, c3 = st.columns([1, 1.4, 1], vertical_alignment="bottom")
    with c1:
        sheets = ", ".join(text("export.sheet." + s, lang) for s in SHEETS)
        st.download_button(t("ui.exports.xlsx"), data=lambda: build("xlsx", result, cl, settings, lang),
                           file_name=file_name("xlsx", lang=lang), mime=XLSX_MIME, icon=":material/table_view:",
                           on_click="ignore", key=widget_key("rank_download"), width="stretch",
                           help=t("ui.exports.xlsx_help", sheets=sheets))
    with c2:
        # an English page offers the international style first: that is what Excel outside German locales reads
        style = st.segmented_control(t("ui.exports.csv_format"), CSV_STYLES, default="intl" if lang == "en" else "de",
                                     key=widget_key("csv_style"), format_func=lambda k: t("ui.exports.style." + k),
                                     help=t("ui.exports.csv_help"), required=True)
        kind = "csv_intl" if style == "intl" else "csv_de"
        st.download_button(t("ui.exports.csv"), data=lambda: build(kind, result, cl, settings, lang),
                           file_name=file_name(kind, lang=lang), mime="text/csv", icon=":material/csv:",
                           on_click="ignore", key=widget_key("csv_download"), width="stretch",
                           help=t("ui.exports.style_help." + ("intl" if style == "intl" else "de")))
    with c3:
        st.download_button(t("ui.exports.html"), data=lambda: build("html", result, cl, settings, lang),
                           file_name=file_name("html", lang=lang), mime="text/html", icon=":material/description:",
                           on_click="ignore", key=widget_key("html_download"), width="stretch",
                           help=t("ui.exports.html_help"))
