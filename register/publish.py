"""Writing papers from the register: the committee report of a decision, and a record's own paper."""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .bundled import bundled
from .errors import NotFound, Problem, RefusedInput, UsageError
from .ids import id_of_path
from .loader import Locations
from .records import Record
from .store import Store
from .validate import load_at, load_working
from .validation import check_records, reference_problems, schema_problems

if TYPE_CHECKING:
    from .papers.common import Provenance
    from .papers.model import Paper
    from .review import Review

HOUSE_STYLE = "house-style.docx"
HOUSE_FORMAT = "report.yaml"
RENDERABLE = ("strategy", "wsoa", "ehria")


@dataclass
class Published:
    files: list[Path] = field(default_factory=list)


def write_report(
    store: Store,
    decision_id: str,
    output: Path | None = None,
    template: Path | None = None,
    include_exempt: bool = False,
    pdf: bool = False,
    at: str | None = None,
) -> Published:
    """The committee report for a decision, as .docx (and .pdf), from the records as they stand."""
    from .papers.report import build_report

    if pdf:
        _require_libreoffice()
    records, decision, provenance = _load(store, decision_id, at)
    if decision.kind != "decision":
        raise UsageError(
            f"{decision.id} is a {decision.kind}: `register report` takes a decision (use `register render`)"
        )
    if not decision.data.get("report"):
        raise UsageError(f"{decision.id} has no report: add a 'report:' section to {decision.source} first")
    decision = _checked(store, decision, records)
    house = _house_format(store)
    report = build_report(decision, records, house, provenance, include_exempt)
    target = output or Path.cwd() / f"{decision.id.rsplit('/', 1)[-1]}.docx"
    papers = [(target, report.paper)] + [
        (target.with_name(f"{target.stem}-appendix-{rid.rsplit('/', 1)[-1]}.docx"), paper)
        for rid, paper in report.appendices
    ]
    return _write(papers, _template(store, template), pdf)


def write_record_paper(
    store: Store,
    record_id: str,
    output: Path | None = None,
    template: Path | None = None,
    include_exempt: bool = False,
    pdf: bool = False,
    at: str | None = None,
) -> Published:
    """A strategy, WSoA or EHRIA screening as a paper of its own."""
    from .papers.common import record_paper

    if pdf:
        _require_libreoffice()
    records, record, provenance = _load(store, record_id, at)
    if record.kind not in RENDERABLE:
        raise UsageError(
            f"{record.id} is a {record.kind}: `register render` takes a strategy, wsoa or ehria"
            + (" (use `register report` for a decision's report)" if record.kind == "decision" else "")
        )
    if record.data.get("exempt") and not include_exempt:
        raise UsageError(
            f"{record.id} is exempt information: add --include-exempt to make the copy for members"
        )
    record = _checked(store, record, records)
    paper = record_paper(record, records, provenance, include_exempt, _house_format(store))
    target = output or Path.cwd() / f"{record.id.rsplit('/', 1)[-1]}.docx"
    return _write([(target, paper)], _template(store, template), pdf)


def write_review(
    store: Store,
    review: Review,
    output: Path,
    template: Path | None = None,
    pdf: bool = False,
    include_exempt: bool = False,
) -> Published:
    """The annual review of one record as a .docx with tracked changes (and a .pdf)."""
    from .papers.review_paper import review_paper

    if (review.old.get("exempt") or review.new.get("exempt")) and not include_exempt:
        raise UsageError(
            f"{review.record} is exempt information: add --include-exempt to make the copy for members"
        )
    _refuse_unchecked(review)
    if pdf:
        _require_libreoffice()
    records, _ = load_working(store)
    provenance = _provenance(store, review.end.commit, False)
    paper = review_paper(review, records, provenance, _house_format(store), include_exempt)
    return _write([(output, paper)], _template(store, template), pdf)


def _refuse_unchecked(review: Review) -> None:
    """Both versions must be valid records for a paper to be written from them."""
    from .records import Record

    problems = []
    for side, data in ((review.start, review.old), (review.end, review.new)):
        source = f"{side.path}@{side.commit[:7]}"
        problems += schema_problems(Record(review.record, source, data, Locations()))
    if problems:
        raise RefusedInput(problems)


def _load(store: Store, record_id: str, at: str | None) -> tuple[dict[str, Record], Record, Provenance]:
    """The records as they stand in the folder, or at a version; and where they came from."""
    path = store.path_of(record_id)
    if at is None:
        records, problems = load_working(store)
        provenance = _provenance(
            store, store.head(), bool(store.changed_paths(list(store.config.record_folders)))
        )
    else:
        commit = store.resolve(at)
        records, problems = load_at(store, commit)
        provenance = _provenance(store, commit, False)
    _refuse_unreadable(path, problems, records)
    record = records.get(path.removesuffix(".yaml"))
    if record is None:
        where = f" at {at}" if at else f" (there is no file {path})"
        raise NotFound(f"no record '{record_id}'{where}")
    return records, record, provenance


def _refuse_unreadable(path: str, problems: list[Problem], records: dict[str, Record]) -> None:
    """Problems reading the record itself, or any file it names: say those, not 'no such record'."""
    from .loader import iter_paths

    record = records.get(path.removesuffix(".yaml"))
    named = {value for _, value in iter_paths(record.data) if isinstance(value, str)} if record else set()
    mine = [p for p in problems if p.path.split("@")[0] == path or id_of_path(p.path.split("@")[0]) in named]
    if mine:
        raise RefusedInput(mine)


def _checked(store: Store, record: Record, records: dict[str, Record]) -> Record:
    """The record and every record it names must be valid: a paper must not drift from its records.

    Those records are replaced in `records` by copies with their schema's defaults filled in.
    """
    checked, problems = check_records([record, *_named(record, records)], store.cache)
    problems += reference_problems(records, only=[record])
    if problems:
        raise RefusedInput(problems)
    records.update(checked)
    return records[record.id]


def _named(record: Record, records: dict[str, Record]) -> list[Record]:
    from .loader import iter_paths

    named = {value for _, value in iter_paths(record.data) if isinstance(value, str) and value in records}
    return [records[i] for i in sorted(named) if i != record.id]


def _house_format(store: Store):  # type: ignore[no-untyped-def]
    from .papers.house import read_house_format

    own = store.root / "templates" / HOUSE_FORMAT
    return read_house_format(own if own.is_file() else bundled("templates") / HOUSE_FORMAT)


def _template(store: Store, given: Path | None) -> Path:
    if given is not None:
        return given
    own = store.root / "templates" / HOUSE_STYLE
    return own if own.is_file() else bundled("templates") / HOUSE_STYLE


def _provenance(store: Store, commit: str | None, dirty: bool) -> Provenance:
    from .papers.common import Provenance

    return Provenance(store.config.council, commit, dirty, dt.datetime.now(dt.UTC))


def _write(papers: list[tuple[Path, Paper]], template: Path, pdf: bool) -> Published:
    """Every file is made under a temporary name first, and only when all are made are they renamed:
    a failure part of the way leaves none of them, and older files of the same names as they were."""
    from .pdf import convert_to_pdf
    from .word import write_docx

    staged: list[tuple[Path, Path]] = []  # (made, its final name)
    try:
        for target, paper in papers:
            made = target.with_name(f".{target.stem}-{secrets.token_hex(4)}.docx")
            write_docx(paper, made, template)
            staged.append((made, target))
            if pdf:
                staged.append((convert_to_pdf(made), target.with_suffix(".pdf")))
        for made, target in staged:
            made.replace(target)
    except BaseException:
        for made, _ in staged:
            made.unlink(missing_ok=True)
        raise
    return Published([target for _, target in staged])


def _require_libreoffice() -> None:
    from .pdf import find_soffice

    find_soffice()
