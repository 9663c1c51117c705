from kundenwert.ui import orders_page

orders_page.render()
