"""Pure builders of page fragments."""

import dash_bootstrap_components as dbc

from data import settings


def navbar():
    return dbc.NavbarSimple(brand=settings.get("COUNCIL_NAME") + " performance", brand_href="/", color="dark",
                            dark=True, fluid=True)
