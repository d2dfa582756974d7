"""The committee report for a decision, laid out as the register's house format says, written
from the records.

The report keeps each part by its role; the house format orders the parts, heads them and numbers
them. What other records know is written from them: the timetable from the decisions it names,
previous decisions, Scrutiny's comments, the equality screening, the appendices. A sentence so
written stands where the officer placed it (a placeholder in their paragraph), or else in a
paragraph of its own; it is never written twice, and never where it would not be true.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from string import Formatter

from ..records.kinds import Decision, Ehria, RecordModel, Strategy
from ..records.kinds.common import Exempt
from ..records.kinds.decision import (
    Appendix,
    BackgroundPaper,
    Legislation,
    ListParagraph,
    PrioritiesParagraph,
    Report,
    Section,
)
from ..records.kinds.decision import Paragraph as ParagraphItem
from ..records.placeholders import PLACEHOLDER
from ..records.provenance import Provenance
from ..records.wording import capitalised, joined, long_date, month_year, ordinal_date
from .house import Group, HouseFormat, Part
from .model import Block, Heading, Numbering, PageBreak, Paper, Paragraph, Role, Span, para, text
from .paper import new_paper, record_paper
from .record_blocks import record_blocks


@dataclass(frozen=True)
class Beside:
    """An appendix that goes beside the report as a file of its own."""

    name: str
    """The file's name without its extension, e.g. 'cabinet-report-appendix-B'."""
    paper: Paper | None = None
    """A record of the register, written out as a paper."""
    file: str | None = None
    """A file kept in the register, copied as it is."""


@dataclass
class ReportPapers:
    paper: Paper
    beside: list[Beside] = field(default_factory=list)


def build_report(
    decision_id: str,
    decision: Decision,
    records: Mapping[str, RecordModel],
    *,
    house: HouseFormat,
    provenance: Provenance,
    include_exempt: bool,
    stem: str,
) -> ReportPapers:
    """The report, and the appendices that go beside it (`stem`: the report file's name, without
    its extension, which theirs begin with)."""
    assert decision.report is not None
    builder = _ReportBuilder(decision, decision.report, records, house, include_exempt, stem)
    paper = new_paper(
        decision.title,
        f"{decision.label}: report of {decision.report.of or 'an officer'}",
        provenance=provenance,
        include_exempt=include_exempt,
        house=house,
        category="Committee report",
    )
    paper.numbering = Numbering(house.numbering.paragraphs, house.numbering.recommendations)
    paper.properties["RegisterRecord"] = decision_id
    paper.add(*builder.heading_block())
    if decision.exempt and not include_exempt:
        paper.add(para(builder.exempt_notice(decision.exempt)))
        return ReportPapers(paper)
    paper.add(*builder.body())
    made = ReportPapers(paper)
    for appendix in builder.report.appendices:
        if builder.withheld_appendix(appendix):
            continue
        if appendix.file is not None:
            made.beside.append(Beside(builder.beside_name(appendix), file=appendix.file))
        elif appendix.record is not None:
            record = records[appendix.record]
            if house.appendix == "separate":
                own = record_paper(
                    appendix.record,
                    record,
                    records,
                    provenance=provenance,
                    include_exempt=include_exempt,
                    house=house,
                )
                made.beside.append(Beside(builder.beside_name(appendix), paper=own))
            else:
                title = appendix.title or record.title
                paper.add(PageBreak(), Heading(f"{builder.appendix_name(appendix)}: {title}", 1))
                paper.add(*record_blocks(record, builder.title_of, 2))
    return made


def empty_required(decision: Decision, house: HouseFormat) -> list[str]:
    """The sections the house format requires that this decision's report leaves empty, by heading."""
    assert decision.report is not None
    missing = [] if decision.report.of else ["whose report it is (of)"]
    return missing + [
        house.heading_of(role) for role in house.required if not _has(decision, decision.report, role)
    ]


def _has(decision: Decision, report: Report, role: str) -> bool:
    if role == "recommendations":
        return bool(report.recommendations.items)
    if role == "timetable":
        return bool(report.timetable or decision.timetable)
    if role == "policy_framework":
        framework = report.policy_framework
        return bool(framework.legislation or framework.previous_decisions or framework.paragraphs)
    if role == "equality":
        return bool(report.equality.screening or report.equality.paragraphs)
    return bool(getattr(report, role))


def _paragraph_texts(report: Report) -> Iterator[str]:
    """Every text of the report that may hold a placeholder."""
    for name in type(report).model_fields:
        yield from _texts_in(getattr(report, name))


def _texts_in(value: object) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _texts_in(item)
    else:
        for name in getattr(type(value), "model_fields", ()):
            yield from _texts_in(getattr(value, name))


class _ReportBuilder:
    """Writes each part of one report, in the order and with the headings its house format gives."""

    def __init__(
        self,
        decision: Decision,
        report: Report,
        records: Mapping[str, RecordModel],
        house: HouseFormat,
        include_exempt: bool,
        stem: str,
    ) -> None:
        self.decision = decision
        self.report = report
        self.records = records
        self.house = house
        self.include_exempt = include_exempt
        self.stem = stem
        used = [found.groups() for t in _paragraph_texts(report) for found in PLACEHOLDER.finditer(t)]
        self.placed = {(name, target) for name, target in used}
        """Placeholders the officer has written: what they stand for is said there, and only there."""

    # --- small things ---------------------------------------------------------------------

    def date(self, day: dt.date, style: str | None = None) -> str:
        return ordinal_date(day) if (style or self.house.date) == "ordinal" else long_date(day)

    def title_of(self, record_id: str) -> str:
        return self.records[record_id].title

    def decision_of(self, record_id: str) -> Decision:
        found = self.records[record_id]
        assert isinstance(found, Decision)  # the kind is checked by validation before any paper
        return found

    def exempt_notice(self, exempt: Exempt) -> str:
        return self.house.say("exempt", paragraph=exempt.paragraph, public_interest=exempt.public_interest)

    def withheld(self, record_id: str) -> str | None:
        """In a public paper, what stands in for what an exempt record would have said."""
        exempt = self.records[record_id].exempt
        return self.exempt_notice(exempt) if exempt and not self.include_exempt else None

    # --- the heading block ----------------------------------------------------------------

    def heading_block(self) -> list[Block]:
        heading = self.house.heading
        values = self._heading_values()
        caps = heading.capitals
        blocks: list[Block] = []
        for line in heading.lines:
            fields = [name for _, name, _, _ in Formatter().parse(line) if name]
            if any(values.get(name) is None for name in fields):
                continue  # a line about something this decision does not have
            role: Role = "title" if "title" in fields else "subtitle"
            words = line.format(**{name: values[name] or "" for name in fields})
            blocks.append(Paragraph(text(words, caps=caps), role))
        for label in heading.labels:
            value = values.get(label.field)
            if value is None:
                continue
            spans = (Span(f"{label.label}: ", bold=True, caps=caps), *text(capitalised(value), caps=caps))
            blocks.append(Paragraph(spans, "detail"))
        return blocks

    def _heading_values(self) -> dict[str, str | None]:
        decision, report = self.decision, self.report
        plan = decision.forward_plan
        reference = plan.reference if plan else None
        if plan and plan.url:
            reference = f"[{reference or plan.url}]({plan.url})"
        published = decision.notices.agenda if decision.notices else None
        return {
            "body": decision.body,
            "date": self.date(decision.meeting_date, self.house.heading.date),
            "title": decision.title,
            "of": report.of,
            "key_decision": "Yes" if decision.key_decision else "No",
            "wards": joined(list(decision.wards)) if decision.wards else None,
            "forward_plan": reference,
            "call_in": "Yes" if decision.call_in else "No",
            "exempt": self._exempt_summary(),
            "published": self.date(published) if published else None,
        }

    def _exempt_summary(self) -> str:
        if self.decision.exempt:
            return f"Yes: paragraph {self.decision.exempt.paragraph} of Part 1 of Schedule 12A to the Local Government Act 1972"
        parts = [f"the section “{s.heading}”" for s in self.report.sections if s.exempt]
        parts += [self.appendix_name(a) for a in self.report.appendices if self._appendix_exempt(a)]
        if not parts:
            return "No"
        return f"Yes: {joined(parts)} (Schedule 12A to the Local Government Act 1972)"

    # --- the parts ------------------------------------------------------------------------

    def body(self) -> list[Block]:
        blocks: list[Block] = []
        for part in self.house.parts:
            blocks += self._part(part)
        return blocks

    def _part(self, part: Part) -> list[Block]:
        level = 2 if part.heading else 1
        blocks: list[Block] = []
        for entry in part.sections:
            if isinstance(entry, Group):
                blocks += self._group(entry, level)
            elif entry == "sections":
                blocks += [b for own in self.report.sections for b in self._own(own, level)]
            else:
                blocks += self._headed(
                    self.house.heading_of(entry, self._count(entry)), self.role(entry), level
                )
        if part.heading and blocks:
            return [Heading(part.heading, 1), *blocks]
        return blocks

    def _group(self, group: Group, level: int) -> list[Block]:
        inner: list[Block] = []
        for role in group.sections:
            if role == "sections":
                inner += [
                    b for own in self.report.sections for b in self._own(own, level + 1, numbered=False)
                ]
            else:
                inner += self._headed(
                    self.house.heading_of(role, self._count(role)), self.role(role), level + 1, numbered=False
                )
        return self._headed(group.group, inner, level) if inner else []

    def _headed(self, heading: str, blocks: list[Block], level: int, *, numbered: bool = True) -> list[Block]:
        if not blocks:
            return []
        numbered = numbered and self.house.numbering.paragraphs == "sections"
        return [Heading(heading, min(level, 3), numbered=numbered), *blocks]

    def _count(self, role: str) -> int:
        return len(self.report.appendices) if role == "appendices" else 2

    def role(self, role: str) -> list[Block]:
        """A section's blocks, without its heading; none when it has nothing to say."""
        report = self.report
        writers = {
            "recommendations": self._recommendations,
            "timetable": self._timetable,
            "policy_framework": self._policy_framework,
            "equality": self._equality,
            "appendices": self._appendices,
            "background_papers": self._background_papers,
            "contacts": self._contacts,
        }
        if role in writers:
            return writers[role]()
        return self._paragraphs(getattr(report, role))

    # --- sections written from other records ----------------------------------------------

    def _recommendations(self) -> list[Block]:
        recommendations = self.report.recommendations
        if not recommendations.items:
            return []
        intro = recommendations.intro or self.house.say("recommendations_intro", body=self.decision.body)
        blocks: list[Block] = [para(self._expanded(intro), "numbered", keep_with_next=True)]
        return blocks + [para(self._expanded(item), "recommendation") for item in recommendations.items]

    def _timetable(self) -> list[Block]:
        sentences = [] if ("timetable", None) in self.placed else self._timetable_sentences()
        return [para(s, "numbered") for s in sentences] + self._paragraphs(self.report.timetable)

    def _timetable_sentences(self) -> list[str]:
        ids = [i for i in self.decision.timetable if ("meeting", i) not in self.placed]
        return [self._meeting(self.decision_of(i)) for i in ids]

    def _meeting(self, other: Decision) -> str:
        # Tense as at publication: a meeting between publication and this one is still to come.
        notices = self.decision.notices
        written = (notices.agenda if notices else None) or self.decision.meeting_date
        return self.house.say(
            "considered" if other.meeting_date <= written else "will_consider",
            body=other.body,
            what=other.described_as or f"the report “{other.title}”",
            date=self.date(other.meeting_date),
        )

    def _policy_framework(self) -> list[Block]:
        framework = self.report.policy_framework
        blocks: list[Block] = [para(self._law(law), "numbered") for law in framework.legislation]
        if ("previous_decisions", None) not in self.placed and (previous := self._previous_sentence()):
            blocks.append(para(previous, "numbered"))
        return blocks + self._paragraphs(framework.paragraphs)

    def _previous_sentence(self, *, all_of_them: bool = False) -> str:
        ids = self.report.policy_framework.previous_decisions
        if not all_of_them:
            ids = [i for i in ids if ("previous", i) not in self.placed]
        decisions = sorted((self.decision_of(i) for i in ids), key=lambda d: d.meeting_date)
        return " ".join(self._previous(d) for d in decisions)

    def _law(self, law: Legislation) -> str:
        if law.provision:
            return self.house.say("legislation", provision=law.provision, act=law.act, effect=law.effect)
        return self.house.say("legislation_whole", act=law.act, effect=law.effect)

    def _previous(self, other: Decision) -> str:
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

    def _equality(self) -> list[Block]:
        screening = self.report.equality.screening
        blocks: list[Block] = []
        if (
            screening
            and ("equality", None) not in self.placed
            and ("screening", screening) not in self.placed
        ):
            blocks.append(para(self._screening(screening), "numbered"))
        return blocks + self._paragraphs(self.report.equality.paragraphs)

    def _screening(self, record_id: str) -> str:
        if notice := self.withheld(record_id):
            return notice
        screening = self.records[record_id]
        assert isinstance(screening, Ehria)
        conclusion = screening.conclusion
        needed = "full_ehria_required" if conclusion.full_ehria_required else "full_ehria_not_required"
        return f"{self.house.say('equality', summary=conclusion.summary)} {self.house.say(needed)}"

    def _own(self, section: Section, level: int, *, numbered: bool = True) -> list[Block]:
        heading = section.heading
        if section.exempt:
            if not self.include_exempt:
                return self._headed(
                    heading, [para(self.exempt_notice(section.exempt), "numbered")], level, numbered=numbered
                )
            heading = f"{heading} (exempt information)"
        blocks = self._comments_of(section.comments_of) if section.comments_of else []
        return self._headed(heading, blocks + self._paragraphs(section.paragraphs), level, numbered=numbered)

    def _comments_of(self, decision_id: str) -> list[Block]:
        if notice := self.withheld(decision_id):
            return [para(notice, "numbered")]
        other = self.decision_of(decision_id)
        comments = [comment.text for comment in other.comments]
        requests = [self.house.say("follow_up", request=f.request) for f in other.follow_ups]
        if comments and requests:
            comments[-1] = f"{comments[-1]} {' '.join(requests)}"
        elif requests:
            comments = [" ".join(requests)]
        said = [] if ("meeting", decision_id) in self.placed else [self._meeting(other)]
        return [para(sentence, "numbered") for sentence in said + comments]

    # --- appendices and papers ------------------------------------------------------------

    def appendix_name(self, appendix: Appendix) -> str:
        return f"Appendix {appendix.letter}" if appendix.letter else "Appendix"

    def beside_name(self, appendix: Appendix) -> str:
        return f"{self.stem}-appendix" + (f"-{appendix.letter}" if appendix.letter else "")

    def _appendix_exempt(self, appendix: Appendix) -> Exempt | None:
        if appendix.exempt:
            return appendix.exempt
        return self.records[appendix.record].exempt if appendix.record else None

    def withheld_appendix(self, appendix: Appendix) -> bool:
        return self._appendix_exempt(appendix) is not None and not self.include_exempt

    def _appendices(self) -> list[Block]:
        blocks: list[Block] = []
        for appendix in self.report.appendices:
            title = appendix.title or self.title_of(appendix.record or "")
            if appendix.letter:
                words = self.house.say("appendix", letter=appendix.letter, title=title)
            else:
                words = self.house.say("appendix_unlettered", title=title)
            spans = self._linked(words, title, appendix.url, "appendices")
            exempt = self._appendix_exempt(appendix)
            if exempt and not self.include_exempt:
                spans += (Span(" " + self.exempt_notice(exempt)),)
            else:
                if exempt:
                    spans += (Span(" (exempt information)"),)
                if appendix.file or (appendix.record and self.house.appendix == "separate"):
                    suffix = _suffix(appendix.file) if appendix.file else ".docx"
                    spans += (
                        Span(" " + self.house.say("supplied", file=self.beside_name(appendix) + suffix)),
                    )
            blocks.append(Paragraph(spans))
        return blocks

    def _background_papers(self) -> list[Block]:
        return [Paragraph(self._background_paper(paper)) for paper in self.report.background_papers]

    def _background_paper(self, paper: BackgroundPaper) -> tuple[Span, ...]:
        if paper.decision is None:
            words = paper.title or paper.url or ""
            return self._linked(words, words, paper.url, "background_papers")
        other = self.decision_of(paper.decision)
        title = other.title
        sentence = self.house.sentences.background_paper
        if "{title}" not in sentence:
            sentence += " “{title}”"
        words = sentence.format(body=other.body, date=self.date(other.meeting_date), title=title)
        if self.withheld(paper.decision):  # the title is public; the exempt report is not linked
            return (Span(f"{words} (exempt: not published)"),)
        return self._linked(words, title, other.report_url, "background_papers")

    def _linked(self, words: str, linked: str, url: str | None, role: str) -> tuple[Span, ...]:
        """`words`, with the link on the part of them that is `linked`, and the link's address
        printed after them where the house format prints addresses."""
        if not url:
            return (Span(words),)
        start = words.find(linked)
        if start < 0:
            spans: tuple[Span, ...] = (Span(words, link=url),)
        else:
            end = start + len(linked)
            pieces = (Span(words[:start]), Span(linked, link=url), Span(words[end:]))
            spans = tuple(piece for piece in pieces if piece.text)
        if role in self.house.addresses and url != linked:
            before, _, after = self.house.sentences.address.partition("{address}")
            # Printed for a reader on paper; the words before it are the link for one on screen.
            spans += tuple(s for s in (Span(before), Span(url), Span(after)) if s.text)
        return spans

    def _contacts(self) -> list[Block]:
        blocks: list[Block] = []
        for officer in self.report.contacts:
            blocks.append(Paragraph((Span(f"{officer.name}, {officer.role}", bold=True),), "contact"))
            if officer.telephone:
                blocks.append(para(f"Telephone: {officer.telephone}", "contact"))
            if officer.email:
                blocks.append(
                    Paragraph((Span("Email: "), Span(officer.email, link=f"mailto:{officer.email}")), "body")
                )
        return blocks

    # --- the officer's paragraphs ---------------------------------------------------------

    def _paragraphs(self, paragraphs: Sequence[ParagraphItem]) -> list[Block]:
        blocks: list[Block] = []
        for item in paragraphs:
            if isinstance(item, str):
                if words := self._expanded(item):
                    blocks.append(para(words, "numbered"))
                continue
            blocks.append(Paragraph(text(self._expanded(item.text)), "numbered", keep_with_next=True))
            if isinstance(item, PrioritiesParagraph):
                if notice := self.withheld(item.priorities_of):
                    blocks.append(para(notice, "body"))
                    continue
                strategy = self.records[item.priorities_of]
                assert isinstance(strategy, Strategy)
                entries = [priority.title for priority in strategy.priorities]
            else:
                assert isinstance(item, ListParagraph)
                entries = list(item.items)
            blocks += [para(self._expanded(entry), "listed") for entry in entries]
        return blocks

    def _expanded(self, words: str) -> str:
        """An officer's text with each placeholder replaced by the sentence it stands for."""
        if "{" not in words:
            return words
        expanded = PLACEHOLDER.sub(lambda found: self._sentence(found.group(1), found.group(2)), words)
        return " ".join(expanded.split())

    def _sentence(self, name: str, target: str | None) -> str:
        if name == "previous" and target:
            return self._previous(self.decision_of(target))
        if name == "meeting" and target:
            return self._meeting(self.decision_of(target))
        if name == "screening" and target:
            return self._screening(target)
        if name == "timetable":
            return " ".join(self._meeting(self.decision_of(i)) for i in self.decision.timetable)
        if name == "previous_decisions":
            return self._previous_sentence(all_of_them=True)
        screening = self.report.equality.screening
        return self._screening(screening) if name == "equality" and screening else ""


def _suffix(file: str) -> str:
    name = file.rsplit("/", 1)[-1]
    return name[name.rfind(".") :] if "." in name else ""
