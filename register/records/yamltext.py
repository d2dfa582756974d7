"""Change one top-level key of a YAML file's text, leaving every other line as its author wrote it."""

from __future__ import annotations

from typing import Any

import yaml

from .paths import RawPath


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


def append_item(text: str, mapping: RawPath, key: str, item: Any) -> str:
    """`text` with `item` added at the end of the list `key` of the mapping at `mapping` (a path of
    keys and list positions from the root), every other line left as its author wrote it. The
    list is made where there is none; a flow list (`[]`) is rewritten as a block."""
    lines = text.splitlines(keepends=True)
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n"
    node = _node_at(yaml.compose(text, Loader=yaml.SafeLoader), mapping)
    if not isinstance(node, yaml.MappingNode) or not node.value:
        raise ValueError(f"no mapping at {mapping!r} to add '{key}' to")
    column = node.value[0][0].start_mark.column
    for key_node, value_node in node.value:
        if key_node.value != key:
            continue
        if isinstance(value_node, yaml.SequenceNode) and not value_node.flow_style and value_node.value:
            dash = value_node.start_mark.column
            end = _end_line(lines, value_node, key_node.start_mark.line)
            return "".join(lines[:end] + _indented(dump_list([item]), dash) + lines[end:])
        existing = yaml.safe_load(yaml.serialize(value_node)) or []
        start, end = key_node.start_mark.line, _end_line(lines, value_node, key_node.start_mark.line)
        block = _indented(dump_block(key, [*existing, item]), column)
        return "".join(lines[:start] + block + lines[end:])
    last_key, last_value = node.value[-1]
    end = _end_line(lines, last_value, last_key.start_mark.line)
    return "".join(lines[:end] + _indented(dump_block(key, [item]), column) + lines[end:])


def dump_list(items: list[Any]) -> str:
    return yaml.dump(
        items,
        Dumper=_IndentedDumper,
        sort_keys=False,
        allow_unicode=True,
        width=100,
        default_flow_style=False,
    )


def _node_at(node: yaml.Node | None, path: RawPath) -> yaml.Node | None:
    for step in path:
        if isinstance(step, int) and isinstance(node, yaml.SequenceNode) and 0 <= step < len(node.value):
            node = node.value[step]
        elif isinstance(node, yaml.MappingNode):
            found = [value for key, value in node.value if key.value == step]
            if not found:
                return None
            node = found[0]
        else:
            return None
    return node


def _end_line(lines: list[str], value: yaml.Node, key_line: int) -> int:
    """The line after a value ends, comments and blank lines after it not included."""
    line, column = value.end_mark.line, value.end_mark.column
    # A block value ends where the next token starts: past its indentation, on the next line.
    end = line + (1 if line < len(lines) and lines[line][:column].strip() else 0)
    while end > key_line + 1 and (not lines[end - 1].strip() or lines[end - 1].lstrip().startswith("#")):
        end -= 1
    return end


def _indented(block: str, column: int) -> list[str]:
    pad = " " * column
    return [pad + line if line.strip() else line for line in block.splitlines(keepends=True)]
