"""The committee report for a decision, in the seed's house format, written from the records."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from ..records import Record
from ..wording import joined, long_date, month_year, ordinal_date
from .common import Provenance, appendix_label, new_paper, record_paper
from .house import HouseFormat
from .model import Block, Heading, PageBreak, Paper, Paragraph, Span, para, text
from .records import record_blocks


@dataclass
class Report:
    paper: Paper
    appendices: list[tuple[str, Paper]] = field(default_factory=list)  # (record id, paper) written separately


def build_report(
    decision: Record,
    records: Mapping[str, Record],
    house: HouseFormat,
    provenance: Provenance,
    include_exempt: bool = False,
) -> Report:
    builder = _ReportBuilder(decision, records, house, include_exempt)
    paper = new_paper(
        decision.title, _subject(decision.data), provenance, include_exempt, house, "Committee report"
    )
    paper.properties["RegisterRecord"] = decision.id
    paper.add(*builder.heading_block())
    if decision.data.get("exempt") and not include_exempt:
        paper.add(para(house.say("exempt", **decision.data["exempt"])))
        return Report(paper)
    for part in (house.part_a, house.part_b):
        paper.add(Heading(part.heading, 1))
        for section, heading in part.sections:
            paper.add(*builder.section(section, heading))
    report = Report(paper)
    for letter, record_id in builder.appendix_ids():
        appendix = records[record_id]
        if appendix.data.get("exempt") and not include_exempt:
            continue
        if house.appendix == "separate":
            report.appendices.append(
                (record_id, record_paper(appendix, records, provenance, include_exempt, house))
            )
        else:
            label = appendix_label(letter, len(builder.appendix_ids()))
            paper.add(PageBreak(), Heading(f"{label}: {appendix.title}", 1))
            paper.add(*record_blocks(appendix.data, builder.title_of, 2))
    return report


def _subject(data: dict[str, Any]) -> str:
    return f"{data['body']}, {long_date(data['meeting_date'])}: report of {data['report']['of']}"


class _ReportBuilder:
    """Writes each section of one report; numbered paragraphs run on through both parts."""

    def __init__(
        self, decision: Record, records: Mapping[str, Record], house: HouseFormat, include_exempt: bool
    ):
        self.data = decision.data
        self.report = decision.data["report"]
        self.records = records
        self.house = house
        self.include_exempt = include_exempt

    def title_of(self, record_id: str) -> str:
        return self.records[record_id].title

    def heading_block(self) -> list[Block]:
        meeting = self.house.meeting.format(
            body=self.data["body"], date=ordinal_date(self.data["meeting_date"])
        )
        return [
            para(meeting, "subtitle"),
            para(self.data["title"], "title"),
            para(self.house.report_of.format(of=self.report["of"]), "subtitle"),
        ]

    def section(self, section: str, heading: str) -> list[Block]:
        if section == "report_sections":
            return [
                block for own in self.report.get("part_b", {}).get("sections", []) for block in self._own(own)
            ]
        blocks = self._writers()[section]()
        return [Heading(heading, 2), *blocks] if blocks else []

    def _writers(self) -> dict[str, Callable[[], list[Block]]]:
        part_a, part_b = self.report["part_a"], self.report.get("part_b", {})
        return {
            "purpose": lambda: self._paragraphs(part_a["purpose"]),
            "recommendations": self._recommendations,
            "reasons": lambda: self._paragraphs(part_a["reasons"]),
            "timetable": self._timetable,
            "policy_framework": self._policy_framework,
            "resource_implications": lambda: self._paragraphs(part_a["resource_implications"]),
            "circulation": lambda: self._paragraphs(part_a.get("circulation", [])),
            "officers": self._officers,
            "equality": self._equality,
            "partnership_working": lambda: self._paragraphs(part_b.get("partnership_working", [])),
            "appendices": self._appendices,
            "background_papers": self._background_papers,
        }

    # --- Part A -------------------------------------------------------------------------

    def _recommendations(self) -> list[Block]:
        part_a = self.report["part_a"]
        return [para(part_a["recommendation_intro"], "numbered", keep_with_next=True)] + [
            para(item, "lettered") for item in part_a["recommendations"]
        ]

    def _timetable(self) -> list[Block]:
        blocks: list[Block] = []
        for decision_id in self.data.get("timetable", []):
            other = self.records[decision_id].data
            # Tense as at publication: a meeting between publication and this one is still to come.
            written = self.report.get("published") or self.data["meeting_date"]
            past = other["meeting_date"] <= written
            sentence = self.house.say(
                "considered" if past else "will_consider",
                body=other["body"],
                what=_what(other),
                date=long_date(other["meeting_date"]),
            )
            blocks.append(para(sentence, "numbered"))
        return blocks + self._paragraphs(self.report["part_a"].get("timetable", []))

    def _policy_framework(self) -> list[Block]:
        framework = self.report["part_a"].get("policy_framework", {})
        blocks: list[Block] = [para(self._law(law), "numbered") for law in framework.get("legislation", [])]
        previous = sorted(
            (self.records[i].data for i in framework.get("previous_decisions", [])),
            key=lambda d: d["meeting_date"],
        )
        if previous:
            blocks.append(para(" ".join(self._previous_decision(d) for d in previous), "numbered"))
        return blocks + self._paragraphs(framework.get("paragraphs", []))

    def _law(self, law: dict[str, Any]) -> str:
        if law.get("provision"):
            return self.house.say(
                "legislation", provision=law["provision"], act=law["act"], effect=law["effect"]
            )
        return self.house.say("legislation_whole", act=law["act"], effect=law["effect"])

    def _previous_decision(self, other: dict[str, Any]) -> str:
        approved = [self.title_of(i) for i in other.get("approves", [])]
        subject = joined(approved) if approved else f"“{other['title']}”"
        outcome = (other.get("outcome") or {}).get("decision") or "considered"  # the outcome is its own verb
        return self.house.say(
            "previous_decision",
            month=month_year(other["meeting_date"]),
            body=other["body"],
            outcome=outcome,
            subject=subject,
        )

    def _officers(self) -> list[Block]:
        blocks: list[Block] = []
        for officer in self.report["part_a"]["officers"]:
            blocks.append(Paragraph((Span(f"{officer['name']}, {officer['role']}", bold=True),), "contact"))
            if officer.get("telephone"):
                blocks.append(para(f"Telephone: {officer['telephone']}", "contact"))
            if officer.get("email"):
                email = officer["email"]
                blocks.append(Paragraph((Span("Email: "), Span(email, link=f"mailto:{email}")), "body"))
        return blocks

    # --- Part B -------------------------------------------------------------------------

    def _own(self, section: dict[str, Any]) -> list[Block]:
        heading = Heading(section["heading"], 2)
        if section.get("exempt"):
            if not self.include_exempt:
                return [heading, para(self.house.say("exempt", **section["exempt"]))]
            heading = Heading(f"{section['heading']} (exempt information)", 2)
        blocks = self._comments_of(section["comments_of"]) if section.get("comments_of") else []
        return [heading, *blocks, *self._paragraphs(section.get("paragraphs", []))]

    def withheld(self, record_id: str) -> Paragraph | None:
        """In a public paper, the line that stands in for what an exempt record would have said."""
        exempt = self.records[record_id].data.get("exempt")
        if exempt and not self.include_exempt:
            return para(self.house.say("exempt", **exempt), "numbered")
        return None

    def _comments_of(self, decision_id: str) -> list[Block]:
        if notice := self.withheld(decision_id):
            return [notice]
        other = self.records[decision_id].data
        meeting = self.house.say(
            "considered", body=other["body"], what=_what(other), date=long_date(other["meeting_date"])
        )
        comments = [comment["text"] for comment in other.get("comments", [])]
        requests = [self.house.say("follow_up", request=f["request"]) for f in other.get("follow_ups", [])]
        if comments and requests:
            comments[-1] = f"{comments[-1]} {' '.join(requests)}"
        elif requests:
            comments = [" ".join(requests)]
        return [para(meeting, "numbered")] + [para(comment, "numbered") for comment in comments]

    def _equality(self) -> list[Block]:
        equality = self.report.get("part_b", {}).get("equality", {})
        screening_id = equality.get("screening")
        if screening_id is None:
            blocks = [para(self.house.say("no_screening"), "numbered")]
        elif notice := self.withheld(screening_id):
            blocks = [notice]
        else:
            conclusion = self.records[screening_id].data["conclusion"]
            needed = "full_ehria_required" if conclusion["full_ehria_required"] else "full_ehria_not_required"
            sentence = f"{self.house.say('equality', summary=conclusion['summary'])} {self.house.say(needed)}"
            blocks = [para(sentence, "numbered")]
        return blocks + self._paragraphs(equality.get("paragraphs", []))

    def appendix_ids(self) -> list[tuple[int, str]]:
        return list(enumerate(self.report.get("part_b", {}).get("appendices", [])))

    def _appendices(self) -> list[Block]:
        blocks: list[Block] = []
        count = len(self.appendix_ids())
        for letter, record_id in self.appendix_ids():
            appendix = self.records[record_id]
            label = "" if count == 1 else f"{appendix_label(letter, count)} – "
            line = f"{label}{appendix.title}."
            if appendix.data.get("exempt") and not self.include_exempt:
                line += " " + self.house.say("exempt", **appendix.data["exempt"])
            blocks.append(para(line))
        return blocks

    def _background_papers(self) -> list[Block]:
        blocks: list[Block] = []
        for paper in self.report.get("part_b", {}).get("background_papers", []):
            if paper.get("decision"):
                other = self.records[paper["decision"]].data
                lead = self.house.say(
                    "background_paper", body=other["body"], date=long_date(other["meeting_date"])
                )
                if self.withheld(paper["decision"]):  # the title is public; the exempt report is not linked
                    blocks.append(Paragraph((Span(lead), Span(f"{other['title']} (exempt: not published)"))))
                else:
                    blocks.append(Paragraph((Span(lead), Span(other["title"], link=other.get("report_url")))))
            else:
                blocks.append(Paragraph((Span(paper["title"], link=paper.get("url")),)))
        return blocks

    def _paragraphs(self, paragraphs: list[Any]) -> list[Block]:
        blocks: list[Block] = []
        for item in paragraphs:
            if isinstance(item, str):
                blocks.append(para(item, "numbered"))
                continue
            blocks.append(Paragraph(text(item["text"]), "numbered", keep_with_next=True))
            if "priorities_of" in item and (notice := self.withheld(item["priorities_of"])):
                blocks.append(Paragraph(notice.spans, "body"))
                continue
            if "priorities_of" in item:
                items = [p["title"] for p in self.records[item["priorities_of"]].data.get("priorities", [])]
            else:
                items = item["items"]
            blocks += [para(entry, "listed") for entry in items]
        return blocks


def _what(other: dict[str, Any]) -> str:
    return other.get("described_as") or f"the report “{other['title']}”"
