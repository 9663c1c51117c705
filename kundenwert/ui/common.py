"""Shared widgets: the empty state, scenario errors, KPI row, class badges, presentation-mode CSS.

Customer data is never rendered as HTML: the only raw HTML here is a fixed stylesheet.
"""

from __future__ import annotations

import contextlib

import streamlit as st

from kundenwert.fmt import fmt_eur, fmt_num, fmt_pct
from kundenwert.scoring import CLASSES, ScoreResult
from kundenwert.style import CLASS_COLORS
from kundenwert.ui import state

CLASS_BADGE_COLORS = {"A": "blue", "B": "orange", "C": "gray"}   # Streamlit names closest to CLASS_COLORS
START_PAGE = None      # the Start / Daten page object, set by app.py (None when a page runs on its own)

# Fixed stylesheets (no user data in them).
_BASE_CSS = """
<style>
.stMainBlockContainer { padding-top: 2.5rem; }
[data-testid="stMetricValue"] { font-variant-numeric: tabular-nums; }
</style>
"""
_PRESENTATION_CSS = """
<style>
html { font-size: 20px; }
.stMainBlockContainer { max-width: 100%; padding-left: 3rem; padding-right: 3rem; }
[data-testid="stMetricValue"] { font-size: 2.6rem !important; }
[data-testid="stCaptionContainer"] { display: none !important; }
</style>
"""


_MD_SPECIAL = set("\\`*_{}[]()#+-.!|<>~$:=")


def escape_md(text: object) -> str:
    """Text shown literally by st.markdown / st.error: every Markdown, LaTeX and directive character
    escaped, line breaks flattened. Use for anything that comes from the user's file."""
    flat = " ".join(str(text).split())
    return "".join("\\" + ch if ch in _MD_SPECIAL else ch for ch in flat)


def apply_style() -> None:
    """Base style, plus the larger presentation style when the mode is on (style-only HTML)."""
    st.html(_BASE_CSS + (_PRESENTATION_CSS if state.presentation_mode() else ""))


def technical(text: str) -> None:
    """A technical caption, hidden in presentation mode."""
    if not state.presentation_mode():
        st.caption(text)


def _load_sample_clicked() -> None:
    state.load_sample()


def sample_button(label: str = "Beispieldaten laden", key: str = "kw_sample_btn", primary: bool = True,
                  on_click=None) -> None:
    st.button(label, key=key, on_click=on_click or _load_sample_clicked, type="primary" if primary else "secondary",
              icon=":material/dataset:",
              help="Lädt eine erfundene Liste mit 250 Geschäftskunden – ideal zum Ausprobieren und im Seminar.")


def require_data() -> bool:
    """True if a customer list is loaded. Otherwise shows what to do (with the sample button), False."""
    if state.current_list() is not None:
        return True
    st.info("Noch keine Kundenliste geladen. Laden Sie auf der Seite **Start / Daten** Ihre Excel-Liste hoch "
            "– oder probieren Sie es gleich mit den Beispieldaten.", icon=":material/upload_file:")
    sample_button()
    if state.load_error():
        st.error(escape_md(state.load_error()), icon=":material/error:")      # names the user's file: plain text
    if START_PAGE is not None:
        page_link(START_PAGE, "Zur Seite Start / Daten")
    return False


def page_link(page, label: str) -> None:
    """A link to another page; nothing when the page is run on its own (no navigation, e.g. a test)."""
    with contextlib.suppress(Exception):
        st.page_link(page, label=label, icon=":material/arrow_forward:")


def require_result() -> ScoreResult | None:
    """The current result, or None after showing why there is none (no data / unusable weights)."""
    if not require_data():
        return None
    result = state.current_result()
    if result is None:
        st.error(state.scenario_error() or "Die Bewertung ist mit diesen Einstellungen nicht möglich.",
                 icon=":material/error:")
    return result


def class_label(cls: str) -> str:
    """Text for a class: "Klasse A". Empty class -> "nicht bewertbar"."""
    return f"Klasse {cls}" if cls in CLASSES else "nicht bewertbar"


def class_badge(cls: str, text: str | None = None) -> str:
    """Markdown for a coloured class badge (the text must be safe: it is not escaped here)."""
    return f":{CLASS_BADGE_COLORS.get(cls, 'gray')}-badge[{text or cls}]"


def class_badges(counts: dict[str, int]) -> None:
    """A, B, C as coloured badges with counts."""
    st.markdown("  ".join(class_badge(c, f"{c}: {fmt_num(counts.get(c, 0), 0)}") for c in CLASSES))


def class_column(label: str = "Klasse", **kwargs):
    """A dataframe column showing the class (cells: ["A"]) as a pill in the class colour."""
    return st.column_config.MultiselectColumn(label, options=list(CLASSES),
                                              color=[CLASS_COLORS[c] for c in CLASSES], **kwargs)


def fmt_eur_short(value: float | None) -> str:
    """Short money amounts for KPI tiles: 3,38 Mio. €, 845.120 €."""
    if value is None or value != value:
        return "–"
    if abs(value) >= 1e9:
        return f"{fmt_num(value / 1e9, 2)} Mrd. €"
    if abs(value) >= 1e6:
        return f"{fmt_num(value / 1e6, 1 if abs(value) >= 1e7 else 2)} Mio. €"
    return fmt_eur(value, 0)


def kpi_row(result: ScoreResult) -> None:
    """Customers, average score, total value, A/B/C counts."""
    scored = result.scored
    counts = result.class_counts()
    n = len(scored)
    # presentation mode: larger numbers, so two rows of three
    cols = [*st.columns(3), *st.columns(3)] if state.presentation_mode() else st.columns([1, 1, 1.5, 1, 1, 1])
    cols[0].metric("Kunden bewertet", fmt_num(n, 0),
                   help=f"{fmt_num(len(result.not_scorable), 0)} nicht bewertbar" if len(result.not_scorable) else None)
    cols[1].metric("Ø Score", fmt_num(scored["score"].mean() if n else None, 1), help="Skala 0–10")
    total = float(scored["value_eur"].sum()) if n else None
    cols[2].metric("Kundenwert gesamt", fmt_eur_short(total),
                   help=f"{fmt_eur(total, 0)} = Summe aus Score × {fmt_eur(result.euro_per_point)} je Punkt")
    for i, cls in enumerate(CLASSES):
        share = counts[cls] / n if n else None
        cols[3 + i].metric(class_badge(cls, f"Klasse {cls}"), fmt_num(counts[cls], 0),
                           delta=fmt_pct(share) + " der Kunden" if share is not None else None,
                           delta_color="off", delta_arrow="off")


def class_color(cls: str) -> str:
    return CLASS_COLORS.get(cls, "#CCCCCC")
