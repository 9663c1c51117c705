"""Readable everywhere (issue 12): every page with the sample, on a projector and on a phone, measured
in the page itself – no visible text element overflows its box, no chart text is cut off at the edge
of its chart or overlaps another chart label, bar labels are not much smaller than the axis text,
and the charts' toolbars do not cover chart text. Screenshots of every page and view are kept in
test-output/readable/ (gitignored) for a person to look at.

Views:
- projector 1280×720 in presentation mode at 100 % browser zoom;
- the same projector at 125 % browser zoom. Browser zoom shrinks the CSS viewport and raises the
  device pixel ratio: 1280×720 screen pixels at 125 % are a 1024×576 CSS-pixel viewport with a device
  scale factor of 1.25. That is exactly what the page lays out against, so it is emulated that way
  (a CSS `zoom` on <html> would also change plotly's own measurements and the mouse coordinates,
  and a device scale factor alone changes only the sharpness, not the layout);
- phone 390×844 (CSS pixels, touch, mobile), normal mode.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from kundenwert.i18n import text
from tests.e2e import browser_kit as kit

pytestmark = pytest.mark.browser
WAIT = kit.WAIT_MS
SHOTS = kit.OUTPUT / "readable"

PAGE_KEYS = ["page.start", "page.ranking", "page.abc", "page.profile", "page.matrix", "page.nps", "page.method",
             "page.compare", "page.robustness"]
# tabs of a page that hold charts: only the open tab is drawn, so each is opened (the first is open already);
# then its expanders whose content is built only when open (the ABC class lists): each one opened
TABS = {"page.abc": ["ui.abc_page.pareto", "ui.abc_page.histogram", "ui.abc_page.bubble"]}
EXPANDERS = {"page.abc": ["ui.abc_page.lists"]}

VIEWS = {
    "projector-100": {"viewport": {"width": 1280, "height": 720}, "device_scale_factor": 1, "presentation": True},
    "projector-125": {"viewport": {"width": 1024, "height": 576}, "device_scale_factor": 1.25, "presentation": True},
    "phone": {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2, "is_mobile": True,
              "has_touch": True, "presentation": False},
}

# JS, run in the page: every problem a reader would see, as a list of strings (empty = readable).
PROBLEMS_JS = r"""() => {
  const out = [];
  const vw = window.innerWidth;
  const txt = (e) => (e.textContent || '').trim().replace(/\s+/g, ' ').slice(0, 60);
  const shown = (e) => {
    const r = e.getBoundingClientRect();
    if (r.width < 1 || r.height < 1 || r.right <= 0 || r.left >= vw) return false;
    const cs = getComputedStyle(e);
    return cs.visibility !== 'hidden' && cs.display !== 'none' && parseFloat(cs.opacity || '1') > 0;
  };
  // 1. HTML text that does not fit its box (ellipsis, clipped or sticking out)
  const sel = ['[data-testid=stMetricValue]', '[data-testid=stMetricValue] *', '[data-testid=stMetricLabel]',
               '[data-testid=stMetricLabel] *', '[data-testid=stMetricDelta]', '[data-testid=stMetricDelta] *',
               '[data-testid=stHeading] h1', '[data-testid=stHeading] h2', '[data-testid=stHeading] h3',
               '[data-testid=stTable] th', '[data-testid=stTable] td', '[data-testid=stCaptionContainer]',
               '[data-testid=stMarkdownContainer] p', '[data-testid=stWidgetLabel]', '[data-testid=stPageLink] span',
               '[data-testid=stTab] p', '[data-testid=stBadge]'];
  const seen = new Set();
  for (const e of document.querySelectorAll(sel.join(','))) {
    if (seen.has(e) || !shown(e) || !txt(e)) continue;
    seen.add(e);
    if (e.closest('[data-testid=stTooltipContent], [data-testid=stDataFrame]')) continue;
    const cs = getComputedStyle(e);
    if (cs.overflowX === 'auto' || cs.overflowX === 'scroll') continue;     // scrolls: nothing cut
    if (e.scrollWidth > e.clientWidth + 1 && e.clientWidth > 0)
      out.push(`text overflows its box: "${txt(e)}" (${e.scrollWidth} > ${e.clientWidth} px)`);
  }
  // 2. charts: text inside the chart, labels not overlapping, bar text not tiny, toolbars off the text
  const rect = (e) => e.getBoundingClientRect();
  const overlap = (a, b) => Math.min(a.right, b.right) - Math.max(a.left, b.left) > 2 &&
                            Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top) > 2;
  document.querySelectorAll('.js-plotly-plot').forEach((plot, n) => {
    if (!shown(plot)) return;
    const svg = plot.querySelector('svg.main-svg');
    if (!svg) return;
    const box = rect(svg);
    const name = txt(plot.querySelector('.gtitle') || plot) || `chart ${n + 1}`;
    const texts = [...plot.querySelectorAll('svg text')].filter(t => txt(t) && shown(t));
    for (const t of texts) {
      const r = rect(t);
      if (r.left < box.left - 1 || r.right > box.right + 1 || r.top < box.top - 1 || r.bottom > box.bottom + 1)
        out.push(`chart "${name}": text cut at the chart edge: "${txt(t)}"`);
    }
    const labels = [...plot.querySelectorAll(
        '.gtitle, .gtitle-subtitle, .xtitle, .ytitle, .x2title, .y2title, .annotation-text, .legendtext, ' +
        '.angularaxistick text, .xtick text, .ytick text')].filter(t => txt(t) && shown(t));
    const labelBoxes = labels.map(t => [t, rect(t)]);
    for (let i = 0; i < labelBoxes.length; i++)
      for (let j = i + 1; j < labelBoxes.length; j++) {
        const [a, ra] = labelBoxes[i], [b, rb] = labelBoxes[j];
        if (a.contains(b) || b.contains(a)) continue;
        const tick = (e) => e.closest('.xtick') ? 'x' : e.closest('.ytick') ? 'y' : '';
        if (tick(a) && tick(b) && tick(a) !== tick(b)) continue;      // the two axes' first ticks meet at 0
        if (overlap(ra, rb)) out.push(`chart "${name}": "${txt(a)}" overlaps "${txt(b)}"`);
      }
    const size = (t) => {           // as drawn: plotly shrinks a bar label with a scale() transform
      const m = t.getCTM(), base = parseFloat(t.style.fontSize || getComputedStyle(t).fontSize);
      return m ? base * Math.sqrt(Math.abs(m.a * m.d - m.b * m.c)) : base;
    };
    const ticks = [...plot.querySelectorAll('.xtick text, .ytick text')].map(size).filter(Boolean);
    const axis = ticks.length ? Math.max(...ticks) : 0;
    for (const t of plot.querySelectorAll('.bartext, .textpoint text, .annotation-text')) {
      if (!txt(t) || !shown(t)) continue;
      if (size(t) < Math.max(12, 0.75 * axis))
        out.push(`chart "${name}": label "${txt(t)}" is ${size(t).toFixed(0)} px beside ${axis} px axis text`);
    }
    // a bar label plotly left out (wider than its bar at the size uniformtext allows): the number is missing
    for (const g of plot.querySelectorAll('.barlayer .trace')) {
      const cd = g.__data__, trace = cd && cd[0] && cd[0].trace;
      if (!trace || !Array.isArray(trace.text) || trace.textposition === 'none') continue;
      const wanted = trace.text.filter(s => s !== null && String(s).trim()).length;
      const drawn = [...g.querySelectorAll('.bartext')].filter(t => txt(t) && shown(t)).length;
      if (drawn < wanted)
        out.push(`chart "${name}": ${wanted - drawn} of ${wanted} bar labels of "${trace.name}" not drawn`);
    }
    const bars = [plot.querySelector('.modebar-container')].filter(Boolean);
    const holder = plot.closest('[data-testid=stElementContainer]');
    const tb = holder && holder.querySelector('[data-testid=stElementToolbar]');
    if (tb) bars.push(tb);
    for (const bar of bars) {
      const rb = rect(bar);
      if (rb.width < 1) continue;
      for (const [t, rt] of labelBoxes)
        if (overlap(rb, rt)) out.push(`chart "${name}": the chart toolbar covers "${txt(t)}"`);
    }
  });
  return out;
}"""


def _sidebar_open(page) -> bool:
    return page.get_by_test_id("stSidebar").get_attribute("data-collapsed") == "false"


def _open_sidebar(page) -> None:
    if not _sidebar_open(page):
        page.get_by_test_id("stExpandSidebarButton").click()
        page.wait_for_function("() => document.querySelector('[data-testid=stSidebar]')"
                               ".dataset.collapsed === 'false'", timeout=WAIT)


def _close_sidebar(page) -> None:
    if _sidebar_open(page):
        page.get_by_test_id("stSidebar").hover()
        page.get_by_test_id("stSidebarCollapseButton").get_by_role("button").click()
        page.wait_for_function("() => document.querySelector('[data-testid=stSidebar]')"
                               ".dataset.collapsed === 'true'", timeout=WAIT)


def _settle(page) -> None:
    """Idle app, charts drawn, layout stable (plotly redraws once after Streamlit sizes the frame)."""
    kit.wait_idle(page)
    page.wait_for_function("() => [...document.querySelectorAll('[data-testid=stPlotlyChart]')]"
                           ".every(c => c.querySelector('svg.main-svg'))", timeout=WAIT)
    page.wait_for_timeout(800)          # the sidebar's slide and plotly's resize redraw (animations)
    kit.wait_idle(page)


def _screenshots(page, name: str) -> None:
    """The whole page, one viewport at a time: Streamlit scrolls its main section, not the document, so
    a full-page screenshot would show only the first screen."""
    main = "document.querySelector('[data-testid=stMain]')"
    total = page.evaluate(f"() => {main}.scrollHeight")
    step = page.viewport_size["height"]
    for i, top in enumerate(range(0, max(total, 1), step)):
        page.evaluate(f"(y) => {{ {main}.scrollTop = y; }}", top)
        page.wait_for_timeout(150)
        page.screenshot(path=str(SHOTS / f"{name}-{i + 1}.png"))
    page.evaluate(f"() => {{ {main}.scrollTop = 0; }}")


def _open_with_sample(page, app_url: str, lang: str) -> None:
    if lang == "de":
        kit.open_app(page, app_url)
        kit.load_sample(page)
        return
    page.goto(f"{app_url}/?lang={lang}", wait_until="domcontentloaded", timeout=WAIT)
    page.get_by_role("button", name=text("ui.common.sample_button", lang)).click()
    page.get_by_role("heading", name=text("ui.data_page.check", lang)).wait_for(timeout=WAIT)
    kit.wait_idle(page)


@pytest.mark.parametrize("lang", ["de", "en"])
@pytest.mark.parametrize("view", list(VIEWS))
def test_every_page_readable(browser, app_url, view, lang):
    """English words are longer than German ones in places ("Creditworthiness"), German in others: both."""
    spec = dict(VIEWS[view])
    presentation = spec.pop("presentation")
    context = kit.new_context(browser, locale="de-DE" if lang == "de" else "en-GB", **spec)
    context.set_default_timeout(WAIT)
    page = context.new_page()
    SHOTS.mkdir(parents=True, exist_ok=True)
    problems: list[str] = []
    titles = [text(key, lang) for key in PAGE_KEYS]
    keys = dict(zip(titles, PAGE_KEYS, strict=True))
    try:
        _open_with_sample(page, app_url, lang)
        if presentation:
            _open_sidebar(page)
            page.get_by_test_id("stSidebar").get_by_text(text("ui.sidebar.presentation", lang)).click()
            try:                            # the mode's rerun folds the sidebar away
                page.wait_for_function("() => document.querySelector('[data-testid=stSidebar]')"
                                       ".dataset.collapsed === 'true'", timeout=15_000)
            except PlaywrightTimeout:
                problems.append("presentation mode leaves the sidebar open (30 % of the projector)")
            kit.wait_idle(page)
        for title in titles:
            if title != titles[0]:
                _open_sidebar(page)
                kit.nav(page, title)
                # On a phone the app's own menu (st.page_link) leaves the sidebar open after a page switch:
                # Streamlit closes it only for its built-in menu, and has no API to close it (README,
                # "Auf dem Handy"). The reader closes it, as a user would.
                _close_sidebar(page)
            slug = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")
            opened = [(None, None), *[("tab", k) for k in TABS.get(keys[title], [])],
                      *[("expander", k) for k in EXPANDERS.get(keys[title], [])]]
            for kind, tab in opened:                       # a page's chart tabs and lazy expanders: each opened
                name = slug if tab is None else f"{slug}-{re.sub(r'[^a-z0-9]+', '-', text(tab, lang).lower())}"
                if kind == "tab":
                    page.get_by_test_id("stMain").get_by_role("tab", name=text(tab, lang), exact=True).click()
                elif kind == "expander":
                    page.get_by_test_id("stMain").get_by_test_id("stExpander").filter(has_text=text(tab, lang)) \
                        .locator("summary").click()
                _settle(page)
                _screenshots(page, f"{view}-{name}" if lang == "de" else f"{lang}-{view}-{name}")
                problems += [f"{title}{'' if tab is None else ' / ' + text(tab, lang)}: {p}"
                             for p in page.evaluate(PROBLEMS_JS)]
                assert kit.error_elements(page) == [], title
    finally:
        context.close()
    assert problems == [], "\n".join(problems)
