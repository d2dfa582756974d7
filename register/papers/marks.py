"""How a record's paper shows its text: plainly, or with the changes since an older version tracked.

The record builders ask a marker for every piece of text by its field path; the review's marker
compares that field in the two versions and answers with Word tracked changes (word by word),
attributed to the commit that last changed the field.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

from ..records.paths import FieldPath, Item, has_ids, item_id
from .model import Change, Span, text

Render = Callable[[Any], str]
_WORDS = re.compile(r"\S+|\s+")
_LINK = re.compile(r"\]\((https?|mailto):")
WORD_DIFF_FROM = 0.5  # the share of the shorter text that must survive for a word-by-word marking


class PlainMarker:
    """The record as it stands: no changes shown."""

    old: Any = None

    def text(self, path: FieldPath, source: Any, render: Render = str, **style: bool) -> tuple[Span, ...]:
        value = path.resolve(source)
        shown = render(value) if value is not None else ""
        return text(shown, **style) if shown else ()

    def removed(self, path: FieldPath) -> list[tuple[FieldPath, Any]]:
        """Items of the list at `path` that the older version had and this one has not."""
        return []

    def change_of(self, path: FieldPath) -> Change | None:
        """Whether the item at `path` was inserted as a whole."""
        return None

    def deleted(self, path: FieldPath) -> Change | None:
        """The deletion of a removed item (only a review has removed items)."""
        return None


@dataclass(frozen=True)
class Author:
    name: str
    date: dt.datetime


class ReviewMarker(PlainMarker):
    """The newer version, with what differs from the older one marked as tracked changes."""

    def __init__(self, old: Any, new: Any, authors: Callable[[FieldPath], Author]) -> None:
        self.old, self.new, self.authors = old, new, authors

    def text(self, path: FieldPath, source: Any, render: Render = str, **style: bool) -> tuple[Span, ...]:
        before, after = path.resolve(self.old), path.resolve(source)
        if source is self.old or after is None:  # a removed item, or a field gone from this one
            return self._whole(path, render(before), "del", style) if before is not None else ()
        if before is None or self._inserted(path):
            return self._whole(path, render(after), "ins", style)
        return self._words(path, render(before), render(after), style)

    def removed(self, path: FieldPath) -> list[tuple[FieldPath, Any]]:
        before, after = path.resolve(self.old), path.resolve(self.new)
        if not isinstance(before, list):
            return []
        after = after if isinstance(after, list) else []
        if has_ids(before + after):
            present = {item_id(item) for item in after}
            return [
                (path / Item(str(item_id(item))), item) for item in before if item_id(item) not in present
            ]
        return [(path / index, item) for index, item in enumerate(before) if item not in after]

    def change_of(self, path: FieldPath) -> Change | None:
        return self._change("ins", path) if self._inserted(path) else None

    def deleted(self, path: FieldPath) -> Change:
        return self._change("del", path)

    def _change(self, kind: Literal["ins", "del"], path: FieldPath) -> Change:
        author = self.authors(path)
        return Change(kind, author.name, author.date)

    def _inserted(self, path: FieldPath) -> bool:
        """The item at `path`, or one that holds it, is new (added, or moved here)."""
        return any(
            isinstance(path.steps[end - 1], Item | int) and path.prefix(end).resolve(self.old) is None
            for end in range(1, len(path) + 1)
        )

    def _whole(
        self, path: FieldPath, words: str, kind: Literal["ins", "del"], style: dict[str, bool]
    ) -> tuple[Span, ...]:
        change = self._change(kind, path)
        return tuple(
            Span(span.text, span.link, span.bold, span.italic, change) for span in text(words, **style)
        )

    def _words(self, path: FieldPath, before: str, after: str, style: dict[str, bool]) -> tuple[Span, ...]:
        """Word by word where the texts mostly agree; replaced whole where they do not (a status, a name)."""
        if before == after:
            return text(after, **style)
        if _LINK.search(before) or _LINK.search(after):  # a link is replaced whole, so it stays a link
            return self._whole(path, before, "del", style) + self._whole(path, after, "ins", style)
        old_words, new_words = _WORDS.findall(before), _WORDS.findall(after)
        matcher = difflib.SequenceMatcher(None, old_words, new_words, autojunk=False)
        kept = sum(block.size for block in matcher.get_matching_blocks())
        if kept < WORD_DIFF_FROM * min(len(old_words), len(new_words)):
            return self._whole(path, before, "del", style) + self._whole(path, after, "ins", style)
        spans: list[Span] = []
        for tag, old_start, old_end, new_start, new_end in matcher.get_opcodes():
            if tag == "equal":
                spans.append(_styled("".join(new_words[new_start:new_end]), style))
                continue
            if old_end > old_start:
                spans.append(_styled("".join(old_words[old_start:old_end]), style, self._change("del", path)))
            if new_end > new_start:
                spans.append(_styled("".join(new_words[new_start:new_end]), style, self._change("ins", path)))
        return tuple(spans)


def _styled(words: str, style: dict[str, bool], change: Change | None = None) -> Span:
    return Span(words, bold=style.get("bold", False), italic=style.get("italic", False), change=change)
