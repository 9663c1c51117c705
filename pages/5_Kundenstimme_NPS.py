from kundenwert.ui import nps_page

nps_page.render()
