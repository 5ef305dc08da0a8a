"""Who acts on a case: roles, authorities, the acting person (``Actor``) and the channel used."""

from __future__ import annotations

import enum
from dataclasses import dataclass

from domain.errors import InvalidValue


class Role(enum.Enum):
    """The roles of the service hall (domain.md 2.3, architecture.md users)."""

    WINDOW_CLERK = "window_clerk"  # 窗口人员
    WINDOW_CHIEF_REPRESENTATIVE = "window_chief_representative"  # 首席代表
    HANDLER = "handler"  # 承办人
    REVIEWER = "reviewer"  # 审核人
    APPROVER = "approver"  # 批准人
    SECTION_HEAD = "section_head"  # 科室负责人
    AGENCY_HEAD = "agency_head"  # 部门负责人
    GOVERNMENT_HEAD = "government_head"  # 本级人民政府负责人
    AGENT = "agent"  # 代办员 (full-process agency)
    VILLAGE_STATION_CLERK = "village_station_clerk"  # 村级便民服务站
    INSPECTOR = "inspector"  # 纪检监察
    AUDITOR = "auditor"
    QUALITY_MANAGER = "quality_manager"
    ADMINISTRATOR = "administrator"
    APPLICANT = "applicant"
    SYSTEM = "system"  # the ledger's own watchers


# The roles a member of staff may hold: the ledger's own watchers and the applicants act through their own
# channels, never with a token an administrator issued.
STAFF_ROLES = frozenset(Role) - {Role.SYSTEM, Role.APPLICANT}


class Authority(enum.Enum):
    """What a person may do beyond their role's steps."""

    ACCEPT = "accept"  # 受理: sign the acceptance notice for the department
    APPROVE = "approve"  # 批准: sign the approve step
    DECIDE = "decide"  # sign the licensing decision
    EXTEND_SINGLE = "extend_single"  # Art. 42 ¶1: agency head, +10 WD
    EXTEND_JOINT = "extend_joint"  # Art. 42 ¶2: head of the same-level government, +15 WD


ROLE_AUTHORITIES: dict[Role, frozenset[Authority]] = {
    Role.WINDOW_CLERK: frozenset({Authority.ACCEPT}),
    Role.WINDOW_CHIEF_REPRESENTATIVE: frozenset({Authority.ACCEPT}),
    Role.APPROVER: frozenset({Authority.APPROVE, Authority.DECIDE}),
    Role.AGENCY_HEAD: frozenset({Authority.APPROVE, Authority.DECIDE, Authority.EXTEND_SINGLE}),
    Role.GOVERNMENT_HEAD: frozenset({Authority.EXTEND_JOINT}),
}

# A step asks for a role; these roles may also sign it (the section head normally reviews, the agency
# head may approve; domain.md 2.3 treats delegated signers as reviewer or approver).
STEP_SUBSTITUTES: dict[Role, frozenset[Role]] = {
    Role.HANDLER: frozenset({Role.WINDOW_CLERK, Role.WINDOW_CHIEF_REPRESENTATIVE, Role.SECTION_HEAD}),
    Role.REVIEWER: frozenset({Role.SECTION_HEAD}),
    Role.APPROVER: frozenset({Role.AGENCY_HEAD, Role.WINDOW_CHIEF_REPRESENTATIVE}),
}


class Channel(enum.Enum):
    """How an act reached the ledger (GB/T 39046 application source)."""

    WINDOW = "window"
    ONLINE = "online"
    VILLAGE_STATION = "village_station"
    AGENT = "agent"
    SYSTEM = "system"
    UPPER_LEVEL = "upper_level"


@dataclass(frozen=True)
class Actor:
    """The person (or the ledger itself) doing an act, as recorded on every event.

    ``authorities`` are those in force when the act was done: the role's own plus any delegation
    (a window chief representative empowered by the agency head signs as approver).
    """

    person_id: str
    name: str
    role: Role
    department: str | None = None
    section: str | None = None
    authorities: tuple[Authority, ...] = ()

    def __post_init__(self) -> None:
        if not self.person_id:
            raise InvalidValue("an actor needs a person id")

    def may(self, authority: Authority) -> bool:
        return authority in self.authorities or authority in ROLE_AUTHORITIES.get(self.role, frozenset())

    def can_sign_step(self, role: Role) -> bool:
        if self.role is role or self.role in STEP_SUBSTITUTES.get(role, frozenset()):
            return True
        return role is Role.APPROVER and self.may(Authority.APPROVE)

    @classmethod
    def system(cls, name: str = "deadline watcher") -> Actor:
        return cls(person_id="system", name=name, role=Role.SYSTEM)

    @classmethod
    def applicant(cls, subject_id: str) -> Actor:
        return cls(person_id=f"applicant:{subject_id}", name="applicant", role=Role.APPLICANT)
