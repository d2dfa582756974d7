"""Sentences written from other records, placed inside an officer's paragraph: `{previous:ID}`.

An officer writes "{previous:decisions/2018-04-10-cabinet-send-strategy} This is the second
strategy…" and the paper says "In April 2018 the Cabinet approved the SEND Strategy 2017 to 2020.
This is the second strategy…": the sentence sits in the officer's own paragraph, numbered as
the officer numbered it, and is never typed again.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

PLACEHOLDER = re.compile(r"\{([a-z_]+)(?::([^{}\s]+))?\}")

NAMED: dict[str, tuple[str, ...]] = {
    "previous": ("decision",),  # "In April 2018 the Cabinet approved the …": a previous decision
    "meeting": ("decision",),  # "The Committee considered … at its meeting on …"
    "screening": ("ehria",),  # "An Equalities and Human Rights Impact Assessment screening …"
}
"""Placeholders that name a record, and the kinds it may be."""
WHOLE: tuple[str, ...] = ("previous_decisions", "timetable", "equality")
"""Placeholders for what a section writes from the records it lists, all of it."""


def placeholders(text: str) -> Iterator[tuple[str, str | None, int]]:
    """(name, record id or None, where in the text) of every placeholder in `text`."""
    for found in PLACEHOLDER.finditer(text):
        yield found.group(1), found.group(2), found.start()


def problem_with(name: str, target: str | None) -> str | None:
    """What is wrong with a placeholder, if anything."""
    known = sorted([*NAMED, *WHOLE])
    if name in NAMED and target is None:
        return f"{{{name}}} names a record: write {{{name}:RECORD-ID}}"
    if name in WHOLE and target is not None:
        return f"{{{name}}} stands for what the section lists: write it without a record id"
    if name not in NAMED and name not in WHOLE:
        return f"unknown placeholder {{{name}}}: use one of " + ", ".join(f"{{{k}}}" for k in known)
    return None
