"""Field paths as people read them: `priorities[2].actions[2.3].status`, list items named by their id.

One type for every place a field is named: the diff, history's `--field`, verify's changed fields,
validation messages, the reference rules of a kind, and the tracked changes of a review paper.
A path is a tuple of steps: a key (`status`), an item named by its id (`[2.3]`), or a position in
a list whose items carry no id (`[0]`). Paths are compared step by step, never as text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Union


class Item(str):
    """A step to the list item with this id (or, in a list without ids, this position): `[2.3]`."""

    __slots__ = ()

    def __repr__(self) -> str:
        return f"Item({str.__repr__(self)})"


Step = Union[str, int, Item]  # noqa: UP007  (a runtime alias: `|` of a str subclass reads oddly)
RawPath = tuple[str | int, ...]  # keys and list positions, as the YAML loader records locations
ANY_ITEM = Item("*")  # in a pattern, `[*]`: any one item of a list
ANY_DEPTH = "**"  # in a pattern, `.**.`: any number of steps

_TOKENS = re.compile(r"\[([^\[\]]*)\]|([^.\[\]]+)|(\.)")


@dataclass(frozen=True, slots=True)
class FieldPath:
    """A path from a record's root to one of its fields."""

    steps: tuple[Step, ...] = ()

    @classmethod
    def parse(cls, text: str) -> FieldPath:
        """`priorities[2].actions[2.3].status` -> FieldPath; a ValueError says what is malformed."""
        steps: list[Step] = []
        position, expect_key = 0, True
        text = text.strip()
        while position < len(text):
            found = _TOKENS.match(text, position)
            if found is None:
                raise ValueError(f"'{text}' is not a field path (look near '{text[position:]}')")
            item, key, _dot = found.groups()
            if item is not None:
                if not item.strip():
                    raise ValueError(f"'{text}': empty brackets; name the item, e.g. actions[2.3]")
                steps.append(Item(item.strip()))
                expect_key = False
            elif key is not None:
                if not expect_key:
                    raise ValueError(f"'{text}': put a dot before '{key}'")
                steps.append(key.strip())
                expect_key = False
            else:
                if expect_key:
                    raise ValueError(f"'{text}': a dot where a field name was expected")
                expect_key = True
            position = found.end()
        if expect_key and steps:
            raise ValueError(f"'{text}' ends with a dot")
        return cls(tuple(steps))

    @classmethod
    def of(cls, *steps: Step) -> FieldPath:
        return cls(tuple(steps))

    @classmethod
    def named(cls, data: Any, raw: RawPath) -> FieldPath:
        """The path people read for a loader's or validator's path of keys and positions:
        positions in lists whose items carry ids become those ids."""
        steps: list[Step] = []
        node = data
        for step in raw:
            if isinstance(step, int) and not isinstance(step, bool):
                item = node[step] if isinstance(node, list) and 0 <= step < len(node) else None
                label = item_id(item)
                steps.append(Item(label) if label is not None else step)
                node = item
            else:
                steps.append(str(step))
                node = child(node, str(step))
        return cls(tuple(steps))

    def __str__(self) -> str:
        text = ""
        for step in self.steps:
            if isinstance(step, Item | int):
                text += f"[{step}]"
            else:
                text += f".{step}" if text else step
        return text

    def __len__(self) -> int:
        return len(self.steps)

    def __iter__(self) -> Iterator[Step]:
        return iter(self.steps)

    def __bool__(self) -> bool:
        return bool(self.steps)

    def __truediv__(self, step: Step) -> FieldPath:
        return FieldPath((*self.steps, step))

    def __add__(self, other: FieldPath) -> FieldPath:
        return FieldPath(self.steps + other.steps)

    def prefix(self, length: int) -> FieldPath:
        return FieldPath(self.steps[:length])

    @property
    def parent(self) -> FieldPath:
        return FieldPath(self.steps[:-1])

    @property
    def last(self) -> Step | None:
        return self.steps[-1] if self.steps else None

    def same(self, other: FieldPath) -> bool:
        """The same field: `[0]` written by a person names the same step as position 0."""
        return len(self) == len(other) and all(map(_same_step, self.steps, other.steps))

    def within(self, other: FieldPath) -> bool:
        """This path is `other` or a field inside it."""
        return len(self) >= len(other) and all(map(_same_step, self.steps, other.steps))

    def resolve(self, data: Any) -> Any:
        """The value at this path in plain data or in a record's model; None where there is none."""
        node = data
        for step in self.steps:
            if node is None:
                return None
            node = _step_into(node, step)
        return node

    def positions(self, data: Any) -> RawPath:
        """This path as keys and list positions in `data` (where the loader kept line and column)."""
        raw: list[str | int] = []
        node = data
        for step in self.steps:
            if isinstance(step, Item | int) and not isinstance(step, bool):
                index = _index_of(node, step)
                if index is None:
                    break
                raw.append(index)
                node = node[index]
            else:
                raw.append(str(step))
                node = child(node, str(step))
        return tuple(raw)

    def matches(self, pattern: FieldPath) -> bool:
        """Whether this path fits a pattern whose steps may be `*` (any item) or `**` (any depth)."""
        return _matches(pattern.steps, self.steps)


def expand(pattern: FieldPath, data: Any) -> Iterator[tuple[FieldPath, Any]]:
    """Every (path, value) in `data` that fits `pattern`, walking only where the pattern leads."""
    yield from _expand(pattern.steps, data, ())


def _expand(pattern: tuple[Step, ...], node: Any, made: tuple[Step, ...]) -> Iterator[tuple[FieldPath, Any]]:
    if not pattern:
        yield FieldPath(made), node
        return
    head, rest = pattern[0], pattern[1:]
    if _any_depth(head):
        yield from _expand(rest, node, made)
        for step, value in _children(node):
            yield from _expand(pattern, value, (*made, step))
    elif _any_item(head):
        if isinstance(node, list):
            for step, value in _children(node):
                yield from _expand(rest, value, (*made, step))
    else:
        value = _step_into(node, head) if node is not None else None
        if value is not None:
            yield from _expand(rest, value, (*made, head))


def _children(node: Any) -> Iterator[tuple[Step, Any]]:
    if isinstance(node, dict):
        yield from node.items()
    elif isinstance(node, list):
        for index, value in enumerate(node):
            label = item_id(value)
            yield (Item(label) if label is not None else index), value
    elif _is_model(node):
        for name in node.model_fields_set:
            yield name, getattr(node, name)


def item_id(item: Any) -> str | None:
    """The id of a list item (a mapping or a model with an `id`), or None."""
    if isinstance(item, dict):
        value = item.get("id")
    else:
        value = getattr(item, "id", None) if _is_model(item) else None
    return None if value is None else str(value)


def has_ids(items: list[Any]) -> bool:
    return bool(items) and all(item_id(item) is not None for item in items)


def child(node: Any, key: str) -> Any:
    if isinstance(node, dict):
        return node.get(key)
    if _is_model(node):
        return getattr(node, key, None)
    return None


def _is_model(value: Any) -> bool:
    """A record's typed model (pydantic), told apart without importing pydantic."""
    return hasattr(type(value), "model_fields")


def _step_into(node: Any, step: Step) -> Any:
    if isinstance(step, str) and not isinstance(step, Item):
        return child(node, step)
    index = _index_of(node, step)
    return node[index] if index is not None else None


def _index_of(node: Any, step: Item | int) -> int | None:
    if not isinstance(node, list):
        return None
    if isinstance(step, int):
        return step if 0 <= step < len(node) else None
    if has_ids(node):
        return next((i for i, item in enumerate(node) if item_id(item) == step), None)
    # A list without ids, its items named by position as people write them: background_papers[0].
    return int(step) if step.isdigit() and int(step) < len(node) else None


def _same_step(one: Step, other: Step) -> bool:
    return _token(one) == _token(other)


def _token(step: Step) -> tuple[bool, str]:
    """(is a list step, its text): `[0]` and position 0 are one step; key 'x' and item `[x]` are not."""
    return (isinstance(step, Item | int) and not isinstance(step, bool), str(step))


def _matches(pattern: tuple[Step, ...], path: tuple[Step, ...]) -> bool:
    if not pattern:
        return not path
    head, rest = pattern[0], pattern[1:]
    if _any_depth(head):
        return any(_matches(rest, path[skip:]) for skip in range(len(path) + 1))
    if not path:
        return False
    if _any_item(head):
        return _token(path[0])[0] and _matches(rest, path[1:])
    return _same_step(head, path[0]) and _matches(rest, path[1:])


def _any_item(step: Step) -> bool:
    return isinstance(step, Item) and step == ANY_ITEM


def _any_depth(step: Step) -> bool:
    return not isinstance(step, Item | int) and step == ANY_DEPTH
