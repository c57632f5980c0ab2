"""The officer workbench's data layer on SQLite and PostgreSQL: embargoed publication, its preview, the reporting
cycle and closed periods, the measure catalogue and targets, accounts, and browsing the audit trail."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest
from sqlalchemy import select

from data.core import audit, clock, loaders, locks, version
from data.core.models import AuditEvent, Observation
from data.imports import catalogue, intake
from data.imports.problems import ImportRefused
from data.people import access, cycle, entry, users
from data.reporting import evaluation, publication
from tests import council_quarter
from tests.imports.test_layouts_import import csv_bytes

TODAY = date(2019, 11, 20)
Q2 = "2019/20 Q2"
PASSWORD = "a long enough password"


@pytest.fixture
def council(engine, tmp_path, monkeypatch):
    """The council's own 2019/20 Q2 (tests/council_quarter.py: 32 measures with hand-worked statuses)."""
    monkeypatch.setenv("TODAY", TODAY.isoformat())
    intake.import_file(engine, council_quarter.write_csv_folder(tmp_path / "q2"), today=TODAY, author="ann")
    return engine


def events(engine, field):
    with engine.connect() as conn:
        return conn.execute(select(AuditEvent.period, AuditEvent.author, AuditEvent.old, AuditEvent.new,
                                   AuditEvent.code, AuditEvent.source)
                            .where(AuditEvent.field == field).order_by(AuditEvent.id)).all()


def number(engine):
    with engine.connect() as conn:
        return version.number(conn)


# --- publication with an embargo ------------------------------------------------------------------

def test_an_embargoed_quarter_becomes_public_by_itself_when_its_release_time_passes(council, monkeypatch):
    release = datetime(2019, 11, 21, 9, 30, tzinfo=timezone.utc)
    before = number(council)
    with council.begin() as conn:
        assert access.publish(conn, Q2, "olga", release_at=release) == [Q2]
    assert number(council) == before + 1
    with council.connect() as conn:
        assert access.published_quarters(conn, at=release - timedelta(minutes=1)) == set()
        assert {p.label for p in access.published_quarters(conn, at=release)} == {Q2}
        [row] = access.publications(conn, at=release - timedelta(minutes=1))
        assert row["release_at"] == release and row["public"] is False and row["published_by"] == "olga"
    monkeypatch.setattr(clock, "now", lambda: release - timedelta(seconds=1))
    with council.connect() as conn:
        assert access.visible_periods(conn, access.PUBLIC) == []
        waiting = evaluation.scope(conn, access.PUBLIC)
    monkeypatch.setattr(clock, "now", lambda: release + timedelta(seconds=1))
    with council.connect() as conn:    # no write happened: the read itself sees the embargo has passed
        assert [p.label for p in access.visible_periods(conn, access.PUBLIC)] == [Q2, "2019/20"]
        assert evaluation.scope(conn, access.PUBLIC) != waiting
    assert [(p, a, n) for p, a, _, n, *_ in events(council, "publication")] == [
        (Q2, "olga", '"published from 2019-11-21 09:30 UTC"')]


def test_rescheduling_and_withdrawing_are_audited_and_bump_the_version(council):
    with council.begin() as conn:
        access.publish(conn, Q2, "olga", release_at=datetime(2030, 1, 1, tzinfo=timezone.utc))
    with council.begin() as conn:
        assert access.publish(conn, Q2, "olga", release_at=datetime(2030, 1, 1, tzinfo=timezone.utc)) == []
        assert access.publish(conn, Q2, "olga") == [Q2]          # now, with no embargo
    with council.connect() as conn:
        assert {p.label for p in access.published_quarters(conn)} == {Q2}
    before = number(council)
    with council.begin() as conn:
        assert access.unpublish(conn, Q2, "olga") == 1
    assert number(council) == before + 1
    assert [(o, n) for _, _, o, n, *_ in events(council, "publication")] == [
        (None, '"published from 2030-01-01 00:00 UTC"'), ('"published from 2030-01-01 00:00 UTC"', '"published"'),
        ('"published"', None)]


def test_the_preview_shows_the_public_figures_of_a_period_not_yet_published(council):
    with council.connect() as conn:
        shown = publication.preview(conn, Q2)
        assert access.published_quarters(conn) == set()   # previewing publishes nothing
    assert shown.counts == council_quarter.PUBLISHED_COUNTS and not shown.already_public
    assert shown.headline.startswith("Of 32 measures, 15 are on target or within tolerance")
    a04 = shown.results.set_index("code").loc["A04"]
    assert (a04["value_text"], a04["target_text"]) == ("0.85%", "0.75%")
    assert set(shown.results["owner"]) == {"Officer"}
    with council.begin() as conn:
        access.set_council_setting(conn, "show_officer_names", "0")
    with council.connect() as conn:
        assert set(publication.preview(conn, Q2).results["owner"]) == {None}   # as the public would see it
    with pytest.raises(ValueError, match="not a month"):
        with council.connect() as conn:
            publication.preview(conn, "2019-08")


def test_a_draft_never_reaches_the_preview(council):
    with council.begin() as conn:
        conn.execute(Observation.__table__.update().where(Observation.period == Q2).values(state="draft"))
    with council.connect() as conn:
        results = publication.preview(conn, Q2).results.set_index("code")
    assert results.loc["A01", "value"] != results.loc["A01", "value"] and results.loc["A01", "status"].value == "no_data"


# --- the reporting cycle --------------------------------------------------------------------------

def test_due_dates_submitted_and_late_returns(council):
    with council.connect() as conn:
        services = loaders.services(conn).set_index("name")["id"]
    first, second = int(services["Resources service 1"]), int(services["Place service 2"])
    with council.begin() as conn:
        assert cycle.set_due(conn, Q2, date(2019, 10, 31), by="olga") == len(services)
        assert cycle.set_due(conn, Q2, date(2019, 12, 31), [second], by="olga") == 1
    with council.begin() as conn:   # one service's figures are still drafts: not returned
        ids = loaders.measures(conn, service="resources-service-1")["id"].tolist()
        conn.execute(Observation.__table__.update().where(Observation.measure_id == int(ids[0]))
                     .values(state="draft"))
    with council.connect() as conn:
        shown = cycle.cycle(conn, Q2, today=date(2019, 11, 20))
    by_id = {r["service_id"]: r for r in shown.returns}
    late = by_id[first]
    assert late["status"] == "late" and late["returned"] < late["expected"] and late["missing"]
    assert by_id[second]["due_on"] == date(2019, 12, 31)
    assert [r["service"] for r in shown.chase] == ["Resources service 1"] + [
        r["service"] for r in shown.returns if r["status"] == "late" and r["service_id"] != first]
    assert all(r["status"] in ("returned", "late", "due") for r in shown.returns)
    with council.connect() as conn:   # before the due date nobody is late
        assert cycle.cycle(conn, Q2, today=date(2019, 10, 1)).chase == []
    assert {e[1] for e in events(council, "due date")} == {"olga"}
    with pytest.raises(cycle.CycleError, match="not a quarter"):
        with council.begin() as conn:
            cycle.set_due(conn, "2019/20", date(2019, 10, 31))


def test_a_monthly_measure_expects_three_figures_a_quarterly_one_and_an_annual_one_in_q4():
    q2, q4 = cycle.quarter(Q2), cycle.quarter("2019/20 Q4")
    assert cycle.expected_figures({"frequency": "monthly"}, q2) == ["2019-07", "2019-08", "2019-09"]
    assert cycle.expected_figures({"frequency": "quarterly"}, q2) == [Q2]
    assert cycle.expected_figures({"frequency": "annual"}, q2) == []
    assert cycle.expected_figures({"frequency": "annual"}, q4) == ["2019/20"]
    assert cycle.expected_figures({"frequency": "monthly", "retired_on": date(2019, 8, 1)}, q2) == ["2019-07"]


# --- closed periods ---------------------------------------------------------------------------------

def changed_file(value):
    rows = [["Ref", "Title", "Directorate", "Service", "Polarity", "Frequency", "Period", "Value"],
            ["A01", "Measure A01", "Resources", "Resources service 1", "higher", "quarterly", Q2, value]]
    return csv_bytes(rows)


def a01(engine):
    with engine.connect() as conn:
        return conn.execute(select(Observation.value).join_from(Observation, loaders_measure())
                            .where(Observation.period == Q2, loaders_measure().c.code == "A01")).scalar()


def loaders_measure():
    from data.core.models import Measure
    return Measure.__table__


def test_a_closed_quarter_refuses_imports_and_entry_except_a_correction_with_its_reason(council):
    with council.begin() as conn:
        assert locks.lock(conn, Q2, by="olga") == [Q2]
    with pytest.raises(ImportRefused, match="2019/20 Q2 is closed"):
        intake.import_file(council, changed_file(91), "late.csv", today=TODAY)
    assert a01(council) == 90
    intake.import_file(council, changed_file(90), "same.csv", today=TODAY)   # the same figure changes nothing
    prepared = intake.prepare(council, changed_file(91), "fix.csv", today=TODAY)
    intake.commit(council, prepared, author="olga", correction="typo in the return")
    assert a01(council) == 91
    with council.connect() as conn:
        h = audit.browse(conn, code="A01")
    assert h.iloc[0]["source"].startswith("correction: typo in the return (fix.csv")
    with pytest.raises(catalogue.CatalogueError, match="closed"):
        catalogue.correct_value(council, "A01", Q2, "92", "", author="olga")
    catalogue.correct_value(council, "A01", Q2, "92", "Service re-counted", author="olga")
    assert a01(council) == 92
    with council.begin() as conn:
        assert locks.unlock(conn, Q2, by="olga") == [Q2]
    intake.import_file(council, changed_file(93), "open.csv", today=TODAY)
    assert a01(council) == 93
    assert [(n) for _, _, _, n, *_ in events(council, "lock")] == ['"closed"', '"open"']


def test_restoring_into_a_closed_quarter_needs_a_reason(council):
    catalogue.correct_value(council, "A01", Q2, "95", None, author="olga")
    with council.connect() as conn:
        change = audit.browse(conn, code="A01", source="workbench").iloc[0]
    with council.begin() as conn:
        locks.lock(conn, "2019/20", by="olga")       # a year closes its four quarters
    with pytest.raises(audit.RestoreError, match="closed"):
        audit.restore(council, int(change["id"]), author="olga")
    assert audit.restore(council, int(change["id"]), author="olga", reason="wrong figure") == \
        "A01 2019/20 Q2 value restored to 90"
    with council.connect() as conn:
        assert audit.browse(conn, code="A01").iloc[0]["source"] == \
            f"correction: wrong figure (restore of change {change['id']})"


def test_entry_and_sign_off_refuse_a_closed_quarter(council):
    with council.begin() as conn:   # A01's Q2 figure not yet entered
        conn.execute(Observation.__table__.delete().where(Observation.period == Q2, Observation.measure_id == int(
            loaders.measures(conn, code="A01")["id"].iloc[0])))
        locks.lock(conn, Q2, by="olga")
    with council.connect() as conn:
        rows = entry.form(conn, "resources-service-1", cycle.quarter(Q2).months()[-1])
    assert not rows.empty
    row = rows.set_index("code").loc["A01"]
    assert row["state"] is None
    result = entry.save(council, rows, {int(row["measure_id"]): ("1", "")}, author="eddie")
    assert not result.ok and "2019/20 Q2 is closed" in result.problems["A01"]
    with pytest.raises(locks.Locked):
        entry.change_state(council, rows, "reopen", author="olga")


# --- measures and targets ------------------------------------------------------------------------------

NEW = {"code": "NEW1", "title": "Food hygiene inspections on time", "description": "", "directorate": "Place",
       "service": "Place service 1", "priority": "", "owner": "Env health", "unit": "%", "decimals": "1",
       "polarity": "higher", "frequency": "quarterly", "kind": "target", "rollup": "mean", "tolerance": "5",
       "tolerance_type": "percent"}


def test_define_edit_and_retire_a_measure_with_its_definition_dated_in_the_trail(council):
    before = number(council)
    catalogue.save_measure(council, NEW, author="olga", new=True)
    assert number(council) > before
    with pytest.raises(catalogue.CatalogueError, match="already a measure"):
        catalogue.save_measure(council, NEW, author="olga", new=True)
    catalogue.save_measure(council, {**NEW, "tolerance": "10", "title": "Inspections on time"}, author="olga",
                           new=False)
    fields = catalogue.measure_fields(council, "NEW1")
    assert fields["tolerance"] == 10 and fields["title"] == "Inspections on time"
    catalogue.set_target(council, "NEW1", "2019/20", "95", author="olga")
    catalogue.correct_value(council, "NEW1", Q2, "96.5%", None, author="olga")
    assert catalogue.retire(council, "NEW1", date(2020, 4, 1), author="olga").startswith("NEW1 retired from")
    with council.connect() as conn:
        h = audit.browse(conn, code="NEW1")
        kept = loaders.figures(conn, loaders.measures(conn, code="NEW1")["id"])
    definitions = h[h["field"] == "definition"]
    assert len(definitions) == 3 and definitions["at"].notna().all()
    edit = definitions.iloc[1]
    assert "tolerance: 5" in edit["old_text"] and "tolerance: 10" in edit["new_text"]
    assert "polarity" not in edit["new_text"]          # only what changed
    assert definitions.iloc[0]["new_text"] == "retired_on: 2020-04-01"
    assert set(h["field"]) >= {"definition", "target", "value"}
    values, targets = next(iter(kept.values()))
    assert [v for v in values.values()] == [96.5] and list(targets.values()) == [95]   # history kept
    assert catalogue.measure_fields(council, "NEW1")["retired_on"] == date(2020, 4, 1)


@pytest.mark.parametrize(("change", "field", "words"), [
    ({"polarity": "up"}, "polarity", "'up' is not one of higher, lower, none"),
    ({"title": ""}, "title", "is empty"),
    ({"tolerance": "lots"}, "tolerance", "lots"),
])
def test_a_bad_measure_is_refused_naming_the_field_and_nothing_is_written(council, change, field, words):
    before = number(council)
    with pytest.raises(catalogue.CatalogueError) as refused:
        catalogue.save_measure(council, {**NEW, **change}, author="olga", new=True)
    assert words in refused.value.problems[field]
    assert catalogue.measure_fields(council, "NEW1") is None and number(council) == before


def test_targets_by_year_quarter_and_month_and_bad_ones_refused(council):
    for code, period, target in (("A01", "2020/21", "80"), ("A01", "2020/21 Q1", "78"), ("A07", "2020-05", "£77,500")):
        catalogue.set_target(council, code, period, target, author="olga")
    with council.connect() as conn:
        targets = loaders.figures(conn, loaders.measures(conn)["id"])
        ids = loaders.measures(conn).set_index("code")["id"]
    assert sorted(targets[ids["A01"]][1].values()) == [78, 80, 90]
    assert sorted(targets[ids["A07"]][1].values()) == [77_500, 1_200_000]
    with pytest.raises(catalogue.CatalogueError, match="is a month but A01 is reported quarterly"):
        catalogue.set_target(council, "A01", "2020-05", "80", author="olga")
    with pytest.raises(catalogue.CatalogueError):
        catalogue.set_target(council, "A01", "next year", "80", author="olga")
    with pytest.raises(catalogue.CatalogueError):
        catalogue.set_target(council, "NOPE", "2020/21", "80", author="olga")
    with pytest.raises(catalogue.CatalogueError):
        catalogue.set_target(council, "A01", "2020/21", "eighty", author="olga")


# --- accounts ------------------------------------------------------------------------------------------

def test_account_changes_are_audited_without_passwords(council):
    with council.begin() as conn:
        users.create(conn, "sam", PASSWORD, role="editor", services=["resources-service-1"], by="olga")
        users.set_role(conn, "sam", "member", services=[], by="olga")
        temporary = users.reset_password(conn, "sam", by="olga")
        users.set_active(conn, "sam", False, by="olga")
    with council.begin() as conn:
        assert users.authenticate(conn, "sam", temporary) is None       # deactivated
        users.set_active(conn, "sam", True, by="olga")
        assert users.authenticate(conn, "sam", temporary) is not None
        assert users.authenticate(conn, "sam", PASSWORD) is None
    trail = events(council, "account")
    assert [e.author for e in trail] == ["olga"] * 5 and {e.code for e in trail} == {"sam"}
    assert '"role": "member"' in trail[1].new and '"services": "resources-service-1"' in trail[1].old
    assert all(temporary not in (e.new or "") and PASSWORD not in (e.new or "") for e in trail)


# --- browsing the audit trail -------------------------------------------------------------------------

def test_browse_by_measure_person_source_and_day(council):
    catalogue.correct_value(council, "A02", Q2, "86", None, author="bob")
    with council.connect() as conn:
        everything = audit.browse(conn)
        by_bob = audit.browse(conn, author="BOB")
        from_file = audit.browse(conn, source="VALUES row 4")
        today = everything.iloc[0]["at"].date()
        on_the_day = audit.browse(conn, since=today, until=today)
        before = audit.browse(conn, until=today - timedelta(days=1))
    assert set(by_bob["code"]) == {"A02"} and set(by_bob["author"]) == {"bob"}
    assert len(from_file) > 0 and from_file["source"].str.contains("values row 4").all()
    assert len(on_the_day) == len(everything) and before.empty
    assert list(everything["id"]) == sorted(everything["id"], reverse=True)


def test_the_command_line_publishes_with_an_embargo_and_imports_a_correction(council, monkeypatch, tmp_path):
    from click.testing import CliRunner
    from commands import accounts, figures
    monkeypatch.setattr("data.core.db.engine", lambda: council)
    monkeypatch.setattr("data.core.db.upgrade", lambda *a: None)
    run = CliRunner().invoke
    assert run(accounts.publish_period, [Q2, "--release", "2030-06-01 09:30"]).exit_code == 0
    with council.connect() as conn:
        [row] = access.publications(conn)
    assert row["release_at"] == datetime(2030, 6, 1, 8, 30, tzinfo=timezone.utc) and not row["public"]   # BST
    bad = run(accounts.publish_period, [Q2, "--release", "June"])
    assert bad.exit_code == 2 and "not a date" in bad.output
    with council.begin() as conn:
        locks.lock(conn, Q2)
    (tmp_path / "fix.csv").write_bytes(changed_file(91))
    refused = run(figures.import_command, [str(tmp_path / "fix.csv")])
    assert refused.exit_code == 1 and "2019/20 Q2 is closed" in refused.output
    assert run(figures.import_command, [str(tmp_path / "fix.csv"), "--correction", "re-count"]).exit_code == 0
    assert a01(council) == 91
