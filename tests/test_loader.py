"""Reading one record's YAML: every bad input gives file, line, column and a plain message."""

from __future__ import annotations

import datetime as dt
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from register.errors import InvalidRecord
from register.records.loader import MAX_RECORD_BYTES, load_data, load_record

BILLION_LAUGHS = """\
kind: strategy
a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
"""

BAD_INPUTS = [
    # (case, text, line, column, words the message must contain)
    ("malformed", "kind: strategy\ntitle: [unclosed\nowner: x\n", 3, 6, "not valid YAML"),
    ("bad indentation", "kind: strategy\n  title: x\n", 2, 8, "not valid YAML"),
    (
        "duplicate key",
        "kind: strategy\ntitle: a\ntitle: b\n",
        3,
        1,
        "duplicate key 'title' (it is already given on line 2)",
    ),
    (
        "python tag",
        "kind: strategy\ntitle: !!python/object/apply:os.system ['echo hi']\n",
        2,
        8,
        "YAML tag !!python/object/apply:os.system is not allowed",
    ),
    ("custom tag", "kind: strategy\ntitle: !secret x\n", 2, 8, "YAML tag !secret is not allowed"),
    ("binary tag", "kind: strategy\ntitle: !!binary aGVsbG8=\n", 2, 8, "YAML tag !!binary is not allowed"),
    ("alias", "kind: strategy\ntitle: &t x\nshort_title: *t\n", 3, 14, "anchors and aliases"),
    ("merge key", "kind: strategy\nbase: &b {a: 1}\nother:\n  <<: *b\n", 4, 3, "a key must be a plain word"),
    ("impossible date", "kind: decision\nmeeting_date: 2020-02-30\n", 2, 15, "2020-02-30 is not a real date"),
    ("control character", "kind: strategy\ntitle: bell\x07here\n", 2, 12, "control character U+0007"),
    ("yes/no tag on a number", "kind: strategy\nsummary: !!bool 12\n", 2, 10, "'12' is not yes or no"),
    ("number tag on nothing", 'kind: strategy\nv: !!int ""\n', 2, 4, "'' is not a whole number"),
    ("number tag on text", "kind: strategy\nv: !!float abc\n", 2, 4, "'abc' is not a number"),
    ("date tag on a number", "kind: strategy\nv: !!timestamp 12\n", 2, 4, "12 is not a real date"),
    ("null tag on text", "kind: strategy\nv: !!null kept\n", 2, 4, "'kept' is not empty"),
    ("escaped control character", 'kind: strategy\ntitle: "form\\ffeed"\n', 2, 8, "control character U+000C"),
    ("empty file", "", 1, 1, "the file is empty"),
    ("only a comment", "# nothing here\n", 1, 1, "the file is empty"),
    ("a list", "- kind: strategy\n- title: x\n", 1, 1, "not a list"),
    ("a single value", "just words\n", 1, 1, "not a single value"),
    ("two documents", "kind: strategy\n---\nkind: decision\n", 2, 1, "only one record per file"),
    ("a colon in a value", "kind: strategy\ntitle: Strategy: 2020\n", 2, 16, "put the value in quotes"),
    ("a tab", "kind: strategy\n\ttitle: x\n", 2, 1, "indent with spaces, not tabs"),
    (
        "a backslash in double quotes",
        'kind: strategy\nfile: "C:\\Papers\\q.docx"\n',  # \P is a code YAML knows; \q, at 17, is not
        2,
        17,
        "two backslashes",
    ),
    ("an escape naming nothing", 'kind: strategy\ntitle: "\\ud800"\n', 2, 11, "names no character"),
    ("a lone surrogate", "kind: strategy\ntitle: \ud800\n", 2, 8, "control character U+D800"),
]


@pytest.mark.parametrize(
    ("case", "text", "line", "column", "words"), BAD_INPUTS, ids=[c[0] for c in BAD_INPUTS]
)
@pytest.mark.parametrize("load", [load_record, load_data], ids=["with positions", "data only"])
def test_bad_input_is_located(
    case: str, text: str, line: int, column: int, words: str, load: Callable[[str, str], object]
) -> None:
    with pytest.raises(InvalidRecord) as caught:
        load(text, "strategy/x.yaml")
    [problem] = caught.value.problems
    assert (problem.path, problem.line, problem.column) == ("strategy/x.yaml", line, column), str(problem)
    assert words in problem.message
    assert "\n" not in str(problem)


def test_a_plain_record_is_read_from_the_parsers_events() -> None:
    """The common record, plain keys, values and lists, is read by the fast path (a fault in it
    would only be lost speed, never seen otherwise)."""
    from register.records.loader import _plain_record

    text = "kind: strategy\ntitle: A\nperiod: {start: 2020, end: 2023}\npriorities:\n  - id: 1.10\n    due: 2021-03-31\n"
    assert _plain_record(text) == load_record(text, "s.yaml").data


def test_a_python_tag_never_runs(tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    text = f"kind: strategy\ntitle: !!python/object/apply:os.system ['touch {marker}']\n"
    with pytest.raises(InvalidRecord):
        load_record(text, "strategy/x.yaml")
    assert not marker.exists()


def test_alias_bomb_is_refused_in_bounded_memory() -> None:
    tracemalloc.start()
    with pytest.raises(InvalidRecord) as caught:
        load_record(BILLION_LAUGHS, "strategy/x.yaml")
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert "aliases" in caught.value.problems[0].message
    assert peak < 5_000_000  # expanded, the bomb would need gigabytes


def test_huge_file_is_refused_before_parsing() -> None:
    text = "kind: strategy\ntitle: " + "x" * MAX_RECORD_BYTES + "\n"
    with pytest.raises(InvalidRecord) as caught:
        load_record(text.encode(), "strategy/x.yaml")
    assert "a record may be at most 1,000,000 bytes" in caught.value.problems[0].message


def test_text_that_is_not_utf8_is_located() -> None:
    with pytest.raises(InvalidRecord) as caught:
        load_record(b"kind: strategy\ntitle: caf" + b"\xe9\n", "strategy/x.yaml")
    problem = caught.value.problems[0]
    assert (problem.line, problem.column) == (2, 11)
    assert "not UTF-8" in problem.message


def test_deep_nesting_is_refused() -> None:
    text = "kind: strategy\ntitle: " + "[" * 200 + "]" * 200 + "\n"
    with pytest.raises(InvalidRecord) as caught:
        load_record(text, "strategy/x.yaml")
    assert "nested too deeply" in caught.value.problems[0].message


def test_values_and_locations() -> None:
    loaded = load_record(
        'kind: strategy\ntitle: "A: title"\ndue: 2021-03-31\npriorities:\n  - id: 2.10\n    n: 3\n', "s.yaml"
    )
    assert loaded.data["title"] == "A: title"
    assert loaded.data["due"] == dt.date(2021, 3, 31)
    assert loaded.data["priorities"][0]["id"] == "2.10"  # ids are kept as written, never 2.1
    assert loaded.data["priorities"][0]["n"] == 3
    assert loaded.locations.of_value(("priorities", 0, "n")) == (6, 8)
    assert loaded.locations.of_key(("priorities", 0, "id")) == (5, 5)
    assert loaded.locations.of_value(("priorities", 0, "missing")) == (5, 5)


def test_word_line_break_is_allowed_in_values() -> None:
    loaded = load_record('kind: strategy\ntitle: "one\\vtwo"\n', "s.yaml")
    assert loaded.data["title"] == "one\x0btwo"


def test_each_plain_value_is_typed_alike_however_often_it_is_read() -> None:
    """The kind of a plain value (text, number, date, yes/no, nothing) is worked out once and
    remembered: a value read again, quoted or in another record, is typed as YAML says."""
    text = "kind: strategy\na: 1\nb: \"1\"\nc: yes\nd: 2.5\ne: ~\nf: 2021-03-31\ng: planned\nh: 'yes'\n"
    expected = {"a": 1, "b": "1", "c": True, "d": 2.5, "e": None, "f": dt.date(2021, 3, 31), "g": "planned"}
    for _ in range(3):
        data = load_record(text, "s.yaml").data
        assert {key: data[key] for key in expected} == expected
        assert data["h"] == "yes" and all(type(data[k]) is type(v) for k, v in expected.items())
    assert load_record("kind: strategy\nb: 1\na: '1'\n", "t.yaml").data == {
        "kind": "strategy",
        "b": 1,
        "a": "1",
    }


def test_reading_keeps_no_parsed_nodes() -> None:
    """Reading many records holds on to none of their parsed nodes (the YAML library's shared
    constructor would keep every number, yes/no and null it is given)."""
    from register.records import loader

    for n in range(200):
        load_record(f"kind: strategy\nn: {n}\nflag: true\nnothing: null\n", "s.yaml")
    assert not loader._constructor.constructed_objects


# Pieces of YAML that a record's file may hold: mostly plain (which `load_data` reads straight from
# the parser's events), some of each thing the loader refuses or reads with care: tags, anchors
# and aliases, quotes and escapes, ids that look like numbers, dates real and not, merge keys,
# duplicate keys, flow collections, bad indentation.
_KEYS = ["title", "id", "status", "due", "a", "b", "1", "yes", "<<", "'quoted'", "? x"]
_PLAIN = ["plain words", "2.10", "012", "0x1F", "1e3", ".nan", "-.inf", "yes", "No", "~", "null", ""]
_PLAIN += ["2021-03-31", "2021-03-31 10:00:00", "'yes'", '"tab\\tok"', "[a, 1, {b: c}]", "|\n  block"]
_ODD = ["2020-02-30", '"bell\\x07"', "!!str 12", "!!int x", "!!bool 12", "!!null text", "!custom x"]
_ODD += ["&anchor x", "*anchor", "{a: 1, a: 2}", ">-\n  folded", "'unclosed", "a: b", "- x"]


def _block(draw: st.DrawFn, values: list[str], indent: str, depth: int) -> list[str]:
    """The lines of a mapping, each key once (unless the text is to be odd), its values scalars,
    mappings or lists, nested at most three deep."""
    keys = draw(
        st.lists(st.sampled_from(_KEYS), min_size=1, max_size=5, unique=values is _PLAIN)
    )  # odd texts may repeat a key
    lines = []
    for key in keys:
        shape = draw(st.sampled_from(["scalar", "scalar", "mapping", "list"])) if depth < 3 else "scalar"
        if shape == "scalar":
            lines.append(f"{indent}{key}: {draw(st.sampled_from(values))}")
        elif shape == "mapping":
            lines += [f"{indent}{key}:", *_block(draw, values, indent + "  ", depth + 1)]
        else:
            lines.append(f"{indent}{key}:")
            for _ in range(draw(st.integers(1, 3))):
                first, *rest = _block(draw, values, indent + "    ", depth + 1)
                lines += [f"{indent}  - {first.lstrip()}", *rest]
    return lines


@st.composite
def _yaml_texts(draw: st.DrawFn) -> str:
    values = draw(st.sampled_from([_PLAIN, _PLAIN * 4 + _ODD]))  # half plain throughout
    return "kind: strategy\n" + "\n".join(_block(draw, values, "", 0)) + "\n"


@settings(max_examples=600, deadline=None)
@given(_yaml_texts())
def test_data_alone_is_read_as_with_positions(text: str) -> None:
    """`load_data` (which reads the common file straight from the parser's events) gives exactly
    what `load_record` gives, value for value and type for type, or the same problem."""
    try:
        expected: object = load_record(text, "s.yaml").data
    except InvalidRecord as error:
        expected = error.problems
    try:
        found: object = load_data(text, "s.yaml")
    except InvalidRecord as error:
        found = error.problems
    assert repr(found) == repr(expected)
