from kundenwert.ui import profile_page

profile_page.render()
