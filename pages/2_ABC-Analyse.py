from kundenwert.ui import abc_page

abc_page.render()
