"""The accessibility statement (`/accessibility`), in the form GOV.UK's model statement sets out for the Public
Sector Bodies Accessibility Regulations 2018: how accessible the site is, what is not yet, how to report a
problem, the enforcement procedure, and the technical information. Linked from every page's footer."""

import dash
from dash import html

from dashboards.components import page_main, page_title
from data.core import settings
from security import ANYONE

dash.register_page(__name__, path="/accessibility", name="Accessibility statement",
                   title=page_title("Accessibility statement"), required_role=ANYONE)

CAN = [
    "change colours, contrast levels and fonts using your browser or device settings",
    "zoom in up to 400% without the text spilling off the screen, and use the site on a screen 320 pixels wide "
    "without scrolling sideways (wide tables scroll inside their own box)",
    "navigate the whole site using just a keyboard, with the focus always visible, and skip to the main content",
    "navigate the site using speech recognition software",
    "listen to the site using a screen reader (including the most recent versions of JAWS, NVDA and VoiceOver): "
    "every chart has a sentence saying what it shows and a table of its values, and every status is given in "
    "words as well as by an icon and colour",
]
NOT_YET = [
    "The small-multiple trend charts on a directorate page are one image per group of measures: their values are "
    "in the table beside them, but a screen reader cannot move from point to point inside a chart.",
    "The editable grids on the data entry and import pages are built on a third-party grid component. They can "
    "be used with a keyboard, but some screen readers announce their cells' positions inconsistently.",
    "Charts scale with the page but their labels do not grow with browser text-only zoom; use page zoom instead.",
    "Files downloaded from the site (Excel and CSV exports) are as accessible as the program you open them in.",
]


def _list(items):
    return html.Ul([html.Li(i) for i in items])


def layout(**_query):
    council, contact = settings.get("COUNCIL_NAME"), settings.get("ACCESSIBILITY_CONTACT")
    reviewed = settings.get("ACCESSIBILITY_REVIEWED")
    mail = html.A(contact, href=f"mailto:{contact}")
    return page_main([
        html.H1("Accessibility statement for the performance dashboard"),
        html.P(f"This accessibility statement applies to {council}'s performance dashboard: its overview, "
               "directorate and measure pages, the exceptions report, data entry and import."),
        html.P(f"This website is run by {council}. We want as many people as possible to be able to use it. For "
               "example, that means you should be able to:"),
        _list(CAN),
        html.P("AbilityNet has advice on making your device easier to use if you have a disability."),
        html.H2("How accessible this website is"),
        html.P("We know some parts of this website are not fully accessible:"),
        _list(NOT_YET),
        html.H2("Feedback and contact information"),
        html.P(["If you need information on this website in a different format, like accessible PDF, large print, "
                "easy read or braille, email ", mail, ". We'll consider your request and get back to you in 10 "
                "working days."]),
        html.H2("Reporting accessibility problems with this website"),
        html.P(["We're always looking to improve the accessibility of this website. If you find any problems not "
                "listed on this page or think we're not meeting accessibility requirements, email ", mail,
                ", saying which page (its address) and what happened."]),
        html.H2("Enforcement procedure"),
        html.P("The Equality and Human Rights Commission (EHRC) is responsible for enforcing the Public Sector Bodies "
               "(Websites and Mobile Applications) (No. 2) Accessibility Regulations 2018 (the 'accessibility "
               "regulations'). If you're not happy with how we respond to your complaint, contact the Equality "
               "Advisory and Support Service (EASS)."),
        html.H2("Technical information about this website's accessibility"),
        html.P(f"{council} is committed to making its website accessible, in accordance with the Public Sector "
               "Bodies (Websites and Mobile Applications) (No. 2) Accessibility Regulations 2018."),
        html.H3("Compliance status"),
        html.P("This website is partially compliant with the Web Content Accessibility Guidelines version 2.2 AA "
               "standard, due to the non-compliances listed below."),
        html.H3("Non-accessible content"),
        html.P("The content listed below is non-accessible for the following reasons."),
        html.H4("Non-compliance with the accessibility regulations"),
        _list(NOT_YET[:2]),
        html.H4("Content that's not within the scope of the accessibility regulations"),
        html.P("Spreadsheets imported by officers are not published on this site; exports are generated on request."),
        html.H2("What we're doing to improve accessibility"),
        html.P("Every change to the dashboard is tested automatically with axe-core (WCAG 2.2 A and AA and "
               "best-practice rules, with no findings allowed) on every page and for every role, for reflow at "
               "320 pixels and 200% zoom, for axis labels that never overlap, for the contrast of every chart "
               "marker and line, and with a keyboard-only walk through the scrutiny journey and data entry."),
        html.H2("Preparation of this accessibility statement"),
        html.P(f"This statement was prepared on 2 December 2026. It was last reviewed on {reviewed}."),
        html.P(f"This website was last tested on {reviewed} by the dashboard's developers, on every page type in "
               "each role, with automated tests and by hand with a keyboard."),
    ], "accessibility-page")
