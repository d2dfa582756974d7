"""`register demo`: the seed's example register, built with its real, dated history."""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from pathlib import Path

from .bundled import bundled
from .decide import Outcome, decide
from .demo_history import STEPS, Step
from .errors import UsageError
from .gitlog import count_commits
from .scaffold import init_register
from .store import Author, Store

COUNCIL = "Leicestershire County Council"
DEFAULT_NAME = "send-register-demo"
PAPERS = "papers"
CABINET_DECISION = "decisions/2020-09-18-cabinet-send-inclusion-strategy"
STRATEGY_ID = "strategy/send-inclusion-2020-2023"


@dataclass
class Demo:
    root: Path
    commits: int
    papers: dict[str, Path] = field(default_factory=dict)


def choose_folder(parent: Path) -> Path:
    """A new folder name in `parent` that is not taken yet."""
    candidate, number = parent / DEFAULT_NAME, 2
    while candidate.exists():
        candidate, number = parent / f"{DEFAULT_NAME}-{number}", number + 1
    return candidate


def build_demo(target: Path) -> Demo:
    """Make the example register at `target` (a new or empty folder); remove it all on failure."""
    target = target.resolve()
    if target.exists() and any(target.iterdir()):
        raise UsageError(f"{target} is not empty: give a new folder for the demo register")
    made = not target.exists()
    try:
        start = Author(STEPS[0].who[0], STEPS[0].who[1], STEPS[0].author().date.replace(day=1))
        store = Store(init_register(target, COUNCIL, start).root)
        for step in STEPS:
            _apply(store, step)
        commits = count_commits(store)
        papers = write_papers(store)
    except BaseException:
        shutil.rmtree(target, ignore_errors=True) if made else _empty(target)
        raise
    return Demo(target, commits, papers)


def write_papers(store: Store) -> dict[str, Path]:
    """The Cabinet report as it stood at the meeting, the Strategy as it stands now, and the 2021 review."""
    from .publish import write_record_paper, write_report, write_review
    from .review import review_record

    folder = store.root / PAPERS
    folder.mkdir(exist_ok=True)
    report = folder / "2020-09-18-cabinet-report.docx"
    write_report(store, CABINET_DECISION, report, at="2020-09-18")
    strategy = folder / "send-inclusion-strategy-2020-2023.docx"
    write_record_paper(store, STRATEGY_ID, strategy)
    review = folder / "2021-annual-review-send-inclusion-strategy.docx"
    write_review(store, review_record(store, STRATEGY_ID, CABINET_DECISION, "HEAD"), review)
    return {
        "Cabinet report, 18 September 2020": report,
        "The Strategy as it stands now": strategy,
        "The 2021 annual review (changes since Cabinet's approval)": review,
    }


def _apply(store: Store, step: Step) -> None:
    writes = {path: edit(_final_text(path)).encode("utf-8") for path, edit in step.writes.items()}
    if step.decide is None:
        with store.locked():
            store.commit(writes, step.message, step.author())
        return
    # As an officer would: type the minute into the decision's file, then let `decide` pin.
    for path, content in writes.items():
        (store.root / path).write_bytes(content)
    decide(store, step.decide.removesuffix(".yaml"), Outcome(), step.author())


def _final_text(path: str) -> str:
    folder, name = path.split("/", 1)
    return (bundled(folder) / name).read_text(encoding="utf-8")


def _empty(folder: Path) -> None:
    for child in folder.iterdir():
        shutil.rmtree(child) if child.is_dir() else child.unlink()
