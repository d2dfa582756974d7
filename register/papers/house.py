"""A council's house format: everything about how a committee report is presented.

A report record keeps each of its parts by role (purpose, recommendations, reasons …); the house
format decides the rest: the heading block, the parts and their headings, the order of the
sections, how paragraphs and recommendations are numbered, how dates are written, where link
addresses are printed, the footer, and the sentences written from other records. Two ship (the
seed's Cabinet report, and a cover-sheet report); a council writes its own as a YAML file.
"""

from __future__ import annotations

from string import Formatter
from typing import Any, Literal, get_args

from pydantic import Field, ValidationError, field_validator, model_validator

from ..errors import RefusedInput
from ..records.checks import described
from ..records.loader import load_record
from ..records.strict import Strict
from .model import ParagraphNumbering, RecommendationNumbering

Role = Literal[
    "purpose",
    "recommendations",
    "reasons",
    "alternatives",
    "timetable",
    "policy_framework",
    "financial",
    "legal",
    "resources",
    "equality",
    "risk",
    "climate",
    "consultation",
    "circulation",
    "background",
    "sections",
    "partnership_working",
    "appendices",
    "background_papers",
    "contacts",
]
ROLES: tuple[str, ...] = get_args(Role)
HeadingField = Literal[
    "body", "date", "title", "of", "key_decision", "wards", "forward_plan", "call_in", "exempt", "published"
]
HEADING_FIELDS: tuple[str, ...] = get_args(HeadingField)

SENTENCE_VALUES: dict[str, tuple[str, ...]] = {
    "considered": ("body", "what", "date"),
    "will_consider": ("body", "what", "date"),
    "previous_decision": ("month", "body", "outcome", "subject"),
    "legislation": ("provision", "act", "effect"),
    "legislation_whole": ("act", "effect"),
    "follow_up": ("request",),
    "equality": ("summary",),
    "full_ehria_not_required": (),
    "full_ehria_required": (),
    "background_paper": ("body", "date", "title"),
    "address": ("address",),
    "appendix": ("letter", "title"),
    "appendix_unlettered": ("title",),
    "supplied": ("file",),
    "exempt": ("paragraph", "public_interest"),
    "members_copy": (),
    "recommendations_intro": ("body",),
    "footer": ("commit", "state"),
}


def _checked_sentence(name: str, text: str) -> str:
    try:
        used = {field for _, field, _, _ in Formatter().parse(text) if field is not None}
    except ValueError:
        raise ValueError("a lone { or }: write {{ or }} for a brace, or use a {name} to fill in") from None
    unknown = sorted(used - set(SENTENCE_VALUES[name]))
    if unknown:
        allowed = ", ".join(f"{{{value}}}" for value in SENTENCE_VALUES[name]) or "none"
        raise ValueError(f"{{{unknown[0]}}} cannot be filled in here (use {allowed})")
    return text


class Sentences(Strict):
    """The sentences written from other records, with {names} filled in from them."""

    considered: str = "The {body} considered {what} at its meeting on {date}."
    will_consider: str = "The {body} will consider {what} at its meeting on {date}."
    previous_decision: str = "In {month} the {body} {outcome} the {subject}."
    legislation: str = "{provision} of the {act} {effect}."
    legislation_whole: str = "The {act} {effect}."
    follow_up: str = "The Committee asked to be presented with {request}."
    equality: str = "An Equalities and Human Rights Impact Assessment (EHRIA) screening was undertaken and concluded that {summary}."
    full_ehria_not_required: str = "A full EHRIA was therefore not required."
    full_ehria_required: str = "A full EHRIA is therefore required."
    background_paper: str = "Report to the {body} on {date} “{title}”"
    address: str = " - {address}"
    """After a link's words, where the house format prints addresses."""
    appendix: str = "Appendix {letter} – {title}"
    appendix_unlettered: str = "{title}."
    supplied: str = "(supplied with this report as {file})"
    exempt: str = (
        "This part is not for publication: it contains exempt information under paragraph {paragraph} of "
        "Part 1 of Schedule 12A to the Local Government Act 1972. {public_interest}"
    )
    members_copy: str = "EXEMPT INFORMATION – NOT FOR PUBLICATION – copy for members (Schedule 12A, Local Government Act 1972)"
    recommendations_intro: str = "It is recommended that"
    footer: str = "Produced from register commit {commit}{state}"

    @model_validator(mode="after")
    def _placeholders(self) -> Sentences:
        for name in SENTENCE_VALUES:
            _checked_sentence(name, getattr(self, name))
        return self


class Label(Strict):
    field: HeadingField
    label: str


class HeadingBlock(Strict):
    """The top of the first page: lines of text, or labelled lines (a cover sheet)."""

    lines: list[str] = ["{body} – {date}", "{title}", "Report of {of}"]
    """Used when there are no labels: each line with {names} filled in; the line holding {title} is the paper's title."""
    labels: list[Label] = []
    """A cover sheet: each field on a line of its own, after its label."""
    capitals: bool = False
    """Show the heading block in capitals (as text formatting: the words stay as written)."""
    date: Literal["ordinal", "plain"] | None = None
    """How the heading block writes the meeting date, where it differs from the rest of the paper."""

    @field_validator("lines")
    @classmethod
    def _fields(cls, lines: list[str]) -> list[str]:
        for line in lines:
            used = {field for _, field, _, _ in Formatter().parse(line) if field}
            unknown = sorted(used - set(HEADING_FIELDS))
            if unknown:
                raise ValueError(
                    f"{{{unknown[0]}}} cannot be filled in here (use {', '.join(HEADING_FIELDS)})"
                )
        return lines


class Numbering(Strict):
    paragraphs: ParagraphNumbering = "continuous"
    """1, 2, 3 through the paper; 1.1, 1.2 under numbered section headings; or none."""
    recommendations: RecommendationNumbering = "a)"


class Group(Strict):
    """Sections shown together under a heading of their own, e.g. Implications."""

    group: str
    sections: list[Role]


class Part(Strict):
    heading: str | None = None
    """e.g. PART A; none for a report without parts."""
    sections: list[Role | Group]


DEFAULT_HEADINGS: dict[str, str] = {
    "purpose": "Purpose of the Report",
    "recommendations": "Recommendations",
    "reasons": "Reasons for the Recommendations",
    "alternatives": "Alternative Options Considered",
    "timetable": "Timetable for Decisions",
    "policy_framework": "Policy Framework and Previous Decisions",
    "financial": "Financial Implications",
    "legal": "Legal Implications",
    "resources": "Resource Implications",
    "equality": "Equality Implications",
    "risk": "Risk Implications",
    "climate": "Climate Change and Environmental Implications",
    "consultation": "Consultation",
    "circulation": "Circulation",
    "background": "Background",
    "partnership_working": "Partnership Working",
    "appendices": "Appendices",
    "background_papers": "Background Papers",
    "contacts": "Officers to Contact",
}


class HouseFormat(Strict):
    name: str
    description: str | None = None
    date: Literal["ordinal", "plain"] = "plain"
    """ordinal: 1st September 2020; plain: 1 September 2020."""
    heading: HeadingBlock = Field(default_factory=HeadingBlock)
    numbering: Numbering = Field(default_factory=Numbering)
    parts: list[Part]
    headings: dict[str, str] = {}
    """Section headings, by role (the shipped defaults where not given)."""
    required: list[Role] = ["purpose", "recommendations", "reasons", "contacts"]
    """Sections a report must have before it can be written."""
    addresses: list[Role] = ["background_papers"]
    """Sections whose links print their address after their words, for a paper read on paper."""
    captions: bool = True
    """Show each table's caption above it (screen readers have it either way)."""
    appendix: Literal["inline", "separate"] = "inline"
    """A record appended is written after the report, or as a paper of its own beside it."""
    sentences: Sentences = Field(default_factory=Sentences)

    @field_validator("headings")
    @classmethod
    def _known_roles(cls, headings: dict[str, str]) -> dict[str, str]:
        unknown = sorted(set(headings) - set(ROLES))
        if unknown:
            raise ValueError(f"unknown section '{unknown[0]}' (known: {', '.join(ROLES)})")
        return headings

    @model_validator(mode="after")
    def _every_role_placed(self) -> HouseFormat:
        placed = [role for part in self.parts for entry in part.sections for role in _roles(entry)]
        missing = [role for role in ROLES if role not in placed]
        if missing:
            raise ValueError(
                f"every section must have a place, or an officer's words would be lost: place {', '.join(missing)}"
            )
        twice = sorted({role for role in placed if placed.count(role) > 1})
        if twice:
            raise ValueError(f"{twice[0]} is placed twice")
        return self

    def heading_of(self, role: str, count: int = 2) -> str:
        heading = self.headings.get(role) or DEFAULT_HEADINGS.get(role, role.replace("_", " ").capitalize())
        if role == "appendices" and count == 1 and heading.endswith("ices"):
            return heading[: -len("ices")] + "ix"
        return heading

    def say(self, sentence: str, **values: object) -> str:
        text: str = getattr(self.sentences, sentence)
        return text.format(**values)


def _roles(entry: str | Group) -> list[str]:
    return list(entry.sections) if isinstance(entry, Group) else [entry]


def read_house_format(content: bytes, source: str) -> HouseFormat:
    """The house format in `content` (a YAML file); problems are named by `source`, located."""
    loaded = load_record(content, source)
    data = loaded.data
    if "part_a" in data or "part_b" in data:
        data = legacy_house(data)
    try:
        return HouseFormat.model_validate(data)
    except ValidationError as error:
        problems = [
            described(HouseFormat, loaded.data, e, source, loaded.locations)
            for e in error.errors(include_url=False)
        ]
        raise RefusedInput(sorted(set(problems))) from None


_LEGACY_SECTIONS = {
    "resource_implications": "resources",
    "officers": "contacts",
    "report_sections": "sections",
}


def legacy_house(data: dict[str, Any]) -> dict[str, Any]:
    """A house format of the first release (templates/report.yaml: part_a, part_b, sentences),
    read as this release's: its parts, headings and sentences keep their meaning."""
    parts, headings = [], {}
    for key in ("part_a", "part_b"):
        part = data.get(key) or {}
        sections = []
        for entry in part.get("sections", []):
            [(name, heading)] = entry.items()
            role = _LEGACY_SECTIONS.get(name, name)
            sections.append(role)
            if heading:
                headings[role] = heading
        parts.append({"heading": part.get("heading", key.upper().replace("_", " ")), "sections": sections})
    placed = {role for part in parts for role in part["sections"]}
    parts[-1]["sections"] += [role for role in ROLES if role not in placed]
    heading = data.get("heading") or {}
    sentences = {k: v for k, v in (data.get("sentences") or {}).items() if k in SENTENCE_VALUES}
    if "background_paper" in sentences:
        sentences["background_paper"] = str(sentences["background_paper"]).rstrip(" –-")
    return {
        "name": "legacy",
        "date": "ordinal",
        "heading": {
            "lines": [
                heading.get("meeting", "{body} – {date}"),
                "{title}",
                heading.get("report_of", "Report of {of}"),
            ]
        },
        "parts": parts,
        "headings": headings,
        "required": ["purpose", "recommendations", "reasons", "resources", "contacts"],
        "appendix": data.get("appendix", "inline"),
        "sentences": sentences,
    }
