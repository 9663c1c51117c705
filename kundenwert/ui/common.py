"""Shared widgets: the empty states (no list, no ratings, no customers), scenario errors, KPI row, class
badges, presentation-mode CSS.

Customer data is never rendered as HTML: the only raw HTML here is a fixed stylesheet.
"""

from __future__ import annotations

import contextlib
import logging

import streamlit as st

from kundenwert import report
from kundenwert.criteria import CRITERIA_BY_KEY
from kundenwert.criteria import label as criterion_label
from kundenwert.dataset import CustomerList
from kundenwert.fmt import fmt_eur, fmt_num, fmt_pct
from kundenwert.i18n import text
from kundenwert.scoring import CLASSES, ScoreResult
from kundenwert.style import CLASS_COLORS
from kundenwert.ui import state
from kundenwert.ui.lang import current_lang, t
from kundenwert.ui.session import widget_key

log = logging.getLogger(__name__)
CLASS_BADGE_COLORS = {"A": "blue", "B": "orange", "C": "gray"}   # Streamlit names closest to CLASS_COLORS
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


def sample_button(label: str | None = None, key: str = widget_key("sample_btn"), primary: bool = True,
                  on_click=None) -> None:
    """The button that loads the sample list (label: "Beispieldaten laden" in the UI language unless given)."""
    st.button(label or t("ui.common.sample_button"), key=key, on_click=on_click or _load_sample_clicked,
              type="primary" if primary else "secondary", icon=":material/dataset:", help=t("ui.common.sample_help"))


def own_list_gone_text() -> str:
    """Markdown: the user's own list is gone after a reload, upload it again on the start page."""
    return t("ui.common.own_list_gone", page=t("page.start"))


def no_ratings_title() -> str:
    """"Diese Liste hat keine Bewertungsspalten (0–10)" in the UI language."""
    return t("ui.common.no_ratings")


def example_ratings() -> str:
    """Three rating headers as examples, quoted: „Kaufhistorie (0-10)“, „Bonität (0-10)“ oder …"""
    lang = current_lang()
    a, b, c = (CRITERIA_BY_KEY[k].header(lang) for k in ("purchase_history", "creditworthiness", "payment_behaviour"))
    return t("ui.common.example_ratings", a=a, b=b, c=c)


def own_list_gone_notice() -> bool:
    """Says that the user's own list is gone (after a reload), if so; True when it said it."""
    from kundenwert.ui import urlstate

    if not urlstate.own_list_missing():
        return False
    st.warning(own_list_gone_text(), icon=":material/history:")
    return True


def require_data() -> bool:
    """True if a customer list is loaded. Otherwise shows what to do (with the sample button), False."""
    if state.current_list() is not None:
        return True
    to_start = t("ui.common.to_start", page=t("page.start"))
    if own_list_gone_notice():
        if (start := start_page()) is not None:
            page_link(start, to_start)
        return False
    st.info(t("ui.common.no_list", page=t("page.start")), icon=":material/upload_file:")
    sample_button()
    if state.load_error():
        st.error(escape_md(state.load_error()), icon=":material/error:")      # names the user's file: plain text
    if (start := start_page()) is not None:
        page_link(start, to_start)
    return False


def view_params() -> dict:
    """The current view's URL parameters, for links to other pages: Streamlit clears the app's query
    parameters on a page switch unless the link carries them (then the switch is one history entry)."""
    return dict(st.session_state.get(K_LINK_PARAMS) or {})


def page_link(page, label: str) -> None:
    """A link to another page; nothing when the page is run on its own (no navigation, e.g. a test)."""
    with contextlib.suppress(Exception):
        st.page_link(page, label=label, icon=":material/arrow_forward:", query_params=view_params())


def _menu_pages() -> list:
    """The menu's pages in the session's language (``nav.menu``: per language, never one module global set
    by app.py – Streamlit runs some pages without it, see kundenwert.ui.nav); [] for a page run on its own."""
    from kundenwert.ui import nav

    try:
        return nav.menu(current_lang())
    except Exception:  # noqa: BLE001 – no app around the page: no menu
        log.debug("no menu: the page runs without the app", exc_info=True)
        return []


def start_page():
    """The Start / Daten page for links (None when a page runs on its own)."""
    pages = _menu_pages()
    return pages[0] if pages else None


def render_nav() -> None:
    """The page menu in the sidebar (Streamlit's own menu is hidden, see app.py): links that keep the
    view's URL parameters, so one page switch is one browser history entry and Back / Forward work."""
    for page in _menu_pages():
        try:
            st.page_link(page, query_params=view_params())
        except Exception:  # noqa: BLE001 – one broken link must not take the menu with it
            log.exception("menu link to %s failed", getattr(page, "url_path", page))


MATRIX_PAGE = "pages/4_After-Sales-Matrix.py"
NPS_PAGE = "pages/5_Kundenstimme_NPS.py"


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
    return [t("ui.common.candidate", header=escape_md(c.header), letter=c.letter) for c in columns
            if c.rating_like and c.filled and c.header and cl.mapping.get(c.index) is None]


def template_button(key: str) -> None:
    """The empty template (all twelve rating columns) as a download."""
    data = state.template_bytes(current_lang())
    if data is not None:
        st.download_button(t("ui.common.template_button"), data=data, file_name=t("ui.common.template_file"),
                           icon=":material/download:", key=key, on_click="ignore",
                           mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


def survey_pages(cl: CustomerList | None) -> list[tuple[str, str]]:
    """The pages that work without ratings and for which the list has columns: [(page, title)], the titles in
    the UI language."""
    pages = []
    if cl is not None and any(cl.has(k) for k in ("sale_satisfied", "aftersales_satisfied", "repurchase")):
        pages.append((MATRIX_PAGE, t("page.matrix")))
    if cl is not None and cl.has("recommend"):
        pages.append((NPS_PAGE, t("page.nps")))
    return pages


def no_ratings_notice(needs: str | None = None, key: str = widget_key("no_ratings_template")) -> None:
    """Say plainly that the loaded list has no rating columns, what it still can do, and how to add or
    map ratings (a link to the column mapping, the template). `needs`: what needs the ratings, in the UI
    language ("das Ranking"; default "diese Seite")."""
    start = t("page.start")
    st.warning(t("ui.common.needs_ratings", title=no_ratings_title(), needs=needs or t("ui.common.this_page"),
                 examples=example_ratings()), icon=":material/rule:")
    candidates = _unmapped_rating_columns()
    mapped = t("ui.common.candidates", columns=", ".join(candidates)) if candidates else ""
    st.markdown(t("ui.common.how_to_add", page=start) + mapped)
    pages = survey_pages(state.current_list())
    if len(pages) == 1:
        st.markdown(t("ui.common.survey_one", a=pages[0][1]))
    elif pages:
        st.markdown(t("ui.common.survey_two", a=pages[0][1], b=pages[1][1]))
    cols = st.columns(2 + len(pages), vertical_alignment="center")
    with cols[0]:
        if (start_link := start_page()) is not None:
            page_link(start_link, t("ui.common.to_mapping", page=start))
    with cols[1]:
        template_button(key)
    for col, (target, title) in zip(cols[2:], pages, strict=True):
        with col:
            page_link(target, t("ui.common.to_survey", title=title))


def require_ratings(needs: str | None = None) -> bool:
    """True if a list with ratings is loaded; otherwise shows why not (no list / no ratings), False.
    `needs`: what needs the ratings, in the UI language (default "diese Seite" / "this page")."""
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
        return t("ui.common.empty_no_rows")
    if read == 1:
        return t("ui.common.empty_one_row", page=t("page.start"))
    return t("ui.common.empty_rows", n=read, page=t("page.start"))


def no_customers_text(result: ScoreResult, reasons_where: str = "") -> str | None:
    """Why a result has no ranked customer (the list is empty / no customer is scorable), else None.
    `reasons_where`: where the page lists the not-scorable customers with their reasons, in the UI language
    ("unten" / "below")."""
    n_all = len(result.frame)
    if n_all == 0:
        return empty_list_text(state.current_list()) or t("ui.common.empty")
    if not result.frame["scorable"].any():
        why = t("ui.common.none_scorable_one") if n_all == 1 else t("ui.common.none_scorable", n=n_all)
        return why + (t("ui.common.reasons_where", where=reasons_where) if reasons_where else "")
    return None


def require_result(needs: str | None = None) -> ScoreResult | None:
    """The current result, or None after showing why there is none (no data / no ratings / unusable
    weights)."""
    if not require_ratings(needs):
        return None
    result = state.current_result()
    if result is None:
        st.error(state.scenario_error() or t("ui.common.no_result"),
                 icon=":material/error:")
    return result


def class_label(cls: str) -> str:
    """Text for a class: "Klasse A". Empty class -> "nicht bewertbar" (the charts' words, UI language)."""
    return t("chart.class", klass=cls) if cls in CLASSES else t("chart.not_scorable")


def class_badge(cls: str, text: str | None = None) -> str:
    """Markdown for a coloured class badge (the text must be safe: it is not escaped here)."""
    return f":{CLASS_BADGE_COLORS.get(cls, 'gray')}-badge[{text or cls}]"


MONEY_COLUMNS = ("value_eur", "revenue", "margin", "clv")   # customer table columns shown as whole euros


def styled_customers(table):
    """A customer table's numbers in the UI language (1.234 € / €1,234; a score as every edge shows it) while
    the cells stay numbers (header sort stays numeric); missing: "–"."""
    lang = current_lang()
    fmt = {column_label(k): (lambda v: fmt_eur(v, 0, lang)) for k in MONEY_COLUMNS if column_label(k) in table.columns}
    fmt[column_label("score")] = lambda v: report.score_shown(v, lang)
    return table.style.format(fmt, na_rep="–")


def class_column(label: str | None = None, **kwargs):
    """A dataframe column showing the class (cells: ["A"]) as a pill in the class colour (label: "Klasse")."""
    return st.column_config.MultiselectColumn(label or t("export.col.class"), options=list(CLASSES),
                                              color=[CLASS_COLORS[c] for c in CLASSES], **kwargs)


def fmt_eur_short(value: float | None, lang: str | None = None) -> str:
    """Short money amounts for KPI tiles: 3,38 Mio. €, 845.120 € (€3.38m, €845,120 in English)."""
    lang = lang or current_lang()
    if value is None or value != value:
        return "–"
    sign = "-" if value < 0 else ""
    if abs(value) >= 1e9:
        return sign + text("ui.common.eur_bn", lang, value=fmt_num(abs(value) / 1e9, 2, lang))
    if abs(value) >= 1e6:
        millions = fmt_num(abs(value) / 1e6, 1 if abs(value) >= 1e7 else 2, lang)
        return sign + text("ui.common.eur_m", lang, value=millions)
    return fmt_eur(value, 0, lang)


def kpi_row(result: ScoreResult) -> None:
    """Customers, average score, total value, A/B/C counts (the HTML report's KPI words)."""
    lang = current_lang()
    h = report.headline(result)
    counts = result.class_counts()
    n = h.scored
    # presentation mode: larger numbers, so two rows of three
    cols = [*st.columns(3), *st.columns(3)] if state.presentation_mode() else st.columns([1.25, 0.85, 1.55, 1.1, 1.1, 1.1])
    n_out = len(result.not_scorable)
    cols[0].metric(t("html.kpi.scored"), fmt_num(n, 0, lang), help=t("report.acc.not_scorable", n=n_out) if n_out else None)
    cols[1].metric(t("html.kpi.avg_score"), fmt_num(h.avg_score, 1, lang), help=t("ui.common.scale"))
    total = h.total_value if n else None
    cols[2].metric(t("html.kpi.total_value"), fmt_eur_short(total, lang),
                   help=t("ui.common.total_help", total=fmt_eur(total, 0, lang), epp=fmt_eur(result.euro_per_point,
                                                                                          2, lang)))
    for i, cls in enumerate(CLASSES):
        share = counts[cls] / n if n else None
        cols[3 + i].metric(class_badge(cls, class_label(cls)), fmt_num(counts[cls], 0, lang),
                           delta=t("ui.common.share_of_customers", share=fmt_pct(share, 0, lang))
                           if share is not None else None, delta_color="off", delta_arrow="off")


# the customer tables' column names: the export's headers (one name per column in app and file)
_COLUMN_KEYS = {"rank": "export.col.rank", "class": "export.col.class", "id": "export.col.id",
                "name": "export.col.name", "score": "export.col.score", "value_eur": "export.col.value",
                "clv": "export.col.clv", "row": "export.col.row", "reason": "export.col.reason",
                "complete": "ui.common.col_complete"}


def column_label(key: str, lang: str | None = None) -> str:
    """A customer table's column name in the UI language (or `lang`): "Kunden-Nr." / "Customer id" for "id";
    revenue and margin are the fields' labels ("Umsatz (€)")."""
    lang = lang or current_lang()
    if key in ("revenue", "margin"):
        return criterion_label(key, lang)
    return text(_COLUMN_KEYS[key], lang)


def completeness(missing, incomplete) -> list[str]:
    """The "Vollständig" cells: "✓", or "⚠ 2 fehlen" for an incomplete customer (UI language)."""
    lang = current_lang()
    words = {m: text("ui.common.missing", lang, n=int(m)) for m in set(missing)}
    return [words[m] if inc else "✓" for m, inc in zip(missing, incomplete, strict=True)]


def class_color(cls: str) -> str:
    return CLASS_COLORS.get(cls, "#CCCCCC")
