"""Read one record's YAML safely into plain data, remembering where every key and value stood.

Nothing is ever constructed from a tag: the text is composed into nodes by the C parser where
present, and only plain scalars, mappings and lists are turned into Python values.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, cast

import yaml

from ..errors import InvalidRecord, Problem
from .paths import RawPath as PathKey

try:  # the C parser is about ten times faster; pure Python is a correct fallback
    from yaml import CSafeLoader as _SafeLoader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _SafeLoader  # type: ignore[assignment]  # the same interface, in Python

MAX_RECORD_BYTES = 1_000_000
MAX_DEPTH = 40


_TAG = "tag:yaml.org,2002:"
_PLAIN_TAGS = frozenset(f"{_TAG}{name}" for name in ("str", "int", "float", "bool", "null", "timestamp"))
_STR, _TIMESTAMP, _MAP, _SEQ, _MERGE = (
    f"{_TAG}{name}" for name in ("str", "timestamp", "map", "seq", "merge")
)
# Characters that XML 1.0, and so a Word document, cannot hold. A vertical tab (\x0b) is Word's
# own line break and is allowed in values; raw in a file it is refused like the rest.
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_XML_INVALID_IN_VALUE = re.compile("[\x00-\x08\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_constructor = yaml.constructor.SafeConstructor()
_CONSTRUCT = {
    f"{_TAG}int": _constructor.construct_yaml_int,
    f"{_TAG}float": _constructor.construct_yaml_float,
    f"{_TAG}bool": _constructor.construct_yaml_bool,
    f"{_TAG}null": _constructor.construct_yaml_null,
}
"""Each plain scalar's maker, called directly: `construct_object` would keep every node it is
given for as long as the constructor lives."""
_WHAT = {
    f"{_TAG}int": "is not a whole number",
    f"{_TAG}float": "is not a number",
    f"{_TAG}bool": "is not yes or no (true or false)",
    f"{_TAG}null": "is not empty, though its tag !!null says it is",
}
_INT, _NULL = f"{_TAG}int", f"{_TAG}null"
_LONGEST_NUMBER = 4_000
_NULL_WORDS = frozenset({"", "~", "null", "Null", "NULL"})


class _Loader(_SafeLoader):
    """YAML's safe loader, resolving the tag of each short plain value once: a record says
    `status: planned` a hundred times, and working out that it is text (a regular expression per
    kind of value that could begin with its first letter) is a quarter of composing it. Long
    text seldom comes twice, and is not kept."""

    _resolved: dict[str, str] = {}
    _REMEMBERED = 20_000  # values, of at most _SHORT characters each
    _SHORT = 64

    def resolve(self, kind: Any, value: Any, implicit: Any) -> Any:
        if (
            kind is not yaml.ScalarNode
            or not implicit[0]
            or len(value) > self._SHORT
            or self.yaml_path_resolvers
        ):
            return self._resolve(kind, value, implicit)
        tag = self._resolved.get(value)
        if tag is None:
            if len(self._resolved) >= self._REMEMBERED:
                self._resolved.clear()
            tag = self._resolved[value] = self._resolve(kind, value, implicit)
        return tag

    def _resolve(self, kind: Any, value: Any, implicit: Any) -> Any:
        return super().resolve(kind, value, implicit)  # type: ignore[no-untyped-call]  # untyped in PyYAML's stubs


@dataclass
class Locations:
    """Line and column (1-based) of each value and each key, by path from the record's root."""

    values: dict[PathKey, tuple[int, int]] = field(default_factory=dict)
    keys: dict[PathKey, tuple[int, int]] = field(default_factory=dict)

    def of_value(self, path: PathKey) -> tuple[int, int]:
        """Where the value at `path` is, or its nearest enclosing value that exists."""
        for end in range(len(path), -1, -1):
            if path[:end] in self.values:
                return self.values[path[:end]]
        return (1, 1)

    def of_key(self, path: PathKey) -> tuple[int, int]:
        return self.keys.get(path) or self.of_value(path)


@dataclass
class Loaded:
    data: dict[str, Any]
    locations: Locations


def load_record(raw: bytes | str, source: str) -> Loaded:
    """Parse a record file's content; raise InvalidRecord naming `source`, line and column."""
    text = _decode(raw, source)
    _refuse_invalid_characters(text, source)
    root = _compose(text, source)
    if root is None:
        raise _problem(source, 1, 1, "the file is empty: a record needs at least 'kind:' and 'title:'")
    if not isinstance(root, yaml.MappingNode):
        what = "a list" if isinstance(root, yaml.SequenceNode) else "a single value"
        line, column = _mark(root)
        raise _problem(source, line, column, f"a record must be a set of 'key: value' lines, not {what}")
    builder = _Builder(source, text)
    data = builder.build(root, ())
    return Loaded(data, builder.locations)


def load_data(raw: bytes | str, source: str) -> dict[str, Any]:
    """Like load_record, with the same checks, but keeping no locations: for reading many versions."""
    text = _decode(raw, source)
    _refuse_invalid_characters(text, source)
    plain = _plain_record(text)
    if plain is not None:
        return plain
    root = _compose(text, source)
    if not isinstance(root, yaml.MappingNode):
        return load_record(text, source).data  # says exactly what is wrong
    data: dict[str, Any] = _Builder(source, text, track=False).build(root, ())
    return data


def load_plain(raw: bytes | str, source: str) -> Any:
    """Parse any small YAML file (a config, a template) with the same safety; no locations kept."""
    text = _decode(raw, source)
    _refuse_invalid_characters(text, source)
    root = _compose(text, source)
    return None if root is None else _Builder(source, text).build(root, ())


def _decode(raw: bytes | str, source: str) -> str:
    size = len(
        raw.encode("utf-8", "surrogatepass") if isinstance(raw, str) else raw
    )  # a lone surrogate is refused below
    if size > MAX_RECORD_BYTES:
        raise too_big(source, size)
    if isinstance(raw, str):
        return raw
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line, column = _line_column(raw[: error.start].decode("utf-8", "replace"), error.start)
        raise _problem(
            source, line, column, "the file is not UTF-8 text (save it as UTF-8 in your editor)"
        ) from None


def too_big(source: str, size: int) -> InvalidRecord:
    return _problem(
        source,
        1,
        1,
        f"the file is {size:,} bytes; a record may be at most {MAX_RECORD_BYTES:,} bytes "
        "(split it into several records)",
    )


def _refuse_invalid_characters(text: str, source: str) -> None:
    found = _XML_INVALID.search(text)
    if found:
        line, column = _line_column(text, found.start())
        raise _problem(
            source,
            line,
            column,
            f"control character U+{ord(found.group()):04X} is not allowed: Word documents "
            "cannot hold it (delete it; it often comes from pasting)",
        )


def _compose(text: str, source: str) -> yaml.Node | None:
    try:
        return yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as error:
        unclosed = "quoted scalar" in (error.context or "") and "end of stream" in (error.problem or "")
        opened = error.context_mark if unclosed else None
        if opened is not None:  # the error is found where the file ends; the fault is where it began
            raise _problem(
                source,
                opened.line + 1,
                opened.column + 1,
                "a quote opened here is never closed: close it, or take it out",
            ) from None
        mark = error.problem_mark or error.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        what = error.problem or error.context or "the text cannot be read"
        raise _problem(source, line, column, f"not valid YAML: {_plain_words(what)}") from None
    except yaml.reader.ReaderError as error:
        line, column = _line_column(text, error.position)
        raise _problem(
            source, line, column, f"character {error.character!r} is not allowed in YAML"
        ) from None
    except yaml.YAMLError as error:
        raise _problem(source, 1, 1, f"not valid YAML: {error}") from None
    except RecursionError:
        raise _problem(source, 1, 1, "the file is nested too deeply to be a record") from None


def _plain_record(text: str) -> dict[str, Any] | None:
    """The record read straight from the parser's events, in half the time of composing nodes
    first: for the common file that holds only plain keys, values and lists. None where it holds
    anything else (a tag, an anchor, a fault, a duplicate key, deep nesting): composing it then
    gives what `_Builder` gives, or says exactly what is wrong."""
    loader = None
    try:
        loader = _Loader(text)  # (PyYAML's Python reader, without libyaml, checks the text here)
        return _Events(loader).record()
    except Exception:  # a fault in the text: composing finds it again, and says where
        return None
    finally:
        if loader is not None:
            loader.dispose()


class _Events:
    """One pass over a record's parser events, building its data as `_Builder` would, or giving
    up (None) at the first thing `_Builder` would refuse or that needs a closer look."""

    def __init__(self, loader: _Loader) -> None:
        self.loader = loader

    def record(self) -> dict[str, Any] | None:
        if self.loader.yaml_path_resolvers:  # resolved only by composing (as `_Loader.resolve` does)
            return None
        get = self.loader.get_event
        if type(get()) is not yaml.StreamStartEvent or type(get()) is not yaml.DocumentStartEvent:
            return None
        first = get()
        if type(first) is not yaml.MappingStartEvent or first.tag is not None or first.anchor is not None:
            return None
        root = self._mapping_from(get)
        if root is None or type(get()) is not yaml.DocumentEndEvent or type(get()) is not yaml.StreamEndEvent:
            return None
        return root

    def _mapping_from(self, get: Any) -> dict[str, Any] | None:
        """The root mapping, its start already read, to its end; nested lists and mappings kept on a
        stack (no recursion, however deep the text). Plain text, most of a record, is read here;
        other values by `_other`."""
        scalar, mapping, sequence = yaml.ScalarEvent, yaml.MappingStartEvent, yaml.SequenceStartEvent
        known, resolve = _Loader._resolved, self.loader.resolve
        root: dict[str, Any] = {}
        outer: list[dict[str, Any] | list[Any]] = []
        here: dict[str, Any] | list[Any] = root
        key: str | None = None  # in a mapping: the key whose value comes next
        while True:
            event = get()
            kind = type(event)
            if kind is scalar:
                if event.tag is not None or event.anchor is not None:
                    return None
                value = event.value
                tag = (event.implicit[0] and known.get(value)) or resolve(
                    yaml.ScalarNode, value, event.implicit
                )
                if type(here) is dict and key is None:  # a key: a plain word, not given before
                    if tag not in _PLAIN_TAGS or value in here:
                        return None
                    key = value
                    continue
                if tag != _STR or (event.style == '"' and _XML_INVALID_IN_VALUE.search(value)):
                    value = self._other(event, tag, key)
                    if value is _GIVE_UP:
                        return None
            elif kind is mapping or kind is sequence:  # (deep ones, near MAX_DEPTH, are left to `_Builder`)
                if event.tag is not None or event.anchor is not None or len(outer) >= MAX_DEPTH - 2:
                    return None
                if type(here) is dict and key is None:
                    return None  # a list or mapping as a key
                value = {} if kind is mapping else []
            elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
                if not outer:
                    return root
                here, key = outer.pop(), None
                continue
            else:
                return None  # an alias
            if type(here) is dict:
                here[key] = value  # type: ignore[index]  # a key is always read before its value
                key = None
            else:
                here.append(value)  # type: ignore[union-attr]  # here is a list
            if kind is not scalar:
                outer.append(here)
                here = value

    @staticmethod
    def _other(event: Any, tag: str, key: str | None) -> Any:
        """A value that is not plain text as `_Builder` makes it (an id as written), or _GIVE_UP."""
        value = event.value
        if tag not in _PLAIN_TAGS or tag == _STR:  # a tag records refuse, or an escaped control character
            return _GIVE_UP
        if key == "id" and not event.style:
            return value  # ids are labels, kept as written: `id: 2.10` is not the number 2.1
        if tag == _TIMESTAMP:
            return _constructor.construct_yaml_timestamp(yaml.ScalarNode(tag, value))
        return _CONSTRUCT[tag](yaml.ScalarNode(tag, value))  # a plain value is null only if empty, ~ or null


_GIVE_UP = object()


class _Builder:
    """Turns composed nodes into dicts, lists and scalars, refusing what records must not hold."""

    def __init__(self, source: str, text: str, track: bool = True) -> None:
        self.source = source
        self.text = text
        self.track = track
        self.locations = Locations()
        self._seen: set[int] = set()

    def build(self, node: yaml.Node, path: PathKey) -> Any:
        if id(node) in self._seen:
            line, column = _first_alias(self.text) or _mark(node)
            raise _problem(
                self.source,
                line,
                column,
                "YAML anchors and aliases (&name, *name) are not allowed in records: write the text out",
            )
        self._seen.add(id(node))
        if len(path) > MAX_DEPTH:
            raise _problem(self.source, *_mark(node), "the record is nested too deeply")
        if self.track:
            self.locations.values[path] = _mark(node)
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path)
        if isinstance(node, yaml.SequenceNode):
            self._check_tag(node, _SEQ)
            return [self.build(item, (*path, index)) for index, item in enumerate(node.value)]
        return self._scalar(cast(yaml.ScalarNode, node), path)

    def _mapping(self, node: yaml.MappingNode, path: PathKey) -> dict[str, Any]:
        self._check_tag(node, _MAP)
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key = self._key(key_node)
            if key in result:
                first = next(k for k, _ in node.value if k.value == key_node.value)
                raise _problem(
                    self.source,
                    *_mark(key_node),
                    f"duplicate key '{key}' (it is already given on line {_mark(first)[0]})",
                )
            if self.track:
                self.locations.keys[(*path, key)] = _mark(key_node)
            if key == "id" and isinstance(value_node, yaml.ScalarNode) and not value_node.style:
                # Ids are labels, kept as written: `id: 2.10` must not become the number 2.1.
                if self.track:
                    self.locations.values[(*path, key)] = _mark(value_node)
                self._check_tag(value_node, _PLAIN_TAGS)
                result[key] = value_node.value
            else:
                result[key] = self.build(value_node, (*path, key))
        return result

    def _key(self, node: yaml.Node) -> str:
        if not isinstance(node, yaml.ScalarNode) or node.tag == _MERGE:
            raise _problem(self.source, *_mark(node), "a key must be a plain word, like 'title'")
        self._check_tag(node, _PLAIN_TAGS)
        return str(node.value)

    def _scalar(self, node: yaml.ScalarNode, path: PathKey) -> Any:
        self._check_tag(node, _PLAIN_TAGS)
        if node.tag == _STR:
            value = node.value
            # The text itself was checked whole; only a double-quoted escape (\x01) makes more.
            bad = _XML_INVALID_IN_VALUE.search(value) if node.style == '"' else None
            if bad:
                raise _problem(
                    self.source,
                    *_mark(node),
                    f"control character U+{ord(bad.group()):04X} is not allowed: Word documents cannot hold it",
                )
            return value
        if node.tag == _TIMESTAMP:
            return self._timestamp(node)
        if node.tag == _NULL and node.value not in _NULL_WORDS:  # `!!null text` would lose the text
            raise self._not_a(node)
        try:
            return _CONSTRUCT[node.tag](node)
        except (ValueError, KeyError, IndexError):  # `!!bool 12`, `!!int ""`, `!!float abc`
            raise self._not_a(node) from None

    def _not_a(self, node: yaml.ScalarNode) -> InvalidRecord:
        """What is wrong with a value its tag says is a number, yes/no or nothing, but is not."""
        text = str(node.value)
        if node.tag == _INT and len(text) > _LONGEST_NUMBER:  # Python refuses integers of over 4,300 digits
            message = f"a number of {len(text):,} digits: no record holds such a number"
        else:
            message = f"'{text}' {_WHAT[node.tag]}"
        return _problem(self.source, *_mark(node), message)

    def _timestamp(self, node: yaml.Node) -> dt.date:
        assert isinstance(node, yaml.ScalarNode)
        try:
            value: dt.date = _constructor.construct_yaml_timestamp(node)
        except (ValueError, AttributeError):  # a real date's numbers, or `!!timestamp 12`
            raise _problem(self.source, *_mark(node), f"{node.value} is not a real date") from None
        return value

    def _check_tag(self, node: yaml.Node, allowed: str | frozenset[str]) -> None:
        if (node.tag != allowed) if isinstance(allowed, str) else (node.tag not in allowed):
            tag = node.tag.replace(_TAG, "!!")
            raise _problem(
                self.source,
                *_mark(node),
                f"YAML tag {tag} is not allowed: records hold only plain text, numbers, dates, lists and keys",
            )


_PLAIN_WORDS = {
    "mapping values are not allowed here": "a colon and a space inside a value: put the whole value in quotes",
    "mapping values are not allowed in this context": "a colon and a space inside a value, or a line indented "
    "too far: put the value in quotes, or line it up with the keys above",
    "could not find expected ':'": "this line needs a 'key:' (or a value above it is not finished)",
    "did not find expected key": "this line does not line up with the keys above it",
    "did not find expected ',' or ']'": "a list in [brackets] is not closed with ]",
    "did not find expected ',' or '}'": "a {brace} is not closed with }",
    "found unexpected end of stream": "the file ends inside a value: a quote or a bracket is not closed",
    "found character '\\t' that cannot start any token": "a tab character: indent with spaces, not tabs",
    "found a tab character that violates indentation": "a tab character: indent with spaces, not tabs",
    "but found another document": "only one record per file (remove the line with ---)",
    "found unknown escape character": "a backslash inside double quotes starts a code YAML does not know: "
    "write two backslashes for one, or put the value in single quotes",
    "found invalid Unicode character escape code": "a backslash code inside double quotes (\\u, \\x) "
    "names no character: write two backslashes for one, or put the value in single quotes",
    "expected a single document in the stream": "only one record per file (remove the line with ---)",
}


def _plain_words(problem: str) -> str:
    """YAML's own words, put plainly where they are known; kept after it for those who know YAML."""
    plain = _PLAIN_WORDS.get(problem.strip())
    return f"{plain} (YAML says: {problem})" if plain else problem


def _first_alias(text: str) -> tuple[int, int] | None:
    """Where the first `*name` is: the composed node only knows where its anchor was."""
    for event in yaml.parse(text, Loader=_Loader):
        if isinstance(event, yaml.AliasEvent) and event.start_mark is not None:
            return event.start_mark.line + 1, event.start_mark.column + 1
    return None


def _mark(node: yaml.Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


def _line_column(text: str, index: int) -> tuple[int, int]:
    before = text[:index]
    return before.count("\n") + 1, index - (before.rfind("\n") + 1) + 1


def _problem(source: str, line: int, column: int, message: str) -> InvalidRecord:
    return InvalidRecord([Problem(source, line, column, message)])


def iter_paths(data: Any, path: PathKey = ()) -> Iterator[tuple[PathKey, Any]]:
    """Every (path, value) in nested data, parents before children."""
    yield path, data
    if isinstance(data, dict):
        for key, value in data.items():
            yield from iter_paths(value, (*path, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from iter_paths(value, (*path, index))
