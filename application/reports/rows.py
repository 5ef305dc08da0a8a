"""The row of each report. Instants are ISO 8601 text with their offset, days ISO dates (``YYYY-MM-DD``),
rates percentages with one decimal (None where nothing was there to count)."""

from __future__ import annotations

from typing_extensions import TypedDict  # pydantic reads these as response models (Python < 3.12)

from application.projections.pre_reviews import PreReviewRow


class QueueRow(TypedDict):
    """A case still running (办件列表/待办), by committed due date."""

    case_no: str
    item_code: str
    item_name: str
    department: str
    section: str | None
    holder_id: str
    holder_name: str
    status: str
    step_name: str | None
    in_transit_to: str | None
    received_at: str
    kc_due: str | None
    ks_due: str | None
    step_due: str | None
    kd_due: str | None
    warning_level: str | None
    paused: bool
    provisional: bool


class ResponsibilityRow(TypedDict, total=False):
    """One person's, section's or department's record (责任倒查): the group's columns, then its figures."""

    person_id: str | None
    person_name: str | None
    section: str | None
    department: str | None
    cases_held: int
    working_days_held: int
    on_time_pct: float | None
    overrun_steps: int
    overrun_working_days: int
    warnings: int
    negative_ratings: int


class OverdueRow(TypedDict, total=False):
    """A case overdue (超期): working days past each due date, today or within the period asked."""

    case_no: str
    item_name: str
    department: str
    section: str | None
    holder_id: str | None
    holder_name: str | None
    status: str
    step_name: str | None
    kc_due: str | None
    ks_due: str | None
    step_due: str | None
    kd_due: str | None
    warning_level: str | None
    first_warning_at: str | None
    first_overdue_at: str
    days_over_committed: int
    days_over_statutory: int
    step_days_over: int
    delivery_days_over: int


class WarningRow(TypedDict):
    """A warning or breach of the supervision register (预警/超期记录) and its life."""

    case_no: str
    rule_id: str
    clock: str
    step_index: int | None
    level: str
    crossed_at: str
    recorded_at: str
    due_on: str | None
    holder_id: str | None
    holder_name: str | None
    section: str | None
    department: str
    status: str
    cleared_at: str | None
    cause: str | None  # the act that cleared it, what superseded or withdrew it, or its lapse
    calendar: str | None
    supervise_by: str | None  # an alarm's last day to open supervision on it
    unsupervised_at: str | None  # B001: when that day ran out with no order
    lapses_after: str | None  # a prompt's or yellow warning's last day standing


class RedFlagRow(TypedDict):
    """A procedural red flag (红牌) and whom it falls on."""

    case_no: str
    flag: str
    detail: str
    at: str | None
    person_id: str | None
    person_name: str | None
    department: str | None


class KpiRow(TypedDict):
    """The ISO 9001 KPIs of a department (or of an item, within one department), and a total row (ALL)."""

    group: str
    received: int
    accepted: int
    concluded: int
    immediate_rate_pct: float | None
    on_time_rate_pct: float | None
    early_rate_pct: float | None
    avg_wd_used: float | None
    avg_wd_committed: float | None
    days_compressed: int
    rated: int
    satisfaction_pct: float | None
    negative_rating_pct: float | None


class KpiTrendRow(TypedDict):
    """The KPIs of the cases received in one month, per department and for the centre (ALL)."""

    month: str  # YYYY-MM
    group: str
    received: int
    concluded: int
    on_time_rate_pct: float | None
    satisfaction_pct: float | None
    negative_rating_pct: float | None


class NonconformityRow(TypedDict):
    """An open nonconformity (不合格项, ISO 9001 8.7) and the corrective action naming it, if any."""

    nc_id: str
    source: str
    case_no: str | None
    description: str
    sources: str
    raised_at: str | None
    department: str | None
    person_id: str | None
    capa_id: str | None


class CapaRow(TypedDict):
    """A corrective action (纠正措施, ISO 9001 10.2) and where it stands (the register's row, which the
    quality view keeps as its state too)."""

    capa_id: str
    title: str
    status: str
    nonconformities: str
    root_cause: str | None
    action: str | None
    owner_department: str | None
    due_on: str | None
    raised_at: str | None
    raised_by: str
    done_at: str | None
    effective: bool | None
    evidence: str | None
    verified_at: str | None
    closed_at: str | None


class CatalogueRow(TypedDict):
    """A department's items and their optimisation (事项梳理), and a total row (ALL)."""

    department: str
    items: int
    immediate_items: int
    turned_immediate: int
    limits_shortened: int
    items_optimised: int  # items turned immediate or with a limit shortened (each once)
    working_days_cut: int


class AgencyRow(TypedDict):
    """An agent of the full-process agency (代办员) over the period: the cases filed, concluded and open,
    the enterprises served, and the working days from receipt to conclusion on average; then ALL."""

    agent_id: str
    agent_name: str
    cases: int
    concluded: int
    open: int
    enterprises: int
    avg_turnaround_wd: float | None


class ProjectRow(TypedDict):
    """An investment project (投资项目) and its plan: the commitment to the investor, the longest path to
    the clock's end by committed and by statutory limits, and how many permits have a case."""

    project_no: str
    name: str
    investor_name: str
    industrial_zone: str | None
    scale_wan_yuan: int
    major: bool
    green_channel: bool
    committed_wd: int
    registered_at: str
    permits: int
    cases: int
    committed_path_wd: int | None
    statutory_path_wd: int | None


class ConsultationRow(TypedDict):
    """A question put to a department (网上咨询) and how its answer stands: by its day, late, awaited, or
    awaited past its day (overdue) on the day asked."""

    consultation_no: str
    department: str
    item_code: str | None
    channel: str
    kind: str  # ordinary (3 WD), complex (10 WD), multi_department (15 WD)
    asked_at: str
    answer_due: str
    answered_at: str | None
    answered_by: str | None
    progress: str  # done, done_late, open, overdue


class MandateRow(TypedDict):
    """An enterprise's mandate to an agent (全程代理授权): its scope and period as it stands, and whether it
    is in force on the day asked (neither terminated nor outside its period)."""

    agent_id: str
    subject_id: str
    applicant_name: str
    item_codes: str  # the items it covers, comma-separated; empty: every item
    valid_from: str
    valid_until: str
    letter: str
    signed_at: str
    renewed_at: str | None
    terminated_on: str | None
    in_force: bool


class MeetingActionRow(TypedDict):
    """An action a coordination meeting assigned (交办事项): its department, due date, and whether it was
    done in time, late, or is open or overdue now (销号管理)."""

    meeting_no: str
    action_id: str
    text: str
    owner_department: str
    held_at: str
    due_on: str
    done_on: str | None
    flagged_at: str | None  # recorded overdue by the watcher: the instant its day ended
    progress: str  # done, done_late, open, overdue


class PreReviewRegisterRow(PreReviewRow):
    """A pre-review (网上预审) and where it stands: its answers, how many came after their day, and whether
    one is awaited past its day now."""

    waiting_late: bool  # awaiting an answer past its day


class OrderRow(TypedDict):
    """A supervision order (督办) and where it stands: whether the department replied in time, and the
    working days it has run past its due date (B002: not closed within 20 working days)."""

    order_no: str
    subject: str
    case_no: str | None
    department: str
    rule_id: str
    warning_type: str
    status: str
    opened_at: str
    due_on: str
    first_reported_at: str | None
    reports: int
    sent_back: int
    closed_at: str | None
    finding: str | None
    flagged_at: str | None  # B002, recorded by the watcher: the instant its due date ran out
    extensions: int  # granted (each moved ``due_on``)
    reply: str  # awaiting, overdue_without_reply, on_time, late
    days_over: int


class ScreenRow(TypedDict):
    """A department on the supervision screen (电子监察): its open cases now, by their worst warning, and
    its light; then a total row (ALL)."""

    department: str
    open_cases: int
    due_today: int  # committed limit (KC) ends today
    prompt: int
    yellow: int
    red: int
    statutory_breach: int
    red_flags: int  # procedural red flags on its open cases
    light: str  # green, yellow or red


class ScreenPersonRow(TypedDict):
    """A holder on a department's supervision screen: their open cases by worst warning, and their light."""

    department: str
    holder_id: str | None
    holder_name: str | None
    open_cases: int
    due_today: int
    prompt: int
    yellow: int
    red: int
    statutory_breach: int
    red_flags: int
    light: str


class OrderStatsRow(TypedDict):
    """A department's supervision orders (督办情况), and a total row (ALL)."""

    department: str
    opened: int
    awaiting_acknowledgement: int
    awaiting_reply: int
    replied_on_time: int
    replied_late: int
    overdue_without_reply: int
    open: int
    closed: int
    fault: int
    no_fault: int
    overdue: int


class ComplaintRow(TypedDict):
    """A complaint (投诉) and where it stands: rectified in time or late, the complainant's satisfaction."""

    complaint_no: str
    source: str
    kind: str
    case_no: str | None
    department: str
    person_id: str | None
    status: str
    filed_at: str
    due_on: str
    rectified_at: str | None
    verification: str | None
    rectifications: int
    satisfaction: str | None
    closed_at: str | None
    flagged_at: str | None  # the watcher's red flag: not rectified by the due date
    rectification: str  # awaiting, overdue, on_time, late


class ComplaintStatsRow(TypedDict):
    """A department's complaints (投诉情况), and a total row (ALL)."""

    department: str
    filed: int
    substantiated: int
    partly: int
    unfounded: int
    rectified_on_time: int
    rectified_late: int
    overdue: int
    satisfied: int
    dissatisfied: int
    open: int


class FindingRow(TypedDict):
    """A responsibility finding (责任追究): whom it falls on, where they stood in the chain, its severity,
    sanctions and aggravation, and whether it still stands."""

    finding_no: str
    case_no: str
    person_id: str
    department: str
    chain_role: str
    responsibility: str
    severity: str
    sanctions: str
    overrun_days: int
    aggravating: bool
    prior: str
    order_no: str | None
    decided_on: str
    defences: int
    status: str
    withdrawn_at: str | None


class EvaluationRow(TypedDict):
    """A department's published quarterly evaluation (季度考评): its figures, score, grade and light, and the
    supervision recommendation a failing one received."""

    quarter: str
    department: str
    received: int
    concluded_cases: int
    on_time_rate_pct: float | None
    avg_wd: float | None
    step_overruns: int
    red_flags: int
    orders: int
    complaints_upheld: int
    satisfaction_pct: float | None
    score: float | None
    grade: str | None
    red: bool
    reasons: str
    recommendation: str | None
    recommendation_due: str | None


class DocumentsRow(TypedDict):
    """A case's documents (案卷材料): receipt, notices, step approvals, decision and delivery, each with its
    date, signer and number, and the gaps found."""

    case_no: str
    department: str
    item_code: str
    received_at: str
    received_by: str
    materials: int
    supplement_notices: int
    supplement_notice_no: str | None
    supplement_at: str | None
    acceptance_notice_no: str | None
    accepted_at: str | None
    accepted_by: str | None
    deemed_accepted: bool
    steps_signed: int
    steps_without_opinion: int
    returns: int
    decision_no: str | None
    decided_at: str | None
    decided_by: str | None
    outcome: str | None
    delivered_at: str | None
    delivered_by: str | None
    delivery_method: str | None
    gaps: str
    gap_count: int


class DeadlinesRow(TypedDict):
    """A case's deadlines reconciled (时限核对): limits, every due date with the act that set it and its
    calendar, pauses and the working days they excluded, extensions, working days used, breaches."""

    case_no: str
    department: str
    received_at: str
    accepted_at: str | None
    committed_limit: int
    statutory_limit: int
    kc_due_at_start: str | None
    ks_due_at_start: str | None
    kc_due: str | None
    ks_due: str | None
    calendar: str | None
    due_history: str
    pauses: str
    paused_wd: int
    extensions: str
    extension_days: int
    decided_at: str | None
    delivered_at: str | None
    wd_used: int | None
    committed_breach: bool | None
    statutory_breach: bool | None


class AuditCheckRow(TypedDict):
    """A case sampled by an internal audit (内部审核抽样), its checklist and the nonconformity it raised."""

    audit_no: str
    department: str
    case_no: str
    checked_at: str
    documents_present: bool
    deadlines_reconciled: bool
    chain_verified: bool
    gaps: str
    nc_id: str | None


class ReviewPackRow(TypedDict):
    """A line of a management review's pack (管理评审输入): its section, what it measures, target, actual, met."""

    section: str
    item: str
    target: str | None
    actual: str
    met: bool | None


class AttributionRow(TypedDict):
    """A step held past its budget (责任倒查明细, domain.md 5f): who held it, in which role and section, for how
    many working days, how many over, and the step's due date; what a responsibility finding rests on."""

    case_no: str
    step_index: int | None
    step_name: str | None
    person_id: str | None
    person_name: str | None
    role: str | None
    section: str | None
    department: str | None
    from_at: str
    to_at: str | None
    working_days: int | None
    overrun_days: int
    step_due: str | None
