"""The demo's Cabinet report, opened again with python-docx and read back through LibreOffice's PDF."""

from __future__ import annotations

import itertools
import re
from pathlib import Path
from typing import Any

import docx
import pytest
from docx.oxml.ns import qn

from register.publish.documents import report as publish_report
from register.store.version import Register

from .office import audit, broken_words, pages_of, pdf_info, pdf_of

# The published Cabinet report the product is modelled on (shared/seed), kept beside the tests so
# that a clone anywhere can hold the papers to it.
SEED = Path(__file__).resolve().parent / "seed" / "000_9517cb8584e395a4.txt"
CABINET = "decisions/2020-09-18-cabinet-send-inclusion-strategy"
SEED_HEADINGS = [
    "PART A",
    "Purpose of the Report",
    "Recommendation",
    "Reason for Recommendation",
    "Timetable for Decisions (including Scrutiny)",
    "Policy Framework and Previous Decisions",
    "Resource Implications",
    "Circulation under the Local Issues Alert Procedure",
    "Officers to Contact",
    "PART B",
    "Background",
    "Priorities in the New Strategy",
    "Engagement on the draft Strategy",
    "Comments of the Children and Families Overview and Scrutiny Committee",
    "Implementation and Monitoring",
    "Equality and Human Rights Implications",
    "Partnership Working",
    "Appendix",
    "Background Papers",
]
BACKGROUND_PAPERS = {
    "SEND and Inclusion Strategy 2020-2023": "https://bit.ly/3jUn9RP",
    "Revised Strategic Plan 2020-2023": "http://politics.leics.gov.uk/ieListDocuments.aspx?CId=134&MId=6040&Ver=4",
    "Special Educational Needs And Disabilities Provision - High Needs Block Development Plan": "http://politics.leics.gov.uk/ieListDocuments.aspx?CId=1043&MId=5683&Ver=4",
    "Special Educational Needs and Disabilities Strategy 2017 to 2020": "http://politics.leics.gov.uk/ieListDocuments.aspx?CId=135&MId=5179",
}


@pytest.fixture(scope="module")
def report(demo_register: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("report") / "cabinet.docx"
    publish_report(Register(demo_register), CABINET, output=target, at="2020-09-18")
    return target


@pytest.fixture(scope="module")
def report_pdf(report: Path) -> Path:
    return pdf_of(report)


@pytest.fixture(scope="module")
def report_text(report_pdf: Path) -> str:
    pages = pages_of(report_pdf)
    body = "\n".join(pages)
    return body[: body.index("Appendix: ")]  # the report itself, before the appendix pages


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def test_the_seed_headings_appear_in_the_seeds_order(report_text: str) -> None:
    seed = _flat(SEED.read_text(encoding="utf-8")) if SEED.exists() else None
    flat = _flat(report_text)
    position = 0
    for heading in SEED_HEADINGS:
        if seed is not None:
            assert heading.lower() in seed.lower(), f"{heading!r} is not a heading of the seed"
        found = flat.find(heading, position)
        assert found >= 0, f"{heading!r} missing or out of order"
        position = found + len(heading)


def test_paragraph_numbers_run_without_gaps(report_text: str) -> None:
    # A paragraph's number stands at the margin; its wrapped lines are indented under its text.
    numbers = [int(n) for n in re.findall(r"^(\d+)\.\s", report_text, flags=re.MULTILINE)]
    assert numbers == list(range(1, 33))  # as the seed runs: 1 to 32


# Where the demo's report may differ from the seed's text, and why: nothing else may.
ALLOWED = {
    5: (
        "1st September 2020",
        "1 September 2020",
        "the seed writes the same date two ways (1st here; 1 in paragraph 26 and the background papers); "
        "a house format writes every date of the text one way",
    ),
    27: (
        "a years’ time",
        "a year’s time",
        "the seed's slip; the words are Scrutiny's follow-up request, a record other papers also use",
    ),
}


def seed_paragraphs(headings: set[str]) -> dict[str, str]:
    """The seed's numbered paragraphs ('1'…'32'), its recommendations ('3a', '3b') and the list
    under paragraph 16 ('16.1'…'16.5'), as one line each: a paragraph ends at the next number,
    the next heading or the next lettered or listed item."""
    found: dict[str, str] = {}
    key: str | None = None
    lines: list[str] = []
    paragraph = 0

    def close() -> None:
        if key:
            found[key] = _joined(lines)

    for line in SEED.read_text(encoding="utf-8").splitlines():
        number = re.match(r"^\s*(\d{1,2})\.\s+(.*)$", line)
        item = re.match(r"^\s*([a-z]|\d)\)\s+(.*)$", line)
        if number:
            close()
            paragraph = int(number.group(1))
            key, lines = number.group(1), [number.group(2)]
        elif item:
            close()
            label = item.group(1)
            key = f"{paragraph}{label}" if label.isalpha() else f"{paragraph}.{label}"
            lines = [item.group(2)]
        elif line.strip().lower() in headings:
            close()
            key, lines = None, []
        elif key and line.strip():
            lines.append(line)
    close()
    return found


def _joined(lines: list[str]) -> str:
    """Lines of a paragraph as one: a word the seed hyphenated at a line's end is whole again."""
    text = ""
    for line in (line.strip() for line in lines):
        glued = text.endswith("-") and not text.endswith(" -") and line[:1].isalnum()
        text = text + line if glued else f"{text} {line}".strip()
    return " ".join(text.split())


def our_paragraphs(report: Path) -> dict[str, str]:
    document = docx.Document(str(report))
    found: dict[str, str] = {}
    number, letter, listed = 0, 0, 0
    for paragraph in document.paragraphs:
        words = " ".join(paragraph.text.split())
        if paragraph.style.name == "Numbered Paragraph":
            number, letter, listed = number + 1, 0, 0
            found[str(number)] = words
        elif paragraph.style.name == "Recommendation":
            letter += 1
            found[f"{number}{'abcdefgh'[letter - 1]}"] = words
        elif paragraph.style.name == "Listed Paragraph":
            listed += 1
            found[f"{number}.{listed}"] = words
    return found


def test_every_numbered_paragraph_is_the_seeds(report: Path) -> None:
    document = docx.Document(str(report))
    headings = {p.text.strip().lower() for p in document.paragraphs if p.style.name.startswith("Heading")}
    seed, ours = seed_paragraphs(headings), our_paragraphs(report)
    assert [k for k in seed if k.isdigit()] == [str(n) for n in range(1, 33)]
    assert set(seed) == set(ours), "the same paragraphs, recommendations and list items"
    for key, text in seed.items():
        if key.isdigit() and int(key) in ALLOWED:
            then, now, _reason = ALLOWED[int(key)]
            assert then in text, key
            text = text.replace(then, now)
        assert ours[key] == text, f"paragraph {key}"


def test_the_pdf_numbers_each_paragraph_as_the_seed_does(report_text: str) -> None:
    seed = seed_paragraphs(set())
    starts = dict(re.findall(r"^(\d+)\.\s+(\S+ \S+)", report_text, flags=re.MULTILINE))
    for number in range(1, 33):
        assert starts[str(number)] == " ".join(seed[str(number)].split()[:2]), number


def test_no_word_breaks_in_the_report_or_its_tables(report: Path, report_pdf: Path) -> None:
    assert broken_words(report, report_pdf) == []


def test_recommendations_are_lettered(report_text: str) -> None:
    flat = _flat(report_text)
    assert re.search(r"\d+\. It is recommended that a\) The responses to the consultation", flat)
    assert re.search(
        r"b\) The Leicestershire local area Special Educational Needs and Disability and Inclusion", flat
    )


def test_sections_written_from_other_records(report_text: str) -> None:
    flat = _flat(report_text)
    assert (
        "The Children and Families Overview and Scrutiny Committee considered the draft Strategy at its "
        "meeting on 1 September 2020."
    ) in flat
    assert "In April 2018 the Cabinet approved the Leicestershire SEND Strategy 2017 to 2020." in flat
    assert (
        "concluded that the continued work of the partnership would benefit all protected characteristics"
        in flat
    )
    assert "A full EHRIA was therefore not required." in flat
    assert "The Committee asked to be presented with a progress update in a year’s time." in flat
    assert "3) Understanding and preparation for change (Transitions)." in flat


def test_officers_and_background_papers(report_text: str) -> None:
    flat = _flat(report_text)
    for email in ("Jane.Moore@leics.gov.uk", "Paula.Sumner@leics.gov.uk"):
        assert email in flat
    for title in BACKGROUND_PAPERS:
        assert title in flat


def test_the_appendix_is_the_strategy(report_pdf: Path) -> None:
    whole = "\n".join(pages_of(report_pdf, layout=False))
    appendix = _flat(whole[whole.index("Appendix: ") :])
    assert "Priority 2: Responsive, inclusive and effective provision" in appendix
    assert "Development of new schools, resource bases and expansion of existing special schools" in appendix


def test_every_page_says_where_it_came_from(report_pdf: Path) -> None:
    pages = pages_of(report_pdf)
    for number, page in enumerate(pages, start=1):
        assert f"Page {number} of {len(pages)}" in page
        assert "Produced from register commit" in page


def test_tagged_pdf_with_language_and_title(report_pdf: Path) -> None:
    pdf = report_pdf
    info = pdf_info(pdf)
    assert re.search(r"^Tagged:\s+yes", info, flags=re.MULTILINE)
    assert re.search(
        r"^Title:\s+Special Educational Needs and Disability \(SEND\) and Inclusion", info, flags=re.MULTILINE
    )
    assert b"/Lang(en-GB)" in pdf.read_bytes().replace(b" ", b"")


# --- the .docx itself ------------------------------------------------------------------------


def test_styles_and_heading_order(report: Path) -> None:
    document = docx.Document(str(report))
    styles = [p.style.name for p in document.paragraphs]
    assert styles[:3] == ["Subtitle", "Title", "Subtitle"]
    levels = [int(name.split()[-1]) for name in styles if name.startswith("Heading")]
    assert levels[0] == 1 and all(b - a <= 1 for a, b in itertools.pairwise(levels))
    headings = [p.text for p in document.paragraphs if p.style.name in ("Heading 1", "Heading 2")]
    assert [h for h in headings if h in SEED_HEADINGS] == SEED_HEADINGS
    numbered = [p for p in document.paragraphs if p.style.name == "Numbered Paragraph"]
    assert len(numbered) >= 30
    style = document.styles["Numbered Paragraph"].element
    assert style.find(f"{qn('w:pPr')}/{qn('w:numPr')}") is not None


def test_document_properties(report: Path, demo_register: Path) -> None:
    document = docx.Document(str(report))
    core = document.core_properties
    assert core.title == "Special Educational Needs and Disability (SEND) and Inclusion Strategy 2020 to 2023"
    assert core.author == "Leicestershire County Council"
    assert (
        core.subject == "Cabinet, 18 September 2020: report of the Director of Children and Family Services"
    )
    assert core.language == "en-GB"
    commit = Register(demo_register).store.resolve("2020-09-18")
    assert core.identifier == commit
    custom = _custom_properties(report)
    assert custom["RegisterCommit"] == commit and custom["RegisterWorkingTree"] == "clean"
    assert custom["RegisterRecord"] == CABINET
    defaults = document.styles.element.find(qn("w:docDefaults"))
    assert defaults.find(f".//{qn('w:lang')}").get(qn("w:val")) == "en-GB"


def _custom_properties(path: Path) -> dict[str, str]:
    import zipfile

    from lxml import etree

    with zipfile.ZipFile(path) as package:
        tree = etree.fromstring(package.read("docProps/custom.xml"))
    return {p.get("name"): p[0].text for p in tree}


def test_every_table_repeats_its_header_row(report: Path) -> None:
    document = docx.Document(str(report))
    assert len(document.tables) >= 5
    for table in document.tables:
        rows = table._tbl.findall(qn("w:tr"))
        assert rows[0].find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is not None
        assert all(row.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is None for row in rows[1:])
        assert table._tbl.tblPr.find(qn("w:tblCaption")) is not None


def test_hyperlinks_have_meaningful_text(report: Path) -> None:
    document = docx.Document(str(report))
    links: dict[str, Any] = {}
    for paragraph in document.paragraphs:
        for link in paragraph.hyperlinks:
            links[link.text] = link.address
    for title, url in BACKGROUND_PAPERS.items():
        assert links[title] == url
    assert links["Jane.Moore@leics.gov.uk"] == "mailto:Jane.Moore@leics.gov.uk"
    assert links["the Local Offer"] == "https://bit.ly/3i9i0ot"
    assert not [text for text in links if text.startswith("http")], (
        "a link's words must not be a bare address"
    )
    text = "\n".join(p.text for p in document.paragraphs)
    for url in BACKGROUND_PAPERS.values():  # printed, for a reader on paper, as the seed prints them
        assert f" - {url}" in text


def test_the_file_passes_the_ooxml_validator(report: Path) -> None:
    assert audit(report) == []
