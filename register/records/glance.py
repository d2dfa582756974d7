"""A record's kind and status read from its text without parsing it, where its file states them
plainly: a whole-register command need not parse every strategy to learn two top-level keys.
Anything that could hide another kind (a file that does not open as `key: value` lines, an
escape, a tag, a complex key, a flow mapping, a key written twice or not on one line) makes the
answer "parse it"."""

from __future__ import annotations

import re

from .registry import KINDS

_OTHER_WAYS = (b"\\", b"!", b"\n?", b"\n{")
"""An escape, a tag, a complex key or a flow mapping at the top: ways a key could be written that
a plain line would not show. A file with any of them is parsed. (Each is looked for by its last
character first: one character is found ten times faster than two, and most files hold none.)"""
_OTHER_BREAKS = tuple(mark.encode() for mark in "\x85\u2028\u2029")
"""Line breaks YAML knows and a regular expression does not (NEL, LS, PS); like a carriage return
that ends no line, they make a file parsed. Only text that is not all ASCII can hold them."""
_OPENS_A_MAPPING = re.compile(
    rb"(?:[ \t]*(?:#[^\n]*)?\r?\n|%[^\n]*\n)*"  # blank lines, comments and directives, then
    rb"(?:---[ \t]*(?:#[^\n]*)?\r?\n(?:[ \t]*(?:#[^\n]*)?\r?\n)*)?"  # a bare document start, then
    rb"[A-Za-z_\"']"  # a key at the start of a line
)
"""Text whose first value is a mapping of `key: value` lines: anything else (`--- {…}`, `--- |`,
a list) can hold a `kind:` line inside a value, at the start of a line, and is parsed."""
_KEY_LINE = re.compile(rb"\n(?:(kind|status)|\"(kind|status)\"|'(kind|status)')[ \t]*:([^\n]*)")
"""A top-level line that gives the kind or the status, however the key is quoted: one pass, in
text that starts with a line break (a pattern that begins with a plain character is found
four times faster than one anchored with ^)."""
_PLAIN_VALUE = re.compile(rb"[ \t]*[\"']?([a-z][a-z -]*[a-z])[\"']?[ \t]*(?:#.*)?\r?")


def plain_kind_and_status(content: bytes) -> tuple[str, str | None] | None:
    """A record's kind and status where its file states each on one plain top-level line (the
    status may be absent), or None where only parsing can tell."""
    # A list, not a generator: for four quick checks, starting a generator costs more than them.
    if not _OPENS_A_MAPPING.match(content) or any(
        [sign[-1:] in content and sign in content for sign in _OTHER_WAYS]
    ):
        return None
    if not content.isascii() and any(mark in content for mark in _OTHER_BREAKS):
        return None
    if b"\r" in content and content.count(b"\r") != content.count(b"\r\n"):  # a lone CR breaks a line
        return None
    said: dict[bytes, str] = {}
    for *keys, rest in _KEY_LINE.findall(b"\n" + content):
        key = b"".join(keys)
        value = _PLAIN_VALUE.fullmatch(rest)
        if key in said or value is None:  # written twice, or not as one plain word or phrase
            return None
        said[key] = value.group(1).decode()
    kind = said.get(b"kind")
    return None if kind is None or kind not in KINDS else (kind, said.get(b"status"))
