"""Given-when-then for coordination meetings (协调会): minutes with attendees, decisions and actions owned by
attending departments, each action done once by its department, overdue the day after its due date."""

from __future__ import annotations

from datetime import date

import pytest

from domain.business_time import end_of_day
from domain.errors import InvalidValue
from domain.organisation.actors import Actor, Role
from domain.projects.meeting import CoordinationMeeting, MeetingAction, MeetingRuleBroken
from domain.projects.project import NotForProjectStaff
from tests.support import AGENCY_HEAD, CLERK, OTHER_HEAD, at

AGENT = Actor("dl1", "代办员", Role.AGENT, "CENTRE")
WATCHER = Actor.system()
ACTIONS = (
    MeetingAction("1", "三日内出具用地预审意见", AGENCY_HEAD.department, date(2026, 3, 5)),
    MeetingAction("2", "同步开展环评技术审查", OTHER_HEAD.department, date(2026, 3, 12)),
)


def held(**changes: object) -> CoordinationMeeting:
    fields: dict[str, object] = {
        "meeting_no": "XTH-2026-03",
        "chair": "常务副县长",
        "attendees": (AGENCY_HEAD.department, OTHER_HEAD.department, "FGJ"),
        "projects": ("2026-510116-04-01-000123",),
        "decisions": ("物流园二期列入绿色通道",),
        "actions": ACTIONS,
        "at": at(3, 2, 9),
        "by": AGENT,
    }
    return CoordinationMeeting.hold(**(fields | changes))  # type: ignore[arg-type]


def test_minutes_assign_actions_that_are_done_once_by_their_department() -> None:
    meeting = held()
    assert not meeting.finished and meeting.overdue(date(2026, 3, 5)) == ()
    assert meeting.overdue(date(2026, 3, 6)) == (ACTIONS[0],)  # overdue from the day after
    meeting.complete("1", evidence="预审意见已出具", at=at(3, 4), by=AGENCY_HEAD)
    with pytest.raises(MeetingRuleBroken):
        meeting.complete("1", evidence="again", at=at(3, 4), by=AGENCY_HEAD)
    with pytest.raises(NotForProjectStaff):  # another department's head may not tick it off
        meeting.complete("2", evidence="环评已审查", at=at(3, 9), by=AGENCY_HEAD)
    meeting.complete("2", evidence="环评已审查", at=at(3, 9), by=AGENT)  # the investor service records it
    assert meeting.finished and meeting.overdue(date(2026, 4, 1)) == ()
    with pytest.raises(InvalidValue):
        meeting.complete("3", evidence="?", at=at(3, 9), by=AGENT)


@pytest.mark.parametrize(
    "changes",
    [
        {"by": CLERK},
        {"attendees": ()},
        {"attendees": ("SJJ", "SJJ")},
        {"decisions": ()},
        {"actions": (MeetingAction("1", "x", "GTJ", date(2026, 3, 5)),)},  # owner did not attend
        {"actions": (MeetingAction("1", "x", "SJJ", date(2026, 3, 2)),)},  # due the day it was held
        {"actions": (ACTIONS[0], ACTIONS[0])},  # two actions numbered alike
    ],
)
def test_minutes_that_break_a_rule_are_refused(changes: dict[str, object]) -> None:
    with pytest.raises((MeetingRuleBroken, InvalidValue, NotForProjectStaff)):
        held(**changes)


def test_the_watcher_records_each_action_past_its_day_once() -> None:
    meeting = held()
    meeting.collect_events()
    with pytest.raises(NotForProjectStaff):
        meeting.flag_overdue(at=at(3, 6, 9), by=AGENT)
    assert meeting.flag_overdue(at=at(3, 5, 18), by=WATCHER) == 0, "due that day: not yet overdue"
    assert meeting.flag_overdue(at=at(3, 6, 9), by=WATCHER) == 1
    [flagged] = meeting.collect_events()
    assert isinstance(flagged, CoordinationMeeting.ActionOverdue) and flagged.action_id == "1"
    assert flagged.crossed_at == end_of_day(date(2026, 3, 5)), "the instant its day ended, not when noticed"
    assert meeting.flag_overdue(at=at(3, 9, 9), by=WATCHER) == 0, "once"
    meeting.complete("2", evidence="环评已审查", at=at(3, 10), by=AGENT)
    assert meeting.flag_overdue(at=at(3, 20, 9), by=WATCHER) == 0, "a done action is not overdue"
