"""The example register's history, as dated steps: who changed what, when, and why.

The records at the top of the repository are the register as it stood after Cabinet's decision
of 18 September 2020. Earlier versions are made from them by small text edits, as an officer
would make them; the 2021 annual review is illustrative and is applied after.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..audit.events import measure, stocktake
from ..records.yamltext import replace_once, set_top_level
from ..store.repository import Author

if TYPE_CHECKING:
    from ..store.version import Register

POLICY = ("Policy Officer, Children and Family Services", "send.policy@leicestershire.example")
DEMOCRATIC = ("Democratic Services Officer", "democratic.services@leicestershire.example")

STRATEGY = "strategy/send-inclusion-2020-2023.yaml"
OLD_STRATEGY = "strategy/send-2017-2020.yaml"
WSOA = "strategy/send-wsoa-2020.yaml"
EHRIA = "strategy/ehria-send-inclusion-2020-2023.yaml"
CABINET_2018 = "decisions/2018-04-10-cabinet-send-strategy-2017-2020.yaml"
SCRUTINY_2019 = "decisions/2019-06-04-scrutiny-high-needs-block.yaml"
COUNCIL_2020 = "decisions/2020-07-08-county-council-strategic-plan.yaml"
SCRUTINY_2020 = "decisions/2020-09-01-scrutiny-send-inclusion-strategy.yaml"
CABINET_2020 = "decisions/2020-09-18-cabinet-send-inclusion-strategy.yaml"
JUNE_BOARDS = [
    "decisions/2020-06-10-send-inclusion-board-send-inclusion-strategy.yaml",
    "decisions/2020-06-16-west-leicestershire-ccg-send-inclusion-strategy.yaml",
    "decisions/2020-06-17-east-leicestershire-rutland-ccg-send-inclusion-strategy.yaml",
    "decisions/2020-06-24-parent-carer-forum-send-inclusion-strategy.yaml",
]

Edit = Callable[[str], str]
Event = Callable[["Register", Author], object]


@dataclass(frozen=True)
class Step:
    """One commit: files written (as edits of their final text), or a decision recorded."""

    day: str
    time: str
    who: tuple[str, str]
    message: str
    writes: dict[str, Edit] = field(default_factory=dict)
    decide: str | None = None
    event: Event | None = None
    """An event on an improvement plan, recorded by its own command (measure, stocktake)."""

    def author(self) -> Author:
        return Author(self.who[0], self.who[1], uk_time(self.day, self.time))


def uk_time(day: str, time: str) -> dt.datetime:
    """A UK wall-clock time with its offset: +01:00 in British Summer Time, else +00:00."""
    moment = dt.datetime.fromisoformat(f"{day}T{time}")
    start, end = _last_sunday(moment.year, 3), _last_sunday(moment.year, 10)
    summer = start <= moment.date() < end
    return moment.replace(tzinfo=dt.timezone(dt.timedelta(hours=1 if summer else 0)))


def _last_sunday(year: int, month: int) -> dt.date:
    last = dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)
    return last - dt.timedelta(days=(last.weekday() + 1) % 7)


def _day(path: str, offset: int) -> str:
    """The date at the start of a decision's file name, moved by `offset` days."""
    day = dt.date.fromisoformat(path.split("/")[-1][:10])
    return (day + dt.timedelta(days=offset)).isoformat()


def as_is(text: str) -> str:
    return text


def status(old: str, new: str) -> Edit:
    return lambda text: replace_once(text, f"\nstatus: {old}\n", f"\nstatus: {new}\n")


def without(*keys: str) -> Edit:
    def edit(text: str) -> str:
        for key in keys:
            text = set_top_level(text, key, None)
        return text

    return edit


def chain(*edits: Edit) -> Edit:
    def edit(text: str) -> str:
        for each in edits:
            text = each(text)
        return text

    return edit


def swap(old: str, new: str) -> Edit:
    return lambda text: replace_once(text, old, new)


SCRUTINY_REQUEST = (
    "  progress_updates:\n"
    "    - A progress update to the Children and Families Overview and Scrutiny Committee in "
    "September 2021, as the Committee asked on 1 September 2020\n"
)
WSOA_EVIDENCE_JC = (
    "    evidence:\n      - kind: progress\n        date: 2020-07-15\n"
    "        text: Joint commissioning workstream set up under the SEND and Inclusion Board.\n"
)
WSOA_EVIDENCE_EHC = (
    "    evidence:\n      - kind: progress\n        date: 2020-08-28\n"
    "        text: First quarterly multi-agency audit of EHC plans completed.\n"
)
JC_1 = "Agree the scope and governance of joint commissioning through the SEND and Inclusion Board\n        lead: SEND and Inclusion Board\n        due: 2020-10-31\n        status: "
EHC_1 = "Audit a sample of EHC plans every quarter with health and social care colleagues\n        lead: Head of SEND Services\n        due: 2020-12-31\n        status: "
AREA_STATUS = "\n    status: on track\n    actions:\n"

# The WSoA as first written (May 2020): no evidence yet, nothing under way.
WSOA_MAY = chain(
    swap(WSOA_EVIDENCE_JC, ""),
    swap(WSOA_EVIDENCE_EHC, ""),
    swap(JC_1 + "on track", JC_1 + "not started"),
    swap(EHC_1 + "on track", EHC_1 + "not started"),
    lambda text: text.replace(AREA_STATUS, "\n    status: not started\n    actions:\n"),
)
# The draft of June 2020: before Scrutiny asked for a progress update.
STRATEGY_DRAFT = chain(status("approved", "draft"), swap(SCRUTINY_REQUEST, ""))
STRATEGY_CONSULTATION = chain(status("approved", "consultation"), swap(SCRUTINY_REQUEST, ""))
STRATEGY_AFTER_SCRUTINY = status("approved", "consultation")
PENDING = without("outcome", "comments", "follow_ups")
FOLLOW_UP_DONE = "    done: 2021-09-14\n"
NOTICE_AGENDA = "  agenda: 2020-09-10\n"
NOTICE_DECISION = "  decision: 2020-09-22\n"
SCRUTINY_DECIDED = swap(FOLLOW_UP_DONE, "")
CABINET_ON_THE_FORWARD_PLAN = chain(PENDING, swap(NOTICE_AGENDA, ""), swap(NOTICE_DECISION, ""))
CABINET_AGENDA_OUT = chain(PENDING, swap(NOTICE_DECISION, ""))
CABINET_DECIDED = swap(NOTICE_DECISION, "")


def _action_status(title_start: str, old: str, new: str) -> Edit:
    """Change the status of the one action whose title starts with `title_start`."""

    def edit(text: str) -> str:
        start = text.index(f"title: {title_start}")
        at = text.index(f"status: {old}\n", start)
        return text[:at] + f"status: {new}\n" + text[at + len(f"status: {old}\n") :]

    return edit


# The illustrative 2021 annual review: statuses move on, an action is reworded, one is added.
ACTION_3_2 = (
    '      - id: "3.2"\n'
    "        title: Co-produce a preparing-for-adulthood guide with young people and their families\n"
    "        lead: Preparing for Adulthood lead\n"
    "        due: 2022-07-31\n"
    "        status: on track\n"
    "        illustrative: Added in the illustrative 2021 annual review, after feedback that services at 18 were not understood.\n"
)
REVIEW_2021 = chain(
    _action_status("Make sure parents and carers know", "on track", "complete"),
    _action_status("Improve the quality and decision-making", "on track", "complete"),
    _action_status("Make the policies and procedures for SEN Transport", "at risk", "on track"),
    _action_status("Explain to young people and families", "not started", "on track"),
    swap(
        "title: Use data to ensure a sufficient number of school places",
        "title: Use school-place planning data to ensure a sufficient number of specialist and mainstream places",
    ),
    swap(
        "        due: 2023-08-31\n        status: on track\n        outcomes:\n"
        "          - More children and young people with SEND",
        "        due: 2023-08-31\n        status: on track\n"
        "        progress: A new resource base opened in September 2021; two special school expansions are in design.\n"
        "        outcomes:\n          - More children and young people with SEND",
    ),
    swap(
        "        illustrative: Drawn from paragraph 20 of the Cabinet report (services at 18 were not understood); lead, due date and status are made up for the example.\n",
        "        illustrative: Drawn from paragraph 20 of the Cabinet report (services at 18 were not understood); lead, due date and status are made up for the example.\n"
        + ACTION_3_2,
    ),
)
WSOA_MARCH_2021 = chain(
    swap(
        "        title: Publish the Joint Commissioning Strategy\n        lead: Assistant Director Education and SEND\n        due: 2021-03-31\n        status: not started",
        "        title: Publish the Joint Commissioning Strategy\n        lead: Assistant Director Education and SEND\n        due: 2021-03-31\n        status: complete",
    ),
    swap(
        WSOA_EVIDENCE_JC,
        WSOA_EVIDENCE_JC + "      - kind: impact\n        date: 2021-03-30\n"
        "        text: Joint Commissioning Strategy agreed by the local authority and both CCGs and published on the Local Offer.\n",
    ),
)

ILLUSTRATIVE_FIGURE = "The figure is made up for the example."


def reported(measure_id: str, day: str, value: float) -> Event:
    def record(register: Register, author: Author) -> object:
        return measure(
            register,
            WSOA.removesuffix(".yaml"),
            measure_id,
            date=dt.date.fromisoformat(day),
            value=value,
            illustrative=ILLUSTRATIVE_FIGURE,
            author=author,
        )

    return record


def stocktaken(day: str, summary: str) -> Event:
    def record(register: Register, author: Author) -> object:
        return stocktake(
            register,
            WSOA.removesuffix(".yaml"),
            date=dt.date.fromisoformat(day),
            attended_by=["Department for Education", "NHS England"],
            summary=summary,
            illustrative="The stocktake is made up for the example.",
            author=author,
        )

    return record


S, D = POLICY, DEMOCRATIC
STEPS: list[Step] = [
    Step(
        "2018-03-19",
        "10:12",
        S,
        "Add the SEND Strategy 2017 to 2020 as it goes to Cabinet",
        {OLD_STRATEGY: status("superseded", "consultation")},
    ),
    Step(
        "2018-03-29",
        "14:05",
        D,
        "Add Cabinet's 10 April 2018 item on the SEND Strategy 2017 to 2020",
        {CABINET_2018: PENDING},
    ),
    # Cabinet's approval makes the Strategy policy: `decide` marks it approved in the same commit.
    Step("2018-04-10", "16:40", D, "", {CABINET_2018: as_is}, decide=CABINET_2018),
    Step(
        "2019-05-24",
        "11:30",
        D,
        "Add Scrutiny's 4 June 2019 item on the High Needs Block Development Plan",
        {SCRUTINY_2019: PENDING},
    ),
    Step("2019-06-04", "17:20", D, "", {SCRUTINY_2019: as_is}, decide=SCRUTINY_2019),
    Step(
        "2020-05-28",
        "15:45",
        S,
        "Add the Written Statement of Action after the February 2020 local area SEND inspection",
        {WSOA: WSOA_MAY},
    ),
    Step(
        "2020-06-05",
        "10:00",
        S,
        "Add the draft SEND and Inclusion Strategy 2020 to 2023 for the partner boards",
        {STRATEGY: STRATEGY_DRAFT},
    ),
    Step(
        "2020-06-05",
        "12:30",
        S,
        "Add the EHRIA screening of the draft Strategy: no full EHRIA needed",
        {EHRIA: as_is},
    ),
    Step(
        "2020-06-08",
        "09:00",
        D,
        "Add the June 2020 partner-board items on the draft Strategy",
        dict.fromkeys(JUNE_BOARDS, PENDING),
    ),
    *[Step(_day(board, 0), "16:00", D, "", {board: as_is}, decide=board) for board in JUNE_BOARDS],
    Step(
        "2020-06-26",
        "10:20",
        D,
        "Add County Council's 8 July 2020 item on the Revised Strategic Plan",
        {COUNCIL_2020: PENDING},
    ),
    Step(
        "2020-07-01", "09:00", S, "Open consultation on the draft Strategy", {STRATEGY: STRATEGY_CONSULTATION}
    ),
    Step("2020-07-08", "18:10", D, "", {COUNCIL_2020: as_is}, decide=COUNCIL_2020),
    Step(
        "2020-08-21",
        "13:00",
        D,
        "Add Scrutiny's 1 September 2020 item on the draft Strategy",
        {SCRUTINY_2020: PENDING},
    ),
    Step(
        "2020-08-28",
        "11:10",
        S,
        "Record progress on both areas of the WSoA: workstream set up, first EHC plan audit done",
        {WSOA: as_is},
    ),
    Step("2020-09-01", "17:45", D, "", {SCRUTINY_2020: SCRUTINY_DECIDED}, decide=SCRUTINY_2020),
    Step(
        "2020-09-04",
        "10:30",
        S,
        "Add the progress update Scrutiny asked for on 1 September 2020 to the Strategy's monitoring",
        {STRATEGY: STRATEGY_AFTER_SCRUTINY},
    ),
    Step(
        "2020-09-08",
        "15:00",
        D,
        "Add Cabinet's 18 September 2020 item, on the forward plan since 7 August",
        {CABINET_2020: CABINET_ON_THE_FORWARD_PLAN},
    ),
    Step(
        "2020-09-10",
        "09:00",
        D,
        "Publish the agenda and report for Cabinet on 18 September 2020",
        {CABINET_2020: CABINET_AGENDA_OUT},
    ),
    # The final approval: `decide` marks the 2020 Strategy approved, and the 2017 one superseded.
    Step("2020-09-18", "12:05", D, "", {CABINET_2020: CABINET_DECIDED}, decide=CABINET_2020),
    Step(
        "2020-09-22",
        "10:00",
        D,
        "Publish the record of Cabinet's decision of 18 September 2020: call-in runs to 29 September",
        {CABINET_2020: as_is},
    ),
    Step(
        "2021-03-31",
        "16:00",
        S,
        "WSoA: Joint Commissioning Strategy published (illustrative progress)",
        {WSOA: WSOA_MARCH_2021},
    ),
    # Events on the WSoA (illustrative): each recorded by its own command, in a commit of its own.
    Step("2021-04-09", "10:00", S, "", event=reported("jc-services", "2021-03-31", 5)),
    Step("2021-04-09", "10:05", S, "", event=reported("ehc-20-weeks", "2021-03-31", 58)),
    Step(
        "2021-04-20",
        "15:00",
        S,
        "",
        event=stocktaken(
            "2021-04-20",
            "Both areas reviewed with the DfE and NHS England: the Joint Commissioning Strategy is "
            "published; EHC plans issued within 20 weeks up from 41% to 58%, short of the target",
        ),
    ),
    Step("2021-07-09", "11:30", S, "", event=reported("ehc-20-weeks", "2021-06-30", 71)),
    Step(
        "2021-09-14",
        "11:00",
        S,
        "Annual review 2021 (illustrative): four actions move on, 2.2 reworded, action 3.2 added",
        {STRATEGY: REVIEW_2021},
    ),
    Step(
        "2021-09-14",
        "17:30",
        D,
        "Scrutiny had its progress update, as it asked on 1 September 2020 (illustrative)",
        {SCRUTINY_2020: as_is},
    ),
]
