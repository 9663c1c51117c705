from kundenwert.ui import matrix_page

matrix_page.render()
