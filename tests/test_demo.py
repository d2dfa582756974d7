"""The seed's example register: faithful records and a real, dated history that tells the story."""

from __future__ import annotations

from pathlib import Path

import pytest

from register.audit.validate import validate
from register.errors import UsageError
from register.make.demo import build_demo, choose_folder
from register.records.kinds import Decision, Ehria, Strategy, Wsoa
from register.store.listing import list_records
from register.store.version import Register

from .conftest import git

REPO = Path(__file__).resolve().parent.parent


def test_the_demo_register_is_valid(demo_register: Path) -> None:
    report = validate(Register(demo_register).working())
    assert report.valid and report.records == 13


def test_the_history_follows_the_seed_timeline(demo_register: Path) -> None:
    log = git(demo_register, "log", "--reverse", "--format=%ad|%an|%s", "--date=short").splitlines()
    days = [line.split("|")[0] for line in log]
    assert days == sorted(days), "commits must be in date order"
    assert days[0] == "2018-03-01" and days[-1] == "2021-09-14"
    subjects = {line.split("|")[0]: line.split("|")[2] for line in log}
    each_day: dict[str, list[str]] = {}
    for line in log:
        each_day.setdefault(line.split("|")[0], []).append(line.split("|")[2])
    assert subjects["2018-04-10"] == "Record the decision of Cabinet, 10 April 2018: approved"
    assert subjects["2020-09-01"].startswith(
        "Record the decision of Children and Families Overview and Scrutiny Committee"
    )
    assert subjects["2020-09-04"].startswith("Add the progress update Scrutiny asked for")
    assert subjects["2020-09-18"] == "Record the decision of Cabinet, 18 September 2020: approved"
    assert subjects["2020-09-10"].startswith("Publish the agenda and report for Cabinet")
    assert subjects["2020-09-22"].startswith("Publish the record of Cabinet's decision")
    assert each_day["2021-04-09"] == [
        "Measure areas[joint-commissioning].measures[jc-services] of strategy/send-wsoa-2020: 5 services on 31 March 2021",
        "Measure areas[ehc-plans].measures[ehc-20-weeks] of strategy/send-wsoa-2020: 58% on 31 March 2021",
    ]
    assert subjects["2021-04-20"].startswith("Stocktake of strategy/send-wsoa-2020 on 20 April 2021")
    assert each_day["2021-09-14"][0].startswith("Annual review 2021 (illustrative)")
    assert each_day["2021-09-14"][1].startswith("Scrutiny had its progress update")
    authors = {line.split("|")[1] for line in log}
    assert authors == {"Policy Officer, Children and Family Services", "Democratic Services Officer"}


def test_cabinet_pinned_the_version_after_scrutiny(demo_register: Path) -> None:
    reg = Register(demo_register)
    cabinet = reg.working().records["decisions/2020-09-18-cabinet-send-inclusion-strategy"]
    assert isinstance(cabinet, Decision)
    [pin] = cabinet.approved_versions
    assert pin.record == "strategy/send-inclusion-2020-2023"
    pinned_day = git(demo_register, "show", "-s", "--format=%ad", "--date=short", pin.commit).strip()
    assert pinned_day == "2020-09-04"  # the change made after Scrutiny's comments
    pinned = reg.at(pin.commit).records["strategy/send-inclusion-2020-2023"]
    assert isinstance(pinned, Strategy) and pinned.monitoring and pinned.monitoring.progress_updates
    june = reg.working().records["decisions/2020-06-10-send-inclusion-board-send-inclusion-strategy"]
    assert isinstance(june, Decision)
    day = git(demo_register, "show", "-s", "--format=%ad", "--date=short", june.approved_versions[0].commit)
    assert day.strip() == "2020-06-05"


def test_the_final_records_are_the_repository_example_plus_the_2021_review(demo_register: Path) -> None:
    for folder in ("strategy", "decisions"):
        for file in (REPO / folder).glob("*.yaml"):
            built = (demo_register / folder / file.name).read_text(encoding="utf-8")
            if file.stem in ("send-inclusion-2020-2023", "send-wsoa-2020"):
                assert built != file.read_text(encoding="utf-8")  # changed after 2020 (illustrative)
            elif folder == "decisions":
                assert built.startswith(file.read_text(encoding="utf-8").rstrip("\n"))  # + the pins
            else:
                assert built == file.read_text(encoding="utf-8")


def test_the_example_holds_the_seed(demo_register: Path) -> None:
    reg = Register(demo_register)
    strategy = reg.at("2020-09-30").records["strategy/send-inclusion-2020-2023"]
    assert isinstance(strategy, Strategy)
    assert [p.id for p in strategy.priorities] == ["1", "2", "3", "4", "5"]
    assert strategy.priorities[2].title == "Understanding and preparation for change (Transitions)."
    action_2_3 = next(a for a in strategy.priorities[1].actions if a.id == "2.3")
    assert "new schools, resource bases and expansion of existing special schools" in action_2_3.title
    assert strategy.supersedes == "strategy/send-2017-2020"
    now = reg.working()
    wsoa, ehria = (
        now.records["strategy/send-wsoa-2020"],
        now.records["strategy/ehria-send-inclusion-2020-2023"],
    )
    assert isinstance(wsoa, Wsoa) and isinstance(ehria, Ehria)
    assert [area.id for area in wsoa.areas] == ["joint-commissioning", "ehc-plans"]
    assert wsoa.inspection.month == "2020-02"
    assert ehria.conclusion.full_ehria_required is False
    scrutiny = now.records["decisions/2020-09-01-scrutiny-send-inclusion-strategy"]
    assert isinstance(scrutiny, Decision)
    assert scrutiny.follow_ups[0].request == "a progress update in a year’s time"
    kinds = sorted(r.kind or "" for r in list_records(now).records)
    assert kinds.count("decision") == 9 and kinds.count("strategy") == 2


def test_the_demo_refuses_a_folder_with_files(tmp_path: Path) -> None:
    (tmp_path / "precious.txt").write_text("keep me")
    with pytest.raises(UsageError, match="is not empty"):
        build_demo(tmp_path)
    assert (tmp_path / "precious.txt").read_text() == "keep me"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["precious.txt"]


def test_the_default_folder_is_never_one_that_exists(tmp_path: Path) -> None:
    (tmp_path / "send-register-demo").mkdir()
    assert choose_folder(tmp_path) == tmp_path / "send-register-demo-2"
