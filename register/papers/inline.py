"""Links written in record text as `[words](https://…)` become links on those words."""

from __future__ import annotations

import re

from .model import Span

_LINK = re.compile(r"\[([^\[\]]+)\]\((https?://[^\s()]+|mailto:[^\s()?]+(?:\?(?![^\s()]*attach)[^\s()]*)?)\)")
"""`[words](address)`: only web addresses and plain mail links (never one that attaches a file)
become links; anything else stays as written."""


def spans_of(value: str, bold: bool = False, italic: bool = False, caps: bool = False) -> tuple[Span, ...]:
    spans: list[Span] = []
    position = 0
    for found in _LINK.finditer(value):
        if found.start() > position:
            spans.append(Span(value[position : found.start()], bold=bold, italic=italic, caps=caps))
        spans.append(Span(found.group(1), link=found.group(2), bold=bold, italic=italic, caps=caps))
        position = found.end()
    if position < len(value) or not spans:
        spans.append(Span(value[position:], bold=bold, italic=italic, caps=caps))
    return tuple(spans)


def plain(value: str) -> str:
    """Record text as a reader sees it, links reduced to their words."""
    return _LINK.sub(lambda found: found.group(1), value)
