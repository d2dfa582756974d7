"""Build a synthetic register for benchmarks: thousands of records and commits, in seconds.

    python bench/synth.py OUT_DIR --records 2000 --commits 10000 --approvals 500 --seed 1

The history is streamed into one `git fast-import` (no process per commit): a first commit with
`register.yaml` and the initial records, then `--commits` commits each editing one record (now
and then two), as officers edit action plans. `strategy/hot` is edited in about a fifth of the
commits, so one record has thousands of versions. Last come `--approvals` decisions that pin an
exact version of a strategy, half its latest version and half an older one, written by a second
fast-import run once the first has said which commit id each mark became. Every version of every
record is valid against the register's schemas. A one-line JSON summary goes to stdout.
"""

from __future__ import annotations

import argparse
import calendar
import contextlib
import datetime as dt
import json
import queue
import random
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, get_args

import yaml

from register.records.fingerprint import fingerprint
from register.records.kinds.common import ActionStatus
from register.store.config import config_text

try:  # libyaml's emitter writes the same text as yaml.safe_dump about five times faster
    from yaml import CSafeDumper as _Dumper
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeDumper as _Dumper  # type: ignore[assignment]

COUNCIL = "Synthetic Borough Council"
HOT = "strategy/hot"
START = dt.datetime(2015, 1, 1, 9, 0, tzinfo=dt.UTC)
STRATEGY_SHARE = 0.85
# Shares of all history commits, drawn from one number so that they are exact on average.
HOT_SHARE, RENAME_SHARE, NEW_SHARE = 0.20, 0.005, 0.08
SECOND_RECORD_SHARE = 0.10
APPROVALS_PER_COMMIT = 100

STATUSES: tuple[str, ...] = get_args(ActionStatus)
# Where an action's status plausibly goes next (a target named twice is twice as likely).
NEXT_STATUS = {
    "not started": ("on track", "on track", "at risk"),
    "on track": ("at risk", "complete", "complete", "off track"),
    "at risk": ("on track", "off track", "complete"),
    "off track": ("at risk", "on track"),
    "complete": ("on track",),
}
assert set(NEXT_STATUS) == set(STATUSES), "NEXT_STATUS must follow register/kinds/common.py"

AUTHORS = [
    ("Priya Shah", "priya.shah@synthetic.example"),
    ("Tom Hughes", "tom.hughes@synthetic.example"),
    ("Aisha Begum", "aisha.begum@synthetic.example"),
    ("Gareth Evans", "gareth.evans@synthetic.example"),
    ("Helen Clarke", "helen.clarke@synthetic.example"),
    ("Mark O'Neill", "mark.oneill@synthetic.example"),
    ("Sian Roberts", "sian.roberts@synthetic.example"),
    ("Democratic Services", "democratic.services@synthetic.example"),
]
TOPICS = [
    ("send-inclusion", "SEND and Inclusion Strategy"),
    ("early-help", "Early Help Strategy"),
    ("corporate-parenting", "Corporate Parenting Strategy"),
    ("youth-justice", "Youth Justice Plan"),
    ("school-places", "School Place Planning Strategy"),
    ("carers", "Carers Strategy"),
    ("health-wellbeing", "Joint Health and Wellbeing Strategy"),
    ("housing", "Housing Strategy"),
    ("homelessness", "Homelessness Prevention Strategy"),
    ("climate", "Climate Emergency Action Plan"),
    ("domestic-abuse", "Domestic Abuse Strategy"),
    ("community-safety", "Community Safety Plan"),
    ("adult-social-care", "Adult Social Care Strategy"),
    ("digital-inclusion", "Digital Inclusion Strategy"),
    ("skills", "Employment and Skills Strategy"),
    ("physical-activity", "Sport and Physical Activity Strategy"),
]
BOARDS = [
    "SEND and Inclusion Board",
    "Health and Wellbeing Board",
    "Children and Families Partnership",
    "Safer Communities Partnership",
    "Corporate Management Team",
]
PARTNERS = [
    "Synthetic Borough Council",
    "Integrated Care Board",
    "Synthetic Partnership NHS Trust",
    "Parent Carer Forum",
    "Police and Crime Commissioner",
    "Voluntary Action Synthetic",
    "Schools Forum",
    "Further education colleges",
]
LEADS = [
    "Head of SEND Services",
    "Assistant Director Education and SEND",
    "Head of Education Sufficiency",
    "Head of Early Help",
    "Public Health Consultant",
    "Housing Options Manager",
    "Preparing for Adulthood lead",
    "Commissioning Manager",
    "Workforce Development Lead",
]
PRIORITY_TITLES = [
    "Identify and meet needs as early as possible.",
    "Responsive, inclusive and effective provision for everyone.",
    "Understanding and preparation for change.",
    "Strategic partnerships, joint working and joint commissioning.",
    "Develop the workforce.",
    "Listen to children, young people and families.",
    "Make best use of the resources we have.",
    "Safe, stable homes.",
]
VERBS = ["Improve", "Develop", "Review", "Publish", "Extend", "Commission", "Train staff in", "Co-produce"]
OBJECTS = [
    "the quality of EHC plans",
    "the Local Offer website",
    "short breaks for disabled children",
    "the joint commissioning strategy",
    "transition planning at 14",
    "support for young carers",
    "mental health support in schools",
    "the graduated approach in mainstream schools",
    "resource base places",
    "travel assistance policy",
]
QUALIFIERS = [
    "with the Parent Carer Forum",
    "across the local area",
    "for children in rural areas",
    "so that families know what to expect",
    "within existing budgets",
    "in partnership with health services",
]
REWORDINGS = ["local", "early", "joint", "targeted", "specialist", "timely", "clear", "shared", "all"]
OUTCOMES = [
    "Families know what support is available and how to reach it",
    "More children are educated in their local area",
    "Young people are prepared for adulthood",
    "Needs are identified earlier",
    "Families experience a transparent and effective process",
]
MEASURES = [
    "EHC plans issued within 20 weeks",
    "Visits to the Local Offer website",
    "Share of families surveyed who are satisfied",
    "Places available against forecast demand",
    "Staff trained",
    "Exclusions of pupils with SEND",
]
BODIES = [
    ("Cabinet", "executive"),
    ("Children and Families Overview and Scrutiny Committee", "scrutiny"),
    ("County Council", "council"),
    ("Health and Wellbeing Board", "partner board"),
    ("Corporate Governance Committee", "committee"),
]


# --- records and their versions -------------------------------------------------------------


@dataclass(frozen=True)
class Version:
    """One version of a record: the commit (by fast-import mark) that wrote it, and its content."""

    mark: int
    fingerprint: str
    when: dt.datetime


@dataclass
class Record:
    id: str
    data: dict[str, Any]
    versions: list[Version] = field(default_factory=list)
    actions_per_priority: tuple[int, int] = (1, 8)
    """Bounds kept by adding and removing actions, so `strategy/hot` stays small."""
    next_action: dict[str, int] = field(default_factory=dict)
    """The next free action number per priority id: ids are never reused for a different action."""

    def __post_init__(self) -> None:
        for priority in self.data.get("priorities", []):
            self.next_action.setdefault(priority["id"], len(priority["actions"]) + 1)

    @property
    def path(self) -> str:
        return f"{self.id}.yaml"


class _Writer(_Dumper):
    def ignore_aliases(self, data: Any) -> bool:
        # The register refuses anchors and aliases, which PyYAML writes for a date used twice.
        return True


def dump(data: dict[str, Any]) -> bytes:
    # A wide line keeps each value on one line, as officers write them, so diffs stay line-sized.
    text = yaml.dump(data, Dumper=_Writer, sort_keys=False, allow_unicode=True, width=10_000)
    return text.encode("utf-8")


def month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def action_data(rng: random.Random, action_id: str, start: int, end: int) -> dict[str, Any]:
    title = f"{rng.choice(VERBS)} {rng.choice(OBJECTS)} {rng.choice(QUALIFIERS)}"
    return {
        "id": action_id,
        "title": title,
        "lead": rng.choice(LEADS),
        "due": month_end(rng.randint(start, end), rng.randint(1, 12)),
        "status": rng.choice(STATUSES),
        "outcomes": rng.sample(OUTCOMES, rng.randint(1, 2)),
        "measures": rng.sample(MEASURES, rng.randint(1, 3)),
    }


def strategy_data(rng: random.Random, title: str, start: int, shape: list[int]) -> dict[str, Any]:
    """A strategy whose priority N has shape[N-1] actions, ids '1.1', '1.2', ... as strings."""
    end = start + rng.randint(2, 4)
    titles = rng.sample(PRIORITY_TITLES, len(shape))
    priorities = [
        {
            "id": str(number),
            "title": heading,
            "actions": [action_data(rng, f"{number}.{n}", start, end) for n in range(1, count + 1)],
        }
        for number, (count, heading) in enumerate(zip(shape, titles, strict=True), start=1)
    ]
    owner = rng.choice(BOARDS)
    return {
        "kind": "strategy",
        "title": f"{title} {start} to {end}",
        "period": {"start": start, "end": end},
        "owner": owner,
        "partners": rng.sample(PARTNERS, rng.randint(2, 5)),
        "status": rng.choice(("approved", "approved", "approved", "consultation", "draft")),
        "review_cycle": "annual",
        "summary": f"Sets out how partners will deliver the {title.lower()} from {start} to {end}.",
        "priorities": priorities,
        "monitoring": {"board": owner, "reports_to": [rng.choice(BOARDS)]},
    }


def decision_data(rng: random.Random, considered: Record, meeting: dt.date) -> dict[str, Any]:
    body, body_type = rng.choice(BODIES)
    return {
        "kind": "decision",
        "title": considered.data["title"],
        "body": body,
        "body_type": body_type,
        "meeting_date": meeting,
        "considers": [considered.id],
    }


def approval_data(target: Record, pinned: Version, commit: str, meeting: dt.date) -> dict[str, Any]:
    return {
        "kind": "decision",
        "title": f"Approval of the {target.data['title']}",
        "body": "Cabinet",
        "body_type": "executive",
        "meeting_date": meeting,
        "approves": [target.id],
        "outcome": {"decision": "approved", "date": meeting},
        "approved_versions": [{"record": target.id, "commit": commit, "fingerprint": pinned.fingerprint}],
    }


# --- edits an officer makes to a strategy's action plan --------------------------------------
# Each edit changes the record's data in place and says what it did, or returns None when the
# record's shape does not allow it (e.g. no priority has two actions to swap).


def _actions(record: Record) -> list[tuple[dict[str, Any], int]]:
    """Every (priority, index of an action in it)."""
    return [(p, i) for p in record.data["priorities"] for i in range(len(p["actions"]))]


def change_status(rng: random.Random, record: Record) -> str | None:
    priority, index = rng.choice(_actions(record))
    action = priority["actions"][index]
    old = action["status"]
    new = rng.choice(NEXT_STATUS[old])
    action["status"] = new
    return f"action {action['id']} {old} -> {new}"


def reword_title(rng: random.Random, record: Record) -> str | None:
    priority, index = rng.choice(_actions(record))
    action = priority["actions"][index]
    words = action["title"].split()
    # Distinct places, so a later change cannot undo an earlier one; the first word is the verb.
    for position in rng.sample(range(1, len(words)), min(rng.randint(1, 3), len(words) - 1)):
        words[position] = rng.choice([w for w in REWORDINGS if w != words[position]])
    action["title"] = " ".join(words)
    return f"action {action['id']} reworded"


def add_action(rng: random.Random, record: Record) -> str | None:
    room = [p for p in record.data["priorities"] if len(p["actions"]) < record.actions_per_priority[1]]
    if not room:
        return None
    priority = rng.choice(room)
    number = record.next_action[priority["id"]]
    record.next_action[priority["id"]] = number + 1
    period = record.data["period"]
    action = action_data(rng, f"{priority['id']}.{number}", period["start"], period["end"])
    action["status"] = "not started"
    priority["actions"].insert(rng.randint(0, len(priority["actions"])), action)
    return f"action {action['id']} added"


def remove_action(rng: random.Random, record: Record) -> str | None:
    spare = [p for p in record.data["priorities"] if len(p["actions"]) > record.actions_per_priority[0]]
    if not spare:
        return None
    priority = rng.choice(spare)
    action = priority["actions"].pop(rng.randrange(len(priority["actions"])))
    return f"action {action['id']} removed"


def swap_actions(rng: random.Random, record: Record) -> str | None:
    pairs = [p for p in record.data["priorities"] if len(p["actions"]) >= 2]
    if not pairs:
        return None
    actions = rng.choice(pairs)["actions"]
    i, j = rng.sample(range(len(actions)), 2)
    actions[i], actions[j] = actions[j], actions[i]
    return f"actions {actions[j]['id']} and {actions[i]['id']} swapped"


def reorder_actions(rng: random.Random, record: Record) -> str | None:
    long_enough = [p for p in record.data["priorities"] if len(p["actions"]) >= 3]
    if not long_enough:
        return None
    priority = rng.choice(long_enough)
    before = list(priority["actions"])
    while priority["actions"] == before:  # a shuffle may give the same order back
        rng.shuffle(priority["actions"])
    return f"priority {priority['id']} actions reordered"


EDITS = [change_status, reword_title, add_action, remove_action, swap_actions, reorder_actions]
EDIT_WEIGHTS = [40, 20, 12, 8, 12, 8]


# --- the fast-import stream ------------------------------------------------------------------


@dataclass(frozen=True)
class Put:
    path: str
    content: bytes


@dataclass(frozen=True)
class Move:
    old: str
    new: str


class FastImport:
    """One running `git fast-import` on the repository, fed commits on `main`.

    A thread does the writing: a write blocked on the pipe releases the GIL, so Python builds
    the next commits while git stores the last ones, each on its own core. Written from the
    main thread, the two would take turns and the build would take twice as long.
    """

    CHUNK = 1 << 20

    def __init__(self, repo: Path, marks: Path) -> None:
        command = ["git", "-C", str(repo), "fast-import", "--quiet", f"--export-marks={marks}"]
        self.process = subprocess.Popen(command, stdin=subprocess.PIPE)
        self.parts: list[bytes] = []
        self.size = 0
        self.chunks: queue.Queue[bytes | None] = queue.Queue(maxsize=16)
        self.failure: OSError | None = None
        self.writer = threading.Thread(target=self._write_chunks, daemon=True)
        self.writer.start()
        # With `done` required, a stream cut short (say by an exception here) imports nothing.
        self.write(b"feature done\n")

    def _write_chunks(self) -> None:
        stdin = self.process.stdin
        assert stdin is not None
        while (chunk := self.chunks.get()) is not None:
            if self.failure is None:
                try:
                    stdin.write(chunk)
                except OSError as error:  # git has stopped; keep taking chunks so nothing waits on us
                    self.failure = error

    def write(self, data: bytes) -> None:
        self.parts.append(data)
        self.size += len(data)
        if self.size >= self.CHUNK:
            self.chunks.put(b"".join(self.parts))
            self.parts, self.size = [], 0

    def commit(
        self,
        mark: int,
        author: tuple[str, str],
        when: dt.datetime,
        message: str,
        changes: list[Put | Move],
        parent: str | None = None,
    ) -> None:
        stamp = f"{author[0]} <{author[1]}> {int(when.timestamp())} {when.strftime('%z')}"
        text = message.encode("utf-8")
        head = f"commit refs/heads/main\nmark :{mark}\nauthor {stamp}\ncommitter {stamp}\n"
        self.write(head.encode("utf-8") + b"data %d\n%s\n" % (len(text), text))
        if parent:
            self.write(f"from {parent}\n".encode())
        for change in changes:
            if isinstance(change, Put):
                self.write(b"M 100644 inline %s\ndata %d\n" % (change.path.encode(), len(change.content)))
                self.write(change.content + b"\n")
            else:
                self.write(f"R {change.old} {change.new}\n".encode())
        self.write(b"\n")

    def finish(self) -> None:
        self.write(b"done\n")
        self.chunks.put(b"".join(self.parts))
        self.chunks.put(None)
        self.writer.join()
        if self.process.stdin:
            with contextlib.suppress(OSError):
                self.process.stdin.close()
        if self.process.wait() != 0 or self.failure:
            raise SystemExit(f"git fast-import failed (exit status {self.process.returncode})")


def read_marks(path: Path) -> dict[int, str]:
    marks = {}
    for line in path.read_text().splitlines():
        mark, sha = line.split()
        marks[int(mark.lstrip(":"))] = sha
    return marks


# --- the history ------------------------------------------------------------------------------


def uk_offset(moment: dt.datetime) -> dt.timezone:
    """+01:00 in British Summer Time (last Sunday of March to last Sunday of October), else UTC."""

    def last_sunday(month: int) -> dt.date:
        day = month_end(moment.year, month)
        return day - dt.timedelta(days=(day.weekday() + 1) % 7)

    summer = last_sunday(3) <= moment.date() < last_sunday(10)
    return dt.timezone(dt.timedelta(hours=1 if summer else 0))


class Synth:
    """The register as it grows in memory, written to fast-import one commit at a time."""

    def __init__(self, rng: random.Random, stream: FastImport) -> None:
        self.rng = rng
        self.stream = stream
        self.records: dict[str, Record] = {}
        self.editable: list[str] = []
        """Strategies other than the hot one, for picking at random in constant time."""
        self.referenced: set[str] = set()
        """Records other records name: renaming them would break those links, so they keep their id."""
        self.mark = 0
        self.now = START

    def tick(self) -> dt.datetime:
        """The next commit's time: one to seven hours on, strictly later, in UK local time."""
        self.now += dt.timedelta(seconds=self.rng.randint(3600, 7 * 3600))
        return self.now.astimezone(uk_offset(self.now))

    def commit(self, message: str, changes: list[Put | Move], touched: list[Record]) -> None:
        self.mark += 1
        when = self.tick()
        self.stream.commit(self.mark, self.rng.choice(AUTHORS), when, message, changes)
        for record in touched:
            record.versions.append(Version(self.mark, fingerprint(record.data), when))

    def unique_id(self, base: str) -> str:
        candidate, n = base, 1
        while candidate in self.records:
            n += 1
            candidate = f"{base}-{n}"
        return candidate

    def add(self, record: Record) -> None:
        self.records[record.id] = record
        if record.data["kind"] == "strategy" and record.id != HOT:
            self.editable.append(record.id)
        self.referenced.update(record.data.get("considers", []))

    def new_strategy(self, start: int) -> Record:
        slug, title = self.rng.choice(TOPICS)
        shape = [self.rng.randint(1, 6) for _ in range(self.rng.randint(2, 6))]
        data = strategy_data(self.rng, title, start, shape)
        period = data["period"]
        return Record(self.unique_id(f"strategy/{slug}-{period['start']}-{period['end']}"), data)

    def new_decision(self, meeting: dt.date | None = None) -> Record:
        """A decision considering a strategy; met in the year before it starts unless told."""
        considered = self.records[self.rng.choice(self.editable) if self.editable else HOT]
        if meeting is None:
            year = considered.data["period"]["start"] - 1
            meeting = dt.date(year, self.rng.randint(1, 12), self.rng.randint(1, 28))
        data = decision_data(self.rng, considered, meeting)
        body = data["body"].lower().replace(" ", "-")
        topic = considered.id.split("/", 1)[1]
        return Record(self.unique_id(f"decisions/{meeting.isoformat()}-{body}-{topic}"), data)

    # --- the first commit ---

    def initial(self, count: int) -> None:
        strategies = max(1, round(count * STRATEGY_SHARE))
        hot = Record(
            HOT, strategy_data(self.rng, "Benchmark Strategy", 2015, [4, 4, 4]), actions_per_priority=(3, 5)
        )
        self.add(hot)
        for _ in range(strategies - 1):
            self.add(self.new_strategy(self.rng.randint(2012, 2018)))
        for _ in range(count - strategies):
            self.add(self.new_decision())
        files = [Put("register.yaml", config_text(COUNCIL).encode("utf-8"))]
        files += [Put(r.path, dump(r.data)) for r in self.records.values()]
        self.commit(f"Synthetic register: {count} records", files, list(self.records.values()))

    # --- one commit of the history ---

    def step(self) -> None:
        draw = self.rng.random()
        if draw < HOT_SHARE:
            self.edit_commit(self.records[HOT])
        elif draw < HOT_SHARE + RENAME_SHARE:
            self.rename()
        elif draw < HOT_SHARE + RENAME_SHARE + NEW_SHARE or not self.editable:
            self.add_commit()
        else:
            self.edit_commit(self.records[self.rng.choice(self.editable)])

    def edit_commit(self, first: Record) -> None:
        touched = [first]
        if self.editable and self.rng.random() < SECOND_RECORD_SHARE:
            other = self.records[self.rng.choice(self.editable)]
            if other is not first:
                touched.append(other)
        said = [f"{record.id}: {self.edit(record)}" for record in touched]
        self.commit("; ".join(said), [Put(r.path, dump(r.data)) for r in touched], touched)

    def edit(self, record: Record) -> str:
        while True:  # status and wording changes always apply, so this ends
            (edit,) = self.rng.choices(EDITS, EDIT_WEIGHTS)
            said = edit(self.rng, record)
            if said:
                return said

    def add_commit(self) -> None:
        if self.rng.random() < 0.6 or not self.editable:
            record = self.new_strategy(self.now.year + self.rng.randint(0, 1))
        else:
            record = self.new_decision(self.now.date() + dt.timedelta(days=self.rng.randint(0, 30)))
        self.add(record)
        self.commit(f"{record.id}: added", [Put(record.path, dump(record.data))], [record])

    def rename(self) -> None:
        """Give a strategy a new file name in its folder; only strategies nothing links to move."""
        sample = self.rng.sample(self.editable, min(20, len(self.editable)))
        candidates = [i for i in sample if i not in self.referenced]
        if not candidates:  # every strategy is linked to: add one instead, so the commit still happens
            self.add_commit()
            return
        old = self.records.pop(candidates[0])
        self.editable.remove(old.id)
        qualifier = self.rng.choice(("local-area", "joint", "partnership", "refreshed"))
        folder, name = old.id.split("/", 1)
        new_id = self.unique_id(f"{folder}/{qualifier}-{name}")
        new = Record(new_id, old.data, [], old.actions_per_priority, old.next_action)
        self.add(new)
        # The versions at the old path belong to the old id; the new id's history starts here.
        self.commit(f"Rename {old.id} to {new.id}", [Move(old.path, new.path)], [new])


# --- approvals --------------------------------------------------------------------------------


def older_versions(record: Record) -> list[Version]:
    """Versions a decision could have approved that differ from the record as it is now."""
    now = record.versions[-1].fingerprint
    return [v for v in record.versions[:-1] if v.fingerprint != now]


def take(waiting: list[str], synth: Synth, need_older: bool) -> Record:
    """The next strategy not yet approved (one with an older, different version if need be)."""
    for place in range(len(waiting) - 1, -1, -1):
        record = synth.records[waiting[place]]
        if not need_older or older_versions(record):
            del waiting[place]
            return record
    return synth.records[HOT]  # every strategy has been approved once: the rest re-approve the hot one


def approvals(rng: random.Random, synth: Synth, count: int, shas: dict[int, str], day: dt.date) -> list[Put]:
    """Approval decisions: every other one pins its record's latest version, the rest an older one.

    Each strategy is approved at most once, so `register verify` calls every approval current or
    changed; `strategy/hot` is approved twice in every hundred, and all but its last approval
    are superseded.
    """
    waiting = rng.sample(synth.editable, len(synth.editable))
    width = max(4, len(str(count)))
    files = []
    for index in range(count):
        latest = index % 2 == 0
        record = synth.records[HOT] if index % 100 in (0, 1) else take(waiting, synth, not latest)
        older = [] if latest else older_versions(record)
        pinned = rng.choice(older) if older else record.versions[-1]
        meeting = min(pinned.when.date() + dt.timedelta(days=rng.randint(0, 14)), day)
        data = approval_data(record, pinned, shas[pinned.mark], meeting)
        files.append(Put(f"decisions/approval-{index + 1:0{width}d}.yaml", dump(data)))
    return files


def write_approvals(synth: Synth, repo: Path, marks: Path, files: list[Put], parent: str) -> int:
    """Commit the approval decisions on top of `parent`, a hundred to a commit; say how many commits."""
    stream = FastImport(repo, marks)
    batches = [files[i : i + APPROVALS_PER_COMMIT] for i in range(0, len(files), APPROVALS_PER_COMMIT)]
    for number, batch in enumerate(batches):
        first, last = batch[0].path, batch[-1].path
        message = f"Record {len(batch)} approvals, {first} to {last}, pinning the versions approved"
        synth.mark += 1
        when = synth.tick()
        stream.commit(synth.mark, AUTHORS[-1], when, message, list(batch), parent if number == 0 else None)
    stream.finish()
    return len(batches)


# --- the command ------------------------------------------------------------------------------


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True, text=True).stdout


def build(out: Path, records: int, commits: int, count: int, seed: int) -> dict[str, Any]:
    started = time.perf_counter()
    rng = random.Random(seed)
    subprocess.run(["git", "init", "--quiet", "-b", "main", str(out)], check=True)
    with tempfile.TemporaryDirectory() as scratch:
        marks = Path(scratch) / "marks"
        stream = FastImport(out, marks)
        synth = Synth(rng, stream)
        synth.initial(records)
        for _ in range(commits):
            synth.step()
        stream.finish()
        shas = read_marks(marks)
        files = approvals(rng, synth, count, shas, synth.now.date() + dt.timedelta(days=1))
        extra = (
            write_approvals(synth, out, Path(scratch) / "more-marks", files, shas[synth.mark]) if files else 0
        )
    # fast-import writes objects and the branch only: fill the index and working tree from it.
    git(out, "read-tree", "-u", "--reset", "HEAD")
    return {
        "records": len(synth.records) + len(files),
        "commits": 1 + commits + extra,
        "approvals": len(files),
        "hot_versions": len(synth.records[HOT].versions),
        "seconds": round(time.perf_counter() - started, 2),
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="folder for the new register (must not exist, or be empty)")
    parser.add_argument("--records", type=int, default=2000, help="records in the first commit")
    parser.add_argument("--commits", type=int, default=10000, help="commits after the first")
    parser.add_argument("--approvals", type=int, default=500, help="approval decisions at the end")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    if args.out.exists() and (not args.out.is_dir() or any(args.out.iterdir())):
        parser.error(f"{args.out} exists and is not an empty folder")
    if args.records < 1 or args.commits < 0 or args.approvals < 0:
        parser.error("--records must be at least 1; --commits and --approvals at least 0")
    summary = build(args.out.resolve(), args.records, args.commits, args.approvals, args.seed)
    print(json.dumps(summary))


if __name__ == "__main__":
    main()
