"""The statutory clock on real registers: each rule with dates on both sides of its limit, each
clear-days policy, one-off bank holidays, a call-in across a weekend and a bank holiday, the
calendar read back with icalendar, and the notices read back through LibreOffice."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from register import calendar, check, decide, forward_plan, notice
from register.clock.days import CouncilCalendar
from register.errors import UsageError
from register.records.settings import Calendar
from register.store.version import Register

from .conftest import MINIMAL_DECISION, MINIMAL_STRATEGY, git, when
from .office import pages_of, pdf_of

CLI = [sys.executable, "-c", "from register.cli import main; main()"]
D = dt.date


def days(**policy: object) -> CouncilCalendar:
    return CouncilCalendar(Calendar.model_validate(policy))


# --- the council's calendar -----------------------------------------------------------------------


def test_clear_days_exclude_the_day_of_publication_and_of_the_meeting() -> None:
    strict = days()
    assert strict.clear_days(D(2020, 9, 10), D(2020, 9, 18)) == 5  # Fri 11, Mon 14 … Thu 17
    assert days(clear_days={"weekends": True}).clear_days(D(2020, 9, 10), D(2020, 9, 18)) == 7
    assert strict.clear_days(D(2020, 9, 17), D(2020, 9, 18)) == 0


@pytest.mark.parametrize(
    ("policy", "expected"),
    [
        ({}, 4),  # Monday 24 August to Tuesday 1 September 2020: Tue 25 … Fri 28 count
        ({"weekends": True}, 6),  # and Sat 29, Sun 30
        ({"bank_holidays": True}, 5),  # and Monday 31, the Late Summer Bank Holiday
        ({"weekends": True, "bank_holidays": True}, 7),
    ],
)
def test_each_clear_days_policy(policy: dict[str, bool], expected: int) -> None:
    assert days(clear_days=policy).clear_days(D(2020, 8, 24), D(2020, 9, 1)) == expected


def test_one_off_bank_holidays_come_from_the_holidays_package() -> None:
    strict = days()
    assert strict.bank_holiday(D(2022, 9, 19)) == "State Funeral of Queen Elizabeth II"
    assert strict.bank_holiday(D(2023, 5, 8)) == "Coronation of Charles III"
    # Agenda published Tuesday 13 September 2022 for a meeting on Wednesday 21: the funeral takes
    # one of the days, so only 4 clear days remain (14, 15, 16, 20).
    assert strict.clear_days(D(2022, 9, 13), D(2022, 9, 21)) == 4
    assert strict.last_day_to_publish(D(2022, 9, 21), 5) == D(2022, 9, 12)
    assert days(jurisdiction="scotland").bank_holiday(D(2020, 11, 30)) == "Saint Andrew's Day"
    assert days(jurisdiction="england").bank_holiday(D(2020, 11, 30)) is None


def test_a_call_in_period_across_a_weekend_and_a_bank_holiday() -> None:
    strict = days()
    # Notice published Thursday 22 December 2022: Fri 23, (weekend, 26 and 27 bank holidays),
    # Wed 28, Thu 29, Fri 30, (weekend, 2 January bank holiday), Tue 3 January.
    assert strict.working_days_after(D(2022, 12, 22), 5) == D(2023, 1, 3)
    closed = days(closures=[D(2022, 12, 28), D(2022, 12, 29), D(2022, 12, 30)])
    assert closed.working_days_after(D(2022, 12, 22), 5) == D(2023, 1, 6)


# --- rules on a real register ----------------------------------------------------------------------

CABINET = "decisions/cabinet"


def decision(**extra: object) -> str:
    data = yaml.safe_load(MINIMAL_DECISION)
    data.update(extra)
    return yaml.safe_dump(data, sort_keys=False)


@pytest.fixture
def clocked(reg: Register) -> Callable[..., list[tuple[str, str]]]:
    """Write a decision into the register, then check it: (rule, status) of each finding; the
    findings themselves are kept on the function."""

    def run(today: str, **extra: object) -> list[tuple[str, str]]:
        (reg.root / "strategy/test.yaml").write_text(MINIMAL_STRATEGY)
        (reg.root / f"{CABINET}.yaml").write_text(decision(**extra))
        found = check(reg.working(), today=D.fromisoformat(today))
        run.findings = found.findings  # type: ignore[attr-defined]
        return [(f.rule, f.status) for f in found.findings if f.rule != "retention"]

    return run


@pytest.mark.parametrize(
    ("published", "status", "margin"),
    [("2020-08-07", "met", 0), ("2020-08-10", "breached", -1)],
)
def test_forward_plan_28_clear_days_on_both_sides(
    clocked: Callable[..., list[tuple[str, str]]], published: str, status: str, margin: int
) -> None:
    found = clocked("2020-09-30", key_decision=True, notices={"forward_plan": D.fromisoformat(published)})
    assert ("forward-plan", status) in found
    [plan] = [f for f in clocked.findings if f.rule == "forward-plan"]  # type: ignore[attr-defined]
    assert plan.margin == margin and plan.due == D(
        2020, 8, 7
    )  # Sunday the 9th leaves 28 too: the last working day and plan.citation.endswith("reg 9")


def test_forward_plan_due_then_overdue(clocked: Callable[..., list[tuple[str, str]]]) -> None:
    assert ("forward-plan", "due") in clocked("2020-08-01", key_decision=True, notices={})
    assert ("forward-plan", "overdue") in clocked("2020-08-10", key_decision=True, notices={})


@pytest.mark.parametrize(("published", "status"), [("2020-09-10", "met"), ("2020-09-11", "breached")])
def test_agenda_5_clear_days(
    clocked: Callable[..., list[tuple[str, str]]], published: str, status: str
) -> None:
    assert ("agenda", status) in clocked("2020-09-30", notices={"agenda": D.fromisoformat(published)})


@pytest.mark.parametrize(("published", "status"), [("2020-09-10", "met"), ("2020-09-11", "breached")])
def test_general_exception_5_clear_days_replaces_the_forward_plan(
    clocked: Callable[..., list[tuple[str, str]]], published: str, status: str
) -> None:
    found = clocked(
        "2020-09-30", key_decision=True, notices={"general_exception": D.fromisoformat(published)}
    )
    assert ("general-exception", status) in found
    assert not [rule for rule, _ in found if rule == "forward-plan"]


def test_special_urgency_needs_the_chairs_agreement_first(
    clocked: Callable[..., list[tuple[str, str]]],
) -> None:
    urgent = {"notices": {"special_urgency": D(2020, 9, 17)}, "key_decision": True}
    agreed = {"reasons": "The grant ends on 30 September.", "chair": "Cllr A Chair"}
    assert ("special-urgency", "met") in clocked(
        "2020-09-30", urgency={**agreed, "agreed": D(2020, 9, 16)}, **urgent
    )
    assert ("special-urgency", "breached") in clocked(
        "2020-09-30", urgency={**agreed, "agreed": D(2020, 9, 19)}, **urgent
    )


@pytest.mark.parametrize(("published", "status"), [("2020-09-22", "met"), ("2020-09-23", "breached")])
def test_decision_notice_within_2_working_days(
    clocked: Callable[..., list[tuple[str, str]]], published: str, status: str
) -> None:
    outcome = {"decision": "approved", "date": D(2020, 9, 18)}
    found = clocked("2020-10-30", outcome=outcome, notices={"decision": D.fromisoformat(published)})
    assert ("decision-notice", status) in found


def test_call_in_runs_then_ends(clocked: Callable[..., list[tuple[str, str]]]) -> None:
    made = {
        "outcome": {"decision": "approved", "date": D(2020, 9, 18)},
        "call_in": True,
        "notices": {"decision": D(2020, 9, 22)},
    }
    assert ("call-in", "due") in clocked("2020-09-29", **made)
    [period] = [f for f in clocked.findings if f.rule == "call-in"]  # type: ignore[attr-defined]
    assert (
        period.due == D(2020, 9, 29) and "may not be implemented before 30 September 2020" in period.message
    )
    assert ("call-in", "met") in clocked("2020-09-30", **made)


@pytest.mark.parametrize(
    ("follow_up", "today", "status"),
    [
        ({"due": D(2021, 9, 30), "done": D(2021, 9, 30)}, "2021-10-01", "met"),
        ({"due": D(2021, 9, 30), "done": D(2021, 10, 1)}, "2021-10-02", "breached"),
        ({"due": D(2021, 9, 30)}, "2021-09-30", "due"),
        ({"due": D(2021, 9, 30)}, "2021-10-01", "overdue"),
    ],
)
def test_follow_ups(
    clocked: Callable[..., list[tuple[str, str]]], follow_up: dict[str, object], today: str, status: str
) -> None:
    found = clocked(today, follow_ups=[{"request": "a progress update in a year's time", **follow_up}])
    assert ("follow-up", status) in found


@pytest.mark.parametrize(("today", "status"), [("2023-06-01", "due"), ("2023-06-02", "overdue")])
def test_exemption_review(clocked: Callable[..., list[tuple[str, str]]], today: str, status: str) -> None:
    exempt = {"paragraph": 3, "public_interest": "Commercial terms.", "review_by": D(2023, 6, 1)}
    assert ("exemption-review", status) in clocked(today, exempt=exempt)


def test_a_decision_the_threshold_makes_key_must_be_marked(
    reg: Register, hand_commit: Callable[..., str], clocked: Callable[..., list[tuple[str, str]]]
) -> None:
    settings = reg.root / "register.yaml"
    settings.write_text(settings.read_text() + "calendar:\n  key_decision_threshold: 500000\n")
    git(reg.root, "commit", "-qam", "Set the threshold")
    assert ("key-decision", "breached") in clocked("2020-09-30", value=500000)
    assert ("key-decision", "met") in clocked("2020-09-30", value=500000, key_decision=True)
    assert not [r for r, _ in clocked("2020-09-30", value=499999.99) if r == "key-decision"]
    assert ("key-decision", "breached") in clocked("2020-09-30", wards=["North", "South"])


def test_retention_and_a_decision_of_long_ago_without_notices(
    clocked: Callable[..., list[tuple[str, str]]],
) -> None:
    clocked("2026-11-29")
    [kept] = [f for f in clocked.findings if f.rule == "retention"]  # type: ignore[attr-defined]
    assert kept.due == D(2026, 9, 18) and "ended on 18 September 2026" in kept.message
    result_untracked = [f for f in clocked.findings if f.rule == "agenda"]  # type: ignore[attr-defined]
    assert result_untracked == []  # 2020, no notices kept: untracked, not overdue


def test_the_demo_is_clean_then_and_its_follow_up_met(demo_register: Path) -> None:
    version = Register(demo_register).working()
    then = check(version, today=D(2020, 9, 30))
    assert then.ok and not [f for f in then.findings if f.status in ("breached", "overdue")]
    statuses = {(f.record.rsplit("/", 1)[-1], f.rule): f.status for f in then.findings}
    cabinet = "2020-09-18-cabinet-send-inclusion-strategy"
    assert statuses[(cabinet, "forward-plan")] == statuses[(cabinet, "agenda")] == "met"
    assert statuses[(cabinet, "decision-notice")] == statuses[(cabinet, "call-in")] == "met"
    later = check(version, today=D(2021, 10, 1))
    [update] = [f for f in later.findings if f.rule == "follow-up"]
    assert update.status == "met" and update.actual == D(2021, 9, 14) and update.due == D(2021, 9, 30)


def test_check_on_the_command_line(demo_register: Path) -> None:
    done = subprocess.run(
        [*CLI, "-C", str(demo_register), "check", "--today", "2020-09-30", "--json"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    import json

    found = json.loads(done.stdout)
    assert found["ok"] is True and found["today"] == "2020-09-30"
    assert set(found["findings"][0]) == {
        "record",
        "rule",
        "citation",
        "status",
        "due",
        "actual",
        "days",
        "margin",
        "message",
    }
    bad = subprocess.run(
        [*CLI, "-C", str(demo_register), "check", "--today", "2020-13-01"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert bad.returncode == 2 and "expected a real date" in bad.stderr


def test_check_exits_1_on_anything_overdue(reg: Register, hand_commit: Callable[..., str]) -> None:
    hand_commit(
        {"strategy/test.yaml": MINIMAL_STRATEGY, f"{CABINET}.yaml": decision(notices={})}, "Add", "2020-06-01"
    )
    done = subprocess.run(
        [*CLI, "-C", str(reg.root), "check", "--today", "2020-09-16"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 1
    assert (
        "OVERDUE" in done.stdout
        and "the last day to publish, leaving 5 clear days before 18 September 2020, was 10 September 2020"
        in done.stdout
    )


# --- the calendar ----------------------------------------------------------------------------------


def test_the_calendar_in_date_order_and_as_an_ics_file(
    reg: Register, hand_commit: Callable[..., str], tmp_path: Path
) -> None:
    import icalendar

    hand_commit(
        {
            "strategy/test.yaml": MINIMAL_STRATEGY,
            f"{CABINET}.yaml": decision(
                key_decision=True,
                notices={},
                follow_ups=[{"request": "an update", "due": D(2020, 12, 1)}],
            ),
        },
        "Add",
        "2020-06-01",
    )
    found = calendar(reg.working(), start=D(2020, 8, 1), end=D(2020, 12, 31))
    assert [(e.date, e.rule) for e in found.events] == [
        (D(2020, 8, 7), "forward-plan"),
        (D(2020, 9, 10), "agenda"),
        (D(2020, 12, 1), "follow-up"),
    ]
    target = tmp_path / "dates.ics"
    done = subprocess.run(
        [
            *CLI,
            "-C",
            str(reg.root),
            "calendar",
            "--from",
            "2020-08-01",
            "--to",
            "2020-12-31",
            "--ics",
            str(target),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    events = icalendar.Calendar.from_ical(target.read_bytes()).walk("VEVENT")
    assert [(e.decoded("dtstart"), str(e["summary"])) for e in events] == [
        (D(2020, 8, 7), "Publish the notice of a key decision: decisions/cabinet"),
        (D(2020, 9, 10), "Publish the agenda and report: decisions/cabinet"),
        (D(2020, 12, 1), "Follow-up due: decisions/cabinet"),
    ]
    as_json = subprocess.run(
        [*CLI, "-C", str(reg.root), "calendar", "--from", "2020-08-01", "--to", "2020-12-31", "--json"],
        capture_output=True,
        text=True,
        check=False,
    )
    [first, *_] = json.loads(as_json.stdout)["events"]
    assert {key: first[key] for key in ("date", "record", "rule", "title")} == {
        "date": "2020-08-07",
        "record": "decisions/cabinet",
        "rule": "forward-plan",
        "title": "Publish the notice of a key decision",
    }


# --- the notices -------------------------------------------------------------------------------------


def _text(docx: Path, layout: bool = True) -> str:
    return " ".join(" ".join(pages_of(pdf_of(docx), layout=layout)).split())


def test_the_key_decision_notice_holds_every_item_of_reg_9(demo_register: Path, tmp_path: Path) -> None:
    target = tmp_path / "fp.docx"
    notice(
        Register(demo_register),
        "decisions/2020-09-18-cabinet-send-inclusion-strategy",
        "forward-plan",
        output=target,
    )
    words = _text(target)
    for item in (
        "(a) A key decision is to be made.",
        "(b) The matter: Special Educational Needs and Disability (SEND) and Inclusion Strategy 2020 to 2023.",
        "(c) The decision maker: Cabinet",
        "(d) The date on which, or the period within which, the decision is to be made: 18 September 2020",
        "(e) The documents submitted to the decision maker: The report of the Director of Children and Family Services;",
        "(f) The address from which copies of, or extracts from, those documents can be had: County Hall, Glenfield, Leicester LE3 8RA",
        "(g) Other documents relevant to the matter may be submitted to the decision maker.",
        "(h) How to request details of those documents as they become available: by email to democratic.services@leicestershire.example",
        "reg 9. Published 7 August 2020.",
    ):
        assert item in words, item


def test_the_record_of_decision_holds_every_element_of_reg_12(
    reg: Register, hand_commit: Callable[..., str], tmp_path: Path
) -> None:
    settings = reg.root / "register.yaml"
    settings.write_text(settings.read_text() + 'address: "Town Hall, Anytown AB1 2CD"\n')
    git(reg.root, "commit", "-qam", "Say where documents can be had")
    hand_commit(
        {"strategy/test.yaml": MINIMAL_STRATEGY, f"{CABINET}.yaml": decision(call_in=True)},
        "Add",
        "2022-12-01",
    )
    decide(
        reg,
        CABINET,
        outcome="approved",
        date=D(2022, 12, 20),
        resolution=["That the Test Strategy be approved."],
        reasons=["The strategy is needed."],
        alternatives=["Doing nothing, rejected as the need is urgent."],
        conflicts=[
            __import__("register.audit.decide", fromlist=["Conflict"]).Conflict(
                member="Cllr A Smith",
                interest="a relative works for a provider",
                dispensation="granted by the Standards Committee on 1 June 2022",
            )
        ],
        author=when("2022-12-20"),
    )
    path = reg.root / f"{CABINET}.yaml"
    path.write_text(path.read_text() + "notices:\n  decision: 2022-12-22\n")
    git(reg.root, "commit", "-qam", "Publish the record of decision")
    target = tmp_path / "record.docx"
    notice(reg, CABINET, "decision", output=target)
    words = _text(target)
    for element in (
        "Record of decision",
        "Decision maker: Cabinet",
        "Date of decision: 20 December 2022",
        "a) That the Test Strategy be approved.",
        "Reasons for the decision • The strategy is needed.",
        "Alternative options considered and rejected • Doing nothing, rejected as the need is urgent.",
        "Cllr A Smith declared a relative works for a provider. Dispensation: granted by the Standards Committee on 1 June 2022.",
        # Published Thursday 22 December: the call-in period runs past Christmas and the New Year.
        "Unless it is called in by the end of 3 January 2023, it may be implemented from 4 January 2023.",
        "regs 12 and 13. Published 22 December 2022.",
    ):
        assert element in words, element


def test_urgency_notices_and_the_forward_plan(
    reg: Register, hand_commit: Callable[..., str], tmp_path: Path
) -> None:
    settings = reg.root / "register.yaml"
    settings.write_text(
        settings.read_text() + 'address: "Town Hall, Anytown AB1 2CD"\nemail: "committees@anytown.example"\n'
    )
    git(reg.root, "commit", "-qam", "Say where documents can be had")
    urgent = decision(
        key_decision=True,
        wards=["North", "South"],
        forward_plan={"reference": "FP/2020/031"},
        urgency={"reasons": "The grant must be claimed by 30 September.", "chair": "Cllr A Chair"},
        notices={"general_exception": D(2020, 9, 10)},
    )
    hand_commit({"strategy/test.yaml": MINIMAL_STRATEGY, f"{CABINET}.yaml": urgent}, "Add", "2020-09-09")
    notice(reg, CABINET, "urgency", output=tmp_path / "exception.docx")
    words = _text(tmp_path / "exception.docx")
    assert "Notice of a general exception" in words and "reg 10. Published 10 September 2020." in words
    assert (
        "Why compliance with regulation 9 is impracticable: The grant must be claimed by 30 September."
        in words
    )
    forward_plan(reg, D(2020, 9, 1), D(2020, 9, 30), output=tmp_path / "plan.docx", published=D(2020, 8, 28))
    plan = _text(tmp_path / "plan.docx", layout=False)  # in reading order: a table's cells whole
    assert "Forward plan of key decisions, 1 September 2020 to 30 September 2020" in plan
    assert "FP/2020/031" in plan and "North and South" in plan and "Town Hall, Anytown AB1 2CD" in plan
    (reg.root / f"{CABINET}.yaml").write_text(decision())
    with pytest.raises(UsageError, match="not marked as a key decision"):
        notice(reg, CABINET, "forward-plan", output=tmp_path / "x.docx")


def test_a_notice_needs_the_councils_address(
    reg: Register, hand_commit: Callable[..., str], tmp_path: Path
) -> None:
    hand_commit(
        {"strategy/test.yaml": MINIMAL_STRATEGY, f"{CABINET}.yaml": decision(key_decision=True)},
        "Add",
        "2020-06-01",
    )
    with pytest.raises(UsageError, match=r"register\.yaml: say the council's address"):
        notice(reg, CABINET, "forward-plan", output=tmp_path / "fp.docx")
    assert not (tmp_path / "fp.docx").exists()


# --- decide completes the record -----------------------------------------------------------------------


def test_a_final_approval_moves_the_statuses_and_a_partner_boards_does_not(
    reg: Register, hand_commit: Callable[..., str]
) -> None:
    older = MINIMAL_STRATEGY.replace(
        "title: Test Strategy 2020 to 2023", "title: Test Strategy 2017 to 2020"
    ).replace("status: draft", "status: approved")
    newer = MINIMAL_STRATEGY + "supersedes: strategy/older\n"
    board = decision(body="Partnership Board", body_type="partner board", approves=["strategy/test"])
    hand_commit(
        {
            "strategy/older.yaml": older,
            "strategy/test.yaml": newer,
            "decisions/board.yaml": board,
            f"{CABINET}.yaml": decision(),
        },
        "Add",
        "2020-06-01",
    )
    made = decide(reg, "decisions/board", outcome="approved", author=when("2020-06-10"))
    assert made.statuses == [] and "status: draft" in (reg.root / "strategy/test.yaml").read_text()
    made = decide(reg, CABINET, outcome="approved", approves=["strategy/test"], author=when("2020-09-18"))
    assert [(m.record, m.was, m.now) for m in made.statuses] == [
        ("strategy/test", "draft", "approved"),
        ("strategy/older", "approved", "superseded"),
    ]
    assert sorted(git(reg.root, "show", "--name-only", "--format=", "HEAD").split()) == [
        "decisions/cabinet.yaml",
        "strategy/older.yaml",
        "strategy/test.yaml",
    ]
    again = decide(reg, CABINET, outcome="approved", author=when("2020-09-19"))
    assert again.recorded is False and again.commit == git(reg.root, "rev-parse", "HEAD").strip()


def test_decide_again_on_the_command_line_says_there_is_nothing_new(
    reg: Register, hand_commit: Callable[..., str]
) -> None:
    hand_commit({"strategy/test.yaml": MINIMAL_STRATEGY, f"{CABINET}.yaml": decision()}, "Add", "2020-06-01")
    first = subprocess.run(
        [
            *CLI,
            "-C",
            str(reg.root),
            "decide",
            CABINET,
            "--outcome",
            "approved",
            "--approves",
            "strategy/test",
            "--reason",
            "It is needed.",
            "--conflict",
            "Cllr B Jones: owns land nearby",
            "--dispensation",
            "Cllr B Jones: granted on 1 May 2020",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert first.returncode == 0, first.stderr
    assert "strategy/test: draft -> approved" in first.stdout
    outcome = yaml.safe_load((reg.root / f"{CABINET}.yaml").read_text())["outcome"]
    assert outcome["reasons"] == ["It is needed."]
    assert outcome["conflicts_of_interest"] == [
        {"member": "Cllr B Jones", "interest": "owns land nearby", "dispensation": "granted on 1 May 2020"}
    ]
    again = subprocess.run(
        [*CLI, "-C", str(reg.root), "decide", CABINET], capture_output=True, text=True, check=False
    )
    assert again.returncode == 0 and again.stdout.startswith("Nothing new to record")


def test_the_old_report_date_moves_to_the_agenda_notice(
    reg: Register, hand_commit: Callable[..., str]
) -> None:
    from register import migrate, validate

    old = decision(report={"of": "the Director", "published": D(2020, 9, 10), "purpose": ["To approve it."]})
    hand_commit({"strategy/test.yaml": MINIMAL_STRATEGY, f"{CABINET}.yaml": old}, "Add", "2020-06-01")
    assert "'published' is now kept as notices.agenda" in validate(reg.working()).problems[0].message
    migrate(reg)
    data = yaml.safe_load((reg.root / f"{CABINET}.yaml").read_text())
    assert data["notices"] == {"agenda": D(2020, 9, 10)} and "published" not in data["report"]
    assert validate(reg.working()).valid


def test_a_day_is_judged_as_it_stood_then(reg: Register, hand_commit: Callable[..., str]) -> None:
    """What the records say happened later had not happened yet: the decision notice of the 22nd
    is still due on the 20th, the follow-up done later is still due, retention is running."""
    hand_commit(
        {
            "strategy/test.yaml": MINIMAL_STRATEGY,
            f"{CABINET}.yaml": decision(
                call_in=True,
                notices={"agenda": D(2020, 9, 10), "decision": D(2020, 9, 22)},
                outcome={"decision": "approved", "date": D(2020, 9, 18)},
                follow_ups=[{"request": "an update", "due": D(2021, 9, 1), "done": D(2021, 8, 1)}],
            ),
        },
        "Add",
        "2020-06-01",
    )
    then = {f.rule: f for f in check(reg.working(), today=D(2020, 9, 20)).findings}
    assert (then["decision-notice"].status, then["decision-notice"].actual) == ("due", None)
    assert then["decision-notice"].due == D(2020, 9, 22)
    assert "call-in" not in then  # it runs from a notice not yet published
    assert (then["follow-up"].status, then["follow-up"].actual) == ("due", None)
    assert then["retention"].status == "due" and then["retention"].due == D(2026, 9, 18)
    later = {f.rule: f for f in check(reg.working(), today=D(2027, 1, 4)).findings}
    assert later["decision-notice"].status == "met" and later["follow-up"].status == "met"
    assert later["retention"].status == "met" and later["call-in"].status == "met"


def test_the_last_day_to_act_is_a_working_day() -> None:
    # An agenda for Tuesday 9 April 2024: 5 clear days (weekdays, not Easter Monday) back to
    # Easter Monday 1 April, which is no day to publish: Thursday 28 March (Good Friday is shut).
    assert days().last_day_to_publish(D(2024, 4, 9), 5) == D(2024, 3, 28)
