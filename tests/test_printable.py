"""Valid means printable: whatever `validate` accepts, `report` and `render` print, in both house
formats that ship, with no internal error.

Records are generated from the kinds' own models (every field, every shape they allow), written
into a real register as files, and checked by the real `validate`; those it accepts are made into
papers. The number of examples is the hypothesis profile's: `ci` (the default) makes 150
registers, each printed in both formats (some 300 reports and 300 record papers);
`HYPOTHESIS_PROFILE=thorough` makes 3,000.
"""

from __future__ import annotations

import os

import pytest
import yaml
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from register import init, render, report, validate
from register.errors import RefusedInput
from register.records.kinds import Decision, Ehria, Strategy, Wsoa
from register.store.version import Register

from .records_from_models import model_data

settings.register_profile(
    "ci",
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.filter_too_much, HealthCheck.too_slow],
)
settings.register_profile(
    "thorough",
    max_examples=3000,
    deadline=None,
    suppress_health_check=[HealthCheck.filter_too_much, HealthCheck.too_slow],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

STRATEGY, WSOA, SCREENING = "strategy/plan", "strategy/statement", "strategy/screening"
EARLIER, DECISION = "decisions/earlier", "decisions/item"
APPROVABLE = st.sampled_from([STRATEGY, WSOA, SCREENING])
IDS = {
    "": st.sampled_from([STRATEGY, WSOA, SCREENING, EARLIER]),
    "approves": APPROVABLE,
    "considers": APPROVABLE,
    "timetable": st.just(EARLIER),
    "previous_decisions": st.just(EARLIER),
    "comments_of": st.just(EARLIER),
    "decision": st.just(EARLIER),
    "screening": st.just(SCREENING),
    "priorities_of": st.just(STRATEGY),
    "screens": st.just(STRATEGY),
    "supersedes": st.just(STRATEGY),
    "responds_to": st.just(WSOA),
    "file": st.just("appendices/costs.pdf"),
}
FILLED = {
    "of": "the Director",
    "purpose": ["To decide."],
    "recommendations": {"items": ["It be agreed."]},
    "reasons": ["It is needed."],
    "resources": ["None."],
    "contacts": [{"name": "A Officer", "role": "Director"}],
}


def _mostly_filled(decision: dict[str, object], fill: bool) -> dict[str, object]:
    """Most generated reports get what both house formats require, so most reach the printer."""
    report = decision.get("report")
    if not fill or not isinstance(report, dict):
        return decision
    emptied = {key: value for key, value in FILLED.items() if not report.get(key) or key == "recommendations"}
    if isinstance(report.get("recommendations"), dict) and report["recommendations"].get("items"):
        emptied.pop("recommendations")
    return {**decision, "report": {**report, **emptied}}


REGISTERS = st.fixed_dictionaries(
    {
        STRATEGY: model_data(Strategy, {"kind": "strategy"}, IDS).filter(lambda d: "supersedes" not in d),
        WSOA: model_data(Wsoa, {"kind": "wsoa"}, IDS),
        SCREENING: model_data(Ehria, {"kind": "ehria", "screens": STRATEGY}, IDS),
        EARLIER: model_data(Decision, {"kind": "decision", "report": None}, IDS),
        DECISION: st.builds(
            _mostly_filled,
            model_data(Decision, {"kind": "decision"}, IDS, always=frozenset({"report"})),
            st.integers(0, 9).map(bool),  # nine in ten get what the house formats require
        ),
    }
)


@pytest.fixture(scope="module")
def registers(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Register]:
    made = {}
    for house in ("seed", "cover"):
        root = tmp_path_factory.mktemp(house) / "register"
        register = Register(init(root, council="Generated Borough Council", house=house).root)
        (root / "appendices").mkdir()
        (root / "appendices/costs.pdf").write_bytes(b"%PDF-1.4\n")
        made[house] = register
    return made


def test_every_valid_register_prints(
    registers: dict[str, Register], tmp_path_factory: pytest.TempPathFactory
) -> None:
    out = tmp_path_factory.mktemp("papers")
    printed = {"reports": 0, "records": 0}

    @given(records=REGISTERS, rendered=st.sampled_from([STRATEGY, WSOA, SCREENING]))
    def prints(records: dict[str, dict[str, object]], rendered: str) -> None:
        texts = {
            f"{rid}.yaml": yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
            for rid, data in records.items()
        }
        for register in registers.values():
            for path, content in texts.items():
                (register.root / path).write_text(content, encoding="utf-8")
        checked = validate(registers["seed"].working())
        assume(checked.valid)
        for house, register in registers.items():  # the same files: valid in one, valid in the other
            if records[DECISION].get("report") is not None:
                try:
                    report(register, DECISION, output=out / f"{house}.docx")
                    printed["reports"] += 1
                except RefusedInput as refused:  # by design: the house format's required sections are empty
                    assert "before the report can be made" in str(refused), str(refused)
            for record_id in (STRATEGY, WSOA, SCREENING):
                exempt = records[record_id].get("exempt") is not None
                try:
                    render(register, record_id, output=out / f"{house}-{record_id.rsplit('/', 1)[-1]}.docx")
                    printed["records"] += 1
                except Exception as error:
                    assert exempt and "is exempt information" in str(error), repr(error)

    prints()
    # A property that only ever met invalid registers, or refused reports, would prove nothing.
    assert printed["reports"] >= 20 and printed["records"] >= 20, printed
