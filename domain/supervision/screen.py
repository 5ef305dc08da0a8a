"""The supervision screen's lights (电子监察 红黄绿灯): how a department's open cases light it."""

from __future__ import annotations

import enum


class Light(enum.Enum):
    GREEN = "green"  # no open case past a yellow warning
    YELLOW = "yellow"  # an open case has used 4/5 of a limit (预警/黄牌)
    RED = "red"  # an open case is past its committed or statutory limit (报警/红牌)


def light_of(*, yellow: int, red: int, statutory_breaches: int) -> Light:
    """The worst warning among a department's open cases lights it; prompts (提示) are reminders and
    light nothing."""
    if red or statutory_breaches:
        return Light.RED
    return Light.YELLOW if yellow else Light.GREEN
