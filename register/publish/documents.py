"""Writing papers as files: the committee report of a decision, a record's own paper, a review.

The one layer that joins the register (a version's records, templates and provenance) to the
papers (plain models) and the Word writer. Every file is made under a temporary name and renamed
only when all are made.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from ..bundled import HOUSES, shipped_houses
from ..errors import InvalidRecord, Problem, RefusedInput, UsageError
from ..records.kinds import Decision, RecordModel
from ..records.loader import load_record
from ..records.provenance import Provenance
from ..records.registry import KINDS
from ..records.values import Result
from ..store.config import CONFIG_FILE
from ..store.files import remove_left_behind, staging_name, write_atomically
from ..store.version import TEMPLATES, Register, TemplateFile, Version

if TYPE_CHECKING:
    from ..audit.review import Review
    from ..papers.house import HouseFormat
    from ..papers.model import Paper

HOUSE_STYLE = "house-style.docx"
LEGACY_HOUSE_FORMAT = "report.yaml"
"""Where a register made by the first release keeps its house format."""


@dataclass(frozen=True, kw_only=True)
class PaperOptions:
    """What changes what a paper contains, gathered so it travels as one thing, by name."""

    include_exempt: bool = False
    """The copy for members: exempt information included, and said on every page."""
    pdf: bool = False
    """Also write a tagged PDF through LibreOffice."""
    template: Path | None = None
    """A council's own .docx whose styles, page, headers and footers to use."""


PLAIN = PaperOptions()
"""The public paper, as .docx only, in the register's own house style."""


class Published(Result):
    files: list[Path]
    made_from: str | None = None
    """Which version of the register the paper shows, and why that one."""
    warnings: list[str] = []


def report(
    register: Register,
    decision_id: str,
    *,
    output: Path | None = None,
    at: str | None = None,
    options: PaperOptions = PaperOptions(),
) -> Published:
    """The committee report for a decision, as .docx (and .pdf), with its appendices beside it,
    from the version the decision was made on (see `chosen`), or the one `at` names."""
    from ..papers.report import build_report, empty_required
    from .chosen import changed_since, report_version

    _require_tools(options)
    chosen = report_version(register, decision_id, at)
    version = chosen.version
    decision = _readable(version, decision_id)
    if not isinstance(decision, Decision):
        raise UsageError(
            f"{decision_id} is a {decision.kind}: `register report` takes a decision (use `register render`)"
        )
    if decision.report is None:
        raise UsageError(
            f"{decision_id} has no report: add a 'report:' section to {version.path(decision_id)} first"
        )
    used = _named(version, [decision_id], depth=2)
    version.refuse_problems(used)
    house, provenance, template = _house(version, options)
    if missing := empty_required(decision, house):
        raise RefusedInput([_empty_sections(version, decision_id, missing)])
    target = output or Path.cwd() / f"{decision_id.rsplit('/', 1)[-1]}.docx"
    made = build_report(
        decision_id,
        decision,
        version.records,
        house=house,
        provenance=provenance,
        include_exempt=options.include_exempt,
        stem=target.stem,
    )
    papers = [(target, made.paper)] + [
        (target.with_name(f"{beside.name}.docx"), beside.paper) for beside in made.beside if beside.paper
    ]
    copies = [
        (target.with_name(beside.name + Path(beside.file).suffix), _kept(version, beside.file))
        for beside in made.beside
        if beside.file
    ]
    warnings = list(chosen.warnings)
    if version.commit is not None and (changed := changed_since(version, chosen.now, used)):
        warnings.append(
            "changed since this version: "
            + ", ".join(changed)
            + " (the paper shows them as they were; give --at HEAD for them as they are now)"
        )
    published = _write(register, papers, template, pdf=options.pdf, copies=copies)
    return published.model_copy(update={"made_from": chosen.why, "warnings": warnings})


def _empty_sections(version: Version, decision_id: str, missing: list[str]) -> Problem:
    path = version.path(decision_id)
    located = load_record(version.content(path), version.source(path))
    line, column = located.locations.of_key(("report",))
    return Problem(
        version.source(path),
        line,
        column,
        f"report: the house format needs {', '.join(missing)} before the report can be made, and "
        + ("it is" if len(missing) == 1 else "they are")
        + " still empty",
    )


def _kept(version: Version, path: str) -> bytes:
    content = version.kept_file(path)
    if content is None:  # validation names it first; this is the last guard
        raise UsageError(f"{path}: no such file in the register")
    return content


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
    refuse_exempt(record_id, record.exempt is not None, options)
    _refuse_problems(version, record_id)
    house, provenance, template = _house(version, options)
    paper = record_paper(
        record_id,
        record,
        version.records,
        provenance=provenance,
        include_exempt=options.include_exempt,
        house=house,
        standing=_unapproved_standing(register, version, record_id, record),
    )
    target = output or Path.cwd() / f"{record_id.rsplit('/', 1)[-1]}.docx"
    return _write(register, [(target, paper)], template, pdf=options.pdf)


def _unapproved_standing(
    register: Register, version: Version, record_id: str, record: RecordModel
) -> str | None:
    """What a paper says instead of "Status: Approved" when no approval that counts (by verify's
    rules) approved this very version of the record; None when the record's own word is true."""
    if getattr(record, "status", None) != "approved":
        return None
    from ..audit.approvals import approvals_of
    from ..records.fingerprint import fingerprint

    approvals = approvals_of(register, {record_id})
    shown = fingerprint(version.data(record_id))
    if any(pin.fingerprint == shown for pin in approvals):
        return None
    if not approvals:
        return "Not approved: the record says approved, but no decision in this register approved it"
    last = approvals[-1]
    return f"Changed since approval: {last.label} approved an earlier version; this version is not approved"


def write_review(
    register: Register, review: Review, *, output: Path, options: PaperOptions = PaperOptions()
) -> Published:
    """A review of one record as a .docx with tracked changes (and a .pdf)."""
    from ..audit.against import as_matched
    from ..papers.review_paper import review_paper

    start, end = register.at(review.start.commit), register.at(review.end.commit)
    old, new = _readable(start, review.start.record), _readable(end, review.end.record)
    old = as_matched(old, review.matched_by_title)
    refuse_exempt(review.record, bool(old.exempt or new.exempt), options)
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


def refuse_exempt(record_id: str, exempt: bool, options: PaperOptions) -> None:
    """An exempt record goes only into the copy for members (Schedule 12A): never by accident."""
    if exempt and not options.include_exempt:
        raise UsageError(
            f"{record_id} is exempt information: add --include-exempt to make the copy for members"
        )


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


def house_format(version: Version) -> tuple[HouseFormat, TemplateFile]:
    """The register's house format at a version: the one register.yaml names (kept in
    templates/houses/, or shipped), else a first release's templates/report.yaml, else the seed's."""
    from ..papers.house import read_house_format

    name = version.config.house
    if name is None:
        form = version.own_template(LEGACY_HOUSE_FORMAT) or version.template(f"{HOUSES}/seed.yaml")
    else:
        file = name if name.endswith(".yaml") else f"{HOUSES}/{name}.yaml"
        form = version.own_template(file) or _shipped_house(version, name, file)
    return read_house_format(form.content, form.path), form


def _shipped_house(version: Version, name: str, file: str) -> TemplateFile:
    if file.removeprefix(f"{HOUSES}/").removesuffix(".yaml") not in shipped_houses():
        raise UsageError(
            f"{CONFIG_FILE}: house '{name}' is not a house format: keep it as {TEMPLATES}/{file}, or "
            f"name one that ships ({', '.join(shipped_houses())})"
        )
    return version.template(file)


def _house(version: Version, options: PaperOptions) -> tuple[HouseFormat, Provenance, tuple[bytes, str]]:
    """The house format and style of a version (or the council's .docx given for this paper), and
    the provenance a paper made with them records."""
    house, form = house_format(version)
    provenance = version.provenance(form.name, HOUSE_STYLE)
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
    register: Register,
    papers: list[tuple[Path, Paper]],
    template: tuple[bytes, str],
    *,
    pdf: bool,
    copies: Sequence[tuple[Path, bytes]] = (),
) -> Published:
    """Every file is made under a hidden name first, and only when all are made are they renamed:
    a failure part of the way leaves none of them, and older files of the same names as they were;
    what a killed run left is removed by the next run in the same folder."""
    from ..word import write_docx
    from .pdf import convert_to_pdf

    targets = [target for target, _ in papers] + ([t.with_suffix(".pdf") for t, _ in papers] if pdf else [])
    targets += [target for target, _ in copies]
    for target in targets:
        refuse_target(register, target)
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
        for target, content in copies:
            made = staging_name(target, "staged")
            write_atomically(made, content)
            staged.append((made, target))
        for made, target in staged:
            made.replace(target)
    except BaseException:
        for made, _ in staged:
            made.unlink(missing_ok=True)
        raise
    return Published(files=[target for _, target in staged])


def refuse_target(register: Register, target: Path) -> None:
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
