"""Change one top-level key of a YAML file's text, leaving every other line as its author wrote it."""

from __future__ import annotations

from typing import Any

import yaml


def set_top_level(text: str, key: str, value: Any) -> str:
    """`text` with `key:` replaced by `value` (added at the end if absent, removed if None)."""
    lines = text.splitlines(keepends=True)
    span = _span_of(text, key)
    block = [] if value is None else dump_block(key, value).splitlines(keepends=True)
    if span is None:
        if lines and not lines[-1].endswith("\n"):
            lines[-1] += "\n"
        return "".join(lines + block)
    start, end = span
    return "".join(lines[:start] + block + lines[end:])


class _IndentedDumper(yaml.SafeDumper):
    """Indents list items under their key, as people write them by hand."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)


def dump_block(key: str, value: Any) -> str:
    return yaml.dump(
        {key: value},
        Dumper=_IndentedDumper,
        sort_keys=False,
        allow_unicode=True,
        width=100,
        default_flow_style=False,
    )


def _span_of(text: str, key: str) -> tuple[int, int] | None:
    """The lines [start, end) that hold `key` and its value; comments after it are not included."""
    root = yaml.compose(text, Loader=yaml.SafeLoader)
    if not isinstance(root, yaml.MappingNode):
        return None
    lines = text.splitlines()
    for key_node, value_node in root.value:
        if key_node.value != key:
            continue
        end_mark = value_node.end_mark
        end = end_mark.line + (1 if end_mark.column > 0 else 0)
        while end > key_node.start_mark.line + 1 and _is_blank_or_comment(lines[end - 1]):
            end -= 1
        return key_node.start_mark.line, end
    return None


def _is_blank_or_comment(line: str) -> bool:
    stripped = line.strip()
    return not stripped or (stripped.startswith("#") and not line[:1].isspace())


def replace_once(text: str, old: str, new: str) -> str:
    """`text` with the one occurrence of `old` replaced; an error if it is not there exactly once."""
    count = text.count(old)
    if count != 1:
        raise ValueError(f"expected exactly one {old[:60]!r} in the text, found {count}")
    return text.replace(old, new)
