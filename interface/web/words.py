"""The domain's words as the console says them: each status, level, role, clock, act and field by the
English msgid the catalogues translate (the zh-CN catalogue holds the glossary's terms, domain.md 5a).

``say`` answers a value it has no word for as it is, so that a new value shows up plainly rather than
failing a page; ``tests/web/test_catalogue.py`` checks that every value of every enum here has its word.
"""

from __future__ import annotations

import enum
from typing import Protocol

from application.notifications.ports import DeliveryState
from domain.case.runs import WarningStatus
from domain.case.values import CaseStatus, DeliveryMethod, OpinionKind, Outcome, SpecialProcedureType, WarningLevel
from domain.catalogue.terms import ItemKind
from domain.clocks import ClockName
from domain.notifications.notices import NoticeKind
from domain.organisation.actors import Authority, Channel, Role
from domain.prereview.appointment import AppointmentStatus
from domain.prereview.consultation import ConsultationKind
from domain.prereview.prereview import PreReviewStatus
from domain.projects.plan import Milestone
from domain.quality.corrective_action import CapaStatus
from domain.supervision.complaint import ComplaintKind, ComplaintStatus, Satisfaction, Source, Verification
from domain.supervision.evaluation import Grade
from domain.supervision.finding import ChainRole, FindingStatus
from domain.supervision.order import Finding as OrderFinding
from domain.supervision.order import OrderStatus, Subject, WarningType
from domain.supervision.screen import Light


def N_(message: str) -> str:  # noqa: N802 - gettext's conventional name for "translated later"
    """Marks a msgid for the catalogue; the page translates it when it shows it."""
    return message


class Speaks(Protocol):
    def gettext(self, message: str) -> str: ...


WORDS: dict[str, dict[str, str]] = {
    "status": {
        "received": N_("Received"),
        "supplement_requested": N_("Awaiting supplement"),
        "in_progress": N_("In progress"),
        "suspended": N_("Special procedure"),
        "awaiting_applicant": N_("Awaiting the applicant"),
        "forwarded_up": N_("Forwarded up"),
        "decided": N_("Decided"),
        "closed": N_("Delivered"),
        "rejected_at_intake": N_("Not accepted"),
        "withdrawn": N_("Withdrawn"),
        "terminated": N_("Terminated"),
        "revoked": N_("Revoked"),
    },
    "level": {
        "prompt": N_("Prompt"),
        "yellow": N_("Yellow warning"),
        "red": N_("Red alarm"),
        "statutory_breach": N_("Statutory breach"),
    },
    "light": {"green": N_("Green"), "yellow": N_("Yellow"), "red": N_("Red")},
    "grade": {"excellent": N_("Excellent"), "good": N_("Good"), "pass": N_("Pass"), "fail": N_("Fail")},
    "role": {
        "window_clerk": N_("Window clerk"),
        "window_chief_representative": N_("Window chief representative"),
        "handler": N_("Handler"),
        "reviewer": N_("Reviewer"),
        "approver": N_("Approver"),
        "section_head": N_("Section head"),
        "agency_head": N_("Agency head"),
        "government_head": N_("Government head"),
        "agent": N_("Agent"),
        "village_station_clerk": N_("Village station clerk"),
        "inspector": N_("Discipline inspector"),
        "auditor": N_("Auditor"),
        "quality_manager": N_("Quality manager"),
        "administrator": N_("Administrator"),
        "applicant": N_("Applicant"),
        "system": N_("The ledger"),
    },
    "clock": {
        "K0": N_("Supplement notice (5 WD)"),
        "KC": N_("Committed limit"),
        "KS": N_("Statutory limit"),
        "KD": N_("Delivery (10 WD)"),
        "CO": N_("Co-department opinion"),
        "STEP": N_("Step limit"),
    },
    "channel": {
        "window": N_("Window"),
        "online": N_("Online"),
        "village_station": N_("Village station"),
        "agent": N_("Agent"),
        "system": N_("The ledger"),
        "upper_level": N_("Upper level"),
    },
    "outcome": {"granted": N_("Granted"), "refused": N_("Refused")},
    "delivery": {"window": N_("At the window"), "mail": N_("By mail"), "e_certificate": N_("Electronic certificate")},
    "procedure": {
        "hearing": N_("Hearing"),
        "tendering": N_("Tendering"),
        "auction": N_("Auction"),
        "inspection": N_("Inspection, testing, quarantine"),
        "appraisal": N_("Appraisal"),
        "expert_review": N_("Expert review"),
    },
    "opinion": {
        "agree": N_("Agree"),
        "disagree": N_("Disagree"),
        "forward": N_("Agree and forward"),
        "deemed_consent": N_("Consent deemed"),
    },
    "act": {
        "Accept": N_("Accept"),
        "RequestSupplement": N_("Issue the one-time supplement notice"),
        "HandOff": N_("Hand off"),
        "ReceiveHandOff": N_("Take over"),
        "CompleteStep": N_("Complete the step"),
        "ReturnStep": N_("Return the step"),
        "GiveGuidance": N_("Record guidance before the decision (green channel)"),
        "JoinSteps": N_("Join the remaining steps (green channel)"),
        "SignJoinedStep": N_("Sign a joined step"),
    },
    # The acts on a supervision order and on a complaint, by their commands' names.
    "record_act": {
        "Acknowledge": N_("Acknowledge the order"),
        "ReportCorrection": N_("Report the correction"),
        "SendBack": N_("Send the report back"),
        "AcceptCorrection": N_("Accept the correction"),
        "CloseOrder": N_("Close the order"),
        "RequestExtension": N_("Ask for an extension"),
        "DecideExtension": N_("Decide the extension"),
        "Rectify": N_("Report the rectification"),
        "CallBack": N_("Call the complainant back"),
    },
    "order_subject": {
        "case": N_("A case"),
        "warning": N_("A warning of a case"),
        "red_flag": N_("A red flag of a case"),
        "department": N_("A department's pattern"),
    },
    "warning_type": {
        "1": N_("Timeliness"),
        "2": N_("Process"),
        "3": N_("Content"),
        "4": N_("Discretion and fees"),
        "5": N_("Risk control"),
        "6": N_("Other"),
    },
    "order_finding": {"fault": N_("At fault"), "no_fault": N_("Not at fault")},
    "complaint_source": {
        "public": N_("The applicant (public channel)"),
        "hotline": N_("Hotline or letter"),
        "rating": N_("A negative rating"),
    },
    "complaint_kind": {
        "1": N_("Inaction"),
        "2": N_("Arbitrary action"),
        "3": N_("Slow action"),
        "4": N_("Other"),
    },
    "verification": {
        "substantiated": N_("Substantiated"),
        "partly": N_("Partly substantiated"),
        "unfounded": N_("Unfounded"),
    },
    "satisfaction": {
        "satisfied": N_("Satisfied"),
        "mostly": N_("Mostly satisfied"),
        "dissatisfied": N_("Dissatisfied"),
    },
    "capa_status": {
        "raised": N_("Raised"),
        "root_cause_found": N_("Root cause found"),
        "action_planned": N_("Action planned"),
        "action_done": N_("Action done"),
        "verified": N_("Verified"),
        "closed": N_("Closed"),
    },
    "order_status": {
        "opened": N_("Issued"),
        "acknowledged": N_("Acknowledged"),
        "reported": N_("Reported back"),
        "sent_back": N_("Sent back"),
        "accepted": N_("Report accepted"),
        "closed": N_("Closed"),
    },
    "complaint_status": {
        "filed": N_("Filed"),
        "rectified": N_("Rectified"),
        "reopened": N_("Reopened"),
        "closed": N_("Closed"),
    },
    "finding_status": {"standing": N_("Standing"), "withdrawn": N_("Withdrawn")},
    "warning_status": {
        "open": N_("Open"),
        "cleared": N_("Cleared"),
        "superseded": N_("Superseded"),
        "withdrawn": N_("Withdrawn"),
    },
    "item_kind": {
        # Said inside a sentence ("{code} is a {kind} item"), hence in lower case.
        "immediate": N_("immediate"),
        "commitment": N_("commitment"),
        "report_up": N_("report-up"),
        "joint": N_("joint"),
    },
    "authority": {
        "accept": N_("Signing acceptance"),
        "approve": N_("Signing approval"),
        "decide": N_("Signing decisions"),
        "extend_single": N_("Extending a department's limit"),
        "extend_joint": N_("Extending a joint item's limit"),
    },
    "chain_role": {"handler": N_("Handler"), "reviewer": N_("Reviewer"), "approver": N_("Approver")},
    "pre_review_status": {
        "submitted": N_("Awaiting answer"),
        "incomplete": N_("Materials missing"),
        "complete": N_("Complete, to be filed"),
        "filed": N_("Filed as a case"),
        "withdrawn": N_("Withdrawn"),
    },
    "appointment_status": {
        "booked": N_("Booked"),
        "cancelled": N_("Cancelled"),
        "arrived": N_("Came"),
        "no_show": N_("Did not come"),
    },
    "appointment_act": {
        "arrival": N_("Came"),
        "no-show": N_("Did not come"),
        "cancellation": N_("Cancel"),
    },
    "consultation_kind": {
        "ordinary": N_("Ordinary (3 WD)"),
        "complex": N_("Complex (10 WD)"),
        "multi_department": N_("Several departments (15 WD)"),
    },
    "action_progress": {
        "done": N_("Done by its day"),
        "done_late": N_("Done late"),
        "open": N_("Open"),
        "overdue": N_("Overdue"),
    },
    "notice_kind": {
        "received": N_("Receipt"),
        "supplement_requested": N_("One-time supplement notice"),
        "accepted": N_("Accepted"),
        "not_accepted": N_("Not accepted"),
        "decided": N_("Decided"),
        "ready_for_pickup": N_("Result ready at the window"),
        "yellow_warning": N_("Yellow warning"),
        "red_warning": N_("Red warning"),
        "supervision_order": N_("Supervision order"),
        "meeting_action_overdue": N_("Meeting action overdue"),
    },
    "delivery_state": {
        "pending": N_("To send"),
        "sending": N_("Sending"),
        "retry": N_("To try again"),
        "sent": N_("Sent"),
        "failed": N_("Failed"),
        "no_address": N_("No address"),
        "expired": N_("Too old to send"),
    },
    "milestone": {"start": N_("the start of the project's clock"), "end": N_("the end of the project's clock")},
    "capa_step": {
        "root_cause": N_("Record the root cause"),
        "plan": N_("Plan the action"),
        "completion": N_("The action is done"),
        "verification": N_("Verify effectiveness"),
        "closure": N_("Close"),
    },
    "event": {
        "Received": N_("Materials received"),
        "SupplementRequested": N_("One-time supplement notice"),
        "SupplementProvided": N_("Supplement provided"),
        "Accepted": N_("Accepted"),
        "DeemedAccepted": N_("Deemed accepted"),
        "IntakeRejected": N_("Not accepted"),
        "DecidedOnSpot": N_("Decided on the spot"),
        "HandedOff": N_("Handed off"),
        "HandOffReceived": N_("Hand-off received"),
        "StepCompleted": N_("Step completed"),
        "StepReturned": N_("Step returned"),
        "GreenChannelEntered": N_("Entered the green channel"),
        "GuidanceGiven": N_("Guidance given"),
        "StepsJoined": N_("Steps joined"),
        "JoinedStepSigned": N_("Joined step signed"),
        "SpecialProcedureStarted": N_("Special procedure started"),
        "SpecialProcedureEnded": N_("Special procedure ended"),
        "PostAcceptanceSupplementRequested": N_("Supplement requested after acceptance"),
        "PostAcceptanceSupplementProvided": N_("Supplement provided after acceptance"),
        "ExtensionApproved": N_("Extension approved"),
        "OpinionGiven": N_("Opinion given"),
        "ConsentDeemed": N_("Consent deemed"),
        "ForwardedUp": N_("Forwarded up"),
        "UpperLevelDecisionReceived": N_("Upper level's decision received"),
        "DecisionMade": N_("Decision made"),
        "ResultReady": N_("Result ready for pickup"),
        "Delivered": N_("Delivered"),
        "Withdrawn": N_("Withdrawn"),
        "Terminated": N_("Terminated"),
        "PledgeVerified": N_("Pledge verified"),
        "PledgeFoundFalse": N_("Pledge found false"),
        "Rated": N_("Rated"),
        "WarningRaised": N_("Warning raised"),
        "DeadlineBreached": N_("Deadline breached"),
        "WarningsCleared": N_("Warnings cleared"),
        "DueDatesRecomputed": N_("Due dates recomputed"),
        "SupervisionNotOpened": N_("Supervision not opened (B001)"),
    },
}


# The kind of WORDS each of the domain's enums is said by (a rule's message says its values so too).
KIND_OF: dict[type[enum.Enum], str] = {
    CaseStatus: "status",
    WarningLevel: "level",
    Light: "light",
    Grade: "grade",
    CapaStatus: "capa_status",
    OrderStatus: "order_status",
    ComplaintStatus: "complaint_status",
    FindingStatus: "finding_status",
    Role: "role",
    ClockName: "clock",
    Channel: "channel",
    Outcome: "outcome",
    DeliveryMethod: "delivery",
    SpecialProcedureType: "procedure",
    OpinionKind: "opinion",
    WarningStatus: "warning_status",
    ItemKind: "item_kind",
    Authority: "authority",
    ChainRole: "chain_role",
    Subject: "order_subject",
    WarningType: "warning_type",
    OrderFinding: "order_finding",
    Source: "complaint_source",
    ComplaintKind: "complaint_kind",
    Verification: "verification",
    Satisfaction: "satisfaction",
    Milestone: "milestone",
    PreReviewStatus: "pre_review_status",
    NoticeKind: "notice_kind",
    ConsultationKind: "consultation_kind",
    AppointmentStatus: "appointment_status",
    DeliveryState: "delivery_state",
}


def say(language: Speaks, kind: str, value: object) -> str:
    """``value`` (an enum's value, an event's name) in the reader's language."""
    if value is None:
        return "–"
    word = WORDS.get(kind, {}).get(str(value))
    return language.gettext(word) if word else str(value)
