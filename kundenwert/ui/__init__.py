"""Streamlit user interface of Kundenwert: session state, sidebar and page bodies.

Only this package (and the thin page files `app.py` and `pages/*.py`) imports Streamlit; the engine in
`kundenwert/` stays pure Python.
"""
