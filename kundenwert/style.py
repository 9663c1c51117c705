"""Shared look: one colour per class everywhere (Okabe-Ito hues, colour-blind safe), darkened where needed
so that every chart colour has at least 3:1 contrast against the white chart background and every text
colour at least 4.5:1 against what it stands on (WCAG 2.1: 1.4.11 non-text contrast, 1.4.3 text).
tests/test_contrast.py checks the palette and every chart's colours."""

BACKGROUND = "#FFFFFF"                 # the charts' background (plotly_white) and the page's
TEXT_DARK = "#111111"
TEXT_LIGHT = "#FFFFFF"

CLASS_COLORS = {"A": "#0072B2", "B": "#C27C00", "C": "#8A8A8A"}
CLASS_TEXT_COLORS = {"A": TEXT_LIGHT, "B": "#000000", "C": "#000000"}
NOT_SCORABLE_COLOR = "#5E5E5E"
STUDY_COLOR = "#555555"
OWN_COLOR = "#009E73"
WARNING_TEXT_COLOR = "#A84300"         # text in the warning orange (#D55E00 itself is for marks only)


def _linear(channel: int) -> float:
    c = channel / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def parse_colour(colour: str, over: str = BACKGROUND) -> tuple[int, int, int]:
    """RGB of "#RRGGBB" or "rgb(r, g, b)" / "rgba(r, g, b, a)" – a translucent colour blended over `over`."""
    text = colour.strip()
    if text.startswith("#"):
        h = text[1:]
        return int(h[0:2], 16), int(h[2:4], 16), int(h[4:6], 16)
    inner = text[text.index("(") + 1:text.rindex(")")]
    parts = [float(p) for p in inner.split(",")]
    r, g, b = parts[:3]
    alpha = parts[3] if len(parts) > 3 else 1.0
    base = parse_colour(over)
    return tuple(round(alpha * c + (1 - alpha) * o) for c, o in zip((r, g, b), base, strict=True))


def luminance(colour: str) -> float:
    """WCAG 2.1 relative luminance."""
    r, g, b = (_linear(c) for c in parse_colour(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(fore: str, back: str = BACKGROUND) -> float:
    """WCAG 2.1 contrast ratio, 1 … 21."""
    hi, lo = sorted((luminance(fore), luminance(back)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def readable_text_color(background: str) -> str:
    """Dark or light text, whichever reads better on `background`."""
    dark = "#000000"             # pure black: mid-tone fills (a 70 % heatmap cell) still reach 4.5:1
    return dark if contrast_ratio(dark, background) >= contrast_ratio(TEXT_LIGHT, background) else TEXT_LIGHT
