"""Shared widgets: the empty states (no list, no ratings, no customers), scenario errors, KPI row, class
badges, presentation-mode CSS.

Customer data is never rendered as HTML: the only raw HTML here is a fixed stylesheet.
"""

from __future__ import annotations

import contextlib

import streamlit as st

from kundenwert.dataset import CustomerList
from kundenwert.fmt import fmt_eur, fmt_num, fmt_pct, plural
from kundenwert.scoring import CLASSES, ScoreResult
from kundenwert.style import CLASS_COLORS
from kundenwert.ui import state
from kundenwert.ui.session import widget_key

CLASS_BADGE_COLORS = {"A": "blue", "B": "orange", "C": "gray"}   # Streamlit names closest to CLASS_COLORS
START_PAGE = None      # the Start / Daten page object, set by app.py (None when a page runs on its own)
K_LINK_PARAMS = widget_key("link_params")   # the URL parameters of the current view (kundenwert.ui.urlstate)

# Fixed stylesheets (no user data in them).
# Metric labels and values wrap instead of ending in "…" (a narrow column, a projector at 125 %): a person
# must read every number; the layouts give them room first (fewer columns), wrapping is the fallback.
_BASE_CSS = """
<style>
.stMainBlockContainer { padding-top: 2.5rem; }
[data-testid="stMetricValue"] { font-variant-numeric: tabular-nums; }
[data-testid="stMetricValue"] *, [data-testid="stMetricLabel"] *, [data-testid="stMetricDelta"] * {
  white-space: normal !important; overflow: visible !important; text-overflow: clip !important; }
@media (max-width: 640px) { .stMainBlockContainer { padding-left: 1rem; padding-right: 1rem; } }
</style>
"""
_PRESENTATION_CSS = """
<style>
html { font-size: 20px; }
.stMainBlockContainer { max-width: 100%; padding-left: 3rem; padding-right: 3rem; }
[data-testid="stMetricValue"] { font-size: clamp(1.6rem, 3.6vw, 2.6rem) !important; }
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
    """Base style, plus the larger presentation style when the mode is on (style-only HTML).

    Presentation mode also folds the sidebar away (the projector's width goes to the page; the ">>" button
    opens it for the sliders). Streamlit applies a changed `initial_sidebar_state` while the user has not
    opened or closed the sidebar by hand in this browser; after that, the browser keeps the user's choice.
    """
    present = state.presentation_mode()
    st.set_page_config(initial_sidebar_state="collapsed" if present else "auto")
    st.html(_BASE_CSS + (_PRESENTATION_CSS if present else ""))


def technical(text: str) -> None:
    """A technical caption, hidden in presentation mode."""
    if not state.presentation_mode():
        st.caption(text)


def _load_sample_clicked() -> None:
    state.load_sample()


def sample_button(label: str = "Beispieldaten laden", key: str = widget_key("sample_btn"), primary: bool = True,
                  on_click=None) -> None:
    st.button(label, key=key, on_click=on_click or _load_sample_clicked, type="primary" if primary else "secondary",
              icon=":material/dataset:",
              help="Lädt eine erfundene Liste mit 250 Geschäftskunden – ideal zum Ausprobieren und im Seminar.")


OWN_LIST_GONE = ("**Ihre eigene Kundenliste ist nicht mehr geladen.** Nach dem Neuladen der Seite (oder über einen "
                 "geteilten Link) behält die App hochgeladene Listen nicht – sie werden nie über Links geteilt. "
                 "Bitte die Liste auf der Seite **Start / Daten** erneut hochladen; die Gewichtung aus dem Link "
                 "bleibt erhalten.")


def own_list_gone_notice() -> bool:
    """Says that the user's own list is gone (after a reload), if so; True when it said it."""
    from kundenwert.ui import urlstate

    if not urlstate.own_list_missing():
        return False
    st.warning(OWN_LIST_GONE, icon=":material/history:")
    return True


def require_data() -> bool:
    """True if a customer list is loaded. Otherwise shows what to do (with the sample button), False."""
    if state.current_list() is not None:
        return True
    if own_list_gone_notice():
        if START_PAGE is not None:
            page_link(START_PAGE, "Zur Seite Start / Daten")
        return False
    st.info("Noch keine Kundenliste geladen. Laden Sie auf der Seite **Start / Daten** Ihre Excel-Liste hoch "
            "– oder probieren Sie es gleich mit den Beispieldaten.", icon=":material/upload_file:")
    sample_button()
    if state.load_error():
        st.error(escape_md(state.load_error()), icon=":material/error:")      # names the user's file: plain text
    if START_PAGE is not None:
        page_link(START_PAGE, "Zur Seite Start / Daten")
    return False


def view_params() -> dict:
    """The current view's URL parameters, for links to other pages: Streamlit clears the app's query
    parameters on a page switch unless the link carries them (then the switch is one history entry)."""
    return dict(st.session_state.get(K_LINK_PARAMS) or {})


def page_link(page, label: str) -> None:
    """A link to another page; nothing when the page is run on its own (no navigation, e.g. a test)."""
    with contextlib.suppress(Exception):
        st.page_link(page, label=label, icon=":material/arrow_forward:", query_params=view_params())


def render_nav() -> None:
    """The page menu in the sidebar (Streamlit's own menu is hidden, see app.py): links that keep the
    view's URL parameters, so one page switch is one browser history entry and Back / Forward work."""
    from kundenwert.ui import lang, nav

    try:
        pages = nav.build(lang.current_lang())[1]
    except Exception:  # noqa: BLE001 – a page run on its own (a test) has no app around it: no menu
        return
    for page in pages:
        with contextlib.suppress(Exception):
            st.page_link(page, query_params=view_params())


MATRIX_PAGE = "pages/4_After-Sales-Matrix.py"
NPS_PAGE = "pages/5_Kundenstimme_NPS.py"
NO_RATINGS = "Diese Liste hat keine Bewertungsspalten (0–10)"
EXAMPLE_RATINGS = "„Kaufhistorie (0-10)“, „Bonität (0-10)“ oder „Zahlungsmentalität (0-10)“"


def has_ratings(cl: CustomerList | None) -> bool:
    """True if the list has at least one rating column (criterion) – only then can it be scored."""
    return cl is not None and bool(cl.criteria)


def _unmapped_rating_columns() -> list[str]:
    """Columns of the current file whose values are all 0–10 but that are not used: "„Qualität“ (Spalte C)"."""
    src, cl = state.current_source(), state.current_list()
    if src is None or cl is None:
        return []
    try:
        columns = state.inspect(src).columns
    except Exception:  # noqa: BLE001 - only a hint; the notice stands without it
        return []
    return [f"„{escape_md(c.header)}“ (Spalte {c.letter})" for c in columns
            if c.rating_like and c.filled and c.header and cl.mapping.get(c.index) is None]


def template_button(key: str) -> None:
    """The empty template (all twelve rating columns) as a download."""
    data = state.template_bytes()
    if data is not None:
        st.download_button("Leere Vorlage (Excel) herunterladen", data=data, file_name="vorlage_kundenliste.xlsx",
                           icon=":material/download:", key=key, on_click="ignore",
                           mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


def survey_pages(cl: CustomerList | None) -> list[tuple[str, str]]:
    """The pages that work without ratings and for which the list has columns: [(page, title)]."""
    pages = []
    if cl is not None and any(cl.has(k) for k in ("sale_satisfied", "aftersales_satisfied", "repurchase")):
        pages.append((MATRIX_PAGE, "After-Sales-Matrix"))
    if cl is not None and cl.has("recommend"):
        pages.append((NPS_PAGE, "Kundenstimme (NPS)"))
    return pages


def no_ratings_notice(needs: str, key: str = widget_key("no_ratings_template")) -> None:
    """Say plainly that the loaded list has no rating columns, what it still can do, and how to add or
    map ratings (a link to the column mapping, the template)."""
    st.warning(f"**{NO_RATINGS}** – {needs} braucht mindestens eine Spalte mit Bewertungen von 0 bis 10, "
               f"z. B. {EXAMPLE_RATINGS}.", icon=":material/rule:")
    candidates = _unmapped_rating_columns()
    mapped = (f" In Ihrer Liste kommen dafür in Frage: {', '.join(candidates)}." if candidates else "")
    st.markdown("So kommen Bewertungen dazu:\n"
                "- **Spalten ergänzen**: Bewertungsspalten in die Liste aufnehmen und die Datei neu laden – die "
                "leere Vorlage zeigt alle zwölf Kriterien mit ihren Überschriften.\n"
                "- **Spalten zuordnen**: Spalten mit Werten von 0 bis 10 unter anderem Namen auf der Seite "
                "**Start / Daten** in der Spaltenzuordnung als Kriterium oder eigenes Kriterium übernehmen." + mapped)
    pages = survey_pages(state.current_list())
    if pages:
        st.markdown(f"Schon ohne Bewertungen zeigt Ihre Liste {' und '.join(f'die **{t}**' for _, t in pages)} "
                    "mit Ihren eigenen Zahlen.")
    cols = st.columns(2 + len(pages), vertical_alignment="center")
    with cols[0]:
        if START_PAGE is not None:
            page_link(START_PAGE, "Zur Spaltenzuordnung (Start / Daten)")
    with cols[1]:
        template_button(key)
    for col, (target, title) in zip(cols[2:], pages, strict=True):
        with col:
            page_link(target, f"Zur {title}")


def require_ratings(needs: str = "diese Seite") -> bool:
    """True if a list with ratings is loaded; otherwise shows why not (no list / no ratings), False."""
    if not require_data():
        return False
    if has_ratings(state.current_list()):
        return True
    no_ratings_notice(needs)
    return False


def empty_list_text(cl: CustomerList | None) -> str | None:
    """Why a loaded list has no customer at all (nothing below the header / no read row is one), else None."""
    if cl is None or len(cl.customers):
        return None
    read = cl.rows_read
    if not read:
        return "Die Liste enthält keine Kunden – unter der Kopfzeile steht noch keine Zeile."
    rows = "die einzige gelesene Zeile ist" if read == 1 else f"keine der {fmt_num(read, 0)} gelesenen Zeilen ist"
    return (f"Die Liste enthält keine Kunden – {rows} ein Kunde. Warum, zeigt der Datencheck auf der Seite "
            "Start / Daten.")


def no_customers_text(result: ScoreResult, reasons_where: str = "") -> str | None:
    """Why a result has no ranked customer (the list is empty / no customer is scorable), else None.
    `reasons_where`: where the page lists the not-scorable customers with their reasons."""
    n_all = len(result.frame)
    if n_all == 0:
        return empty_list_text(state.current_list()) or "Die Liste enthält keine Kunden."
    if not result.frame["scorable"].any():
        who = "der einzige Kunde ist" if n_all == 1 else f"alle {plural(n_all, 'Kunde', 'Kunden')} sind"
        where = f" Die Gründe stehen je Kunde {reasons_where}." if reasons_where else ""
        return (f"Die Liste enthält keine bewertbaren Kunden: {who} nicht bewertbar, weil die vorhandenen "
                f"Bewertungen zu wenig Gewicht tragen.{where}")
    return None


def require_result(needs: str = "diese Seite") -> ScoreResult | None:
    """The current result, or None after showing why there is none (no data / no ratings / unusable
    weights)."""
    if not require_ratings(needs):
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
    cols = [*st.columns(3), *st.columns(3)] if state.presentation_mode() else st.columns([1.25, 0.85, 1.55, 1.1, 1.1, 1.1])
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
