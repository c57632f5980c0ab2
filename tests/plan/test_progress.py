"""Progress counts in the reports' words, overdue from the due date and today, risk scores and the 5x5 matrix."""

from datetime import date

import pandas as pd
import pytest

from data.plan import progress, risks
from data.plan.progress import Progress


def actions(*rows):
    return pd.DataFrame(rows, columns=["status", "due_date"])


def test_the_sentence_reads_as_the_reports_count():
    frame = actions(*([("on_track", None)] * 31 + [("at_risk", None)] * 5 + [("off_track", None)] * 2
                      + [("completed", None)] * 2))
    frame = progress.with_overdue(frame, date(2026, 12, 1))
    assert progress.sentence(frame) == "Of 40 actions, 31 are on track, 5 at risk, 2 off track and 2 completed."


@pytest.mark.parametrize(("rows", "words"), [
    ([], "No actions."),
    ([("at_risk", None)], "Of 1 action, 1 is at risk."),
    ([("on_track", date(2026, 9, 30)), ("not_started", None)],
     "Of 2 actions, 1 is on track and 1 not started; 1 is overdue."),
])
def test_sentence_edges(rows, words):
    assert progress.sentence(progress.with_overdue(actions(*rows), date(2026, 12, 1))) == words


@pytest.mark.parametrize(("status", "due", "today", "overdue"), [
    ("on_track", date(2026, 9, 30), date(2026, 9, 30), False),    # due today: not yet
    ("on_track", date(2026, 9, 30), date(2026, 10, 1), True),
    ("completed", date(2026, 9, 30), date(2026, 12, 1), False),   # completed is never overdue
    ("not_started", None, date(2026, 12, 1), False),              # no due date, never overdue
    ("off_track", date(2027, 3, 31), date(2026, 12, 1), False),
])
def test_overdue_is_worked_out(status, due, today, overdue):
    assert progress.is_overdue(status, due, today) is overdue


@pytest.mark.parametrize(("typed", "status"), [("On track", Progress.ON_TRACK), ("off-track", Progress.OFF_TRACK),
                                               ("COMPLETED", Progress.COMPLETED), (" not  started", Progress.NOT_STARTED)])
def test_statuses_read_as_typed(typed, status):
    assert Progress.read(typed) is status


def test_an_unknown_status_names_the_choices():
    with pytest.raises(ValueError, match="On track, At risk"):
        Progress.read("green")


def test_every_status_has_its_own_icon_and_words():
    assert len({p.icon for p in Progress}) == len({p.words for p in Progress}) == len(Progress)


@pytest.mark.parametrize(("score", "band"), [(1, "Low"), (6, "Low"), (8, "Medium"), (12, "Medium"), (15, "High"),
                                             (25, "High")])
def test_bands(score, band):
    assert risks.band(score) == band


def test_matrix_counts_each_cell_likelihood_five_on_top():
    frame = pd.DataFrame({"residual_likelihood": [4, 4, 1], "residual_impact": [4, 4, 5],
                          "inherent_likelihood": [5, 5, 5], "inherent_impact": [5, 5, 5]})
    rows = risks.matrix(frame)
    assert [r["likelihood"] for r in rows] == [5, 4, 3, 2, 1]
    assert rows[1]["cells"][3] == {"impact": 4, "count": 2, "score": 16, "band": "High"}
    assert rows[4]["cells"][4]["count"] == 1
    assert sum(c["count"] for r in rows for c in r["cells"]) == 3
    assert risks.matrix(frame, "inherent")[0]["cells"][4]["count"] == 3
    assert len(risks.in_cell(frame, 4, 4)) == 2 and len(risks.in_cell(frame, None, 5)) == 1


@pytest.mark.parametrize("bad", [0, 6, 2.5, "high", None])
def test_levels_are_whole_numbers_one_to_five(bad):
    with pytest.raises(ValueError, match="1 to 5"):
        risks.check_level(bad, "Likelihood")


def test_review_overdue_and_sentence():
    frame = pd.DataFrame({"residual_likelihood": [5, 2], "residual_impact": [4, 2], "inherent_likelihood": [5, 3],
                          "inherent_impact": [5, 3], "review_date": [date(2026, 11, 30), date(2027, 1, 31)]})
    scored = risks.with_scores(frame, date(2026, 12, 1))
    assert list(scored["residual_score"]) == [20, 4] and list(scored["high"]) == [True, False]
    assert list(scored["review_overdue"]) == [True, False]
    assert risks.sentence(scored) == ("2 risks: 1 high, 0 medium and 1 low (residual scores); 1 is past the "
                                      "review date.")
