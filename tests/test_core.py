"""The typed core: one Version object reads every record, typed, and keeps every pin valid.

The first tests are the wrong outputs the old readers gave (a record over 1 MB read as deleted; a
refused review paper naming line 1, column 1; a paper built `--at` an old version from today's
templates), and the one dangerous signature (options as positional booleans).
"""

from __future__ import annotations

import datetime as dt
import inspect
import re
from collections.abc import Callable
from pathlib import Path

import docx
import pytest

import register
from register.audit.compare import review
from register.audit.decide import decide
from register.audit.verify import verify
from register.errors import InvalidRecord, NotFound, RefusedInput
from register.publish.documents import PaperOptions, render, report, write_review
from register.records.fingerprint import fingerprint
from register.records.kinds import Strategy
from register.records.loader import MAX_RECORD_BYTES
from register.store.version import Register

from .conftest import MINIMAL_REPORT, MINIMAL_STRATEGY, git, when

REPO = Path(__file__).resolve().parent.parent
STRATEGY = "strategy/test.yaml"


# Every pin already written must stay valid: these are the example register's fingerprints as
# the first release computed them (SHA-256 of the canonical content, as README describes it).
DEMO_FINGERPRINTS = {
    "decisions/2018-04-10-cabinet-send-strategy-2017-2020": "sha256:90be45c4ade8dddbaf76bf6f23ea3fec0ceb782ecbef416df78e6896ec4430c1",
    "decisions/2019-06-04-scrutiny-high-needs-block": "sha256:8221abc30e9017f0c663b31fa29b24eeffe829354740a4c57267eec026c47c6d",
    "decisions/2020-06-10-send-inclusion-board-send-inclusion-strategy": "sha256:45b822c9dcd817b617abb8cca08c24fb2b75fd9a310a034b11fd4d399826e149",
    "decisions/2020-06-16-west-leicestershire-ccg-send-inclusion-strategy": "sha256:b5157d40444e5e5f8e95b755cfe8bc36ffe70bfa81273f05f0443e1a6e4c7899",
    "decisions/2020-06-17-east-leicestershire-rutland-ccg-send-inclusion-strategy": "sha256:c01f4fd92ffbce716174acdadac60ec200439aba6fd35ce0c3324053a2b8b410",
    "decisions/2020-06-24-parent-carer-forum-send-inclusion-strategy": "sha256:c244398a15723d2a1cfc0563ef3d8179b08678c42195abf6dbba9851ba31ef5c",
    "decisions/2020-07-08-county-council-strategic-plan": "sha256:58ea079a9bb4b4bf98baebd1226b73474c87f831df18d1e38ce9b369ee405ac5",
    "decisions/2020-09-01-scrutiny-send-inclusion-strategy": "sha256:0be5587602a291a48e99235ffa41ec06ac1b823c809bd26947481f320be123b3",
    # Rewritten in this release (the report by role, the dates in notices, the follow-up's dates);
    # no pin names a decision.
    "decisions/2020-09-18-cabinet-send-inclusion-strategy": "sha256:ee429c74f7d01dc630d47fb8e9e8251229caf9bb42598814ec01c78d7b79dd1c",
    "strategy/ehria-send-inclusion-2020-2023": "sha256:c79ac4dda48b33e8c450adf454b70a1fb57f85fe0cc38ff22313b0417faee9d9",
    "strategy/send-2017-2020": "sha256:6241d2ccf4e4efc6d2ef2250107bcb562aeef093c2e90f8b981881c0c626316a",
    "strategy/send-inclusion-2020-2023": "sha256:d2b5e5bfc4b8e93c5eed17c36cff3cf2b48e49278b5ea067048dca44345f0a8a",
    # Gained its measures (the improvement-plan family); no pin names it. Its text as first
    # written still hashes to sha256:9d95db54…: events and new keys change no old fingerprint.
    "strategy/send-wsoa-2020": "sha256:906d7be4e13163bb4eb3684932d8a3693ff1b1f44f80c6c81abda666585906a9",
}


@pytest.fixture
def approved(reg: Register, hand_commit: Callable[..., str]) -> Register:
    hand_commit({STRATEGY: MINIMAL_STRATEGY, "decisions/cabinet.yaml": MINIMAL_REPORT}, "Draft", "2020-06-01")
    decide(
        reg, "decisions/cabinet", outcome="approved", approves=["strategy/test"], author=when("2020-09-18")
    )
    return reg


# --- the wrong outputs -----------------------------------------------------------------------


def test_a_record_over_1_mb_is_unreadable_not_deleted(
    approved: Register, hand_commit: Callable[..., str]
) -> None:
    huge = MINIMAL_STRATEGY + "summary: " + "x" * MAX_RECORD_BYTES + "\n"
    hand_commit({STRATEGY: huge}, "Paste a very long summary", "2021-01-01")
    [approval] = verify(approved).approvals
    assert approval.status == "changed"
    assert "cannot be read now" in approval.note and "bytes; a record may be at most" in approval.note
    assert "deleted" not in approval.note
    with pytest.raises(InvalidRecord, match=re.escape("strategy/test.yaml:1:1: the file is")):
        approved.working().record("strategy/test")


def test_a_refused_review_paper_names_the_line_and_column(
    reg: Register, hand_commit: Callable[..., str], tmp_path: Path
) -> None:
    first = hand_commit({STRATEGY: MINIMAL_STRATEGY.replace("owner:", "ownr:")}, "Draft", "2020-06-01")
    hand_commit({STRATEGY: MINIMAL_STRATEGY}, "Mend it", "2020-07-01")
    found = review(reg, "strategy/test", from_ref="2020-06-01", to_ref="HEAD")
    with pytest.raises(RefusedInput) as refused:
        write_review(reg, found, output=tmp_path / "r.docx")
    assert [str(p) for p in refused.value.problems] == [
        f"strategy/test.yaml@{first[:7]}:4:1: unknown key 'ownr' (did you mean 'owner'?)"
    ]
    assert not (tmp_path / "r.docx").exists()


def test_a_paper_at_an_old_version_uses_that_versions_templates(
    approved: Register, hand_commit: Callable[..., str], tmp_path: Path
) -> None:
    house = (approved.root / "templates/houses/seed.yaml").read_text()
    old = git(approved.root, "rev-parse", "HEAD").strip()  # Cabinet's decision, 18 September 2020
    hand_commit(
        {
            "templates/houses/seed.yaml": house.replace(
                "purpose: Purpose of the Report", "purpose: Why this report"
            )
        },
        "A new heading for the purpose",
        "2021-01-01",
    )
    target = tmp_path / "then.docx"
    report(approved, "decisions/cabinet", output=target, at="2020-09-30")
    document = docx.Document(str(target))
    headings = [p.text for p in document.paragraphs if p.style is not None and p.style.name == "Heading 2"]
    assert "Purpose of the Report" in headings and "Why this report" not in headings
    properties = _custom_properties(target)
    assert properties["RegisterCommit"] == old and properties["RegisterWorkingTree"] == "clean"
    assert f"templates/houses/seed.yaml at {old[:10]}" in properties["RegisterTemplates"]
    now = tmp_path / "now.docx"
    report(approved, "decisions/cabinet", output=now, at="HEAD")
    assert "Why this report" in [p.text for p in docx.Document(str(now)).paragraphs]


def test_uncommitted_templates_make_the_paper_say_so(
    reg: Register, hand_commit: Callable[..., str], tmp_path: Path
) -> None:
    hand_commit({STRATEGY: MINIMAL_STRATEGY, "decisions/cabinet.yaml": MINIMAL_REPORT}, "Draft", "2020-06-01")
    house = reg.root / "templates/houses/seed.yaml"
    house.write_text(house.read_text().replace("Purpose of the Report", "Purpose"))
    made = report(reg, "decisions/cabinet", output=tmp_path / "r.docx")
    assert _custom_properties(tmp_path / "r.docx")["RegisterWorkingTree"] == "uncommitted changes"
    assert made.made_from == "as the files stand now"
    assert "not decided and gives no date its agenda was published" in made.warnings[0]


@pytest.mark.parametrize("function", [report, render, write_review])
def test_paper_options_are_keyword_only(function: Callable[..., object]) -> None:
    parameters = inspect.signature(function).parameters
    assert parameters["options"].kind is inspect.Parameter.KEYWORD_ONLY
    assert parameters["output"].kind is inspect.Parameter.KEYWORD_ONLY
    fields = inspect.signature(PaperOptions).parameters.values()
    assert all(p.kind is inspect.Parameter.KEYWORD_ONLY for p in fields)


def test_a_slipped_boolean_cannot_publish_the_members_copy(approved: Register, tmp_path: Path) -> None:
    with pytest.raises(TypeError):
        report(approved, "decisions/cabinet", tmp_path / "r.docx", True)  # type: ignore[misc]
    with pytest.raises(TypeError):
        PaperOptions(True)  # type: ignore[misc]
    assert not (tmp_path / "r.docx").exists()


# --- fingerprints never move -----------------------------------------------------------------


def test_the_example_registers_fingerprints_are_as_first_written() -> None:
    version = Register(REPO).working()
    assert {i: fingerprint(version.data(i)) for i in version.ids()} == DEMO_FINGERPRINTS


def test_a_models_own_data_is_its_files_data() -> None:
    """The one function that makes plain data from a model gives back exactly what the file held,
    so a default added to a schema never changes a fingerprint or a diff."""
    version = Register(REPO).working()
    for record_id in version.ids():
        model = version.record(record_id)
        assert model.plain_data() == version.data(record_id), record_id
        assert fingerprint(model.plain_data()) == DEMO_FINGERPRINTS[record_id]


# --- the Version object ----------------------------------------------------------------------


def test_a_version_reads_typed_records_lazily(approved: Register, hand_commit: Callable[..., str]) -> None:
    hand_commit(
        {STRATEGY: MINIMAL_STRATEGY.replace("Test Strategy", "Revised Strategy")}, "Revise", "2021-01-01"
    )
    then, now = approved.at("2020-12-31"), approved.working()
    assert (
        then.commit is not None
        and now.commit is None
        and now.base == git(approved.root, "rev-parse", "HEAD").strip()
    )
    assert then.clean and now.clean
    before, after = then.records["strategy/test"], now.records["strategy/test"]
    assert isinstance(before, Strategy) and isinstance(after, Strategy)
    assert before.title.startswith("Test") and after.title.startswith("Revised")
    assert before.priorities[1].actions[0].id == "2.1"  # ids kept as written, typed all the way down
    assert sorted(now.records) == ["decisions/cabinet", "strategy/test"] and len(now.records) == 2
    assert now.problems == ()
    with pytest.raises(NotFound, match="no record 'strategy/nothing'"):
        now.record("strategy/nothing")


def test_invalid_records_are_problems_not_records(reg: Register) -> None:
    (reg.root / "strategy/bad.yaml").write_text(MINIMAL_STRATEGY.replace("owner:", "ownr:"))
    (reg.root / "strategy/good.yaml").write_text(MINIMAL_STRATEGY)
    version = reg.working()
    assert "strategy/bad" not in version.records and list(version.records) == ["strategy/good"]
    assert [str(p) for p in version.problems] == [
        "strategy/bad.yaml:4:1: unknown key 'ownr' (did you mean 'owner'?)"
    ]
    with pytest.raises(InvalidRecord, match="unknown key 'ownr'"):
        version.record("strategy/bad")
    assert not version.clean


def test_a_version_is_immutable(approved: Register) -> None:
    version = approved.working()
    with pytest.raises(AttributeError):
        version.commit = "x"  # type: ignore[misc]
    model = version.records["strategy/test"]
    with pytest.raises(ValueError, match="frozen"):
        model.title = "Changed behind the register's back"  # type: ignore[misc]


def test_reading_one_record_parses_only_it(reg: Register, hand_commit: Callable[..., str]) -> None:
    files = {
        f"strategy/s{n}.yaml": MINIMAL_STRATEGY.replace("Test Strategy", f"Strategy {n}") for n in range(30)
    }
    hand_commit(files, "Thirty strategies", "2020-06-01")
    version = reg.working()
    version.record("strategy/s7")
    assert set(version._facts) == {"strategy/s7.yaml"}  # the index is built only when asked
    assert len(version.index) == 30


def _custom_properties(path: Path) -> dict[str, str]:
    import zipfile

    xml = zipfile.ZipFile(path).read("docProps/custom.xml").decode()
    return dict(re.findall(r'name="([^"]+)"><vt:lpwstr>([^<]*)</vt:lpwstr>', xml))


# --- the Python API --------------------------------------------------------------------------


def test_the_api_is_the_one_the_cli_calls(approved: Register) -> None:
    reg = register.open(approved.root / "strategy")  # found from a folder inside, as git finds .git
    assert reg.root == approved.root
    assert register.validate(reg.working()).valid
    result = register.verify(reg)
    assert result.ok and result.model_dump(mode="json")["approvals"][0]["status"] == "current"
    found = register.history(reg, "strategy/test")
    assert [v.event for v in found.versions] == ["created", "changed"]  # the approval moved its status
    assert register.list_records(reg.working()).records[0].id == "decisions/cabinet"
    clock = register.check(reg.working(), today=dt.date(2020, 9, 30))
    # The test decision records no notices: twelve days on, its agenda and record are asked for.
    assert not clock.ok
    assert {(f.rule, f.status) for f in clock.findings if f.status == "overdue"} == {
        ("agenda", "overdue"),
        ("decision-notice", "overdue"),
    }


def test_a_trusted_model_is_the_validated_model(demo_register: Path) -> None:
    """Records the index found valid are built without pydantic's validators: the same models."""
    from register.records.registry import KINDS
    from register.records.trusted import construct

    reg = Register(demo_register)
    for ref in ("2020-06-30", "2020-09-18", "HEAD"):
        version = reg.at(ref)
        for record_id in version.records:
            data = version.data(record_id)
            model = KINDS[str(data["kind"])].model
            built, validated = construct(model, data), model.model_validate(data)
            assert built == validated, record_id
            assert built.plain_data() == validated.plain_data() == data, record_id
