"""Who is told what, and when: the centre's notices to applicants and, as e-supervision asks, to staff.

Applicants hear of their case at each step a citizen waits on (service-modes.md 5: receipt, the one-time
supplement notice, acceptance with its due date, non-acceptance, the decision, the result ready at a
window). Staff hear of the clocks they are held to (domain.md 5d, service-modes.md 5 "staff side"): a
yellow warning or a red breach goes to the person holding the case and to their leaders; a supervision
order goes to the heads of the department it is addressed to and to whoever holds its case; a coordination
meeting's action past its day, to the heads of its department. A prompt (提示) stays a cue on the screen: a
message a day before every due date would teach staff to ignore them.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass

from domain.organisation.actors import Role
from domain.supervision.access import DEPARTMENT_HEADS


class NoticeKind(enum.Enum):
    RECEIVED = "received"  # 收件回执
    SUPPLEMENT_REQUESTED = "supplement_requested"  # 一次性告知补正
    ACCEPTED = "accepted"  # 受理, with the committed due date
    NOT_ACCEPTED = "not_accepted"  # 不予受理
    DECIDED = "decided"  # 办结
    READY_FOR_PICKUP = "ready_for_pickup"  # 出件通知
    YELLOW_WARNING = "yellow_warning"  # 黄牌预警
    RED_WARNING = "red_warning"  # 红牌报警 (or a statutory breach)
    SUPERVISION_ORDER = "supervision_order"  # 督办
    MEETING_ACTION_OVERDUE = "meeting_action_overdue"  # 协调会交办事项逾期


class Audience(enum.Enum):
    """Whom a notice is for, named by their part in it; the worker finds the people and their addresses."""

    APPLICANT = "applicant"  # the case's applicant (the phone they gave at receipt)
    HOLDER = "holder"  # the person holding the case when the notice was raised
    LEADERS = "leaders"  # the holder's leaders (``leaders_of``)
    DEPARTMENT_HEADS = "department_heads"  # the heads of the department a supervision order is addressed to


AUDIENCES: dict[NoticeKind, tuple[Audience, ...]] = {
    NoticeKind.RECEIVED: (Audience.APPLICANT,),
    NoticeKind.SUPPLEMENT_REQUESTED: (Audience.APPLICANT,),
    NoticeKind.ACCEPTED: (Audience.APPLICANT,),
    NoticeKind.NOT_ACCEPTED: (Audience.APPLICANT,),
    NoticeKind.DECIDED: (Audience.APPLICANT,),
    NoticeKind.READY_FOR_PICKUP: (Audience.APPLICANT,),
    NoticeKind.YELLOW_WARNING: (Audience.HOLDER, Audience.LEADERS),
    NoticeKind.RED_WARNING: (Audience.HOLDER, Audience.LEADERS),
    NoticeKind.SUPERVISION_ORDER: (Audience.DEPARTMENT_HEADS, Audience.HOLDER),
    NoticeKind.MEETING_ACTION_OVERDUE: (Audience.DEPARTMENT_HEADS,),
}


@dataclass(frozen=True)
class Notice:
    """One notice raised by one event: its kind, what it is about (a case or an order number), the
    department concerned, who held the case then, and the words its message is made of."""

    kind: NoticeKind
    subject: str  # a case number, or a supervision order's number
    department: str
    holder: str = ""  # the person id holding the case when the notice was raised ("" if none)
    values: tuple[tuple[str, str], ...] = ()  # the message's values (no personal data: names come at sending)

    @property
    def audiences(self) -> tuple[Audience, ...]:
        return AUDIENCES[self.kind]


@dataclass(frozen=True)
class StaffMember:
    """What the rules need to know of a member of staff to find leaders and heads."""

    person_id: str
    role: Role
    department: str | None
    section: str | None
    active: bool = True


def leaders_of(holder: StaffMember, staff: Iterable[StaffMember]) -> list[str]:
    """The holder's leaders: the head of their section (科室负责人); a section head's (or a holder in no
    section with a head) are the department's heads. Only active people; never the holder."""
    people = [p for p in staff if p.active and p.person_id != holder.person_id and p.department == holder.department]
    if holder.role is not Role.SECTION_HEAD and holder.section:
        section_heads = [p.person_id for p in people if p.role is Role.SECTION_HEAD and p.section == holder.section]
        if section_heads:
            return sorted(section_heads)
    return sorted(p.person_id for p in people if p.role in DEPARTMENT_HEADS)


def heads_of(department: str, staff: Iterable[StaffMember]) -> list[str]:
    """The active heads of a department, to whom a supervision order is addressed."""
    return sorted(p.person_id for p in staff if p.active and p.department == department and p.role in DEPARTMENT_HEADS)
