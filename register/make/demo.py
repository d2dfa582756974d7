"""`register demo`: the seed's example register, built with its real, dated history."""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from pathlib import Path

from ..audit.decide import decide
from ..bundled import bundled
from ..errors import UsageError
from ..records.loader import load_data
from ..records.yamltext import set_top_level
from ..store.log import count_commits
from ..store.repository import Author
from ..store.version import Register
from .demo_steps import STEPS, Step
from .scaffold import init_register

COUNCIL = "Leicestershire County Council"
DEFAULT_NAME = "send-register-demo"
PAPERS = "papers"
CABINET_DECISION = "decisions/2020-09-18-cabinet-send-inclusion-strategy"
STRATEGY_ID = "strategy/send-inclusion-2020-2023"
WSOA_ID = "strategy/send-wsoa-2020"


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


ADDRESS = "County Hall, Glenfield, Leicester LE3 8RA"
EMAIL = "democratic.services@leicestershire.example"


def build_demo(target: Path) -> Demo:
    """Make the example register at `target` (a new or empty folder); remove it all on failure."""
    target = target.resolve()
    if target.exists() and any(target.iterdir()):
        raise UsageError(f"{target} is not empty: give a new folder for the demo register")
    made = not target.exists()
    try:
        first = STEPS[0].author().date
        assert first is not None
        start = Author(STEPS[0].who[0], STEPS[0].who[1], first.replace(day=1))
        register = Register(
            init_register(target, council=COUNCIL, address=ADDRESS, email=EMAIL, author=start).root
        )
        for step in STEPS:
            _apply(register, step)
        commits = count_commits(register.store)
        papers = write_papers(register)
    except BaseException:
        shutil.rmtree(target, ignore_errors=True) if made else _empty(target)
        raise
    return Demo(target, commits, papers)


def write_papers(register: Register) -> dict[str, Path]:
    """The Cabinet report as it stood at the meeting, the Strategy as it stands now, and the 2021 review."""
    from ..audit.compare import review
    from ..publish.documents import render, report, write_review
    from ..publish.evidence import evidence_pack

    folder = register.root / PAPERS
    folder.mkdir(exist_ok=True)
    cabinet = folder / "2020-09-18-cabinet-report.docx"
    report(register, CABINET_DECISION, output=cabinet, at="2020-09-18")
    strategy = folder / "send-inclusion-strategy-2020-2023.docx"
    render(register, STRATEGY_ID, output=strategy)
    annual = folder / "2021-annual-review-send-inclusion-strategy.docx"
    reviewed = review(register, STRATEGY_ID, from_ref=CABINET_DECISION, to_ref="HEAD")
    write_review(register, reviewed, output=annual)
    pack = folder / "send-wsoa-2020-evidence-pack.docx"
    evidence_pack(register, WSOA_ID, output=pack)
    return {
        "Cabinet report, 18 September 2020": cabinet,
        "The Strategy as it stands now": strategy,
        "The 2021 annual review (changes since Cabinet's approval)": annual,
        "The WSoA's evidence pack for the revisit": pack,
    }


def _apply(register: Register, step: Step) -> None:
    if step.event is not None:
        step.event(register, step.author())
        return
    writes = {
        path: _keeping_pins(register, path, edit(_final_text(path))).encode("utf-8")
        for path, edit in step.writes.items()
    }
    if step.decide is None:
        with register.store.locked():
            register.store.commit(writes, step.message, step.author())
        return
    # As an officer would: type the minute into the decision's file, then let `decide` pin.
    for path, content in writes.items():
        (register.root / path).write_bytes(content)
    decide(register, step.decide.removesuffix(".yaml"), author=step.author())


def _keeping_pins(register: Register, path: str, text: str) -> str:
    """A decision's file written again after `decide` keeps the versions it pinned, as an officer's
    edit does: only `decide` writes them."""
    current = register.root / path
    if not current.is_file() or "approved_versions:" not in current.read_text(encoding="utf-8"):
        return text
    pins = load_data(current.read_bytes(), path).get("approved_versions")
    return set_top_level(text, "approved_versions", pins)


def _final_text(path: str) -> str:
    folder, name = path.split("/", 1)
    return (bundled(folder) / name).read_text(encoding="utf-8")


def _empty(folder: Path) -> None:
    for child in folder.iterdir():
        shutil.rmtree(child) if child.is_dir() else child.unlink()
