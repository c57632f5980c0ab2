"""The workbench's benchmarks section: check and store a benchmark file, save a comparator group, link a council
measure to a benchmark measure, and choose the council's default peer group. Each goes through the functions the
command line uses (`data.imports.benchmark_files`, `data.imports.benchmarks`, the council setting), so the checks,
the all-or-nothing store and the data version bump are theirs. Officers only, as every workbench action."""

from __future__ import annotations

import json
import re

from dash import Input, Output, State, callback, no_update

from callbacks.workbench import NOT_ALLOWED, SEARCH, act, answer, refusal
from dashboards import ids
from dashboards import workbench_view as view
from dashboards.import_view import upload_limit_mb
from data.core import db, settings
from data.imports import benchmark_files, benchmarks, pending
from data.imports.problems import ImportRefused
from data.imports.sheets import display_name
from data.people import access
from data.reporting import benchmarking, workbench
from security import identity, requires

FORM = {name: State(component_id, "value") for name, component_id in ids.WORKBENCH_BENCH_FIELDS.items()}
UPLOAD = dict(contents=State(ids.WORKBENCH_BENCH_UPLOAD, "contents"),
              filename=State(ids.WORKBENCH_BENCH_UPLOAD, "filename"))


def uploaded(contents, filename, what: str = "file") -> tuple[bytes, str]:
    """An upload's bytes and a name safe to show; a ValueError saying why for what cannot be read."""
    if not contents:
        raise ValueError(f"choose the {what} first: drag it onto the box, or choose it")
    if pending.crafted_name(filename):
        raise pending.UploadRefused(pending.CRAFTED_NAME)
    return pending.decode(contents, upload_limit_mb()), display_name(filename)


def checked(contents, filename, form: dict):
    """(the checked BenchmarkFile, its name): read as the command line reads it, with the form as its options."""
    content, name = uploaded(contents, filename)
    return benchmark_files.read(content, workbench.benchmark_mapping(form), filename=name), name


def stored(name: str, read, counts: dict, dry_run: bool) -> list[str]:
    return [benchmarks.stored_words(name, counts, dry_run), *(f"note: {n}" for n in read.notes)]


@requires("officer")
@callback(output=Output(ids.WORKBENCH_MESSAGE, "children", allow_duplicate=True),
          inputs=dict(contents=Input(ids.WORKBENCH_BENCH_UPLOAD, "contents"),
                      _clicks=Input(ids.WORKBENCH_BENCH_CHECK, "n_clicks"),
                      filename=State(ids.WORKBENCH_BENCH_UPLOAD, "filename"), form=FORM),
          prevent_initial_call=True)
def check_benchmark_file(contents, _clicks, filename, form):
    """Once a file is chosen (or Check is pressed): what storing it would do, or every problem; nothing is kept."""
    if not contents and not _clicks:
        return no_update
    if not identity.viewer().at_least("officer"):
        return view.message(NOT_ALLOWED, ok=False)
    try:
        read, name = checked(contents, filename, form)
        counts = benchmarks.store_file(db.engine(), read, dry_run=True)
    except (ImportRefused, ValueError) as refused:
        return refusal(refused)
    return view.message([*stored(name, read, counts, True), "Nothing is stored yet: choose Store the dataset."])


@requires("officer")
@callback(output=answer("benchmarks"),
          inputs=dict(_clicks=Input(ids.WORKBENCH_BENCH_STORE, "n_clicks"), upload=UPLOAD, form=FORM, search=SEARCH),
          prevent_initial_call=True)
def store_benchmark_file(_clicks, upload, form, search):
    def change():
        read, name = checked(upload["contents"], upload["filename"], form)
        return stored(name, read, benchmarks.store_file(db.engine(), read, by=identity.author(),
                                                         source=f"workbench: {name}"[:300]), False)
    return act(_clicks, search, change)


@requires("officer")
@callback(*answer("benchmarks"), Input(ids.WORKBENCH_GROUP_SAVE, "n_clicks"),
          State(ids.WORKBENCH_GROUP_UPLOAD, "contents"), State(ids.WORKBENCH_GROUP_UPLOAD, "filename"),
          State(ids.WORKBENCH_GROUP_NAME, "value"), State(ids.WORKBENCH_GROUP_AREAS, "value"), SEARCH,
          prevent_initial_call=True)
def save_comparator_group(_clicks, contents, filename, name, areas, search):
    def change():
        name_ = str(name or "").strip()
        if contents:
            content, source = uploaded(contents, filename, "group's CSV")
            listed = benchmark_files.read_group_file(content, source)
        elif str(areas or "").strip():
            listed, source = re.split(r"[,;\n]+", str(areas)), None
        else:
            raise ValueError("choose the group's CSV of area codes, or type its areas")
        slug = benchmarks.group_slug(name_)
        count = benchmarks.save_group(db.engine(), slug, name_, listed, source=source, by=identity.author(),
                                      via="workbench")
        return (f"Group {name_!r} saved with {count} areas: compare with it on a measure page (?peers={slug}), "
                "or make it the council's peer group.")
    return act(_clicks, search, change)


def _chosen_measure(code) -> None:
    """A ValueError unless the measure select names one (the link and unlink buttons both need it)."""
    if not isinstance(code, str) or not code.strip():
        raise ValueError("choose the council measure")


def _target(value) -> tuple[str, str]:
    """(dataset, code) of the benchmark measure the select names."""
    try:
        dataset, code = json.loads(value)
        if isinstance(dataset, str) and isinstance(code, str):
            return dataset, code
    except (TypeError, ValueError):
        pass
    raise ValueError("choose the benchmark measure from the list")


@requires("officer")
@callback(*answer("benchmarks"), Input(ids.WORKBENCH_LINK_SAVE, "n_clicks"),
          State(ids.WORKBENCH_LINK_MEASURE, "value"), State(ids.WORKBENCH_LINK_TARGET, "value"),
          State(ids.WORKBENCH_LINK_AREA, "value"), State(ids.WORKBENCH_LINK_NOTE, "value"), SEARCH,
          prevent_initial_call=True)
def save_benchmark_link(_clicks, code, target, area, note, search):
    def change():
        _chosen_measure(code)
        dataset, benchmark_code = _target(target)
        return benchmarks.link(db.engine(), code, benchmark_code, dataset=dataset,
                               area=str(area or "").strip() or settings.get("COUNCIL_NAME"),
                               note=str(note or "").strip() or None, author=identity.author(),
                               source="workbench")
    return act(_clicks, search, change)


@requires("officer")
@callback(*answer("benchmarks"), Input(ids.WORKBENCH_LINK_REMOVE, "n_clicks"),
          State(ids.WORKBENCH_LINK_MEASURE, "value"), SEARCH, prevent_initial_call=True)
def remove_benchmark_link(_clicks, code, search):
    def change():
        _chosen_measure(code)
        return f"{code}: link removed." if benchmarks.unlink(db.engine(), code, identity.author(), "workbench")\
            else f"{code} had no link."
    return act(_clicks, search, change)


@requires("officer")
@callback(*answer("benchmarks"), Input(ids.WORKBENCH_PEERS_SAVE, "n_clicks"),
          State(ids.WORKBENCH_PEERS_DEFAULT, "value"), SEARCH, prevent_initial_call=True)
def set_default_peer_group(_clicks, chosen, search):
    def change():
        with db.engine().begin() as conn:
            access.set_council_setting(conn, benchmarks.GROUP_SETTING, str(chosen or ""), by=identity.author(),
                                       source="workbench")
        with db.connect() as conn:
            label = benchmarking.group_label(conn, benchmarking.default_group(conn))
        return f"Pages now compare with {label} unless their address names another group."
    return act(_clicks, search, change)
