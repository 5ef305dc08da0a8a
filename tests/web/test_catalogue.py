"""Every string the console says has its Chinese; every value of the domain's enums has its word."""

from __future__ import annotations

import enum
import string

import pytest

from domain.case.events.base import CaseEvent
from interface.web import i18n
from interface.web.locale.update import said
from interface.web.words import KIND_OF, WORDS


def _has_words(message: str) -> bool:
    """Whether a message says anything besides its values (``"{what} {number}"`` does not)."""
    return any(text.strip() for text, _, _, _ in string.Formatter().parse(message))


def test_every_message_the_console_says_is_translated() -> None:
    chinese = i18n.language(i18n.CHINESE)
    untranslated = [
        message
        for message in said()
        if (isinstance(message, tuple) or _has_words(message))
        and (
            chinese.ngettext(*message, 2) == message[1]
            if isinstance(message, tuple)
            else chinese.gettext(message) == message
        )
    ]
    assert untranslated == [], "run python -m interface.web.locale.update and translate these"


@pytest.mark.parametrize("values", sorted(KIND_OF, key=lambda values: values.__name__), ids=lambda v: v.__name__)
def test_every_value_of_the_domain_has_its_word(values: type[enum.Enum]) -> None:
    assert set(WORDS[KIND_OF[values]]) == {member.value for member in values}


def _events(cls: type) -> set[str]:
    return {sub.__name__ for sub in cls.__subclasses__()} | {n for sub in cls.__subclasses__() for n in _events(sub)}


def test_every_case_event_has_its_word() -> None:
    assert set(WORDS["event"]) == _events(CaseEvent) | {"Received"}


def test_a_value_without_a_word_is_shown_as_it_is() -> None:
    chinese = i18n.language(i18n.CHINESE)
    from interface.web.words import say

    assert say(chinese, "status", "in_progress") == "办理中"
    assert say(chinese, "status", "something_new") == "something_new"
    assert say(i18n.language(i18n.ENGLISH), "status", "in_progress") == "In progress"


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("zh-CN,zh;q=0.9,en;q=0.8", "zh-CN"),
        ("en-US,en;q=0.9,zh;q=0.5", "en"),
        ("fr", None),
        ("", None),
        ("zh;q=x", None),
    ],
)
def test_accept_language_prefers_what_the_reader_ranks_first(header: str, expected: str | None) -> None:
    assert i18n.from_accept_language(header) == expected


def test_every_field_of_every_act_offered_has_its_label_and_every_act_its_name() -> None:
    from interface.web.forms import EVERYDAY, LABELS, fields_of

    for command in EVERYDAY:
        assert command.__name__ in WORDS["act"]
        for field in fields_of(command):
            assert field.name in LABELS, f"{command.__name__}.{field.name} has no label"


def test_every_column_of_every_report_has_its_title() -> None:
    import typing

    from application.reports.registry import REPORTS
    from interface.web.columns import COLUMNS

    missing = {(r.name, key) for r in REPORTS for key in typing.get_type_hints(r.row) if key not in COLUMNS}
    assert missing == set()


@pytest.mark.parametrize("code", i18n.LANGUAGES)
def test_no_two_columns_of_a_report_share_a_title(code: str) -> None:
    import typing

    from application.reports.registry import REPORTS
    from interface.web.columns import COLUMNS

    said = i18n.language(code)
    for report in REPORTS:
        titles = [said.gettext(COLUMNS[key]) for key in typing.get_type_hints(report.row)]
        assert len(titles) == len(set(titles)), (report.name, sorted(t for t in titles if titles.count(t) > 1))


def test_a_templates_message_holds_no_bare_percent_sign() -> None:
    """Templates format every message (Jinja's new-style gettext): a bare % in a message or its Chinese
    fails the page, so a percentage sign stays outside the message."""
    import re

    chinese = i18n.language(i18n.CHINESE)
    placeholders = re.compile(r"%\(\w+\)[sd]|%%")
    for message, places in said().items():
        if not any("templates/" in place for place, _ in places):
            continue
        for text in (message, chinese.gettext(message)) if isinstance(message, str) else message:
            assert "%" not in placeholders.sub("", text), text


def test_every_translation_keeps_the_values_of_its_message() -> None:
    """A rule's message (or any templated one) translated with other values would not fill in."""
    chinese = i18n.language(i18n.CHINESE)

    def values(template: str) -> list[tuple[str, str | None, str | None]]:
        try:
            return sorted((n, c, s) for _, n, s, c in string.Formatter().parse(template) if n is not None)
        except ValueError:  # a message with a lone brace, not a template
            return []

    changed = [
        message
        for message in said()
        if isinstance(message, str) and values(message) != values(chinese.gettext(message))
    ]
    assert changed == []
