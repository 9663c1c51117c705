"""Kundenwert – Streamlit entry point: the Start / Daten page plus every page in pages/.

Run with `streamlit run app.py`. The page files in pages/ are thin (each calls one
`render()` from `kundenwert.ui`); their titles and URL paths per language are in `kundenwert.ui.nav`.
"""

import os

import streamlit as st

from kundenwert.ui import nav, state, urlstate, warm
from kundenwert.ui.lang import current_lang
from kundenwert.ui.session import widget_key

# `make run` sets KUNDENWERT_SAMPLE=1: every new session starts with the sample data loaded
# (once; a user who then uploads or clears keeps their choice) – but never a session whose link says
# it showed the user's own list (a reload, F5): that page says the list is gone instead.
if os.environ.get("KUNDENWERT_SAMPLE") == "1" and not st.session_state.get(widget_key("sample_autoloaded")):
    st.session_state[widget_key("sample_autoloaded")] = True
    if state.current_list() is None and urlstate.link_list_kind() != "own":
        state.load_sample()

pages = nav.build(current_lang())[2]
# Streamlit's own menu clears the app's query parameters on every page switch (two history entries, and
# Back lands on the bare URL); the sidebar menu of kundenwert.ui.common.render_nav keeps them.
st.navigation(pages, position="hidden").run()
# Once per server process, after the first page has been sent: import and run every page's charts
# and computations once in a background thread, so that no user's first visit of a page pays for it.
warm.start()
