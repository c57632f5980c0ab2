"""The glossary (`/glossary`): the dashboard's words in plain English, statistical process control's terms beside
the everyday words the pages lead with. Linked from every page's footer and wherever SPC terms are used."""

import dash
from dash import dcc, html

from dashboards.components import page_main, page_title, status_badge
from data.performance.status import Status
from security import ANYONE

dash.register_page(__name__, path="/glossary", name="Glossary", title=page_title("Glossary"), required_role=ANYONE)

STATUS_WORDS = {
    Status.ON_TARGET: "The figure meets or beats its target.",
    Status.WITHIN_TOLERANCE: "The figure misses its target, but by no more than the measure's tolerance: the "
                             "small miss the council has agreed to accept before calling it below target.",
    Status.BELOW_TARGET: "The figure misses its target by more than the tolerance.",
    Status.DATA_ONLY: "A measure reported for context (how many, how much), with no target to judge it by.",
    Status.ANNUAL: "Reported once a year: not due in this period.",
    Status.NO_DATA: "No figure, or no target, for this period yet.",
}

# (term as the pages lead with it, the analyst's term, what it means)
TERMS = [
    ("Year to date", None, "From April, the start of the council's financial year, to the end of the period shown."),
    ("Direction of travel", None, "Whether the figure is better, the same or worse than the previous period and the "
                                  "same period last year, taking account of which way is better for the measure."),
    ("Which way is better", "polarity", "Whether a higher figure is better (homes built) or a lower one (days "
                                        "off sick)."),
    ("Year-end forecast", None, "Where the year is heading, worked out from the year so far and how earlier years "
                                "finished."),
    ("Pattern over time", "statistical process control (SPC)", "A way of reading a run of figures that tells a real "
                                                               "change apart from the usual ups and downs."),
    ("SPC chart", "XmR chart", "The chart of SPC: the figures, their average, and the usual range (process limits) "
                               "worked out from how much they move from one period to the next."),
    ("Usual range", "process limits", "The band the figures stay inside when nothing has changed; about 3 in 1,000 "
                                      "figures fall outside it by chance."),
    ("Pattern in the figures", "SPC variation", "Has something really changed? Common cause: the figures only vary "
                                                "as they usually do. Improvement or concern: a real change for the "
                                                "better or the worse (a figure outside the usual range, a run of "
                                                "figures on one side of the average, or a steady climb or fall). "
                                                "Neutral: a real change where neither direction is better."),
    ("Will it meet target?", "SPC assurance", "Passing: the whole usual range meets the target, so it will keep "
                                              "meeting it. Failing: the whole range misses it, so it will keep "
                                              "missing it unless the service changes. Hit and miss: the target "
                                              "lies inside the usual range, so it is met or missed by chance. Not "
                                              "valid: the service has changed, so the range needs working out "
                                              "again first."),
    ("Special cause", "special cause variation", "A real change, not chance: see Pattern in the figures."),
    ("Common cause", "common cause variation", "The usual ups and downs of a service that has not changed."),
    ("Recalculate the limits", "rebase", "Work out the usual range again from the point where the service changed "
                                         "(a new system, contract or policy)."),
    ("Roll-up", None, "How monthly figures add up to a quarter or a year: summed (counts, money), averaged (rates) "
                      "or the latest figure (snapshots)."),
]


def layout(**_query):
    statuses = []
    for status, words in STATUS_WORDS.items():
        statuses += [html.Dt(status_badge(status)), html.Dd(words)]
    terms = []
    for term, technical, words in TERMS:
        terms += [html.Dt([term, html.Span(f" ({technical})", className="fw-normal text-body-secondary")
                           if technical else None], id=term.lower().replace(" ", "-").strip("?")), html.Dd(words)]
    return page_main([
        html.H1("Glossary"),
        html.P("The words the dashboard uses, in plain English. Where analysts use another term, it is given in "
               "brackets.", className="lead"),
        html.H2("Status"),
        html.P("Every status is shown with an icon and words, never by colour alone."),
        html.Dl(statuses, className="glossary"),
        html.H2("Other terms"),
        html.Dl(terms, className="glossary"),
        html.P(dcc.Link("Back to the performance overview", href="/")),
    ], "glossary-page")
