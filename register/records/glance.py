"""A record's kind and status read from its text without parsing it, where its file states them
plainly: a whole-register command need not parse every strategy to learn two top-level keys.
Anything that could hide another kind (an escape, a tag, a complex key, a flow mapping, a key
written twice or not on one line) makes the answer "parse it"."""

from __future__ import annotations

import re

from .registry import KINDS

_OTHER_WAYS = (b"\\", b"!", b"\n?", b"\n{")
"""An escape, a tag, a complex key, a flow mapping at the top: ways a key could be written that a
plain line would not show. A file with any of them is parsed."""
_LINES: dict[str, tuple[re.Pattern[bytes], re.Pattern[bytes]]] = {
    key: (
        re.compile(rb"^(?:%s|\"%s\"|'%s')[ \t]*:" % ((key.encode(),) * 3), re.MULTILINE),
        re.compile(
            rb"^(?:%s|\"%s\"|'%s')[ \t]*:[ \t]*[\"']?([a-z][a-z -]*[a-z])[\"']?[ \t]*(?:#.*)?\r?$"
            % ((key.encode(),) * 3),
            re.MULTILINE,
        ),
    )
    for key in ("kind", "status")
}


def plain_kind_and_status(content: bytes) -> tuple[str, str | None] | None:
    """A record's kind and status where its file states each on one plain top-level line (the
    status may be absent), or None where only parsing can tell."""
    if content.lstrip().startswith((b"{", b"?")) or any(sign in content for sign in _OTHER_WAYS):
        return None
    said: dict[str, str | None] = {}
    for key, (any_line, plain_line) in _LINES.items():
        lines, values = any_line.findall(content), plain_line.findall(content)
        if len(lines) > 1 or len(lines) != len(values):
            return None
        said[key] = values[0].decode() if values else None
    kind = said["kind"]
    return None if kind is None or kind not in KINDS else (kind, said["status"])
