"""Papers for a council that is not Leicestershire: a district council's policy committee, in the
shipped cover-sheet format and in a format of the council's own, read back through LibreOffice."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import docx
import pytest

from register import init, report
from register.errors import RefusedInput, UsageError
from register.make.save import save
from register.publish.documents import PaperOptions
from register.store.version import Register

from .conftest import when
from .office import audit, broken_words, pages_of, pdf_of

PARKS = """\
kind: strategy
title: Parks and Open Spaces Strategy 2025 to 2030
period: {start: 2025, end: 2030}
owner: Head of Environmental Services
status: draft
priorities:
  - id: "1"
    title: Safe, welcoming parks in every ward
    actions:
      - id: pk-1
        title: Replace play equipment at Felpersham Recreation Ground and Hollerton Meadows
        lead: Parks Manager
        due: 2026-03-31
        measures: [Play areas rated good or better at the annual inspection]
"""
DECISION = """\
kind: decision
title: Parks and Open Spaces Strategy 2025 to 2030
body: Policy and Resources Committee
body_type: committee
meeting_date: 2025-01-23
key_decision: true
call_in: true
wards: [Felpersham North, Hollerton]
forward_plan: {reference: FP/2025/004}
considers: [strategy/parks]
approves: [strategy/parks]
notices: {forward_plan: 2024-12-09, agenda: 2025-01-14}
report:
  of: the Head of Environmental Services
  purpose: [To ask the Committee to adopt the Parks and Open Spaces Strategy 2025 to 2030.]
  recommendations:
    items:
      - adopt the Parks and Open Spaces Strategy 2025 to 2030 (Appendix A);
      - agree the capital programme for play areas set out in Appendix C;
      - delegate minor changes to the Strategy to the Head of Environmental Services.
  reasons: [The current strategy ends in March 2025.]
  alternatives:
    - Not adopting a strategy was rejected, as external funding bids need one.
  background: [The Council manages 42 parks and open spaces across the district.]
  financial:
    - The capital cost of £480,000 is met from the approved capital programme.
  legal: [The Council may provide parks under the Public Health Act 1875.]
  equality:
    paragraphs: [An equality impact assessment found positive effects for children and disabled people.]
  appendices:
    - {letter: A, record: strategy/parks}
    - {letter: C, title: Capital costs of play areas, file: appendices/costs.pdf}
    - {letter: F, title: Consultation results, url: "https://www.borsetshire.example/parks-consultation"}
    - letter: G
      title: Tender prices
      file: appendices/tenders.xlsx
      exempt: {paragraph: 3, public_interest: Disclosure would prejudice the tender.}
  background_papers:
    - {title: Playing pitch assessment 2023, url: "https://www.borsetshire.example/pitches"}
    - {url: "https://www.borsetshire.example/green-flag"}
  contacts:
    - {name: Ruth Archer, role: Head of Environmental Services, email: ruth.archer@borsetshire.example}
"""
COSTS = b"%PDF-1.4\n% the capital costs, as the finance team sent them\n"
TENDERS = b"PK\x03\x04 a spreadsheet of tender prices"


@pytest.fixture(scope="module")
def borsetshire(tmp_path_factory: pytest.TempPathFactory) -> Register:
    root = tmp_path_factory.mktemp("borsetshire") / "register"
    register = Register(
        init(root, council="Borsetshire District Council", house="cover", author=when("2024-12-02")).root
    )
    (root / "appendices").mkdir()
    (root / "appendices/costs.pdf").write_bytes(COSTS)
    (root / "appendices/tenders.xlsx").write_bytes(TENDERS)
    (root / "strategy/parks.yaml").write_text(PARKS, encoding="utf-8")
    (root / "decisions/2025-01-23-policy-parks.yaml").write_text(DECISION, encoding="utf-8")
    save(register, message="Draft the parks report", author=when("2025-01-10"))
    return register


@pytest.fixture(scope="module")
def paper(borsetshire: Register, tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("papers") / "parks.docx"
    report(borsetshire, "decisions/2025-01-23-policy-parks", output=target)
    return target


@pytest.fixture(scope="module")
def text(paper: Path) -> str:
    return "\n".join(pages_of(pdf_of(paper)))


def _flat(value: str) -> str:
    """Text as one line; a word LibreOffice broke after its hyphen is whole again."""
    return re.sub(r"(?<=\w)- (?=\w)", "-", " ".join(value.split()))


def _changed_copy(register: Register, folder: Path, files: dict[str, str]) -> Register:
    """A copy of the register with these files changed, committed: a paper shows committed versions."""
    shutil.copytree(register.root, folder)
    for path, content in files.items():
        (folder / path).write_text(content, encoding="utf-8")
    subprocess.run(["git", "commit", "-qam", "Change"], cwd=folder, check=True)
    return Register(folder)


def test_save_took_the_records_and_the_files_they_name(borsetshire: Register) -> None:
    committed = subprocess.run(
        ["git", "show", "--name-only", "--format=%s", "HEAD"],
        cwd=borsetshire.root,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    assert "appendices/costs.pdf" in committed and "appendices/tenders.xlsx" in committed
    assert "strategy/parks.yaml" in committed


def test_the_heading_block_is_a_cover_sheet(text: str) -> None:
    assert _flat(text).startswith(
        "Parks and Open Spaces Strategy 2025 to 2030 "
        "Report to: Policy and Resources Committee "
        "Date of meeting: 23 January 2025 "
        "Report of: The Head of Environmental Services "
        "Key decision: Yes "
        "Forward plan reference: FP/2025/004 "
        "Wards affected: Felpersham North and Hollerton "
        "Subject to call-in: Yes "
        "Exempt information: Yes: Appendix G (Schedule 12A to the Local Government Act 1972) "
        "Date of publication: 14 January 2025 "
        "1. Purpose of the Report"
    )


def test_sections_are_numbered_and_resolutions_run_1_2_3(text: str) -> None:
    flat = _flat(text)
    assert re.search(r"1\. Purpose of the Report 1\.1 To ask the Committee", flat)
    assert re.search(
        r"2\. Recommendations 2\.1 The Policy and Resources Committee is recommended to: "
        r"1\. adopt the Parks .* 2\. agree the capital .* 3\. delegate minor changes",
        flat,
    )
    assert re.search(r"3\. Reasons for the Recommendations 3\.1 The current strategy", flat)
    implications = re.search(r"(\d+)\. Implications Financial (\d+)\.1 The capital cost", flat)
    assert implications and implications.group(1) == implications.group(2)
    assert re.search(r"Legal \d+\.2 The Council may provide parks", flat)
    assert "Contact Officer Ruth Archer, Head of Environmental Services" in flat


def test_appendices_are_lettered_as_the_officer_letters_them(text: str, paper: Path) -> None:
    flat = _flat(text)
    assert (
        "Appendix A – Parks and Open Spaces Strategy 2025 to 2030 (supplied with this report as parks-appendix-A.docx)"
        in flat
    )
    assert (
        "Appendix C – Capital costs of play areas (supplied with this report as parks-appendix-C.pdf)" in flat
    )
    assert "Appendix F – Consultation results - https://www.borsetshire.example/parks-consultation" in flat
    assert (
        "Appendix G – Tender prices This part is not for publication: it contains exempt information under paragraph 3"
        in flat
    )
    links = {link.text: link.address for p in docx.Document(str(paper)).paragraphs for link in p.hyperlinks}
    assert links["Consultation results"] == "https://www.borsetshire.example/parks-consultation"


def test_each_appendix_is_written_or_copied_beside_the_report(borsetshire: Register, tmp_path: Path) -> None:
    published = report(borsetshire, "decisions/2025-01-23-policy-parks", output=tmp_path / "parks.docx")
    assert sorted(f.name for f in published.files) == [
        "parks-appendix-A.docx",
        "parks-appendix-C.pdf",
        "parks.docx",
    ]
    assert (tmp_path / "parks-appendix-C.pdf").read_bytes() == COSTS
    strategy = "\n".join(p.text for p in docx.Document(str(tmp_path / "parks-appendix-A.docx")).paragraphs)
    assert "Priority 1: Safe, welcoming parks in every ward" in strategy
    members = report(
        borsetshire,
        "decisions/2025-01-23-policy-parks",
        output=tmp_path / "members.docx",
        options=PaperOptions(include_exempt=True),
    )
    assert (tmp_path / "members-appendix-G.xlsx").read_bytes() == TENDERS
    assert len(members.files) == 4


def test_background_papers_print_their_addresses(text: str) -> None:
    flat = _flat(text)
    assert "Playing pitch assessment 2023 - https://www.borsetshire.example/pitches" in flat
    assert "https://www.borsetshire.example/green-flag" in flat


def test_nothing_generated_where_the_officer_wrote_it_and_nothing_empty(paper: Path, text: str) -> None:
    document = docx.Document(str(paper))
    numbered = [p.text for p in document.paragraphs if p.style.name == "Numbered Paragraph"]
    assert all(words.strip() for words in numbered)
    assert "No Equalities" not in text and "EHRIA" not in text  # the officer's own equality paragraph only
    assert "Timetable" not in text and "Risk" not in text  # sections with nothing to say are not shown
    footer = "\n".join(p.text for s in document.sections for p in s.footer.paragraphs)
    assert re.search(r"Produced from register commit [0-9a-f]{10}$", footer.strip()), footer
    assert "2026" not in footer and " on " not in footer  # no date the paper was made


def test_the_paper_and_its_appendix_are_valid_and_no_word_breaks(paper: Path) -> None:
    assert audit(paper) == []
    assert audit(paper.with_name("parks-appendix-A.docx")) == []
    assert broken_words(paper, pdf_of(paper)) == []


def test_the_title_is_the_first_heading_of_the_tagged_pdf(borsetshire: Register, tmp_path: Path) -> None:
    if not shutil.which("pdfinfo"):
        pytest.skip("poppler's pdfinfo is not installed")
    report(
        borsetshire,
        "decisions/2025-01-23-policy-parks",
        output=tmp_path / "p.docx",
        options=PaperOptions(pdf=True),
    )
    structure = subprocess.run(
        ["pdfinfo", "-struct-text", str(tmp_path / "p.pdf")], capture_output=True, text=True, check=True
    ).stdout
    first = re.search(r"^\s*H1\b.*?\"([^\"]+)\"", structure, flags=re.MULTILINE | re.DOTALL)
    assert first and first.group(1) == "Parks and Open Spaces Strategy 2025 to 2030", structure[:400]
    assert structure.index("H1") < structure.index("P (block)")


OWN_FORMAT = """\
name: ambridge
description: A parish-style paper with no numbers but its resolutions.
date: ordinal
heading:
  lines: ["{body}", "{date}", "{title}", "Key decision: {key_decision}", "Wards: {wards}"]
numbering:
  paragraphs: none
  recommendations: "(i)"
parts:
  - sections:
      - purpose
      - recommendations
      - reasons
      - group: Matters to consider
        sections: [alternatives, timetable, policy_framework, financial, legal, resources, equality, risk, climate, consultation]
      - background
      - sections
      - circulation
      - partnership_working
      - appendices
      - background_papers
      - contacts
headings:
  recommendations: Resolutions proposed
required: [purpose, recommendations]
addresses: []
captions: false
"""


def test_a_councils_own_house_format(borsetshire: Register, tmp_path: Path) -> None:
    """A copy of the register, its house format one the council wrote: no paragraph numbers,
    resolutions (i), (ii) … starting again in each list, no addresses printed."""
    settings = (borsetshire.root / "register.yaml").read_text(encoding="utf-8")
    (borsetshire.root / "templates/houses/ambridge.yaml").write_text(OWN_FORMAT, encoding="utf-8")
    try:
        copy = _changed_copy(
            borsetshire,
            tmp_path / "ambridge",
            {
                "register.yaml": settings.replace("house: cover", "house: ambridge"),
                "decisions/2025-01-23-policy-parks.yaml": DECISION.replace(
                    "  reasons: [", "  timetable: [The plan goes to Council on 5 March 2025.]\n  reasons: ["
                ).replace(
                    "  background: [The Council manages 42 parks and open spaces across the district.]",
                    "  background:\n"
                    "    - {text: 'The parks are:', items: [Felpersham Recreation Ground, Hollerton Meadows]}\n"
                    "    - {text: 'The friends groups are:', items: [Friends of Felpersham, Hollerton Green]}",
                ),
            },
        )
    finally:
        (borsetshire.root / "templates/houses/ambridge.yaml").unlink()
    subprocess.run(["git", "add", "templates"], cwd=copy.root, check=True)
    subprocess.run(["git", "commit", "-qm", "Our own house format"], cwd=copy.root, check=True)
    target = tmp_path / "own.docx"
    report(copy, "decisions/2025-01-23-policy-parks", output=target, at="HEAD")
    flat = _flat("\n".join(pages_of(pdf_of(target))))
    assert flat.startswith("Policy and Resources Committee 23rd January 2025 Parks and Open Spaces Strategy")
    assert "Key decision: Yes Wards: Felpersham North and Hollerton" in flat
    assert re.search(
        r"Resolutions proposed It is recommended that \(i\) adopt .* \(ii\) agree .* \(iii\) delegate",
        flat,
    )
    assert "Matters to consider Alternative Options Considered Not adopting" in flat
    assert re.search(
        r"The parks are: 1\) Felpersham .* 2\) Hollerton Meadows The friends groups are: 1\) Friends", flat
    )
    assert not re.search(r"(^| )1\. ", flat)  # no paragraph numbers
    assert "https://www.borsetshire.example/pitches" not in flat  # links, not printed addresses
    assert audit(target) == []


def test_init_names_only_the_formats_that_ship(tmp_path: Path) -> None:
    with pytest.raises(
        UsageError, match="no house format 'mine' ships with register: choose one of cover, seed"
    ):
        init(tmp_path / "r", house="mine")
    assert not (tmp_path / "r").exists()


def test_a_house_that_is_nowhere_is_named(borsetshire: Register, tmp_path: Path) -> None:
    settings = (borsetshire.root / "register.yaml").read_text(encoding="utf-8")
    copy = _changed_copy(
        borsetshire, tmp_path / "copy", {"register.yaml": settings.replace("house: cover", "house: mine")}
    )
    with pytest.raises(
        UsageError,
        match=re.escape("house 'mine' is not a house format: keep it as templates/houses/mine.yaml"),
    ):
        report(copy, "decisions/2025-01-23-policy-parks", output=tmp_path / "x.docx", at="HEAD")


def test_a_report_with_required_sections_empty_is_refused_naming_them(
    borsetshire: Register, tmp_path: Path
) -> None:
    empty = DECISION.replace("  reasons: [The current strategy ends in March 2025.]\n", "  reasons: []\n")
    copy = _changed_copy(borsetshire, tmp_path / "copy", {"decisions/2025-01-23-policy-parks.yaml": empty})
    with pytest.raises(
        RefusedInput,
        match=r"decisions/2025-01-23-policy-parks.yaml@[0-9a-f]{7}:\d+:1: report: the house format needs Reasons for the Recommendations before",
    ):
        report(copy, "decisions/2025-01-23-policy-parks", output=tmp_path / "x.docx", at="HEAD")
    assert not (tmp_path / "x.docx").exists()
