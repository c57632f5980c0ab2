"""The workbench's benchmarks section (issue 18), as an officer, on SQLite and PostgreSQL: a benchmark file (long or
wide) checked with row-level messages and stored all or nothing, the datasets listed with source, licence and date
retrieved, a comparator group from a CSV, links checked for units and polarity, and the council's default peer
group; hostile input refused with a message naming what and where, nothing written. Then the access rule: nobody
but an officer reaches these callbacks."""

from __future__ import annotations

import base64
import json

import pytest
from sqlalchemy import func, select

import app  # noqa: F401  registers the pages and callbacks
from callbacks import workbench_benchmarks as actions
from dashboards import ids
from dashboards import workbench as page
from dashboards.workbench_benchmarks_view import target_value
from data.core.models import BenchmarkGroup, BenchmarkValue
from data.imports import benchmarks
from data.people import access
from tests.benchmarking.test_import import LONG
from tests.conftest import database_url, point_app_at
from tests.pages.render import by_id, text_of
from tests.people.test_read_scope import OFFICER, as_viewer
from tests.security.test_security import _innermost, all_callbacks, signed_in, snapshot

SEARCH = "?section=benchmarks"
CALLS = LONG.replace("Smoking prevalence,%,lower", "Calls abandoned,%,lower")       # CS02 is % with lower better
WIDE = "Area Code,Area Name,Indicator ID,Unit,2021/22,2022/23\nE1,Alpha,W1,%,1.5,2.5\nE2,Beta,W1,%,3,\n"
EMPTY_FORM = {name: "" for name in ids.WORKBENCH_BENCH_FIELDS}


@pytest.fixture
def bench_council(demo_copy, monkeypatch):
    """A copy of the demo council (each backend) with the app pointed at it."""
    yield from point_app_at(database_url(demo_copy), monkeypatch, TODAY="2026-12-01", REDIS_URL=None)


def upload(text: str | bytes, kind: str = "text/csv") -> str:
    data = text.encode() if isinstance(text, str) else text
    return f"data:{kind};base64,{base64.b64encode(data).decode()}"


def as_officer(callback, *args, **kwargs):
    with as_viewer(OFFICER):
        return callback(*args, **kwargs)


def words(component) -> str:
    return " ".join(text_of(component).split())


def check(text, filename="fingertips.csv", **form):
    return words(as_officer(actions.check_benchmark_file, upload(text), None, filename, {**EMPTY_FORM, **form}))


def store(text, filename="fingertips.csv", **form):
    message, body = as_officer(actions.store_benchmark_file, 1, {"contents": upload(text), "filename": filename},
                               {**EMPTY_FORM, **form}, SEARCH)
    return words(message), body


def figures(engine) -> int:
    with engine.connect() as conn:
        return conn.scalar(select(func.count()).select_from(BenchmarkValue))


def test_the_section_lists_datasets_groups_links_and_the_default_group(bench_council):
    with as_viewer(OFFICER):
        tree = page.layout(render="page", section="benchmarks")
    shown = words(by_id(tree, ids.WORKBENCH_BENCH_DATASETS))
    assert ("Demo family benchmarking (invented) Invented for the demo council (data/demo/peers.py) "
            "None: invented figures 1 Nov 2026 555") in shown
    assert "Demo nearest neighbours demo-nearest-neighbours 8" in words(by_id(tree, ids.WORKBENCH_GROUPS))
    assert "HR01 BM-HR01 Sickness absence days per FTE" in words(by_id(tree, ids.WORKBENCH_LINKS))
    default = by_id(tree, ids.WORKBENCH_PEERS_DEFAULT)
    assert default.value == "all-areas"
    assert [o["label"] for o in default.options] == ["All areas (the council's default)", "Family group Family A",
                                                     "Demo nearest neighbours"]
    assert by_id(tree, ids.WORKBENCH_LINK_AREA).value == "Demo District Council"


def test_a_file_is_checked_then_stored_and_listed_with_its_source(bench_council):
    before = figures(bench_council)
    said = check(CALLS, name="Calls", source="Fingertips", licence="OGL v3", retrieved="2024-05-01")
    assert said.startswith("Done: Would import fingertips.csv as benchmark dataset 'Calls': 9 figures of 1 measures "
                           "for 5 areas (1 blank") and "Nothing is stored yet" in said
    assert figures(bench_council) == before                               # checking stores nothing
    said, body = store(CALLS, name="Calls", source="Fingertips", licence="OGL v3", retrieved="2024-05-01")
    assert said.startswith("Done: Imported fingertips.csv as benchmark dataset 'Calls': 9 figures")
    assert figures(bench_council) == before + 9
    assert "Calls Fingertips OGL v3 1 May 2024 9" in words(by_id(body, ids.WORKBENCH_BENCH_DATASETS))
    said, body = store(WIDE, "wide.csv", layout="wide", polarity="higher")
    assert "as benchmark dataset 'wide': 3 figures of 1 measures for 2 areas (1 blank" in said
    assert "wide wide.csv not stated" in words(by_id(body, ids.WORKBENCH_BENCH_DATASETS))
    targets = [o["value"] for o in by_id(body, ids.WORKBENCH_LINK_TARGET).options]
    assert target_value("Calls", "P1") in targets and target_value("wide", "W1") in targets


@pytest.mark.parametrize(("text", "filename", "form", "expected"), [
    ("Area Name,Indicator ID,Time period,Value\nAlpha,P1,2022/23,lots\nBeta,P1,2022/23,1\nGamma,P1,someday,2\n",
     "bad.csv", {}, ["nothing was written; 2 problems:", "bad, row 2, column Value: 'lots' is not a number",
                     "bad, row 4, column Time period: 'someday' is not a period"]),
    ("Area Name,Indicator ID,Time period,Value\n" + "A" * 300 + ",P1,2022/23,1\n", "long.csv", {},
     ["long, row 2, column Area Name: the area name is 300 characters long; at most 200 are kept"]),
    (CALLS, "ok.csv", {"mapping": '{"measures": {"file": "/etc/passwd"}}'},
     ["mapping, column measures: the mapping names a measures file ('/etc/passwd'): only the command line reads "
      "one"]),
    (CALLS, "ok.csv", {"mapping": "{not json"}, ["the mapping: not a readable mapping file"]),
    (CALLS, "ok.csv", {"mapping": '{"scale": {"%": "lots"}, "layout": "diagonal"}'},
     ["mapping, column scale: %: must be a number"]),
    (CALLS, "ok.csv", {"polarity": "P1=sideways"}, ["polarity of P1: 'sideways' is not higher, lower or none"]),
    (CALLS, "ok.csv", {"retrieved": "yesterday"}, ["retrieved_on: 'yesterday' is not a date (write 2024-03-20)"]),
    (CALLS, "ok.csv", {"name": "N" * 250}, ["dataset, column name: the name is 250 characters long"]),
    (b"PK\x03\x04 not really a workbook", "book.xlsx", {}, ["book.xlsx"]),
    ("", "empty.csv", {}, ["The file could not be read"]),
])
def test_bad_files_and_forms_are_refused_whole_naming_where(bench_council, text, filename, form, expected):
    before = snapshot(bench_council)
    for said in (check(text, filename, **form), store(text, filename, **form)[0]):
        assert said.startswith("Not done: "), said
        assert all(e in said for e in expected), said
    assert snapshot(bench_council) == before


def test_hostile_uploads_are_refused_with_a_message(bench_council):
    before = snapshot(bench_council)
    crafted = as_officer(actions.check_benchmark_file, upload(CALLS), None, "\x00evil.csv", EMPTY_FORM)
    assert "holds control characters" in words(crafted)
    garbled = as_officer(actions.check_benchmark_file, "data:text/csv;base64,@@@not base64", None, "x.csv",
                         EMPTY_FORM)
    assert "The file could not be read" in words(garbled)
    nothing = as_officer(actions.store_benchmark_file, 1, {"contents": None, "filename": None}, EMPTY_FORM, SEARCH)
    assert "choose the file first" in words(nothing[0]) and nothing[1] is actions.no_update
    assert as_officer(actions.check_benchmark_file, None, None, None, EMPTY_FORM) is actions.no_update
    assert snapshot(bench_council) == before


def test_a_comparator_group_is_saved_from_a_csv(bench_council):
    message, body = as_officer(actions.save_comparator_group, 1, upload("GSS code,Name\nE2,Beta\nE3,Gamma\nE4,\n"),
                               "neighbours.csv", "Our CIPFA neighbours", "", SEARCH)
    assert words(message) == ("Done: Group 'Our CIPFA neighbours' saved with 3 areas: compare with it on a measure "
                              "page (?peers=our-cipfa-neighbours), or make it the council's peer group.")
    assert "Our CIPFA neighbours our-cipfa-neighbours 3 neighbours.csv" in words(by_id(body, ids.WORKBENCH_GROUPS))
    typed = as_officer(actions.save_comparator_group, 1, None, None, "Typed", "Ashcombe, Brackenford\nCalder Vale",
                       SEARCH)
    assert "saved with 3 areas" in words(typed[0])
    before = snapshot(bench_council)
    for contents, name, areas, expected in (
            (None, "Nobody", "", "choose the group's CSV of area codes, or type its areas"),
            (None, "  ", "E1", "give the group a name"),
            (None, "All", "E1", "'All' is the name of a built-in choice (?peers=all)"),
            (upload(",\n,\n"), "Blank", "", "the file lists no areas"),
            (None, "Long", "X" * 201, "area number 1 ('XXXXXXXXXXXXXXXXXXXXXXXXXXXXXX'...) is 201 characters long")):
        message, body = as_officer(actions.save_comparator_group, 1, contents, "g.csv", name, areas, SEARCH)
        assert words(message).startswith("Not done: ") and expected in words(message), words(message)
        assert body is actions.no_update
    assert snapshot(bench_council) == before
    with bench_council.connect() as conn:
        assert conn.scalar(select(func.count()).select_from(BenchmarkGroup)) == 3


def test_links_check_units_and_polarity_and_can_be_removed(bench_council):
    store(CALLS, name="Calls")
    refused = as_officer(actions.save_benchmark_link, 1, "HR01", target_value("Calls", "P1"), "", "", SEARCH)
    assert "units differ: HR01 is in 'days', P1 in '%'" in words(refused[0]) and refused[1] is actions.no_update
    nowhere = as_officer(actions.save_benchmark_link, 1, "CS02", target_value("Calls", "P1"), "", "", SEARCH)
    assert "the council's area 'Demo District Council' is not in dataset 'Calls'" in words(nowhere[0])
    for target in ("not json", json.dumps(["Calls"]), json.dumps([1, 2]), None):
        bad = as_officer(actions.save_benchmark_link, 1, "CS02", target, "Alpha", "", SEARCH)
        assert "choose the benchmark measure from the list" in words(bad[0])
    message, body = as_officer(actions.save_benchmark_link, 1, "CS02", target_value("Calls", "P1"), "Alpha",
                               "ours counts callbacks", SEARCH)
    assert words(message) == ("Done: CS02 compared with P1 (Calls abandoned) in Calls, as Alpha; definitions differ: "
                              "ours counts callbacks")
    assert "CS02 P1 Calls abandoned Calls Alpha ours counts callbacks" in words(by_id(body, ids.WORKBENCH_LINKS))
    with bench_council.connect() as conn:
        link = benchmarks.links(conn).set_index("code").loc["CS02"]
    assert (link["benchmark_code"], link["area"]) == ("P1", "Alpha")
    removed = as_officer(actions.remove_benchmark_link, 1, "CS02", SEARCH)
    assert words(removed[0]) == "Done: CS02: link removed."
    assert "CS02" not in words(by_id(removed[1], ids.WORKBENCH_LINKS))


def test_the_default_peer_group_is_chosen_here(bench_council):
    message, body = as_officer(actions.set_default_peer_group, 1, "family", SEARCH)
    assert words(message) == "Done: Pages now compare with family group Family A unless their address names another group."
    assert by_id(body, ids.WORKBENCH_PEERS_DEFAULT).value == "family"
    with bench_council.connect() as conn:
        assert access.council_setting(conn, benchmarks.GROUP_SETTING) == "family"
    before = snapshot(bench_council)
    refused = as_officer(actions.set_default_peer_group, 1, "'; DROP TABLE measure; --", SEARCH)
    assert "there is no comparator group \"'; DROP TABLE measure; --\": choose one of all, family" in words(refused[0])
    assert snapshot(bench_council) == before
    back = as_officer(actions.set_default_peer_group, 1, "all-areas", SEARCH)
    assert "Pages now compare with all areas" in words(back[0])


# --- only officers -------------------------------------------------------------------------------------------

BENCHMARK_CALLBACKS = sorted(name for name in dir(actions) if getattr(getattr(actions, name), "_required_role", None)
                             and getattr(getattr(actions, name), "__module__", "") == actions.__name__)


def key_of(function_name: str) -> str:
    return next(k for k, e in all_callbacks().items()
                if e.get("callback") and _innermost(e["callback"]).__name__ == function_name
                and _innermost(e["callback"]).__module__ == actions.__name__)


def test_every_benchmarks_callback_is_for_officers_and_registered():
    assert len(BENCHMARK_CALLBACKS) == 6
    for name in BENCHMARK_CALLBACKS:
        assert getattr(actions, name)._required_role == "officer", name
        key_of(name)


@pytest.mark.parametrize("name", BENCHMARK_CALLBACKS)
@pytest.mark.parametrize("who", [None, "pat", "mina", "eddie"])
def test_crafted_requests_are_refused_and_change_nothing(council, name, who):
    visitor = signed_in(who)
    before = snapshot(council)
    response = visitor.callback(key_of(name), {
        (ids.WORKBENCH_BENCH_UPLOAD, "contents"): upload(CALLS), (ids.WORKBENCH_BENCH_UPLOAD, "filename"): "x.csv",
        (ids.WORKBENCH_PEERS_DEFAULT, "value"): "family", (ids.WORKBENCH_LINK_MEASURE, "value"): "HR01",
        (ids.WORKBENCH_GROUP_NAME, "value"): "Sneaky", (ids.WORKBENCH_GROUP_AREAS, "value"): "E1"})
    assert response.status_code in (401, 403)
    assert snapshot(council) == before


def test_every_change_of_benchmark_data_and_settings_is_in_the_audit_trail(bench_council, monkeypatch):
    """A dataset stored, a group saved, a measure linked and unlinked, the default group changed: each one event,
    with who (the signed-in user, as the workbench's other sections record them) and where from; choosing the same
    default again, or a check that stores nothing, adds none."""
    from data.core.models import AuditEvent
    from security import identity
    monkeypatch.setattr(identity, "author", lambda: "olga")

    def events():
        with bench_council.connect() as conn:
            rows = conn.execute(select(AuditEvent.field, AuditEvent.code, AuditEvent.author, AuditEvent.source,
                                       AuditEvent.old, AuditEvent.new)
                                .where(AuditEvent.field.in_(("benchmark", "setting"))).order_by(AuditEvent.id))
            return [(*r[:4], json.loads(r[4]) if r[4] else None, json.loads(r[5]) if r[5] else None) for r in rows]
    demo = events()                 # the demo council's own peers, stored and linked as it was loaded
    assert {f for f, *_ in demo} == {"benchmark"}
    check(CALLS, name="Calls")
    assert events() == demo                                                 # a check stores nothing
    had = figures(bench_council)
    store(CALLS, name="Calls")
    as_officer(actions.save_comparator_group, 1, None, None, "Typed", "Alpha, Beta", SEARCH)
    as_officer(actions.save_benchmark_link, 1, "CS02", target_value("Calls", "P1"), "Alpha", "", SEARCH)
    as_officer(actions.remove_benchmark_link, 1, "CS02", SEARCH)
    as_officer(actions.set_default_peer_group, 1, "family", SEARCH)
    as_officer(actions.set_default_peer_group, 1, "family", SEARCH)      # the same again: no change
    found = events()[len(demo):]
    assert [(f, c, a, s) for f, c, a, s, _, _ in found] == [
        ("benchmark", "Calls", "olga", "workbench: fingertips.csv"), ("benchmark", "typed", "olga", "workbench"),
        ("benchmark", "CS02", "olga", "workbench"), ("benchmark", "CS02", "olga", "workbench"),
        ("setting", benchmarks.GROUP_SETTING, "olga", "workbench")]
    stored_, group, linked, unlinked, setting = (e[4:] for e in found)
    assert stored_[0] is None and stored_[1]["dataset"] == "Calls" and stored_[1]["values"] == figures(bench_council) - had > 0
    assert group == (None, {"group": "Typed", "areas": ["Alpha", "Beta"], "from": None})
    assert linked[0] == {"benchmark": "BM-CS02", "area": "Demo District Council", "note": None}   # the demo's link
    assert (linked[1]["benchmark"], linked[1]["dataset"], linked[1]["area"]) == ("P1", "Calls", "Alpha")
    assert unlinked == ({"benchmark": "P1", "area": "Alpha"}, None)
    assert setting == ("all", "family")
