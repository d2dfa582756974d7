"""Drafting a paper as an officer does: a new decision with its report skeleton, saved as it grows,
the report made from the version the meeting had; a first release's register migrated."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import docx
import pytest

from register import decide, migrate, new, report, save, validate
from register.errors import RefusedInput, UsageError
from register.store.version import Register

from .conftest import MINIMAL_DECISION, MINIMAL_REPORT, MINIMAL_STRATEGY, git, state, when

CLI = [sys.executable, "-c", "from register.cli import main; main()"]


def _paragraphs(path: Path) -> list[str]:
    return [p.text for p in docx.Document(str(path)).paragraphs]


# --- a new decision -----------------------------------------------------------------------------


def test_a_new_decision_takes_its_date_from_its_name_and_has_the_whole_skeleton(reg: Register) -> None:
    made = new(reg, "decision", "2025-01-23-cabinet-parks", author=when("2024-12-01"))
    text = (reg.root / made.path).read_text(encoding="utf-8")
    assert "meeting_date: 2025-01-23" in text and 'title: "Cabinet parks"' in text
    for role in (
        "purpose: []",
        "items: []",
        "reasons: []",
        "alternatives: []",
        "contacts: []",
        "sections: []",
    ):
        assert f"\n  {role}" in text or f"\n    {role}" in text, role
    assert "# Purpose of the Report (required): why the report comes to the meeting" in text
    assert "# --- PART A ---" in text and "# --- PART B ---" in text  # the seed's house format's parts
    assert validate(reg.working()).valid


def test_a_new_decision_in_a_date_that_is_no_date_is_refused(reg: Register) -> None:
    with pytest.raises(UsageError, match="starts with 2025-02-30, which is not a date"):
        new(reg, "decision", "2025-02-30-cabinet-parks")


def test_the_report_of_a_skeleton_names_what_is_still_empty(reg: Register, tmp_path: Path) -> None:
    new(reg, "decision", "2025-01-23-cabinet-parks", author=when("2024-12-01"))
    with pytest.raises(RefusedInput) as refused:
        report(reg, "decisions/2025-01-23-cabinet-parks", output=tmp_path / "r.docx")
    message = str(refused.value)
    assert message.startswith("decisions/2025-01-23-cabinet-parks.yaml:")
    assert (
        "the house format needs whose report it is (of), Purpose of the Report, Recommendation, "
        "Reason for Recommendation, Resource Implications, Officers to Contact before the report can be made"
    ) in message
    assert not (tmp_path / "r.docx").exists()


# --- save ---------------------------------------------------------------------------------------


def test_save_commits_only_the_records_named(reg: Register) -> None:
    new(reg, "decision", "2025-01-23-cabinet-parks", author=when("2024-12-01"))
    path = reg.root / "decisions/2025-01-23-cabinet-parks.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("  of:\n", "  of: the Director of Place\n"))
    (reg.root / "strategy/other.yaml").write_text(MINIMAL_STRATEGY, encoding="utf-8")  # not named: stays
    (reg.root / "notes.txt").write_text("the officer's own notes")
    saved = save(reg, ["decisions/2025-01-23-cabinet-parks"], message="Say whose report it is")
    assert saved.records == ["decisions/2025-01-23-cabinet-parks"]
    assert git(reg.root, "show", "--name-only", "--format=%s", "HEAD").split() == [
        "Say",
        "whose",
        "report",
        "it",
        "is",
        "decisions/2025-01-23-cabinet-parks.yaml",
    ]
    status = git(reg.root, "status", "--porcelain")
    assert "?? strategy/other.yaml" in status and "?? notes.txt" in status


def test_save_without_names_takes_every_changed_record_and_checks_them_together(reg: Register) -> None:
    (reg.root / "strategy/test.yaml").write_text(MINIMAL_STRATEGY, encoding="utf-8")
    (reg.root / "decisions/cabinet.yaml").write_text(MINIMAL_DECISION, encoding="utf-8")
    saved = save(reg, author=when("2020-06-01"))
    assert saved.records == ["decisions/cabinet", "strategy/test"]
    assert git(reg.root, "log", "-1", "--format=%s").strip() == ("Save 2 records")


def test_save_refuses_what_would_make_the_register_invalid_and_changes_nothing(reg: Register) -> None:
    (reg.root / "decisions/cabinet.yaml").write_text(
        MINIMAL_DECISION, encoding="utf-8"
    )  # names strategy/test
    before = state(reg.root)
    with pytest.raises(RefusedInput, match="no record 'strategy/test' in the register"):
        save(reg, ["decisions/cabinet"])
    assert state(reg.root) == before


def test_save_refuses_an_approval_written_by_hand(reg: Register, hand_commit: Callable[..., str]) -> None:
    hand_commit(
        {"strategy/test.yaml": MINIMAL_STRATEGY, "decisions/cabinet.yaml": MINIMAL_REPORT},
        "Draft",
        "2020-06-01",
    )
    decide(
        reg, "decisions/cabinet", outcome="approved", approves=["strategy/test"], author=when("2020-09-18")
    )
    path = reg.root / "decisions/cabinet.yaml"
    text = path.read_text(encoding="utf-8")
    pinned = text.split("commit: ")[1][:40]
    path.write_text(text.replace(pinned, "a" * 40))
    before = state(reg.root)
    with pytest.raises(UsageError, match="approved_versions is written by `register decide`, never by hand"):
        save(reg)
    assert state(reg.root) == before


def test_nothing_to_save_is_said(reg: Register) -> None:
    with pytest.raises(UsageError, match="nothing to save"):
        save(reg)


def test_save_on_the_command_line(reg: Register) -> None:
    (reg.root / "strategy/test.yaml").write_text(MINIMAL_STRATEGY, encoding="utf-8")
    done = subprocess.run(
        [*CLI, "-C", str(reg.root), "save", "-m", "Add the strategy"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("Saved strategy/test (commit ")
    again = subprocess.run([*CLI, "-C", str(reg.root), "save"], capture_output=True, text=True, check=False)
    assert again.returncode == 2 and "nothing to save" in again.stderr


# --- which version a report shows -----------------------------------------------------------------

AGENDA = MINIMAL_REPORT.replace("report:\n", "notices: {agenda: 2020-09-10}\nreport:\n")


def test_before_the_decision_the_report_is_the_agendas(
    reg: Register, hand_commit: Callable[..., str], tmp_path: Path
) -> None:
    hand_commit(
        {"strategy/test.yaml": MINIMAL_STRATEGY, "decisions/cabinet.yaml": AGENDA}, "Agenda", "2020-09-10"
    )
    hand_commit(
        {"decisions/cabinet.yaml": AGENDA.replace("To approve it.", "To approve it as amended later.")},
        "Later",
        "2020-09-12",
    )
    made = report(reg, "decisions/cabinet", output=tmp_path / "r.docx")
    assert "To approve it." in _paragraphs(tmp_path / "r.docx")
    assert made.made_from.startswith(
        "as it stood when the agenda was published on 10 September 2020 (commit "
    )
    assert made.warnings == [
        "changed since this version: decisions/cabinet (the paper shows them as they were; give --at HEAD for them as they are now)"
    ]
    report(reg, "decisions/cabinet", output=tmp_path / "now.docx", at="HEAD")
    assert "To approve it as amended later." in _paragraphs(tmp_path / "now.docx")


def test_once_decided_the_report_is_the_decided_version(
    reg: Register, hand_commit: Callable[..., str], tmp_path: Path
) -> None:
    hand_commit(
        {"strategy/test.yaml": MINIMAL_STRATEGY, "decisions/cabinet.yaml": AGENDA}, "Agenda", "2020-09-10"
    )
    decide(
        reg, "decisions/cabinet", outcome="approved", approves=["strategy/test"], author=when("2020-09-18")
    )
    strategy = MINIMAL_STRATEGY.replace("First priority", "First priority, revised in 2021")
    hand_commit({"strategy/test.yaml": strategy}, "Revise", "2021-03-01")
    made = report(reg, "decisions/cabinet", output=tmp_path / "r.docx")
    assert made.made_from.startswith("as it stood when the decision was recorded (commit ")
    assert made.warnings == [
        "changed since this version: strategy/test (the paper shows them as they were; give --at HEAD for them as they are now)"
    ]


def test_the_demos_2020_report_shows_the_2020_strategy(demo_register: Path, tmp_path: Path) -> None:
    register = Register(demo_register)
    made = report(
        register, "decisions/2020-09-18-cabinet-send-inclusion-strategy", output=tmp_path / "r.docx"
    )
    at_the_meeting = tmp_path / "then.docx"
    report(
        register,
        "decisions/2020-09-18-cabinet-send-inclusion-strategy",
        output=at_the_meeting,
        at="2020-09-18",
    )
    assert _paragraphs(tmp_path / "r.docx") == _paragraphs(at_the_meeting)
    assert made.made_from.startswith("as it stood when the decision was recorded")
    assert "strategy/send-inclusion-2020-2023" in made.warnings[0]
    # The Strategy appended is the version Cabinet approved, with the status its approval gave it.
    assert "Status: Approved" in _paragraphs(tmp_path / "r.docx")
    assert not any(
        "Co-produce a preparing-for-adulthood guide" in p for p in _paragraphs(tmp_path / "r.docx")
    )


def test_a_strategy_paper_never_claims_an_approval_its_version_lacks(
    demo_register: Path, tmp_path: Path
) -> None:
    from register import render

    register = Register(demo_register)
    render(register, "strategy/send-inclusion-2020-2023", output=tmp_path / "now.docx")
    status = [p for p in _paragraphs(tmp_path / "now.docx") if p.startswith("Status:")]
    assert status == [
        "Status: Changed since approval: Cabinet, 18 September 2020 approved an earlier version; this version is not approved"
    ]
    render(register, "strategy/send-inclusion-2020-2023", output=tmp_path / "then.docx", at="2020-09-30")
    assert [p for p in _paragraphs(tmp_path / "then.docx") if p.startswith("Status:")] == ["Status: Approved"]


# --- nothing contradicts the officer --------------------------------------------------------------


def test_officers_equality_paragraphs_stand_alone_without_a_screening(
    reg: Register, hand_commit: Callable[..., str], tmp_path: Path
) -> None:
    decision = (
        MINIMAL_REPORT
        + "  equality:\n    paragraphs: [An equality impact assessment was done in 2019 and still holds.]\n"
    )
    hand_commit(
        {"strategy/test.yaml": MINIMAL_STRATEGY, "decisions/cabinet.yaml": decision}, "Draft", "2020-06-01"
    )
    report(reg, "decisions/cabinet", output=tmp_path / "r.docx", at="HEAD")
    document = docx.Document(str(tmp_path / "r.docx"))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "No Equalities" not in text and "is linked to this report" not in text
    assert "An equality impact assessment was done in 2019 and still holds." in text
    assert all(p.text.strip() for p in document.paragraphs if p.style.name == "Numbered Paragraph")
    assert "Items marked" not in text and "Responds to" not in text


def test_a_sentence_placed_in_the_officers_paragraph_is_not_said_again(
    reg: Register, hand_commit: Callable[..., str], tmp_path: Path
) -> None:
    earlier = (
        MINIMAL_DECISION.replace("meeting_date: 2020-09-18", "meeting_date: 2017-03-14")
        .replace(
            "considers: [strategy/test]", "considers: []\noutcome: {decision: approved, date: 2017-03-14}"
        )
        .replace("title: Test Strategy 2020 to 2023", "title: The First Test Strategy")
    )
    decision = MINIMAL_REPORT + (
        "  policy_framework:\n"
        "    previous_decisions: [decisions/earlier]\n"
        "    paragraphs: ['{previous:decisions/earlier} This is the second strategy.']\n"
    )
    hand_commit(
        {
            "strategy/test.yaml": MINIMAL_STRATEGY,
            "decisions/earlier.yaml": earlier,
            "decisions/cabinet.yaml": decision,
        },
        "Draft",
        "2020-06-01",
    )
    report(reg, "decisions/cabinet", output=tmp_path / "r.docx", at="HEAD")
    text = _paragraphs(tmp_path / "r.docx")
    sentence = "In March 2017 the Cabinet approved the “The First Test Strategy”."
    assert f"{sentence} This is the second strategy." in text
    assert sum(sentence in p for p in text) == 1


def test_an_unknown_placeholder_is_a_located_problem(reg: Register, hand_commit: Callable[..., str]) -> None:
    decision = MINIMAL_REPORT.replace("purpose: [To approve it.]", "purpose: ['See {prevous:decisions/x}.']")
    hand_commit(
        {"strategy/test.yaml": MINIMAL_STRATEGY, "decisions/cabinet.yaml": decision}, "Draft", "2020-06-01"
    )
    problems = [f"{p.path}:{p.line}:{p.column}: {p.message}" for p in validate(reg.working()).problems]
    assert problems == [
        "decisions/cabinet.yaml:9:13: report.purpose[0]: unknown placeholder {prevous}: use one of "
        "{equality}, {meeting}, {previous}, {previous_decisions}, {screening}, {timetable}"
    ]


# --- a first release's register -------------------------------------------------------------------

LEGACY = (
    MINIMAL_DECISION
    + """\
report:
  of: the Director
  part_a:
    purpose: [To approve it.]
    recommendation_intro: It is recommended that the Cabinet
    recommendations: [The Strategy be approved.]
    reasons: [It is needed.]
    resource_implications: [None.]
    officers: [{name: A Officer, role: Director}]
  part_b:
    sections:
      - heading: Background
        paragraphs: [The background.]
    appendices: [strategy/test]
"""
)


def test_a_first_release_report_is_named_and_migrated(
    reg: Register, hand_commit: Callable[..., str], tmp_path: Path
) -> None:
    hand_commit(
        {"strategy/test.yaml": MINIMAL_STRATEGY, "decisions/cabinet.yaml": LEGACY}, "Old layout", "2020-06-01"
    )
    problems = [p.message for p in validate(reg.working()).problems]
    assert problems == [
        "report: 'part_a' is the first release's layout of a report; run `register migrate` to keep each part "
        "by its role (purpose, recommendations …), as this release reads it",
        "report: 'part_b' is the first release's layout of a report; run `register migrate` to keep each part "
        "by its role (purpose, recommendations …), as this release reads it",
    ]
    migrated = migrate(reg)
    assert migrated.records == ["decisions/cabinet"] and migrated.commit
    assert validate(reg.working()).valid
    report(reg, "decisions/cabinet", output=tmp_path / "r.docx", at="HEAD")
    text = _paragraphs(tmp_path / "r.docx")
    for words in (
        "To approve it.",
        "It is recommended that the Cabinet",
        "The Strategy be approved.",
        "The background.",
    ):
        assert words in text
    assert "Test Strategy 2020 to 2023." in text  # the appendix, listed
    assert migrate(reg).records == []
