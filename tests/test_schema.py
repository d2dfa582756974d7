"""The four record kinds: strict schemas with plain, located messages, and JSON Schema for editors."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from register.records.checks import check_content
from register.records.kinds import combined_json_schema, json_schema
from register.records.loader import load_data
from register.records.registry import NAMES

from .conftest import MINIMAL_DECISION, MINIMAL_STRATEGY

REPO = Path(__file__).resolve().parent.parent


def problems_of(text: str, path: str = "strategy/x.yaml") -> list[str]:
    return [str(problem) for problem in check_content(text.encode(), path).problems]


CASES = [
    # (case, change to the minimal strategy, the one problem expected)
    (
        "misspelt key",
        ("owner: Test Board", "ownr: Test Board"),
        ["strategy/x.yaml:4:1: unknown key 'ownr' (did you mean 'owner'?)"],
    ),
    (
        "misspelt nested key",
        ("        title: Third action", "        titel: Third action"),
        ["strategy/x.yaml:20:9: unknown key 'titel' (did you mean 'title'?)"],
    ),
    (
        "missing required key",
        ("        title: Third action\n", ""),
        ["strategy/x.yaml:19:9: required key 'title' is missing in priorities[2].actions[2.1]"],
    ),
    (
        "number for text",
        ("owner: Test Board", "owner: 2020"),
        ["strategy/x.yaml:4:8: owner: expected text, found the number 2020 (put it in quotes)"],
    ),
    (
        "yes for text",
        ("owner: Test Board", "owner: yes"),
        [
            "strategy/x.yaml:4:8: owner: expected text, found true (YAML reads yes/no/on/off as true/false) (put it in quotes)"
        ],
    ),
    (
        "status outside its vocabulary",
        ("status: draft", "status: aproved"),
        [
            "strategy/x.yaml:5:9: status: 'aproved' is not allowed here: use one of draft, consultation, approved, superseded (did you mean 'approved'?)"
        ],
    ),
    (
        "action status misspelt",
        ('        status: on track\n      - id: "1.2"', '        status: ontrack\n      - id: "1.2"'),
        [
            "strategy/x.yaml:12:17: priorities[1].actions[1.1].status: 'ontrack' is not allowed here: use one of not started, on track, at risk, off track, complete (did you mean 'on track'?)"
        ],
    ),
    (
        "period backwards",
        ("{start: 2020, end: 2023}", "{start: 2023, end: 2020}"),
        ["strategy/x.yaml:3:9: period: the period ends (2020) before it starts (2023)"],
    ),
    (
        "a list where a mapping goes",
        ("period: {start: 2020, end: 2023}", "period: [2020, 2023]"),
        ["strategy/x.yaml:3:9: period: expected 'key: value' lines, found a list"],
    ),
    (
        "empty title",
        ("title: Test Strategy 2020 to 2023", 'title: "  "'),
        ["strategy/x.yaml:2:8: title: must not be empty, found '  '"],
    ),
    (
        "duplicate action id",
        ('      - id: "2.1"', '      - id: "1.2"'),
        ["strategy/x.yaml:19:13: actions id '1.2' is used twice (first on line 13); ids must be unique"],
    ),
    (
        "bad reference form",
        ("status: draft", "status: draft\nsupersedes: ../../etc/passwd"),
        [
            "strategy/x.yaml:6:13: supersedes: expected a record id such as strategy/send-inclusion-2020-2023, found '../../etc/passwd'"
        ],
    ),
    (
        "unknown kind",
        ("kind: strategy", "kind: stratgey"),
        [
            "strategy/x.yaml:1:7: unknown kind 'stratgey': use one of strategy, wsoa, app, priority-action-plan, ehria, decision (did you mean 'strategy'?)"
        ],
    ),
    (
        "no kind",
        ("kind: strategy\n", ""),
        [
            "strategy/x.yaml:1:1: 'kind:' is missing: say which kind of record this is (strategy, wsoa, app, priority-action-plan, ehria, decision)"
        ],
    ),
]


@pytest.mark.parametrize(("case", "change", "expected"), CASES, ids=[c[0] for c in CASES])
def test_strategy_problems(case: str, change: tuple[str, str], expected: list[str]) -> None:
    text = MINIMAL_STRATEGY.replace(*change)
    assert text != MINIMAL_STRATEGY
    assert problems_of(text) == expected


def test_minimal_records_are_valid() -> None:
    assert problems_of(MINIMAL_STRATEGY) == []
    assert problems_of(MINIMAL_DECISION, "decisions/x.yaml") == []


DECISION_CASES = [
    (
        "date in quotes",
        ("meeting_date: 2020-09-18", 'meeting_date: "2020-09-18"'),
        "decisions/x.yaml:5:15: meeting_date: expected a date written as YYYY-MM-DD without quotes, found '2020-09-18'",
    ),
    (
        "date with a time",
        ("meeting_date: 2020-09-18", "meeting_date: 2020-09-18 10:00:00"),
        "decisions/x.yaml:5:15: meeting_date: expected a date written as YYYY-MM-DD without quotes, found a date with a time",
    ),
    (
        "yes/no for a flag",
        ("body_type: executive", "body_type: executive\nkey_decision: maybe"),
        "decisions/x.yaml:5:15: key_decision: expected true or false, found 'maybe'",
    ),
    (
        "outcome outside vocabulary",
        ("considers: [strategy/test]", "outcome: {decision: agreed, date: 2020-09-18}"),
        "decisions/x.yaml:6:21: outcome.decision: 'agreed' is not allowed here: use one of approved, rejected, deferred, noted",
    ),
    (
        "exempt paragraph out of range",
        ("considers: [strategy/test]", "exempt: {paragraph: 9, public_interest: x}"),
        "decisions/x.yaml:6:21: exempt.paragraph: must be at most 7, found the number 9",
    ),
    (
        "bad email",
        ("considers: [strategy/test]", "comments: [{by: x, text: y, email: z}]"),
        "decisions/x.yaml:6:29: unknown key 'email'",
    ),
]


@pytest.mark.parametrize(("case", "change", "expected"), DECISION_CASES, ids=[c[0] for c in DECISION_CASES])
def test_decision_problems(case: str, change: tuple[str, str], expected: str) -> None:
    text = MINIMAL_DECISION.replace(*change)
    assert text != MINIMAL_DECISION
    found = problems_of(text, "decisions/x.yaml")
    assert len(found) == 1 and found[0].startswith(expected), found


def test_ehria_needs_all_nine_characteristics() -> None:
    text = (REPO / "strategy/ehria-send-inclusion-2020-2023.yaml").read_text(encoding="utf-8")
    misspelt = problems_of(
        text.replace("  sexual_orientation:\n", "  sexual_orientatoin:\n"), "strategy/e.yaml"
    )
    assert (
        len(misspelt) == 1
        and "unknown key 'sexual_orientatoin' (did you mean 'sexual_orientation'?)" in misspelt[0]
    )
    start = text.index("  sexual_orientation:\n")
    end = text.index("conclusion:")
    missing = problems_of(text[:start] + text[end:], "strategy/e.yaml")
    assert missing == [
        "strategy/e.yaml:12:3: required key 'sexual_orientation' is missing in characteristics"
    ]


@pytest.mark.parametrize("kind", NAMES)
def test_json_schema_is_valid_and_strict(kind: str) -> None:
    schema = json_schema(kind)
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["additionalProperties"] is False
    assert "title" in schema["required"]


def test_example_records_pass_the_editor_schema() -> None:
    """The JSON Schema an editor uses agrees with `validate` on the seed's records."""
    validator = jsonschema.Draft202012Validator(combined_json_schema())
    files = sorted((REPO / "strategy").glob("*.yaml")) + sorted((REPO / "decisions").glob("*.yaml"))
    assert len(files) >= 10
    for file in files:
        plain = json.loads(json.dumps(load_data(file.read_bytes(), file.name), default=str))
        errors = list(validator.iter_errors(plain))
        assert not errors, f"{file.name}: {errors[0].message}"


def test_editor_schema_rejects_a_misspelt_key() -> None:
    validator = jsonschema.Draft202012Validator(json_schema("strategy"))
    data = load_data(MINIMAL_STRATEGY.replace("owner:", "ownr:"), "s.yaml")
    assert not validator.is_valid(json.loads(json.dumps(data, default=str)))
