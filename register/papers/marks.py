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
from typing import Any

from ..diff import IdStep, value_at
from ..loader import PathKey
from .model import Change, Span, text

Render = Callable[[Any], str]
_WORDS = re.compile(r"\S+|\s+")
_LINK = re.compile(r"\]\((https?|mailto):")
WORD_DIFF_FROM = 0.5  # the share of the shorter text that must survive for a word-by-word marking


class PlainMarker:
    """The record as it stands: no changes shown."""

    old: dict[str, Any] = {}

    def text(self, key: PathKey, data: Any, render: Render = str, **style: bool) -> tuple[Span, ...]:
        value = value_at(data, list(key))
        return text(render(value), **style) if value is not None else ()

    def removed(self, key: PathKey) -> list[tuple[PathKey, Any]]:
        """Items of the list at `key` that the older version had and this one has not."""
        return []

    def change_of(self, key: PathKey) -> Change | None:
        """Whether the item at `key` was inserted as a whole."""
        return None

    def deleted(self, key: PathKey) -> Change | None:
        """The deletion of a removed item (only a review has removed items)."""
        return None


@dataclass(frozen=True)
class Author:
    name: str
    date: dt.datetime


class ReviewMarker(PlainMarker):
    """The newer version, with what differs from the older one marked as tracked changes."""

    def __init__(
        self, old: dict[str, Any], new: dict[str, Any], authors: Callable[[PathKey], Author]
    ) -> None:
        self.old, self.new, self.authors = old, new, authors

    def text(self, key: PathKey, data: Any, render: Render = str, **style: bool) -> tuple[Span, ...]:
        steps = list(key)
        before, after = value_at(self.old, steps), value_at(data, steps)
        deleted_item = data is self.old
        if deleted_item:
            return self._whole(key, render(before), "del", style) if before is not None else ()
        if after is None:
            return self._whole(key, render(before), "del", style) if before is not None else ()
        if before is None or self._inserted(key):
            return self._whole(key, render(after), "ins", style)
        return self._words(key, render(before), render(after), style)

    def removed(self, key: PathKey) -> list[tuple[PathKey, Any]]:
        before, after = value_at(self.old, list(key)), value_at(self.new, list(key))
        if not isinstance(before, list):
            return []
        after = after if isinstance(after, list) else []
        if all(isinstance(item, dict) and "id" in item for item in before + after):
            present = {str(item["id"]) for item in after}
            return [
                ((*key, IdStep(str(item["id"]))), item) for item in before if str(item["id"]) not in present
            ]
        return [((*key, index), item) for index, item in enumerate(before) if item not in after]

    def change_of(self, key: PathKey) -> Change | None:
        if self._inserted(key):
            author = self.authors(key)
            return Change("ins", author.name, author.date)
        return None

    def deleted(self, key: PathKey) -> Change:
        author = self.authors(key)
        return Change("del", author.name, author.date)

    def _inserted(self, key: PathKey) -> bool:
        """The item at `key`, or one that holds it, is new (added, or moved here)."""
        return any(
            _id_item(key[:end]) and value_at(self.old, list(key[:end])) is None
            for end in range(1, len(key) + 1)
        )

    def _whole(self, key: PathKey, words: str, kind: str, style: dict[str, bool]) -> tuple[Span, ...]:
        author = self.authors(key)
        change = Change(kind, author.name, author.date)  # type: ignore[arg-type]
        return tuple(
            Span(span.text, span.link, span.bold, span.italic, change) for span in text(words, **style)
        )

    def _words(self, key: PathKey, before: str, after: str, style: dict[str, bool]) -> tuple[Span, ...]:
        """Word by word where the texts mostly agree; replaced whole where they do not (a status, a name)."""
        if before == after:
            return text(after, **style)
        author = self.authors(key)
        if _LINK.search(before) or _LINK.search(after):  # a link is replaced whole, so it stays a link
            return self._whole(key, before, "del", style) + self._whole(key, after, "ins", style)
        old_words, new_words = _WORDS.findall(before), _WORDS.findall(after)
        matcher = difflib.SequenceMatcher(None, old_words, new_words, autojunk=False)
        kept = sum(block.size for block in matcher.get_matching_blocks())
        if kept < WORD_DIFF_FROM * min(len(old_words), len(new_words)):
            return self._whole(key, before, "del", style) + self._whole(key, after, "ins", style)
        spans: list[Span] = []
        for tag, old_start, old_end, new_start, new_end in matcher.get_opcodes():
            if tag == "equal":
                spans.append(Span("".join(new_words[new_start:new_end]), **style))
                continue
            if old_end > old_start:
                spans.append(
                    Span(
                        "".join(old_words[old_start:old_end]),
                        change=Change("del", author.name, author.date),
                        **style,
                    )
                )
            if new_end > new_start:
                spans.append(
                    Span(
                        "".join(new_words[new_start:new_end]),
                        change=Change("ins", author.name, author.date),
                        **style,
                    )
                )
        return tuple(spans)


def _id_item(key: PathKey) -> bool:
    return bool(key) and isinstance(key[-1], IdStep | int)
