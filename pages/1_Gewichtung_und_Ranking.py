"""Kundenwert – Gewichtung & Ranking."""

from kundenwert.ui import ranking_page

ranking_page.render()
