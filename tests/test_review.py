"""The annual review: versions named every way, refusals, every kind, JSON, and tracked changes in Word."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from typer.testing import CliRunner

from register.audit.compare import review as review_of
from register.audit.compare import review_all
from register.audit.decide import decide
from register.cli import app
from register.errors import BadRef, UsageError
from register.publish.documents import write_review
from register.store.version import Register

from .conftest import MINIMAL_DECISION, MINIMAL_STRATEGY, git, when
from .office import audit, pages_of, pdf_of

STRATEGY = "strategy/test.yaml"


@pytest.fixture
def reviewed(reg: Register, hand_commit: Callable[..., str]) -> Register:
    """Approved in September 2020; two officers change it in 2021, on different days."""
    hand_commit(
        {STRATEGY: MINIMAL_STRATEGY, "decisions/cabinet.yaml": MINIMAL_DECISION}, "Draft", "2020-06-01"
    )
    decide(
        reg, "decisions/cabinet", outcome="approved", approves=["strategy/test"], author=when("2020-09-18")
    )
    git(reg.root, "tag", "approved")
    text = (reg.root / STRATEGY).read_text()
    text = text.replace(
        "        title: Third action\n        status: on track",
        "        title: Third action\n        status: complete",
    )
    (reg.root / STRATEGY).write_text(text)
    git(reg.root, "add", STRATEGY)
    git(
        reg.root,
        "commit",
        "-q",
        "-m",
        "Action 2.1 is complete",
        date="2021-03-01T09:00:00+00:00",
        author="Alex Status",
    )
    text = text.replace("title: First action", "title: First action for every family in the county")
    text = text.replace(
        '      - id: "2.1"',
        '      - id: "2.2"\n        title: A new action\n        status: on track\n      - id: "2.1"',
    )
    (reg.root / STRATEGY).write_text(text)
    git(reg.root, "add", STRATEGY)
    git(
        reg.root,
        "commit",
        "-q",
        "-m",
        "Annual review 2021",
        date="2021-09-14T10:00:00+00:00",
        author="Sam Words",
    )
    return reg


def test_default_is_from_the_last_approval_to_head(reviewed: Register) -> None:
    review = review_of(reviewed, "strategy/test")
    assert review.start.ref == "decisions/cabinet" and review.start.approved_by == ["decisions/cabinet"]
    assert review.end.ref == "HEAD"
    assert review.summary.model_dump() == {
        "added": 1,
        "removed": 0,
        "changed": 2,
        "moved": 0,
        "by_group": {"Priority 1": {"changed": 1}, "Priority 2": {"changed": 1, "added": 1}},
    }
    assert [(s.id, s.was, s.now, s.by) for s in review.status_changes] == [
        ("2.2", None, "on track", "Sam Words"),
        ("2.1", "on track", "complete", "Alex Status"),
    ]  # in the paper's order


@pytest.mark.parametrize("start", ["approved", "decisions/cabinet", "2020-09-18", "main~2", "{pinned}"])
def test_every_way_of_naming_a_version(reviewed: Register, start: str) -> None:
    pinned = git(reviewed.root, "rev-list", "-1", "approved~1").strip()
    review = review_of(reviewed, "strategy/test", from_ref=start.format(pinned=pinned), to_ref="2021-09-14")
    # The commit the decision pinned is the draft: from it, the status the approval moved is a change.
    assert len(review.changes) == (4 if start == "{pinned}" else 3)


@pytest.mark.parametrize(
    ("start", "end", "error", "message"),
    [
        ("nowhere", None, BadRef, "--from 'nowhere' is not a commit, tag, branch or date"),
        ("2020-01-10", None, BadRef, "did not exist at that version (it was first committed on 2020-06-01)"),
        ("2019-01-01", None, BadRef, "no version on or before 2019-01-01"),
        ("HEAD", "approved", UsageError, "is later than --to approved"),
        ("approved", "2020-02-30", BadRef, "'2020-02-30' is not a real date"),
    ],
)
def test_refusals(reviewed: Register, start: str, end: str | None, error: type, message: str) -> None:
    with pytest.raises(error, match=re.escape(message)):
        review_of(reviewed, "strategy/test", from_ref=start, to_ref=end)


def test_a_record_never_approved_needs_from(reg: Register, hand_commit: Callable[..., str]) -> None:
    hand_commit({STRATEGY: MINIMAL_STRATEGY}, "Draft", "2020-06-01")
    with pytest.raises(UsageError, match="no decision has approved strategy/test yet"):
        review_of(reg, "strategy/test")


def test_a_record_deleted_at_the_newer_side(reviewed: Register) -> None:
    git(reviewed.root, "rm", "-q", STRATEGY)
    git(reviewed.root, "commit", "-qm", "Withdrawn", date="2022-01-01T10:00:00+00:00")
    with pytest.raises(BadRef, match="did not exist at that version"):
        review_of(reviewed, "strategy/test", from_ref="approved", to_ref="HEAD")


def test_across_a_rename(reviewed: Register) -> None:
    git(reviewed.root, "mv", STRATEGY, "strategy/renamed.yaml")
    git(reviewed.root, "commit", "-qm", "Rename", date="2021-10-01T10:00:00+00:00")
    review = review_of(reviewed, "strategy/renamed", from_ref="approved", to_ref="HEAD")
    assert (review.start.path, review.end.path) == ("strategy/test.yaml", "strategy/renamed.yaml")
    assert len(review.changes) == 3


def test_the_json_shape(reviewed: Register) -> None:
    result = CliRunner().invoke(app, ["-C", str(reviewed.root), "review", "strategy/test", "--json"])
    document = json.loads(result.stdout)
    assert result.exit_code == 0
    assert set(document) >= {"record", "from", "to", "changes", "summary"}
    assert set(document["from"]) >= {"ref", "commit"} and document["to"]["ref"] == "HEAD"
    assert {"op", "path", "old", "new"} <= set(document["changes"][0])
    assert set(document["summary"]) >= {"added", "removed", "changed"}
    bad = CliRunner().invoke(app, ["-C", str(reviewed.root), "review", "strategy/test", "--from", "nowhere"])
    assert bad.exit_code == 2 and "Traceback" not in bad.stderr


def test_the_terminal_marks_words_even_without_colour(reviewed: Register) -> None:
    result = CliRunner().invoke(app, ["-C", str(reviewed.root), "review", "strategy/test"])
    assert result.exit_code == 0
    assert "First action{+ for every family in the county+}" in result.stdout
    assert "on track → complete" in result.stdout and "Priority 2" in result.stdout


def test_review_all_reads_only_changed_records(reviewed: Register, hand_commit: Callable[..., str]) -> None:
    hand_commit({"strategy/other.yaml": MINIMAL_STRATEGY}, "Another strategy", "2021-10-01")
    reviews = review_all(reviewed, from_ref="2021-03-01", to_ref="HEAD").records
    assert [(r.record, len(r.changes)) for r in reviews] == [("strategy/other", 6), ("strategy/test", 2)]


# --- the Word document -----------------------------------------------------------------------


@pytest.fixture
def review_docx(reviewed: Register, tmp_path: Path) -> Path:
    target = tmp_path / "review.docx"
    write_review(reviewed, review_of(reviewed, "strategy/test"), output=target)
    return target


def _tracked(path: Path) -> list[tuple[str, str, str, str]]:
    body = docx.Document(str(path)).element.body
    found = []
    for kind in ("ins", "del"):
        for mark in body.iter(qn(f"w:{kind}")):
            words = "".join(t.text or "" for t in mark.iter(qn("w:t"), qn("w:delText")))
            found.append((kind, words, mark.get(qn("w:author")), mark.get(qn("w:date"))))
    return found


def test_changes_are_tracked_with_the_author_and_date_of_their_commit(review_docx: Path) -> None:
    tracked = _tracked(review_docx)
    assert ("ins", " for every family in the county", "Sam Words", "2021-09-14T10:00:00Z") in tracked
    assert ("del", "On\xa0track", "Alex Status", "2021-03-01T09:00:00Z") in tracked
    assert ("ins", "Complete", "Alex Status", "2021-03-01T09:00:00Z") in tracked
    assert ("ins", "A new action", "Sam Words", "2021-09-14T10:00:00Z") in tracked
    ids = [
        mark.get(qn("w:id"))
        for kind in ("ins", "del")
        for mark in docx.Document(str(review_docx)).element.body.iter(qn(f"w:{kind}"))
    ]
    assert len(ids) == len(set(ids))


def test_a_new_action_is_an_inserted_row(review_docx: Path) -> None:
    document = docx.Document(str(review_docx))
    plans = [table for table in document.tables if table.rows[0].cells[-1].text == "Outcomes and measures"]
    # python-docx's .text leaves out tracked insertions, so read the runs' text directly
    new = [
        row
        for table in plans
        for row in table.rows
        if "".join(t.text or "" for t in row._tr.iter(qn("w:t"))).startswith("2.2")
    ]
    assert new[0]._tr.find(f"{qn('w:trPr')}/{qn('w:ins')}") is not None


def test_the_pdf_shows_the_new_text(review_docx: Path) -> None:
    text = re.sub(r"\s+", " ", " ".join(pages_of(pdf_of(review_docx), layout=False)))
    assert "First action for every family in the county" in text
    assert "The two versions" in text and "Action status changes" in text
    assert "Cabinet, 18 September 2020" in text


def test_the_review_passes_the_ooxml_validator(review_docx: Path) -> None:
    assert audit(review_docx) == []


def test_every_kind_can_be_reviewed(demo_register: Path, tmp_path: Path) -> None:
    reg = Register(demo_register)
    wsoa = review_of(reg, "strategy/send-wsoa-2020", from_ref="2020-06-01", to_ref="2021-12-31")
    assert wsoa.summary.added == 5  # evidence on both areas, the figures of both measures, the stocktake
    ehria = review_of(reg, "strategy/ehria-send-inclusion-2020-2023", from_ref="2020-06-05", to_ref="HEAD")
    assert ehria.changes == []
    decision = review_of(
        reg, "decisions/2020-09-18-cabinet-send-inclusion-strategy", from_ref="2020-09-10", to_ref="HEAD"
    )
    # From the agenda to now: the decision recorded, and its record published four days later.
    assert {str(c.path) for c in decision.changes} == {"outcome", "approved_versions", "notices.decision"}
    for name, review in (("wsoa", wsoa), ("ehria", ehria), ("decision", decision)):
        target = tmp_path / f"{name}.docx"
        write_review(reg, review, output=target)
        assert audit(target) == [], name


def test_the_demo_writes_the_2021_review(demo_register: Path) -> None:
    review = demo_register / "papers" / "2021-annual-review-send-inclusion-strategy.docx"
    tracked = _tracked(review)
    assert any(
        kind == "ins" and "Co-produce a preparing-for-adulthood guide" in words
        for kind, words, _, _ in tracked
    )
    assert {author for _, _, author, _ in tracked} == {"Policy Officer, Children and Family Services"}
    assert {date[:10] for *_, date in tracked} == {"2021-09-14"}  # since the approval that made it policy
