"""Kundenwert: customer value scoring engine (pure Python, pandas/numpy; no Streamlit here)."""

__version__ = "0.1.0"
