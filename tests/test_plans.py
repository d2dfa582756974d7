"""Improvement plans on a register that is not the demo's: a five-area WSoA, a revisit with mixed
outcomes, an Accelerated Progress Plan for the area not met, measures and a stocktake; progress as
JSON, the evidence pack through LibreOffice, and the review of one plan against another in the
terminal, as JSON and in Word."""

from __future__ import annotations

import datetime as dt
import html
import json
import re
import subprocess
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

import docx
import pytest

from register import evidence_pack, measure, progress, revisit, stocktake, validate, verify
from register.audit.against import review_against
from register.audit.decide import decide
from register.audit.history import history
from register.errors import RegisterError, UsageError
from register.publish.documents import write_review
from register.records.fingerprint import fingerprint
from register.store.version import Register

from .conftest import git, when
from .office import pages_of, pdf_of

CLI = [sys.executable, "-c", "from register.cli import main; main()"]
D = dt.date
TWICE = ["--outcome", "health=sufficient", "--outcome", "health=insufficient"]
WSOA = "strategy/northshire-wsoa"
APP = "strategy/northshire-app"
AREAS = {
    "leadership": "Leaders' understanding of the local area",
    "identification": "Identification of needs in the early years",
    "ehcp-quality": "The quality of EHC plans",
    "health": "Waiting times for the neurodevelopmental pathway",
    "co-production": "Co-production with parents and carers",
}
OUTCOMES = {
    "leadership": "sufficient",
    "identification": "sufficient",
    "ehcp-quality": "insufficient",
    "health": "sufficient",
    "co-production": "sufficient",
}


def wsoa_text() -> str:
    areas = ""
    for number, (area, title) in enumerate(AREAS.items(), start=1):
        areas += (
            f"  - id: {area}\n    title: {title}\n"
            f"    finding: Inspectors found weakness {number}, in their words.\n"
            "    status: on track\n"
            f"    actions:\n      - {{id: {area}-1, title: First action on {area}, status: on track}}\n"
            f"      - {{id: {area}-2, title: Second action on {area}, status: not started}}\n"
            f"    measures:\n      - id: {area}-m\n        title: Measure of {title}\n"
            '        unit: "%"\n        baseline: {value: 30, date: 2019-03-31}\n'
            "        target: {value: 70, date: 2021-03-31}\n"
            f"    evidence:\n      - {{kind: progress, date: 2019-09-01, text: Early progress on {area}}}\n"
            f"      - {{kind: impact, date: 2020-02-01, text: Families say {area} is better,"
            " co_produced_with: [Northshire Parent Carer Forum]}\n"
        )
    return (
        "kind: wsoa\ntitle: Northshire Written Statement of Action\n"
        "inspection:\n  inspectorates: [Ofsted, CQC]\n  framework: SEND local area inspection\n"
        '  month: "2019-01"\n'
        "responsible: [Northshire Council, Northshire CCG]\nmonitored_by: Northshire SEND Board\n"
        "status: published\nareas:\n" + areas
    )


APP_TEXT = """\
kind: app
title: Northshire Accelerated Progress Plan
inspection:
  inspectorates: [Ofsted, CQC]
  framework: SEND local area inspection
  month: "2019-01"
responsible: [Northshire Council, Northshire CCG]
monitored_by: Northshire SEND Board
agreed_with: [Department for Education, NHS England]
follows: {plan: strategy/northshire-wsoa, areas: [ehcp-quality]}
status: published
areas:
  - id: ehcp-quality
    title: The quality of EHC plans
    status: on track
    actions:
      - {id: ehcp-quality-1, title: First action on ehcp-quality, status: complete}
      - {id: ehcp-quality-3, title: Audit every new plan with health and care, status: on track}
    measures:
      - id: plans-good
        title: EHC plans judged good at audit
        unit: "%"
        baseline: {value: 35, date: 2021-01-31}
        target: {value: 75, date: 2022-01-31}
"""

DECISION = """\
kind: decision
title: Northshire Written Statement of Action
body: Northshire Cabinet
body_type: executive
meeting_date: 2019-05-14
considers: [strategy/northshire-wsoa]
approves: [strategy/northshire-wsoa]
"""


@pytest.fixture
def plans(reg: Register, hand_commit: Callable[..., str]) -> Register:
    """A five-area WSoA approved by Cabinet; a measure reported, a stocktake, a revisit (held
    remotely, a year late) finding four areas sufficient and one not."""
    hand_commit(
        {f"{WSOA}.yaml": wsoa_text(), "decisions/2019-05-14-cabinet-wsoa.yaml": DECISION},
        "WSoA",
        "2019-05-01",
    )
    decide(reg, "decisions/2019-05-14-cabinet-wsoa", outcome="approved", author=when("2019-05-14"))
    for area, value, day in (("leadership", 48, "2019-12-31"), ("ehcp-quality", 33, "2019-12-31")):
        measure(reg, WSOA, f"{area}-m", date=D.fromisoformat(day), value=value, author=when("2020-01-10"))
    measure(
        reg,
        WSOA,
        "areas[leadership].measures[leadership-m]",
        date=D(2020, 6, 30),
        value=61.5,
        author=when("2020-07-10"),
    )
    stocktake(
        reg,
        WSOA,
        date=D(2020, 9, 1),
        summary="Four areas on track; EHC plan quality not improving",
        attended_by=["Department for Education", "NHS England"],
        areas={"ehcp-quality": "Audits show little change"},
        author=when("2020-09-02"),
    )
    revisit(
        reg,
        WSOA,
        date=D(2021, 1, 20),
        outcomes=OUTCOMES,
        held="remotely",
        report="https://reports.ofsted.gov.uk/northshire-revisit",
        author=when("2021-03-01"),
    )
    return reg


def test_each_event_is_a_commit_of_its_own_and_leaves_the_approval_current(plans: Register) -> None:
    log = git(plans.root, "log", "--format=%s", "-6").splitlines()
    assert log[0] == (
        "Revisit of strategy/northshire-wsoa on 20 January 2021: leadership sufficient, identification "
        "sufficient, ehcp-quality insufficient, health sufficient, co-production sufficient"
    )
    assert log[1].startswith("Stocktake of strategy/northshire-wsoa on 1 September 2020: Four areas")
    assert (
        log[2]
        == "Measure areas[leadership].measures[leadership-m] of strategy/northshire-wsoa: 61.5% on 30 June 2020"
    )
    [approval] = verify(plans).approvals
    assert approval.status == "current", approval.note
    assert validate(plans.working()).valid
    # …while a change to the plan's own text is a change to what was approved.
    path = plans.root / f"{WSOA}.yaml"
    path.write_text(path.read_text().replace("target: {value: 70", "target: {value: 65", 1))
    git(plans.root, "commit", "-qam", "Lower a target")
    [approval] = verify(plans).approvals
    assert approval.status == "changed" and approval.changed_paths == [
        "areas[leadership].measures[leadership-m].target.value"
    ]


def test_history_says_who_reported_which_figure_when(plans: Register) -> None:
    found = history(plans, WSOA, field="areas[leadership].measures[leadership-m].actuals")
    reported = [
        (v.author, v.date.date().isoformat(), [(str(c.path), c.op, c.new) for c in v.changes])
        for v in found.versions
    ]
    assert reported[0] == ("Test Officer", "2019-05-01", [])  # the plan as written: no figures yet
    assert reported[1:] == [
        (
            "Test Officer",
            "2020-01-10",
            [
                (
                    "areas[leadership].measures[leadership-m].actuals",
                    "added",
                    [{"date": D(2019, 12, 31), "value": 48}],
                )
            ],
        ),
        (
            "Test Officer",
            "2020-07-10",
            [
                (
                    "areas[leadership].measures[leadership-m].actuals[1]",
                    "added",
                    {"date": D(2020, 6, 30), "value": 61.5},
                )
            ],
        ),
    ]


def test_the_file_keeps_every_line_the_officer_wrote(plans: Register) -> None:
    text = (plans.root / f"{WSOA}.yaml").read_text()
    assert text.startswith(wsoa_text().split("areas:\n")[0])
    for line in wsoa_text().splitlines():
        assert line in text.splitlines()
    assert "        actuals:\n          - date: 2019-12-31\n            value: 48\n" in text


def test_progress_as_json_in_the_contracts_shape(plans: Register) -> None:
    done = subprocess.run(
        [*CLI, "-C", str(plans.root), "progress", WSOA, "--json"], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    found = json.loads(done.stdout)
    assert found["record"] == WSOA and found["last_stocktake"] == "2020-09-01"
    assert {a["id"]: a["outcome"] for a in found["areas"]} == OUTCOMES
    leadership = found["areas"][0]
    assert leadership["actions"] == {"not started": 1, "on track": 1}
    [m] = leadership["measures"]
    assert m["path"] == "areas[leadership].measures[leadership-m]"
    assert (m["baseline"], m["target"], m["latest"]) == (
        {"date": "2019-03-31", "value": 30},
        {"date": "2021-03-31", "value": 70},
        {"date": "2020-06-30", "value": 61.5},
    )
    assert m["met"] is False
    assert leadership["evidence"] == []  # nothing dated after the stocktake of 1 September 2020
    assert found["areas"][2]["stocktake"] == "Audits show little change"
    assert progress(plans.working(), WSOA).areas[2].measures[0].latest.value == 33  # type: ignore[union-attr]


def test_an_app_for_the_area_not_met(plans: Register, hand_commit: Callable[..., str]) -> None:
    hand_commit({f"{APP}.yaml": APP_TEXT}, "APP agreed with the DfE and NHS England", "2021-04-01")
    assert validate(plans.working()).valid
    measure(plans, APP, "plans-good", date=D(2021, 7, 31), value=44, author=when("2021-08-02"))
    stocktake(
        plans, APP, date=D(2021, 10, 5), summary="First six-monthly stocktake", author=when("2021-10-05")
    )
    found = progress(plans.working(), APP)
    assert found.follows == WSOA and found.kind == "app" and found.last_stocktake == D(2021, 10, 5)
    # A plan that follows one that is not there, and a judgement of an area the plan lacks.
    broken = APP_TEXT.replace("northshire-wsoa, areas", "northshire-wsoa-2019, areas")
    broken += "revisits:\n  - date: 2022-03-01\n    outcomes: {ehcp-quality: sufficient, ehcp: sufficient}\n"
    (plans.root / f"{APP}.yaml").write_text(broken)
    problems = [str(p) for p in validate(plans.working()).problems]
    assert any(re.search(r"northshire-app\.yaml:10:\d+: .*northshire-wsoa-2019", p) for p in problems), (
        problems
    )
    assert (
        "strategy/northshire-app.yaml:27:42: 'ehcp' is not an area of this plan (its areas: ehcp-quality)"
        in problems
    )


def test_the_evidence_pack_through_libreoffice(plans: Register, tmp_path: Path) -> None:
    target = tmp_path / "pack.docx"
    evidence_pack(plans, WSOA, output=target)
    document = docx.Document(str(target))
    with zipfile.ZipFile(target) as package:
        body = package.read("word/document.xml").decode()
        images = [name for name in package.namelist() if name.startswith("word/media/")]
    alts = re.findall(r'<wp:docPr [^>]*descr="([^"]*)"', body)
    assert len(images) == len(alts) == 5
    assert html.unescape(alts[0]) == (
        "Line chart of Measure of Leaders' understanding of the local area: baseline 30% (31 March 2019), "
        "target 70% (31 March 2021); values reported: 48% (31 December 2019); 61.5% (30 June 2020)."
    )
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading 1")]
    assert headings[:5] == [f"Area of weakness {n}: {t}" for n, t in enumerate(AREAS.values(), start=1)]
    text = " ".join(" ".join(pages_of(pdf_of(target), layout=False)).split())
    for title in AREAS.values():
        assert title in text and f"Measure of {title}" in text
    assert text.count("Sufficient progress (20 January 2021)") == 4
    assert "Insufficient progress (20 January 2021)" in text
    assert "The figures of the chart: Measure of The quality of EHC plans" in text
    assert "Evidence shown: since the last stocktake, 1 September 2020" in text
    assert "Four areas on track; EHC plan quality not improving" in text
    assert "At the last stocktake: Audits show little change" in text


def test_the_review_of_an_app_against_its_wsoa_in_three_forms(
    plans: Register, hand_commit: Callable[..., str], tmp_path: Path
) -> None:
    renamed = (
        APP_TEXT.replace("title: The quality of EHC plans", "title: The quality of EHC plans")
        .replace("  - id: ehcp-quality\n", "  - id: plan-quality\n")
        .replace("areas: [ehcp-quality]", "areas: [ehcp-quality]")
    )
    hand_commit({f"{APP}.yaml": renamed}, "APP", "2021-04-01")
    found = review_against(plans, APP, WSOA)
    shaped = found.model_dump(mode="json", by_alias=True)
    assert (shaped["from"]["record"], shaped["to"]["record"]) == (WSOA, APP)
    assert shaped["matched_by_title"] == [
        {
            "list": "areas",
            "old_id": "ehcp-quality",
            "new_id": "plan-quality",
            "title": "The quality of EHC plans",
        }
    ]
    paths = {(c["op"], c["path"]) for c in shaped["changes"]}
    assert ("removed", "areas[leadership]") in paths and ("added", "agreed_with") in paths
    assert ("changed", "areas[plan-quality].actions[ehcp-quality-1].status") in paths
    assert ("added", "areas[plan-quality].actions[ehcp-quality-3]") in paths
    assert not any(path.startswith(("revisits", "stocktakes")) or "actuals" in path for _, path in paths)
    terminal = subprocess.run(
        [*CLI, "-C", str(plans.root), "review", APP, "--against", WSOA],
        capture_output=True,
        text=True,
        check=False,
    )
    assert terminal.returncode == 0, terminal.stderr
    assert f"{APP} against {WSOA}" in terminal.stdout
    assert "matched by title: areas[ehcp-quality] → [plan-quality]" in terminal.stdout
    target = tmp_path / "app-against-wsoa.docx"
    write_review(plans, found, output=target)
    document = docx.Document(str(target))
    assert (
        document.core_properties.title
        == "Northshire Accelerated Progress Plan compared with Northshire Written Statement of Action"
    )
    body = zipfile.ZipFile(target).read("word/document.xml").decode()
    assert "<w:ins " in body and "<w:del " in body
    text = " ".join(" ".join(pages_of(pdf_of(target), layout=False)).split())
    assert "compared with Northshire Written Statement of Action" in text


def test_a_strategy_against_the_one_it_supersedes_matches_renumbered_priorities_by_title(
    reg: Register, hand_commit: Callable[..., str]
) -> None:
    old = (
        "kind: strategy\ntitle: Eastshire SEND Strategy 2020 to 2023\nperiod: {start: 2020, end: 2023}\n"
        "owner: Eastshire Board\nstatus: approved\npriorities:\n"
        "  - id: '1'\n    title: Early help\n  - id: '2'\n    title: Inclusion in mainstream schools\n"
        "  - id: '3'\n    title: Preparing for adulthood\n"
    )
    new = (
        "kind: strategy\ntitle: Eastshire SEND Strategy 2025 to 2028\nperiod: {start: 2025, end: 2028}\n"
        "owner: Eastshire Board\nstatus: draft\nsupersedes: strategy/eastshire-2020\npriorities:\n"
        "  - id: '1'\n    title: Inclusion in mainstream schools\n  - id: '2'\n    title: Preparing for Adulthood.\n"
        "  - id: '3'\n    title: Sufficiency of specialist places\n"
    )
    hand_commit(
        {"strategy/eastshire-2020.yaml": old, "strategy/eastshire-2025.yaml": new}, "Both", "2025-01-10"
    )
    found = review_against(reg, "strategy/eastshire-2025", "strategy/eastshire-2020")
    assert [(m.old_id, m.new_id) for m in found.matched_by_title] == [("2", "1"), ("3", "2")]
    ops = sorted((c.op, str(c.path)) for c in found.changes if str(c.path).startswith("priorities"))
    assert ops == [
        ("added", "priorities[3]"),  # Sufficiency of specialist places
        ("changed", "priorities[2].title"),  # "Preparing for Adulthood." was "Preparing for adulthood"
        ("removed", "priorities[1 (old)]"),  # Early help: its number now belongs to another
    ]
    with pytest.raises(UsageError, match="neither supersedes nor follows from"):
        review_against(reg, "strategy/eastshire-2020", "strategy/eastshire-2025")


def test_titles_match_where_ids_change(reg: Register, hand_commit: Callable[..., str]) -> None:
    old = (
        "kind: strategy\ntitle: Westshire Strategy\nperiod: {start: 2020, end: 2023}\nowner: Board\n"
        "status: approved\npriorities:\n"
        "  - id: A\n    title: Early help\n  - id: B\n    title: Inclusion in mainstream schools\n"
    )
    new = (
        "kind: strategy\ntitle: Westshire Strategy 2\nperiod: {start: 2023, end: 2026}\nowner: Board\nstatus: draft\n"
        "supersedes: strategy/west-1\npriorities:\n"
        "  - id: '1'\n    title: Inclusion in mainstream schools.\n  - id: '2'\n    title: Transport\n"
    )
    hand_commit({"strategy/west-1.yaml": old, "strategy/west-2.yaml": new}, "Both", "2025-01-10")
    found = review_against(reg, "strategy/west-2", "strategy/west-1")
    assert [(m.old_id, m.new_id) for m in found.matched_by_title] == [("B", "1")]
    ops = sorted((c.op, str(c.path)) for c in found.changes if str(c.path).startswith("priorities"))
    assert ops == [
        ("added", "priorities[2]"),
        ("changed", "priorities[1].title"),
        ("removed", "priorities[A]"),
    ]


def test_events_refused_with_a_reason_and_nothing_written(plans: Register) -> None:
    head = git(plans.root, "rev-parse", "HEAD")
    again = measure(plans, WSOA, "leadership-m", date=D(2020, 6, 30), value=61.5)
    assert not again.recorded
    with pytest.raises(UsageError, match=r"already has 61\.5 for 2020-06-30"):
        measure(plans, WSOA, "leadership-m", date=D(2020, 6, 30), value=62)
    with pytest.raises(
        UsageError, match=r"has no measure nope \(its measures: areas\[leadership\]\.measures\[leadership-m\]"
    ):
        measure(plans, WSOA, "nope", date=D(2020, 6, 30), value=1)
    with pytest.raises(UsageError, match="has no area 'ehcp'"):
        revisit(plans, WSOA, date=D(2022, 1, 1), outcomes={"ehcp": "sufficient"})
    with pytest.raises(UsageError, match="an outcome is one of sufficient, insufficient"):
        revisit(plans, WSOA, date=D(2022, 1, 1), outcomes={"health": "good"})
    with pytest.raises(UsageError, match="a measure's value is a number"):
        measure(plans, WSOA, "leadership-m", date=D(2021, 6, 30), value=float("nan"))
    with pytest.raises(
        UsageError, match="is in the future: a reported value is recorded once it has happened"
    ):
        measure(plans, WSOA, "leadership-m", date=dt.date.today() + dt.timedelta(days=1), value=1)
    with pytest.raises(UsageError, match=r"a wsoa \(2016 framework\) is judged sufficient or insufficient"):
        revisit(plans, WSOA, date=D(2022, 1, 1), outcomes={"health": "positive"})
    with pytest.raises(UsageError, match="say in a few words"):
        stocktake(plans, WSOA, date=D(2022, 1, 1), summary=" ")
    with pytest.raises(UsageError, match="is a decision, not an improvement plan"):
        stocktake(plans, "decisions/2019-05-14-cabinet-wsoa", date=D(2022, 1, 1), summary="x")
    path = plans.root / f"{WSOA}.yaml"
    path.write_text(path.read_text() + "# an edit not yet saved\n")
    with pytest.raises(UsageError, match="has changes not yet committed"):
        measure(plans, WSOA, "leadership-m", date=D(2021, 6, 30), value=70)
    assert git(plans.root, "rev-parse", "HEAD") == head
    assert path.read_text().endswith("# an edit not yet saved\n")
    cli = subprocess.run(
        [*CLI, "-C", str(plans.root), "revisit", WSOA, "--date", "2022-01-01", "--outcome", "health"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert cli.returncode == 2 and cli.stderr.strip() == "--outcome health: write it as AREA=VALUE"
    twice = subprocess.run(
        [*CLI, "-C", str(plans.root), "revisit", WSOA, "--date", "2022-01-01", *TWICE],
        capture_output=True,
        text=True,
        check=False,
    )
    assert twice.returncode == 2 and "health is given twice" in twice.stderr
    assert git(plans.root, "rev-parse", "HEAD") == head


def test_a_priority_action_plan_of_the_2023_framework(reg: Register, hand_commit: Callable[..., str]) -> None:
    text = (
        "kind: priority-action-plan\ntitle: Southshire Priority Action Plan\n"
        "inspection:\n  inspectorates: [Ofsted, CQC]\n  framework: Area SEND inspection (2023)\n"
        '  month: "2024-02"\n  outcome: widespread or systemic failings\n'
        "responsible: [Southshire Council, Southshire ICB]\nmonitored_by: Southshire SEND Partnership\n"
        "areas:\n  - id: apa-1\n    title: Timeliness of assessments\n  - id: apa-2\n    title: Transitions\n"
    )
    hand_commit({"strategy/southshire-pap.yaml": text}, "PAP", "2024-05-01")
    revisit(
        reg,
        "strategy/southshire-pap",
        date=D(2025, 6, 1),
        kind="monitoring inspection",
        outcomes={"apa-1": "sufficient", "apa-2": "insufficient"},
    )
    found = progress(reg.working(), "strategy/southshire-pap")
    assert [(a.id, a.outcome) for a in found.areas] == [("apa-1", "sufficient"), ("apa-2", "insufficient")]
    assert found.kind == "priority-action-plan"


def test_events_never_move_a_fingerprint() -> None:
    import yaml

    plain = yaml.safe_load(wsoa_text())
    with_events = yaml.safe_load(
        wsoa_text().replace(
            "        target: {value: 70, date: 2021-03-31}\n",
            "        target: {value: 70, date: 2021-03-31}\n        actuals:\n          - {date: 2020-01-01, value: 3}\n",
        )
        + "revisits:\n  - {date: 2021-01-01, outcomes: {health: sufficient}}\nstocktakes:\n  - {date: 2020-01-01, summary: s}\n"
    )
    assert with_events != plain and fingerprint(with_events) == fingerprint(plain)


def test_cli_wiring(plans: Register, tmp_path: Path) -> None:
    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [*CLI, "-C", str(plans.root), *args], capture_output=True, text=True, check=False
        )

    done = run("measure", WSOA, "health-m", "--date", "2021-03-31", "--value", "52", "--note", "Q4 return")
    assert done.returncode == 0 and "Recorded the measure in strategy/northshire-wsoa" in done.stdout
    done = run(
        "stocktake",
        WSOA,
        "--date",
        "2021-04-01",
        "--summary",
        "Spring",
        "--with",
        "DfE",
        "--area",
        "health=Better",
    )
    assert done.returncode == 0, done.stderr
    shown = run("progress", WSOA, "-o", str(tmp_path / "pack.docx"))
    assert shown.returncode == 0, shown.stderr
    assert (
        "Waiting times for the neurodevelopmental pathway" in shown.stdout
        and "52% (2021-03-31)" in shown.stdout
    )
    assert f"Wrote {tmp_path / 'pack.docx'}" in shown.stdout
    assert run("progress", "decisions/2019-05-14-cabinet-wsoa").returncode == 2


def test_register_error_is_the_base(plans: Register) -> None:
    with pytest.raises(RegisterError):
        measure(plans, WSOA, "leadership-m", date=D(2020, 6, 30), value=1)
