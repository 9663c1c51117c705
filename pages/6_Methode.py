from kundenwert.ui import method_page

method_page.render()
