"""Helpers shared by the analysis pages (ABC, profile, matrix, NPS, method).

- `page()` sets the page up (config, sidebar, title) and runs its body so that an unexpected error
  becomes a friendly message in the UI language instead of a traceback;
- `chart()` shows a plotly figure the same way everywhere (full width, no plotly logo, plotly's own
  toolbar texts in the UI language: `plotly_config()`).

Customer data is only ever shown through widgets that render text as text (st.dataframe, st.metric,
markdown with escaped text, plotly with escaped labels) – never through unsafe HTML.
"""

from __future__ import annotations

import functools
import html
import logging
import re
from collections.abc import Callable
from functools import cache

import plotly.graph_objects as go
import streamlit as st

from kundenwert.errors import KundenwertError
from kundenwert.i18n import plotly_separators, text
from kundenwert.ui import common, sidebar, state
from kundenwert.ui.lang import current_lang, t

log = logging.getLogger("kundenwert.ui")

PLOTLY_CONFIG = {"displaylogo": False, "modeBarButtonsToRemove": ["lasso2d", "select2d"],
                 "toImageButtonOptions": {"format": "png", "scale": 2}}
# plotly.js's own texts (its toolbar's tooltips, the image download's notices, hints on the chart) by their
# English source string, which is plotly's dictionary key; the words are the catalogue's `plotly.<name>`
PLOTLY_TEXTS = {
    "download_png": "Download plot as a PNG",
    "preparing": "Preparing image - this may take a few seconds", "downloaded": "Image download succeeded",
    "download_failed": "Sorry, there was a problem downloading your image!",
    "zoom": "Zoom", "pan": "Pan", "zoom_in": "Zoom in", "zoom_out": "Zoom out", "autoscale": "Autoscale",
    "reset_axes": "Reset axes", "reset_view": "Reset view", "reset_views": "Reset views",
    "spikelines": "Toggle Spike Lines", "hover_closest": "Show closest data on hover",
    "hover_compare": "Compare data on hover", "hover_toggle": "Toggle show closest data on hover",
    "legend_isolate": "Double-click on legend to isolate one trace", "zoom_back": "Double-click to zoom back out",
}


@cache
def plotly_config(lang: str) -> dict:
    """The plotly config for a language: `locale` and its dictionary, given with the plot (plotly.js
    takes `locales` in the config, no global registration needed). English is plotly's own."""
    dictionary = {source: text(f"plotly.{name}", lang) for name, source in PLOTLY_TEXTS.items()}
    dictionary = {source: word for source, word in dictionary.items() if word != source}
    decimal, thousands = plotly_separators(lang)
    locale = {"dictionary": dictionary, "format": {"decimal": decimal, "thousands": thousands}}
    return {**PLOTLY_CONFIG, "locale": lang, "locales": {lang: locale},
            "toImageButtonOptions": {**PLOTLY_CONFIG["toImageButtonOptions"], "filename": text("plotly.file", lang)}}


def page(title: str, icon: str, body: Callable[[], None]) -> None:
    """Page config, sidebar, title; then the body. Errors: a friendly message, never a traceback."""
    st.set_page_config(page_title=f"{title} · Kundenwert", page_icon=icon, layout="wide")
    try:
        sidebar.render_sidebar()
    except Exception:  # noqa: BLE001 - the page must stay usable
        log.exception("sidebar failed")
        st.sidebar.error(t("ui.analysis.sidebar_failed"))
    st.title(title)
    _safely(body, title)


def _safely(body: Callable[[], None], what: str) -> None:
    try:
        body()
    except KundenwertError as exc:
        st.error(exc.text(current_lang()), icon=":material/error:")
    except Exception as exc:  # noqa: BLE001 - never show a traceback to the user
        log.exception("%s failed", what)
        st.error(t("ui.analysis.failed", kind=type(exc).__name__), icon=":material/error:")


def fragment(func: Callable[..., None]) -> Callable[..., None]:
    """`st.fragment` whose errors become the page's friendly message: Streamlit handles an error inside a
    fragment itself (a box with its own English words), so it would never reach `page()`."""
    @functools.wraps(func)
    def body(*args: object, **kwargs: object) -> None:
        _safely(lambda: func(*args, **kwargs), func.__qualname__)

    return st.fragment(body)


def presentation() -> bool:
    return state.presentation_mode()


def chart(fig: go.Figure, key: str) -> None:
    """The figure, full width. Its title and subtitle are shown as page text above it: plotly cannot wrap
    text, page text wraps at any width (a phone, a projector at 125 %). Exports keep them in the chart."""
    meta = fig.layout.meta if isinstance(fig.layout.meta, dict) else {}
    head, sub = meta.get("title"), meta.get("subtitle")
    if head:
        # in place (a copy costs ~10 ms per chart and rerun) and idempotent: the text is read from `meta`,
        # so a cached figure shown again looks the same; 40 px on top: plotly's toolbar, no text under it
        fig.update_layout(title=None, margin_t=40)
        st.markdown(f"**{plotly_text_md(head)}**" + (f"  \n{plotly_text_md(sub)}" if sub else ""))
    st.plotly_chart(fig, width="stretch", theme=None, config=plotly_config(current_lang()), key=key)


_TAG = re.compile(r"(<br>|</?b>|</?i>)")
_TAG_MD = {"<br>": "  \n", "<b>": "**", "</b>": "**", "<i>": "_", "</i>": "_"}


def plotly_text_md(text: str) -> str:
    """Plotly label text (escaped user text, <b>/<i>/<br>) as safe Markdown."""
    out = []
    for part in _TAG.split(text):
        if part in _TAG_MD:
            out.append(_TAG_MD[part])
        elif part:
            plain = html.unescape(part)
            lead = " " if plain[:1].isspace() else ""
            trail = " " if plain[-1:].isspace() else ""
            out.append(lead + common.escape_md(plain) + trail)
    return "".join(out)


def technical(text: str) -> None:
    common.technical(text)
