"""The house format of a committee report, read from `templates/report.yaml`."""

from __future__ import annotations

from dataclasses import dataclass
from string import Formatter
from typing import Any

from ..errors import Problem, RefusedInput
from ..records.loader import load_record

PART_A_SECTIONS = (
    "purpose",
    "recommendations",
    "reasons",
    "timetable",
    "policy_framework",
    "resource_implications",
    "circulation",
    "officers",
)
PART_B_SECTIONS = ("report_sections", "equality", "partnership_working", "appendices", "background_papers")
PLACEHOLDERS: dict[str, tuple[str, ...]] = {
    "heading.meeting": ("body", "date"),
    "heading.report_of": ("of",),
    "considered": ("body", "what", "date"),
    "will_consider": ("body", "what", "date"),
    "previous_decision": ("month", "body", "outcome", "subject"),
    "legislation": ("provision", "act", "effect"),
    "legislation_whole": ("act", "effect"),
    "follow_up": ("request",),
    "equality": ("summary",),
    "full_ehria_not_required": (),
    "full_ehria_required": (),
    "no_screening": (),
    "background_paper": ("body", "date"),
    "exempt": ("paragraph", "public_interest"),
    "members_copy": (),
}
SENTENCES = tuple(name for name in PLACEHOLDERS if not name.startswith("heading."))


@dataclass(frozen=True)
class Part:
    heading: str
    sections: tuple[tuple[str, str], ...]  # (section, heading)


@dataclass(frozen=True)
class HouseFormat:
    meeting: str
    report_of: str
    part_a: Part
    part_b: Part
    sentences: dict[str, str]
    appendix: str  # "inline" or "separate"

    def say(self, sentence: str, **values: object) -> str:
        return self.sentences[sentence].format(**values)


def read_house_format(content: bytes, source: str) -> HouseFormat:
    """The house format in `content` (a report.yaml); problems are named by `source`."""
    loaded = load_record(content, source)
    data, where = loaded.data, loaded.locations

    def problem(at: tuple[Any, ...], message: str) -> RefusedInput:
        return RefusedInput([Problem(source, *where.of_key(at), message)])

    _only(data, ("heading", "part_a", "part_b", "sentences", "appendix"), (), problem)
    _only(data.get("heading", {}), ("meeting", "report_of"), ("heading",), problem)
    _only(data.get("sentences", {}), SENTENCES, ("sentences",), problem)
    texts = {**{f"heading.{k}": v for k, v in data["heading"].items()}, **data["sentences"]}
    for name in ["heading.meeting", "heading.report_of", *SENTENCES]:
        at = tuple(name.split(".")) if "." in name else ("sentences", name)
        if name not in texts:
            raise problem(at[:-1], f"'{at[-1]}' is missing")
        _check_placeholders(str(texts[name]), PLACEHOLDERS[name], at, problem)
    if data.get("appendix", "inline") not in ("inline", "separate"):
        raise problem(("appendix",), "appendix: use inline or separate")
    return HouseFormat(
        meeting=data["heading"]["meeting"],
        report_of=data["heading"]["report_of"],
        part_a=_part(data, "part_a", PART_A_SECTIONS, problem),
        part_b=_part(data, "part_b", PART_B_SECTIONS, problem),
        sentences={name: str(text) for name, text in data["sentences"].items()},
        appendix=data.get("appendix", "inline"),
    )


def _check_placeholders(text: str, allowed: tuple[str, ...], at: tuple[Any, ...], problem: Any) -> None:
    try:
        used = {field for _, field, _, _ in Formatter().parse(text) if field is not None}
    except ValueError:
        raise problem(at, "a lone { or }: write {{ or }} for a brace, or use a {name} to fill in") from None
    unknown = sorted(used - set(allowed))
    if unknown:
        names = ", ".join(f"{{{a}}}" for a in allowed) or "none"
        raise problem(at, f"{{{unknown[0]}}} cannot be filled in here (use {names})")


def _part(data: dict[str, Any], name: str, known: tuple[str, ...], problem: Any) -> Part:
    part = data.get(name) or {}
    sections = []
    for index, entry in enumerate(part.get("sections", [])):
        if not isinstance(entry, dict) or len(entry) != 1:
            raise problem((name, "sections", index), "each section is one line: 'key: Heading'")
        [(key, heading)] = entry.items()
        if key not in known:
            raise problem(
                (name, "sections", index, key), f"unknown section '{key}' (known: {', '.join(known)})"
            )
        sections.append((key, str(heading or "")))
    return Part(str(part.get("heading", name.upper().replace("_", " "))), tuple(sections))


def _only(data: Any, known: tuple[str, ...], at: tuple[Any, ...], problem: Any) -> None:
    if not isinstance(data, dict):
        raise problem(at, "expected 'key: value' lines")
    for key in data:
        if key not in known:
            raise problem((*at, key), f"unknown key '{key}' (known: {', '.join(known)})")
