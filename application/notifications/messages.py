"""The messages, in Chinese: one template per kind of notice, signed with the centre's name (【…】, as
SMS in China are signed). They name the case and the item, never the applicant: a text may be read on
a shared phone, and the outbox keeps no personal data."""

from __future__ import annotations

from collections.abc import Mapping

from application.notifications.ports import Message
from domain.notifications.notices import NoticeKind

CLOCKS = {
    "K0": "补正告知期限",
    "KC": "承诺时限",
    "KS": "法定时限",
    "KD": "送达期限",
    "CO": "征求意见期限",
    "STEP": "环节时限",
}
OUTCOMES = {"granted": "准予许可", "refused": "不予许可"}

TEMPLATES: dict[NoticeKind, tuple[str, str]] = {
    NoticeKind.RECEIVED: (
        "收件回执",
        "您申请的“{item}”材料已收到，办件编号{case_no}，可凭编号查询办理进度。",
    ),
    NoticeKind.SUPPLEMENT_REQUESTED: (
        "补正材料告知",
        "您申请的“{item}”（办件编号{case_no}）需补正以下材料：{missing}。请一次性补齐后到窗口提交。",
    ),
    NoticeKind.ACCEPTED: (
        "受理通知",
        "您申请的“{item}”（办件编号{case_no}）已受理，承诺于{due_on}前办结。",
    ),
    NoticeKind.NOT_ACCEPTED: (
        "不予受理通知",
        "您申请的“{item}”（办件编号{case_no}）不予受理，理由：{reasons}。详见不予受理通知书。",
    ),
    NoticeKind.DECIDED: (
        "办结通知",
        "您申请的“{item}”（办件编号{case_no}）已办结，结果：{outcome}。",
    ),
    NoticeKind.READY_FOR_PICKUP: (
        "领取通知",
        "您申请的“{item}”（办件编号{case_no}）办理结果已制作完成，请携带身份证件到{window}领取。",
    ),
    NoticeKind.YELLOW_WARNING: (
        "黄牌预警",
        "黄牌预警：办件{case_no}（{item}）的{clock}将于{due_on}届满，请抓紧办理。",
    ),
    NoticeKind.RED_WARNING: (
        "红牌报警",
        "红牌报警：办件{case_no}（{item}）的{clock}已于{due_on}届满仍未办结，请立即办理并说明原因。",
    ),
    NoticeKind.MEETING_ACTION_OVERDUE: (
        "交办事项逾期",
        "交办事项逾期：协调会{meeting_no}交办贵部门的第{action_id}项事项（{text}）已于{due_on}到期仍未办结，请抓紧办理。",
    ),
    NoticeKind.SUPERVISION_ORDER: (
        "督办通知",
        "督办通知：督办单{order_no}（办件{case_no}）已送达贵部门，请于{due_on}前整改并回复。",
    ),
}


def message(kind: NoticeKind, values: Mapping[str, str], centre: str) -> Message:
    """The message of a notice, from its values (a value the template lacks reads as "—")."""
    subject, text = TEMPLATES[kind]
    words = dict(values)
    if "clock" in words:
        words["clock"] = CLOCKS.get(words["clock"], words["clock"])
    if "outcome" in words:
        words["outcome"] = OUTCOMES.get(words["outcome"], words["outcome"])
    body = text.format_map(_Filled(words))
    return Message(subject=f"{centre}：{subject}", text=f"【{centre}】{body}")


class _Filled(dict[str, str]):
    def __missing__(self, key: str) -> str:
        return "—"
