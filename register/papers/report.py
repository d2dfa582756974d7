"""The committee report for a decision, in the seed's house format, written from the records."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from ..records.kinds import Decision, Ehria, RecordModel, Strategy
from ..records.kinds.common import Exempt
from ..records.kinds.decision import Legislation, ListParagraph, PrioritiesParagraph, Report, Section
from ..records.kinds.decision import Paragraph as ParagraphItem
from ..records.provenance import Provenance
from ..records.wording import joined, long_date, month_year, ordinal_date
from .house import HouseFormat
from .model import Block, Heading, PageBreak, Paper, Paragraph, Span, para, text
from .paper import appendix_label, new_paper, record_paper
from .record_blocks import record_blocks


@dataclass
class ReportPapers:
    paper: Paper
    appendices: list[tuple[str, Paper]] = field(default_factory=list)  # (record id, paper) written separately


def build_report(
    decision_id: str,
    decision: Decision,
    records: Mapping[str, RecordModel],
    *,
    house: HouseFormat,
    provenance: Provenance,
    include_exempt: bool,
) -> ReportPapers:
    assert decision.report is not None
    builder = _ReportBuilder(decision, decision.report, records, house, include_exempt)
    paper = new_paper(
        decision.title,
        f"{decision.label}: report of {decision.report.of}",
        provenance=provenance,
        include_exempt=include_exempt,
        house=house,
        category="Committee report",
    )
    paper.properties["RegisterRecord"] = decision_id
    paper.add(*builder.heading_block())
    if decision.exempt and not include_exempt:
        paper.add(para(builder.exempt_notice(decision.exempt)))
        return ReportPapers(paper)
    for part in (house.part_a, house.part_b):
        paper.add(Heading(part.heading, 1))
        for section, heading in part.sections:
            paper.add(*builder.section(section, heading))
    report = ReportPapers(paper)
    appendices = builder.appendix_ids()
    for index, record_id in enumerate(appendices):
        appendix = records[record_id]
        if appendix.exempt and not include_exempt:
            continue
        if house.appendix == "separate":
            report.appendices.append(
                (
                    record_id,
                    record_paper(
                        record_id,
                        appendix,
                        records,
                        provenance=provenance,
                        include_exempt=include_exempt,
                        house=house,
                    ),
                )
            )
        else:
            label = appendix_label(index, len(appendices))
            paper.add(PageBreak(), Heading(f"{label}: {appendix.title}", 1))
            paper.add(*record_blocks(appendix, builder.title_of, 2))
    return report


class _ReportBuilder:
    """Writes each section of one report; numbered paragraphs run on through both parts."""

    def __init__(
        self,
        decision: Decision,
        report: Report,
        records: Mapping[str, RecordModel],
        house: HouseFormat,
        include_exempt: bool,
    ) -> None:
        self.decision = decision
        self.report = report
        self.records = records
        self.house = house
        self.include_exempt = include_exempt

    def title_of(self, record_id: str) -> str:
        return self.records[record_id].title

    def decision_of(self, record_id: str) -> Decision:
        found = self.records[record_id]
        assert isinstance(found, Decision)  # the kind is checked by validation before any paper
        return found

    def exempt_notice(self, exempt: Exempt) -> str:
        return self.house.say("exempt", paragraph=exempt.paragraph, public_interest=exempt.public_interest)

    def heading_block(self) -> list[Block]:
        meeting = self.house.meeting.format(
            body=self.decision.body, date=ordinal_date(self.decision.meeting_date)
        )
        return [
            para(meeting, "subtitle"),
            para(self.decision.title, "title"),
            para(self.house.report_of.format(of=self.report.of), "subtitle"),
        ]

    def section(self, section: str, heading: str) -> list[Block]:
        if section == "report_sections":
            return [block for own in self.report.part_b.sections for block in self._own(own)]
        blocks = self._writers()[section]()
        return [Heading(heading, 2), *blocks] if blocks else []

    def _writers(self) -> dict[str, Callable[[], list[Block]]]:
        part_a, part_b = self.report.part_a, self.report.part_b
        return {
            "purpose": lambda: self._paragraphs(part_a.purpose),
            "recommendations": self._recommendations,
            "reasons": lambda: self._paragraphs(part_a.reasons),
            "timetable": self._timetable,
            "policy_framework": self._policy_framework,
            "resource_implications": lambda: self._paragraphs(part_a.resource_implications),
            "circulation": lambda: self._paragraphs(part_a.circulation),
            "officers": self._officers,
            "equality": self._equality,
            "partnership_working": lambda: self._paragraphs(part_b.partnership_working),
            "appendices": self._appendices,
            "background_papers": self._background_papers,
        }

    # --- Part A -------------------------------------------------------------------------

    def _recommendations(self) -> list[Block]:
        part_a = self.report.part_a
        blocks: list[Block] = [para(part_a.recommendation_intro, "numbered", keep_with_next=True)]
        return blocks + [para(item, "lettered") for item in part_a.recommendations]

    def _timetable(self) -> list[Block]:
        blocks: list[Block] = []
        # Tense as at publication: a meeting between publication and this one is still to come.
        written = self.report.published or self.decision.meeting_date
        for decision_id in self.decision.timetable:
            other = self.decision_of(decision_id)
            sentence = self.house.say(
                "considered" if other.meeting_date <= written else "will_consider",
                body=other.body,
                what=_what(other),
                date=long_date(other.meeting_date),
            )
            blocks.append(para(sentence, "numbered"))
        return blocks + self._paragraphs(self.report.part_a.timetable)

    def _policy_framework(self) -> list[Block]:
        framework = self.report.part_a.policy_framework
        blocks: list[Block] = [para(self._law(law), "numbered") for law in framework.legislation]
        previous = sorted(
            (self.decision_of(i) for i in framework.previous_decisions), key=lambda d: d.meeting_date
        )
        if previous:
            blocks.append(para(" ".join(self._previous_decision(d) for d in previous), "numbered"))
        return blocks + self._paragraphs(framework.paragraphs)

    def _law(self, law: Legislation) -> str:
        if law.provision:
            return self.house.say("legislation", provision=law.provision, act=law.act, effect=law.effect)
        return self.house.say("legislation_whole", act=law.act, effect=law.effect)

    def _previous_decision(self, other: Decision) -> str:
        approved = [self.title_of(i) for i in other.approves]
        subject = joined(approved) if approved else f"“{other.title}”"
        outcome = other.outcome.decision if other.outcome else "considered"  # the outcome is its own verb
        return self.house.say(
            "previous_decision",
            month=month_year(other.meeting_date),
            body=other.body,
            outcome=outcome,
            subject=subject,
        )

    def _officers(self) -> list[Block]:
        blocks: list[Block] = []
        for officer in self.report.part_a.officers:
            blocks.append(Paragraph((Span(f"{officer.name}, {officer.role}", bold=True),), "contact"))
            if officer.telephone:
                blocks.append(para(f"Telephone: {officer.telephone}", "contact"))
            if officer.email:
                blocks.append(
                    Paragraph((Span("Email: "), Span(officer.email, link=f"mailto:{officer.email}")), "body")
                )
        return blocks

    # --- Part B -------------------------------------------------------------------------

    def _own(self, section: Section) -> list[Block]:
        heading = Heading(section.heading, 2)
        if section.exempt:
            if not self.include_exempt:
                return [heading, para(self.exempt_notice(section.exempt))]
            heading = Heading(f"{section.heading} (exempt information)", 2)
        blocks = self._comments_of(section.comments_of) if section.comments_of else []
        return [heading, *blocks, *self._paragraphs(section.paragraphs)]

    def withheld(self, record_id: str) -> Paragraph | None:
        """In a public paper, the line that stands in for what an exempt record would have said."""
        exempt = self.records[record_id].exempt
        if exempt and not self.include_exempt:
            return para(self.exempt_notice(exempt), "numbered")
        return None

    def _comments_of(self, decision_id: str) -> list[Block]:
        if notice := self.withheld(decision_id):
            return [notice]
        other = self.decision_of(decision_id)
        meeting = self.house.say(
            "considered", body=other.body, what=_what(other), date=long_date(other.meeting_date)
        )
        comments = [comment.text for comment in other.comments]
        requests = [self.house.say("follow_up", request=f.request) for f in other.follow_ups]
        if comments and requests:
            comments[-1] = f"{comments[-1]} {' '.join(requests)}"
        elif requests:
            comments = [" ".join(requests)]
        blocks: list[Block] = [para(meeting, "numbered")]
        return blocks + [para(comment, "numbered") for comment in comments]

    def _equality(self) -> list[Block]:
        equality = self.report.part_b.equality
        blocks: list[Block]
        if equality.screening is None:
            blocks = [para(self.house.say("no_screening"), "numbered")]
        elif notice := self.withheld(equality.screening):
            blocks = [notice]
        else:
            screening = self.records[equality.screening]
            assert isinstance(screening, Ehria)
            conclusion = screening.conclusion
            needed = "full_ehria_required" if conclusion.full_ehria_required else "full_ehria_not_required"
            sentence = f"{self.house.say('equality', summary=conclusion.summary)} {self.house.say(needed)}"
            blocks = [para(sentence, "numbered")]
        return blocks + self._paragraphs(equality.paragraphs)

    def appendix_ids(self) -> list[str]:
        return list(self.report.part_b.appendices)

    def _appendices(self) -> list[Block]:
        blocks: list[Block] = []
        ids = self.appendix_ids()
        for index, record_id in enumerate(ids):
            appendix = self.records[record_id]
            label = "" if len(ids) == 1 else f"{appendix_label(index, len(ids))} – "
            line = f"{label}{appendix.title}."
            if appendix.exempt and not self.include_exempt:
                line += " " + self.exempt_notice(appendix.exempt)
            blocks.append(para(line))
        return blocks

    def _background_papers(self) -> list[Block]:
        blocks: list[Block] = []
        for paper in self.report.part_b.background_papers:
            if paper.decision:
                other = self.decision_of(paper.decision)
                lead = self.house.say("background_paper", body=other.body, date=long_date(other.meeting_date))
                if self.withheld(paper.decision):  # the title is public; the exempt report is not linked
                    blocks.append(Paragraph((Span(lead), Span(f"{other.title} (exempt: not published)"))))
                else:
                    blocks.append(Paragraph((Span(lead), Span(other.title, link=other.report_url))))
            else:
                blocks.append(Paragraph((Span(paper.title or paper.url or "", link=paper.url),)))
        return blocks

    def _paragraphs(self, paragraphs: Sequence[ParagraphItem]) -> list[Block]:
        blocks: list[Block] = []
        for item in paragraphs:
            if isinstance(item, str):
                blocks.append(para(item, "numbered"))
                continue
            blocks.append(Paragraph(text(item.text), "numbered", keep_with_next=True))
            if isinstance(item, PrioritiesParagraph):
                if notice := self.withheld(item.priorities_of):
                    blocks.append(Paragraph(notice.spans, "body"))
                    continue
                strategy = self.records[item.priorities_of]
                assert isinstance(strategy, Strategy)
                entries = [priority.title for priority in strategy.priorities]
            else:
                assert isinstance(item, ListParagraph)
                entries = list(item.items)
            blocks += [para(entry, "listed") for entry in entries]
        return blocks


def _what(other: Decision) -> str:
    return other.described_as or f"the report “{other.title}”"
