"""The seed's example register: faithful records and a real, dated history that tells the story."""

from __future__ import annotations

from pathlib import Path

import pytest

from register.demo import build_demo, choose_folder
from register.errors import UsageError
from register.reading import list_records
from register.store import Store
from register.validate import validate_register

from .conftest import git

REPO = Path(__file__).resolve().parent.parent


def test_the_demo_register_is_valid(demo_register: Path) -> None:
    report = validate_register(Store(demo_register))
    assert report.valid and report.records == 13


def test_the_history_follows_the_seed_timeline(demo_register: Path) -> None:
    log = git(demo_register, "log", "--reverse", "--format=%ad|%an|%s", "--date=short").splitlines()
    days = [line.split("|")[0] for line in log]
    assert days == sorted(days), "commits must be in date order"
    assert days[0] == "2018-03-01" and days[-1] == "2021-09-14"
    subjects = {line.split("|")[0]: line.split("|")[2] for line in log}
    assert subjects["2018-04-10"] == "Record the decision of Cabinet, 10 April 2018: approved"
    assert subjects["2020-09-01"].startswith(
        "Record the decision of Children and Families Overview and Scrutiny Committee"
    )
    assert subjects["2020-09-04"].startswith("Add the progress update Scrutiny asked for")
    assert subjects["2020-09-18"] == "Record the decision of Cabinet, 18 September 2020: approved"
    assert subjects["2021-09-14"].startswith("Annual review 2021 (illustrative)")
    authors = {line.split("|")[1] for line in log}
    assert authors == {"Policy Officer, Children and Family Services", "Democratic Services Officer"}


def test_cabinet_pinned_the_version_after_scrutiny(demo_register: Path) -> None:
    store = Store(demo_register)
    cabinet = store.read_working("decisions/2020-09-18-cabinet-send-inclusion-strategy.yaml")
    [pin] = cabinet.data["approved_versions"]
    assert pin["record"] == "strategy/send-inclusion-2020-2023"
    pinned_day = git(demo_register, "show", "-s", "--format=%ad", "--date=short", pin["commit"]).strip()
    assert pinned_day == "2020-09-04"  # the change made after Scrutiny's comments
    pinned = store.read_at("strategy/send-inclusion-2020-2023.yaml", pin["commit"])
    assert "progress_updates" in pinned.data["monitoring"]
    june = store.read_working("decisions/2020-06-10-send-inclusion-board-send-inclusion-strategy.yaml")
    assert (
        git(
            demo_register,
            "show",
            "-s",
            "--format=%ad",
            "--date=short",
            june.data["approved_versions"][0]["commit"],
        ).strip()
        == "2020-06-05"
    )


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
    store = Store(demo_register)
    strategy = store.read_at("strategy/send-inclusion-2020-2023.yaml", store.resolve("2020-09-30")).data
    assert [p["id"] for p in strategy["priorities"]] == ["1", "2", "3", "4", "5"]
    assert strategy["priorities"][2]["title"] == "Understanding and preparation for change (Transitions)."
    action_2_3 = next(a for a in strategy["priorities"][1]["actions"] if a["id"] == "2.3")
    assert "new schools, resource bases and expansion of existing special schools" in action_2_3["title"]
    assert strategy["supersedes"] == "strategy/send-2017-2020"
    wsoa = store.read_working("strategy/send-wsoa-2020.yaml").data
    assert [area["id"] for area in wsoa["areas"]] == ["joint-commissioning", "ehc-plans"]
    assert wsoa["inspection"]["month"] == "2020-02"
    ehria = store.read_working("strategy/ehria-send-inclusion-2020-2023.yaml").data
    assert ehria["conclusion"]["full_ehria_required"] is False
    scrutiny = store.read_working("decisions/2020-09-01-scrutiny-send-inclusion-strategy.yaml").data
    assert scrutiny["follow_ups"][0]["request"] == "a progress update in a year’s time"
    kinds = sorted(r.kind for r in list_records(store))
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
