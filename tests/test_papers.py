"""Standalone papers, exempt information, council templates, PDFs, and the refusals that leave nothing behind."""

from __future__ import annotations

import re
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

import docx
import pytest

from register.errors import NotFound, RefusedInput, UsageError
from register.publish.documents import PaperOptions, render, report, write_review
from register.store.version import Register

from .conftest import MINIMAL_STRATEGY, without_overriding_permissions
from .office import audit, need_libreoffice, pages_of, pdf_of

REPORT = """\
kind: decision
title: Test Strategy 2020 to 2023
body: Cabinet
body_type: executive
meeting_date: 2020-09-18
considers: [strategy/test]
approves: [strategy/test]
report:
  of: the Director of Testing
  purpose: [To seek approval of the Test Strategy.]
  recommendations: {items: [The Test Strategy be approved.]}
  reasons: [So that the work can begin.]
  resources: [None.]
  contacts:
    - {name: Sam Officer, role: Head of Tests, email: sam.officer@testshire.example}
  sections:
    - heading: Background
      paragraphs: [The public background.]
    - heading: Commercial terms
      paragraphs: [The tender prices are 1.2 million pounds.]
      exempt: {paragraph: 3, public_interest: Disclosure would prejudice the council's negotiating position.}
  appendices:
    - {letter: A, record: strategy/test}
    - {letter: B, record: strategy/secret}
"""
SECRET = (
    MINIMAL_STRATEGY.replace("title: Test Strategy 2020 to 2023", "title: Confidential Annex")
    .replace(
        "status: draft", "status: draft\nexempt: {paragraph: 3, public_interest: Commercial information.}"
    )
    .replace("First priority", "Secret priority")
)


@pytest.fixture
def register(reg: Register, hand_commit: Callable[..., str]) -> Register:
    hand_commit(
        {
            "strategy/test.yaml": MINIMAL_STRATEGY,
            "strategy/secret.yaml": SECRET,
            "decisions/cabinet.yaml": REPORT,
        },
        "Add the test records",
        "2020-09-01",
    )
    return reg


def _text(path: Path) -> str:
    return "\n".join(p.text for p in docx.Document(str(path)).paragraphs) + "\n".join(
        cell.text for table in docx.Document(str(path)).tables for row in table.rows for cell in row.cells
    )


def test_exempt_information_never_reaches_the_public_report(register: Register, tmp_path: Path) -> None:
    public = tmp_path / "public.docx"
    report(register, "decisions/cabinet", output=public)
    text = _text(public)
    assert "The public background." in text
    assert "1.2 million" not in text and "Confidential Annex" in text  # named as exempt, never shown
    assert "exempt information under paragraph 3 of Part 1 of Schedule 12A" in text
    assert "Secret priority" not in text and "Commercial information." in text
    with zipfile.ZipFile(public) as package:
        everything = b"".join(package.read(name) for name in package.namelist())
    assert b"1.2 million" not in everything and b"RegisterExemptIncluded" not in everything
    assert audit(public) == []


def test_the_members_copy_says_so_on_every_page(register: Register, tmp_path: Path) -> None:
    members = tmp_path / "members.docx"
    report(register, "decisions/cabinet", output=members, options=PaperOptions(include_exempt=True))
    assert "1.2 million" in _text(members)
    pages = pages_of(pdf_of(members))
    assert len(pages) >= 2
    for page in pages:
        assert "EXEMPT INFORMATION – NOT FOR PUBLICATION" in page
    assert audit(members) == []


def test_rendering_an_exempt_record_needs_the_members_copy(register: Register, tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="--include-exempt"):
        render(register, "strategy/secret", output=tmp_path / "x.docx")
    assert not (tmp_path / "x.docx").exists()


def test_a_strategy_paper(demo_register: Path, tmp_path: Path) -> None:
    target = tmp_path / "strategy.docx"
    render(Register(demo_register), "strategy/send-inclusion-2020-2023", output=target)
    document = docx.Document(str(target))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert headings[:2] == [
        "Priorities and action plan",
        "Priority 1: To identify and meet children’s special educational needs as early as possible.",
    ]
    table = document.tables[1]
    assert [c.text for c in table.rows[0].cells] == [
        "No.",
        "Action",
        "Lead",
        "Due",
        "Status",
        "Outcomes and measures",
    ]
    assert table.rows[3].cells[0].text == "2.3" and table.rows[3].cells[4].text == "On\xa0track"
    assert "Items marked † are illustrative" in document.paragraphs[-1].text
    assert audit(target) == []


def test_a_wsoa_paper(demo_register: Path, tmp_path: Path) -> None:
    target = tmp_path / "wsoa.docx"
    render(Register(demo_register), "strategy/send-wsoa-2020", output=target)
    document = docx.Document(str(target))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert headings == [
        "Area of weakness 1: Develop a Joint Commissioning Strategy †",
        "Area of weakness 2: Improve the quality and decision-making of Education, Health and Care "
        "(EHC) plans †",
        "Stocktakes",
    ]
    measures = [t for t in document.tables if t.rows[0].cells[0].text == "Measure"]
    assert [[c.text for c in row.cells] for row in measures[1].rows[1:]] == [
        [
            "New EHC plans issued within 20 weeks †",
            "41% (31 March 2020)",
            "80% (30 September 2021)",
            "71% (30 June 2021)",
        ]
    ]
    assert (
        "Inspection: SEND Local Area Inspection framework (introduced by the Government in 2016), February 2020"
        in [p.text for p in document.paragraphs]
    )
    evidence = [t for t in document.tables if t.rows[0].cells[0].text == "Date"]
    assert evidence and evidence[0].rows[1].cells[2].text.startswith("Joint commissioning workstream")
    assert audit(target) == []


def test_an_ehria_paper(demo_register: Path, tmp_path: Path) -> None:
    target = tmp_path / "ehria.docx"
    render(Register(demo_register), "strategy/ehria-send-inclusion-2020-2023", output=target)
    document = docx.Document(str(target))
    [table] = document.tables
    assert [row.cells[0].text for row in table.rows] == [
        "Protected characteristic",
        "Age",
        "Disability",
        "Gender reassignment",
        "Marriage and civil partnership",
        "Pregnancy and maternity",
        "Race",
        "Religion or belief",
        "Sex",
        "Sexual orientation",
    ]
    assert any(p.text.endswith("A full EHRIA is not required.") for p in document.paragraphs)
    assert audit(target) == []


def test_a_councils_own_template(register: Register, tmp_path: Path) -> None:
    house = docx.Document()
    house.styles["Normal"].font.name = "Georgia"
    house.sections[0].header.paragraphs[0].text = "Testshire County Council – Cabinet papers"
    house.sections[0].footer.paragraphs[0].text = "OFFICIAL"
    template = tmp_path / "testshire.docx"
    house.save(str(template))
    target = tmp_path / "report.docx"
    report(register, "decisions/cabinet", output=target, options=PaperOptions(template=template))
    made = docx.Document(str(target))
    assert made.styles["Normal"].font.name == "Georgia"
    assert made.sections[0].header.paragraphs[0].text == "Testshire County Council – Cabinet papers"
    footer = [p.text for p in made.sections[0].footer.paragraphs]
    assert footer[0] == "OFFICIAL" and footer[-1].startswith("Produced from register commit")
    assert audit(target) == []


def test_pdf_is_written_beside_the_docx(register: Register, tmp_path: Path) -> None:
    need_libreoffice()
    published = report(
        register, "decisions/cabinet", output=tmp_path / "r.docx", options=PaperOptions(pdf=True)
    )
    assert [f.name for f in published.files] == ["r.docx", "r.pdf"]
    assert "Test Strategy 2020 to 2023".upper() in pages_of(tmp_path / "r.pdf")[0].upper()


def test_pdf_without_libreoffice_says_how_to_install(
    register: Register, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    with pytest.raises(NotFound, match="apt-get install libreoffice-writer-nogui"):
        report(register, "decisions/cabinet", output=tmp_path / "r.docx", options=PaperOptions(pdf=True))
    assert not (tmp_path / "r.docx").exists()


def test_separate_appendices_when_the_house_format_says_so(register: Register, tmp_path: Path) -> None:
    house = register.root / "templates" / "houses" / "seed.yaml"
    house.write_text(house.read_text(encoding="utf-8").replace("appendix: inline", "appendix: separate"))
    published = report(register, "decisions/cabinet", output=tmp_path / "r.docx")
    assert [f.name for f in published.files] == ["r.docx", "r-appendix-A.docx"]  # B is exempt: not written
    assert "Priority 1" not in _text(tmp_path / "r.docx")
    assert "(supplied with this report as r-appendix-A.docx)" in _text(tmp_path / "r.docx")
    assert "Priority 1: First priority" in _text(tmp_path / "r-appendix-A.docx")


BAD = [
    ("no report", lambda s, t: report(s, "strategy/test", output=t), UsageError, "takes a decision"),
    ("decision without report", None, UsageError, "has no report"),
    ("dangling reference", None, RefusedInput, "no record 'strategy/gone' in the register"),
    (
        "missing template",
        lambda s, t: report(
            s, "decisions/cabinet", output=t, options=PaperOptions(template=t.parent / "none.docx")
        ),
        UsageError,
        "no such template file",
    ),
    ("corrupt template", "corrupt", UsageError, "not a Word .docx file"),
    ("dotx template", "dotx", UsageError, "save it as a .docx"),
    (
        "missing folder",
        lambda s, t: report(s, "decisions/cabinet", output=t.parent / "nowhere" / "r.docx"),
        UsageError,
        "does not exist",
    ),
    ("unknown record", lambda s, t: report(s, "decisions/nothing", output=t), NotFound, "no record"),
    ("escaping id", lambda s, t: report(s, "../../etc/passwd", output=t), UsageError, "outside the register"),
]


@pytest.mark.parametrize(("case", "action", "error", "message"), BAD, ids=[b[0] for b in BAD])
def test_bad_input_leaves_nothing_behind(
    register: Register,
    tmp_path: Path,
    case: str,
    action: Callable[..., object] | str | None,
    error: type,
    message: str,
) -> None:
    target = tmp_path / "out" / "report.docx"
    target.parent.mkdir()
    if case == "decision without report":
        (register.root / "decisions/cabinet.yaml").write_text(REPORT.split("report:")[0])
        action = lambda s, t: report(s, "decisions/cabinet", output=t)  # noqa: E731
    elif case == "dangling reference":
        (register.root / "decisions/cabinet.yaml").write_text(
            REPORT.replace("record: strategy/test}", "record: strategy/gone}")
        )
        action = lambda s, t: report(s, "decisions/cabinet", output=t)  # noqa: E731
    elif isinstance(action, str):
        template = tmp_path / ("bad.docx" if action == "corrupt" else "house.dotx")
        template.write_bytes(b"this is not a zip file" if action == "corrupt" else zipfile_bytes())
        options = PaperOptions(template=template)
        action = lambda s, t: report(s, "decisions/cabinet", output=t, options=options)  # noqa: E731
    with pytest.raises(error, match=re.escape(message)):
        action(register, target)  # type: ignore[operator]
    assert list(target.parent.iterdir()) == []


def zipfile_bytes() -> bytes:
    import io

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr("[Content_Types].xml", "<Types/>")
    return buffer.getvalue()


CLI = [sys.executable, "-c", "from register.cli import main; main()"]


def test_a_folder_without_write_permission(register: Register, tmp_path: Path) -> None:
    import subprocess

    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        done = subprocess.run(
            [*CLI, "-C", str(register.root), "report", "decisions/cabinet", "-o", str(locked / "r.docx")],
            capture_output=True,
            text=True,
            preexec_fn=without_overriding_permissions,  # even where the tests run as root
            check=False,
        )
        assert done.returncode == 2 and "no permission to write" in done.stderr, done.stderr
        assert list(locked.iterdir()) == []
    finally:
        locked.chmod(0o700)


def test_text_word_cannot_hold_is_refused_before_writing(register: Register, tmp_path: Path) -> None:
    (register.root / "strategy/test.yaml").write_text(
        MINIMAL_STRATEGY.replace("First action", "First\x07action")
    )
    with pytest.raises(RefusedInput, match="control character U\\+0007"):
        report(register, "decisions/cabinet", output=tmp_path / "r.docx")
    assert not (tmp_path / "r.docx").exists()


def test_the_demo_writes_its_papers(demo_register: Path) -> None:
    papers = sorted(p.name for p in (demo_register / "papers").iterdir())
    assert "2020-09-18-cabinet-report.docx" in papers and "send-inclusion-strategy-2020-2023.docx" in papers
    for name in papers:
        assert audit(demo_register / "papers" / name) == [], name


def test_what_a_public_report_copies_from_exempt_records_is_withheld(
    reg: Register, hand_commit: Callable[..., str]
) -> None:
    secret_scrutiny = (
        "kind: decision\ntitle: Commercial review\nbody: Scrutiny Commission\nbody_type: scrutiny\n"
        "meeting_date: 2020-09-01\nexempt: {paragraph: 3, public_interest: Contract prices.}\n"
        "comments: [{by: Scrutiny Commission, text: The bid from Acme at 1.2 million pounds is the cheapest.}]\n"
    )
    cabinet = REPORT.replace(
        "    - heading: Background\n",
        "    - heading: Comments of Scrutiny\n      comments_of: decisions/scrutiny\n    - heading: Background\n",
    ).replace(
        "  appendices:\n    - {letter: A, record: strategy/test}\n    - {letter: B, record: strategy/secret}",
        "  appendices: [{record: strategy/test}]\n  background_papers: [{decision: decisions/scrutiny}]",
    )
    hand_commit(
        {
            "strategy/test.yaml": MINIMAL_STRATEGY,
            "strategy/secret.yaml": SECRET,
            "decisions/scrutiny.yaml": secret_scrutiny,
            "decisions/cabinet.yaml": cabinet,
        },
        "Add",
        "2020-09-02",
    )
    public = reg.root / "public.docx"
    report(reg, "decisions/cabinet", output=public)
    text = _text(public)
    assert "Acme" not in text and "Contract prices." in text
    assert "“Commercial review” (exempt: not published)" in text
    members = reg.root / "members.docx"
    report(reg, "decisions/cabinet", output=members, options=PaperOptions(include_exempt=True))
    assert "Acme" in _text(members)


def test_an_exempt_record_is_reviewed_only_for_members(
    register: Register, hand_commit: Callable[..., str], tmp_path: Path
) -> None:
    from register.audit.compare import review as review_record

    hand_commit(
        {"strategy/secret.yaml": SECRET.replace("Secret priority", "Secret priority, revised")},
        "Revise",
        "2020-10-01",
    )
    review = review_record(register, "strategy/secret", from_ref="2020-09-01", to_ref="HEAD")
    with pytest.raises(UsageError, match="--include-exempt"):
        write_review(register, review, output=tmp_path / "r.docx")
    assert not (tmp_path / "r.docx").exists()
    write_review(register, review, output=tmp_path / "r.docx", options=PaperOptions(include_exempt=True))
    assert audit(tmp_path / "r.docx") == []


def test_a_template_with_its_own_first_page_still_marks_every_page(
    register: Register, tmp_path: Path
) -> None:
    house = docx.Document()
    house.sections[0].different_first_page_header_footer = True
    house.sections[0].first_page_header.paragraphs[0].text = "Testshire: front page"
    template = tmp_path / "front.docx"
    house.save(str(template))
    target = tmp_path / "members.docx"
    report(
        register,
        "decisions/cabinet",
        output=target,
        options=PaperOptions(template=template, include_exempt=True),
    )
    pages = pages_of(pdf_of(target))
    assert "Testshire: front page" in pages[0]
    for page in pages:
        assert "EXEMPT INFORMATION – NOT FOR PUBLICATION" in page and "Produced from register commit" in page


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            ('considered: "The {body}', 'considered: "The {bodie}'),
            "{bodie} cannot be filled in here (use {body}, {what}, {date})",
        ),
        (('  recommendations_intro: "It', '  recommendations_intro: "{ It'), "a lone { or }"),
        (("name: seed\n", ""), "required key 'name' is missing"),
        (("      - climate\n", ""), "place climate"),
    ],
)
def test_a_councils_house_format_is_checked_before_use(
    register: Register, tmp_path: Path, change: tuple[str, str], message: str
) -> None:
    house = register.root / "templates" / "houses" / "seed.yaml"
    assert change[0] in house.read_text(encoding="utf-8")
    house.write_text(house.read_text(encoding="utf-8").replace(*change, 1))
    with pytest.raises(RefusedInput, match=re.escape(message)) as caught:
        report(register, "decisions/cabinet", output=tmp_path / "r.docx")
    assert str(caught.value).startswith("templates/houses/seed.yaml:")
    assert not (tmp_path / "r.docx").exists()


def test_a_failure_part_way_leaves_no_file_and_older_files_as_they_were(
    register: Register, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from register.publish import pdf as libreoffice

    need_libreoffice()
    out = tmp_path / "out"
    out.mkdir()
    (out / "r.docx").write_bytes(b"yesterday's report")

    def broken(docx: Path, pdf: Path, timeout: float = 120) -> Path:  # LibreOffice, crashing half way
        raise UsageError(f"LibreOffice could not convert {docx.name} to PDF")

    monkeypatch.setattr(libreoffice, "convert_to_pdf", broken)
    with pytest.raises(UsageError, match="could not convert"):
        report(register, "decisions/cabinet", output=out / "r.docx", options=PaperOptions(pdf=True))
    assert sorted(p.name for p in out.iterdir()) == ["r.docx"]
    assert (out / "r.docx").read_bytes() == b"yesterday's report"
