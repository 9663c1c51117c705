from kundenwert.ui import robustness_page

robustness_page.render()
