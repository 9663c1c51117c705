from kundenwert.ui import compare_page

compare_page.render()
