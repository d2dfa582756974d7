"""Writing papers as files: the committee report of a decision, a record's own paper, a review.

The one layer that joins the register (a version's records, templates and provenance) to the
papers (plain models) and the Word writer. Every file is made under a temporary name and renamed
only when all are made.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import InvalidRecord, RefusedInput, UsageError
from ..records.kinds import Decision, RecordModel
from ..records.provenance import Provenance
from ..records.registry import KINDS
from ..records.values import Result
from ..store.config import CONFIG_FILE
from ..store.files import remove_left_behind, staging_name, write_atomically
from ..store.version import TEMPLATES, Register, Version

if TYPE_CHECKING:
    from ..audit.review import Review
    from ..papers.house import HouseFormat
    from ..papers.model import Paper

HOUSE_STYLE = "house-style.docx"
HOUSE_FORMAT = "report.yaml"


@dataclass(frozen=True, kw_only=True)
class PaperOptions:
    """What changes what a paper contains, gathered so it travels as one thing, by name."""

    include_exempt: bool = False
    """The copy for members: exempt information included, and said on every page."""
    pdf: bool = False
    """Also write a tagged PDF through LibreOffice."""
    template: Path | None = None
    """A council's own .docx whose styles, page, headers and footers to use."""


class Published(Result):
    files: list[Path]


def report(
    register: Register,
    decision_id: str,
    *,
    output: Path | None = None,
    at: str | None = None,
    options: PaperOptions = PaperOptions(),
) -> Published:
    """The committee report for a decision, as .docx (and .pdf), from the records at a version."""
    from ..papers.report import build_report

    version, decision = _opened(register, decision_id, at, options)
    if not isinstance(decision, Decision):
        raise UsageError(
            f"{decision_id} is a {decision.kind}: `register report` takes a decision (use `register render`)"
        )
    if decision.report is None:
        raise UsageError(
            f"{decision_id} has no report: add a 'report:' section to {version.path(decision_id)} first"
        )
    _refuse_problems(version, decision_id)
    house, provenance, template = _house(version, options)
    made = build_report(
        decision_id,
        decision,
        version.records,
        house=house,
        provenance=provenance,
        include_exempt=options.include_exempt,
    )
    target = output or Path.cwd() / f"{decision_id.rsplit('/', 1)[-1]}.docx"
    papers = [(target, made.paper)] + [
        (target.with_name(f"{target.stem}-appendix-{rid.rsplit('/', 1)[-1]}.docx"), paper)
        for rid, paper in made.appendices
    ]
    return _write(register, papers, template, pdf=options.pdf)


def render(
    register: Register,
    record_id: str,
    *,
    output: Path | None = None,
    at: str | None = None,
    options: PaperOptions = PaperOptions(),
) -> Published:
    """A strategy, WSoA or EHRIA screening as a paper of its own."""
    from ..papers.paper import record_paper

    version, record = _opened(register, record_id, at, options)
    if not KINDS[record.kind].renderable:
        raise UsageError(
            f"{record_id} is a {record.kind}: `register render` takes a "
            + ", ".join(k.name for k in KINDS.values() if k.renderable)
            + (" (use `register report` for a decision's report)" if record.kind == "decision" else "")
        )
    if record.exempt and not options.include_exempt:
        raise UsageError(
            f"{record_id} is exempt information: add --include-exempt to make the copy for members"
        )
    _refuse_problems(version, record_id)
    house, provenance, template = _house(version, options)
    paper = record_paper(
        record_id,
        record,
        version.records,
        provenance=provenance,
        include_exempt=options.include_exempt,
        house=house,
    )
    target = output or Path.cwd() / f"{record_id.rsplit('/', 1)[-1]}.docx"
    return _write(register, [(target, paper)], template, pdf=options.pdf)


def write_review(
    register: Register, review: Review, *, output: Path, options: PaperOptions = PaperOptions()
) -> Published:
    """A review of one record as a .docx with tracked changes (and a .pdf)."""
    from ..papers.review_paper import review_paper

    start, end = register.at(review.start.commit), register.at(review.end.commit)
    old, new = _readable(start, review.start.record), _readable(end, review.end.record)
    if (old.exempt or new.exempt) and not options.include_exempt:
        raise UsageError(
            f"{review.record} is exempt information: add --include-exempt to make the copy for members"
        )
    _require_tools(options)
    house, provenance, template = _house(end, options)
    paper = review_paper(
        review,
        old,
        new,
        register.working().records,
        provenance=provenance,
        house=house,
        include_exempt=options.include_exempt,
    )
    return _write(register, [(output, paper)], template, pdf=options.pdf)


def _opened(
    register: Register, record_id: str, at: str | None, options: PaperOptions
) -> tuple[Version, RecordModel]:
    """The version a paper is made from, and its record; LibreOffice is looked for first when a
    PDF is wanted, so nothing is written only to fail at the end."""
    _require_tools(options)
    version = register.version(at)
    return version, _readable(version, record_id)


def _readable(version: Version, record_id: str) -> RecordModel:
    """The record, or a refusal naming its problems where they are (exit 2, nothing written)."""
    try:
        return version.record(record_id)
    except InvalidRecord as error:
        raise RefusedInput(error.problems) from None


def _refuse_problems(version: Version, record_id: str) -> None:
    """The record, every record it names and every record those name must be valid: a paper must
    not drift from its records, nor stop half-way."""
    version.refuse_problems(_named(version, [record_id], depth=2))


def _named(version: Version, ids: Iterable[str], depth: int) -> list[str]:
    found = list(dict.fromkeys(ids))
    frontier = found
    for _ in range(depth):
        paths = [f"{i}.yaml" for i in frontier if f"{i}.yaml" in version.files]
        targets = {target for facts in version.facts(paths).values() for _, target, _ in facts.references}
        frontier = [t for t in sorted(targets) if t not in found]
        found += frontier
    return found


def _house(version: Version, options: PaperOptions) -> tuple[HouseFormat, Provenance, tuple[bytes, str]]:
    """The house format and style of a version (or the council's .docx given for this paper), and
    the provenance a paper made with them records."""
    from ..papers.house import read_house_format

    form = version.template(HOUSE_FORMAT)
    house = read_house_format(form.content, form.path)
    provenance = version.provenance(HOUSE_FORMAT, HOUSE_STYLE)
    provenance = replace(provenance, produced=dt.datetime.now(dt.UTC))
    if options.template is not None:
        given = options.template
        if not given.is_file():
            raise UsageError(f"{given}: no such template file")
        return (
            house,
            provenance.with_template(f"house style {given.name} given for this paper"),
            (given.read_bytes(), str(given)),
        )
    style = version.template(HOUSE_STYLE)
    return house, provenance, (style.content, style.path)


def _write(
    register: Register, papers: list[tuple[Path, Paper]], template: tuple[bytes, str], *, pdf: bool
) -> Published:
    """Every file is made under a hidden name first, and only when all are made are they renamed:
    a failure part of the way leaves none of them, and older files of the same names as they were;
    what a killed run left is removed by the next run in the same folder."""
    from ..word import write_docx
    from .pdf import convert_to_pdf

    targets = [target for target, _ in papers] + ([t.with_suffix(".pdf") for t, _ in papers] if pdf else [])
    for target in targets:
        _refuse_target(register, target)
    for folder in {target.parent for target in targets}:
        remove_left_behind(folder)
    staged: list[tuple[Path, Path]] = []  # (made, its final name)
    try:
        for target, paper in papers:
            made = staging_name(target, "staged")
            write_atomically(made, write_docx(paper, template))
            staged.append((made, target))
            if pdf:
                made_pdf = convert_to_pdf(made, staging_name(target.with_suffix(".pdf"), "staged"))
                staged.append((made_pdf, target.with_suffix(".pdf")))
        for made, target in staged:
            made.replace(target)
    except BaseException:
        for made, _ in staged:
            made.unlink(missing_ok=True)
        raise
    return Published(files=[target for _, target in staged])


def _refuse_target(register: Register, target: Path) -> None:
    """A paper replaces only a regular file, or nothing; never a folder, a device, a link, or a
    file of the register itself (a record, its settings, its templates)."""
    folder = target.parent
    if not folder.is_dir():
        raise UsageError(f"cannot write {target}: the folder {folder} does not exist")
    if not os.access(folder, os.W_OK):
        raise UsageError(f"cannot write {target}: no permission to write in {folder}")
    if target.is_symlink():
        raise UsageError(f"cannot write {target}: it is a link; name the file itself")
    if target.exists() and target.is_dir():
        raise UsageError(f"cannot write {target}: it is a folder")
    if target.exists() and not target.is_file():
        raise UsageError(f"cannot write {target}: it is not a regular file (a device or a pipe)")
    root = register.root.resolve()
    resolved = target.resolve()
    if resolved.is_relative_to(root):
        inside = resolved.relative_to(root)
        protected = [*register.config.record_folders, TEMPLATES, ".git"]
        if str(inside) == CONFIG_FILE or (
            inside.parts
            and inside.parts[0] in protected
            and (inside.suffix in (".yaml", ".docx") or inside.parts[0] == ".git")
        ):
            raise UsageError(
                f"cannot write {target}: it is a file of the register itself; write the paper elsewhere"
            )


def _require_tools(options: PaperOptions) -> None:
    if options.pdf:
        from .pdf import find_soffice

        find_soffice()
