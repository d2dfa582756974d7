"""How dates and lists are written in council papers: '18 September 2020', 'a, b and c'."""

from __future__ import annotations

import datetime as dt


def long_date(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


def month_year(day: dt.date) -> str:
    return f"{day:%B %Y}"


def joined(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} and {items[-1]}"


def ordinal_date(day: dt.date) -> str:
    """'18th September 2020', as committee papers head their meetings."""
    suffix = "th" if 11 <= day.day % 100 <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(day.day % 10, "th")
    return f"{day.day}{suffix} {day:%B %Y}"


def capitalised(value: str) -> str:
    """'on track' -> 'On track', as a table cell shows a status."""
    return value[:1].upper() + value[1:]


def figure_text(value: float, unit: str) -> str:
    """A measure's value with its unit, as people write it: '62%', '14 weeks'."""
    shown = f"{value:g}"
    return f"{shown}{unit}" if unit == "%" else f"{shown} {unit}"
