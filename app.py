"""Kundenwert – Streamlit entry point: the Start / Daten page plus every page in pages/.

Run with `streamlit run app.py`. The page files in pages/ are found automatically (in file-name order)
and are thin: each calls one `render()` from `kundenwert.ui`.
"""

import os
from pathlib import Path

import streamlit as st

from kundenwert.ui import common, data_page, state, urlstate, warm
from kundenwert.ui.session import widget_key

ROOT = Path(__file__).resolve().parent
TITLES = {"1_Gewichtung_und_Ranking.py": "Gewichtung & Ranking", "5_Kundenstimme_NPS.py": "Kundenstimme (NPS)"}

# `make run` sets KUNDENWERT_SAMPLE=1: every new session starts with the sample data loaded
# (once; a user who then uploads or clears keeps their choice) – but never a session whose link says
# it showed the user's own list (a reload, F5): that page says the list is gone instead.
if os.environ.get("KUNDENWERT_SAMPLE") == "1" and not st.session_state.get(widget_key("sample_autoloaded")):
    st.session_state[widget_key("sample_autoloaded")] = True
    if state.current_list() is None and urlstate.link_list_kind() != "own":
        state.load_sample()

start = st.Page(data_page.render, title="Start / Daten", icon=":material/upload_file:", default=True)
common.START_PAGE = start
pages = [start]


def _order(path: Path) -> tuple[int, str]:
    prefix = path.name.split("_", 1)[0]
    return (int(prefix) if prefix.isdigit() else 10**6, path.name)


for path in sorted((ROOT / "pages").glob("*.py"), key=_order):
    if path.name.startswith("_"):
        continue
    title = TITLES.get(path.name)
    pages.append(st.Page(f"pages/{path.name}", title=title) if title else st.Page(f"pages/{path.name}"))
common.PAGES = pages
# Streamlit's own menu clears the app's query parameters on every page switch (two history entries, and
# Back lands on the bare URL); the sidebar menu of kundenwert.ui.common.render_nav keeps them.
st.navigation(pages, position="hidden").run()
# Once per server process, after the first page has been sent: import and run every page's charts
# and computations once in a background thread, so that no user's first visit of a page pays for it.
warm.start()
