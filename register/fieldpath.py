"""Field paths as people read them: `priorities[2].actions[2.3].status`, items named by their id."""

from __future__ import annotations

from typing import Any

from .loader import PathKey


def format_path(data: Any, path: PathKey) -> str:
    """Render a path through `data`; list items with an `id` are named by it, others by index."""
    text = ""
    node = data
    for step in path:
        if isinstance(step, int):
            item = node[step] if isinstance(node, list) and step < len(node) else None
            label = item.get("id") if isinstance(item, dict) else None
            text += f"[{label if label is not None else step}]"
            node = item
        else:
            text += f".{step}" if text else str(step)
            node = node.get(step) if isinstance(node, dict) else None
    return text


def data_path(data: Any, loc: tuple[Any, ...]) -> PathKey:
    """Keep the steps of a validator's location that exist in `data`, dropping schema-only labels."""
    path: list[str | int] = []
    node = data
    for position, step in enumerate(loc):
        last = position == len(loc) - 1
        if isinstance(node, dict) and isinstance(step, str):
            if step not in node and not last:
                continue  # a label the validator adds, such as the branch of a union
            path.append(step)
            node = node.get(step)
        elif isinstance(node, list) and isinstance(step, int):
            path.append(step)
            node = node[step] if step < len(node) else None
        elif node is None:
            path.append(step)
    return tuple(path)
