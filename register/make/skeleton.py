"""The skeleton of a new decision's report: every section of the register's house format, in its
order, each with a comment saying what goes there.

Empty sections validate, so a draft can be saved as it grows; `register report` refuses a paper
whose required sections are still empty, and names them.
"""

from __future__ import annotations

import textwrap

from ..papers.house import Group, HouseFormat

GUIDANCE: dict[str, str] = {
    "purpose": "why the report comes to the meeting, in a paragraph or two.",
    "recommendations": "what the meeting is asked to decide, one item each; an `intro:` replaces the house format's words before them.",
    "reasons": "why the recommendations are made.",
    "alternatives": "the other options, and why they are not recommended.",
    "timetable": "what happens next and when; the meetings named in the decision's `timetable:` are said first.",
    "policy_framework": "the law and the earlier decisions the report rests on. Name earlier decisions of this register in `previous_decisions:`, or place one in a paragraph as {previous:decisions/ID}.",
    "financial": "costs, savings and budgets.",
    "legal": "powers, duties and the risks of challenge.",
    "resources": "money, people and property (where the house format does not split financial and legal).",
    "equality": "name the EHRIA screening in `screening:` and its conclusion is written for you; add paragraphs of your own as needed.",
    "risk": "the risks, and how they are managed.",
    "climate": "the effect on the climate and the environment.",
    "consultation": "who was consulted, and what they said.",
    "circulation": "who the report has been sent to, e.g. under a Local Issues Alert Procedure.",
    "background": "what the meeting needs to know first.",
    "sections": "in order, each `- heading: …` with `paragraphs:`, or `comments_of: decisions/ID` to report another meeting's comments.",
    "partnership_working": "who the council works with on this, and how.",
    "appendices": "lettered as you letter them, each one of: a record (`record: strategy/ID`), a file kept in the register (`file: appendices/costs.xlsx`) or a link (`url:`); give `letter:` and, for a file or a link, `title:`.",
    "background_papers": "an earlier decision (`decision: decisions/ID`), or a `title:` and `url:`.",
    "contacts": "`- name: …` with `role: …`, `telephone: …`, `email: …`.",
}
_SHAPES: dict[str, list[str]] = {
    "recommendations": ["recommendations:", "  items: []"],
    "policy_framework": [
        "policy_framework:",
        "  legislation: []",
        "  previous_decisions: []",
        "  paragraphs: []",
    ],
    "equality": ["equality:", "  screening:", "  paragraphs: []"],
}


def report_skeleton(house: HouseFormat, house_file: str) -> str:
    """The `report:` section of a new decision, as YAML text with comments."""
    lines = [
        f"# The report, each part by its role: {house_file} decides the order, the headings and the",
        "# numbering. Write each paragraph as an item of its list. Sections left empty are not shown;",
        f"# the report cannot be made while these are empty: {', '.join(house.required)}.",
        "report:",
        "  # Whose report it is, e.g. the Director of Children and Family Services.",
        "  of:",
    ]
    for part in house.parts:
        if part.heading:
            lines.append(f"  # --- {part.heading} ---")
        for entry in part.sections:
            if isinstance(entry, Group):
                lines.append(f"  # {entry.group}:")
                for role in entry.sections:
                    lines += _section(house, role)
            else:
                lines += _section(house, entry)
    return "\n".join(lines) + "\n"


def _section(house: HouseFormat, role: str) -> list[str]:
    heading = "Your own sections" if role == "sections" else house.heading_of(role)
    required = " (required)" if role in house.required else ""
    comment = textwrap.wrap(
        f"{heading}{required}: {GUIDANCE[role]}", width=96, initial_indent="  # ", subsequent_indent="  #   "
    )
    body = _SHAPES.get(role, [f"{role}: []"])
    return [*comment, *(f"  {line}" for line in body)]
