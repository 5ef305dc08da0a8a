"""The named rules a case command can break; each maps to one problem type at the HTTP edge."""

from __future__ import annotations

from domain.errors import DomainError


class CaseRuleViolation(DomainError):
    rule = "case-rule"
    title = "Case rule violated"


class CaseAlreadyExists(CaseRuleViolation):
    """The case number is taken."""

    rule = "case-already-exists"
    title = "Case already exists"


class CaseClosed(CaseRuleViolation):
    """The case has ended; nothing more can be done on it."""

    rule = "case-closed"
    title = "Case is closed"


class TransitionNotAllowed(CaseRuleViolation):
    """The state machine forbids it."""

    rule = "transition-not-allowed"
    title = "Not allowed in this state"


class BusinessTimeOutOfOrder(CaseRuleViolation):
    """An act cannot be dated before the act that precedes it on the same case."""

    rule = "business-time-out-of-order"
    title = "Business time out of order"


class NotTheHolder(CaseRuleViolation):
    """Only the person holding the case may act."""

    rule = "not-the-holder"
    title = "Not the holder"


class CaseInTransit(CaseRuleViolation):
    """A handed-off case must be received before work goes on."""

    rule = "case-in-transit"
    title = "Case in transit"


class NotTheAddressee(CaseRuleViolation):
    """Only the person it was handed to may receive it."""

    rule = "not-the-addressee"
    title = "Not the addressee"


class NotAuthorised(CaseRuleViolation):
    """The actor's role or authority does not allow this act."""

    rule = "not-authorised"
    title = "Not authorised"


class ChannelNotAllowed(CaseRuleViolation):
    """This actor cannot file through this channel."""

    rule = "channel-not-allowed"
    title = "Channel not allowed"


class SupplementAlreadyRequested(CaseRuleViolation):
    """Art. 32(4): everything missing is listed in one notice; a second notice is not allowed."""

    rule = "one-time-notice"
    title = "Supplement already requested"


class NoticePeriodLapsed(CaseRuleViolation):
    """Art. 32(4): no notice within 5 WD of receipt, so the application counts as accepted from receipt."""

    rule = "notice-period-lapsed"
    title = "Notice period lapsed"


class NoticePeriodRunning(CaseRuleViolation):
    """Deemed acceptance applies only once the 5-WD notice period has lapsed without a notice."""

    rule = "notice-period-running"
    title = "Notice period still running"


class ReasonsRequired(CaseRuleViolation):
    """Refusals, non-acceptance and disagreement must give reasons (Arts 32, 38) and remedies."""

    rule = "reasons-required"
    title = "Reasons required"


class NotAnImmediateItem(CaseRuleViolation):
    """Only immediate items are decided on the spot."""

    rule = "not-immediate"
    title = "Not an immediate item"


class StepsIncomplete(CaseRuleViolation):
    """The required steps must be signed before deciding."""

    rule = "steps-incomplete"
    title = "Steps incomplete"


class NotInGreenChannel(CaseRuleViolation):
    """Only a case in a green channel may have its steps run jointly."""

    rule = "not-in-green-channel"
    title = "Not in a green channel"


class JointReviewOpen(CaseRuleViolation):
    """While the steps are joined, each is signed by its index; none is passed or returned one by one."""

    rule = "joint-review-open"
    title = "Steps are joined"


class NotAJoinedStep(CaseRuleViolation):
    """The step named is not one of the joined steps still to be signed."""

    rule = "not-a-joined-step"
    title = "Not a joined step"


class NoStepToReturn(CaseRuleViolation):
    """The first step has no predecessor."""

    rule = "no-step-to-return"
    title = "No step to return to"


class OpinionsOutstanding(CaseRuleViolation):
    """Joint approval: every co-department must answer (or be deemed to consent) before the decision."""

    rule = "opinions-outstanding"
    title = "Co-department opinions outstanding"


class NotAJointItem(CaseRuleViolation):
    """Only joint items take co-department opinions."""

    rule = "not-joint"
    title = "Not a joint item"


class NotACoDepartment(CaseRuleViolation):
    """The department is not a co-organiser of this item."""

    rule = "not-a-co-department"
    title = "Not a co-department"


class OpinionAlreadyGiven(CaseRuleViolation):
    """A co-department answers once."""

    rule = "opinion-already-given"
    title = "Opinion already given"


class OpinionNotYetDue(CaseRuleViolation):
    """Consent is deemed only after the co-department's budget has run out."""

    rule = "opinion-not-yet-due"
    title = "Opinion not yet due"


class NotAReportUpItem(CaseRuleViolation):
    """Only report-up items are forwarded to the upper level."""

    rule = "not-report-up"
    title = "Not a report-up item"


class ExtensionAlreadyGranted(CaseRuleViolation):
    """Art. 42: the limit may be extended once."""

    rule = "extension-already-granted"
    title = "Extension already granted"


class ExtensionTooLate(CaseRuleViolation):
    """Art. 42: an extension is decided within the statutory limit, not after it ran out."""

    rule = "extension-too-late"


class ExtensionTooLong(CaseRuleViolation):
    """Art. 42: at most 10 WD (15 WD for joint handling)."""

    rule = "extension-too-long"
    title = "Extension too long"


class NotAnArt45Procedure(CaseRuleViolation):
    """Only hearing, tendering, auction, inspection/testing/quarantine, appraisal and expert review stop the clock."""

    rule = "not-an-art45-procedure"
    title = "Not an Art. 45 procedure"


class AlreadySuspended(CaseRuleViolation):
    """The case is already in a special procedure."""

    rule = "already-suspended"
    title = "Already paused"


class NotSuspended(CaseRuleViolation):
    """No special procedure or supplementation is open."""

    rule = "not-suspended"
    title = "Not paused"


class NotAPledgeItem(CaseRuleViolation):
    """Pledge verification applies to notification-commitment (告知承诺) approvals only."""

    rule = "not-pledge-based"
    title = "Not a pledge-based item"


class AlreadyRated(CaseRuleViolation):
    """A case is rated once (一事一评)."""

    rule = "already-rated"
    title = "Already rated"


class InvalidRating(CaseRuleViolation):
    """Ratings are 1 to 5 stars."""

    rule = "invalid-rating"
    title = "Invalid rating"


class WarningAlreadyRecorded(CaseRuleViolation):
    """Each warning level is recorded once per case, clock and step."""

    rule = "warning-already-recorded"
    title = "Warning already recorded"


class ClockNotRunning(CaseRuleViolation):
    """That clock is not on this case."""

    rule = "clock-not-running"
    title = "Clock not running"


class WrittenNoticeRequired(CaseRuleViolation):
    """Art. 45 and Art. 42: the applicant is told in writing (a notice number is recorded)."""

    rule = "written-notice-required"
    title = "Written notice required"
