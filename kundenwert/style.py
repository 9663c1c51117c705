"""Shared look: one colour per class everywhere (Okabe-Ito palette, colour-blind safe)."""

CLASS_COLORS = {"A": "#0072B2", "B": "#E69F00", "C": "#999999"}
CLASS_TEXT_COLORS = {"A": "#FFFFFF", "B": "#000000", "C": "#000000"}
NOT_SCORABLE_COLOR = "#CCCCCC"
STUDY_COLOR = "#555555"
OWN_COLOR = "#009E73"
