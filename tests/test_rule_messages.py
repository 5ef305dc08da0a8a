"""Every rule is raised with a literal template whose values are all given, so that the edge can say
it in the reader's language (``interface/web/rules.py``) and the catalogue holds every one of them."""

from __future__ import annotations

import string

import interface.api.app  # noqa: F401 - every module with a rule of its own
from interface.web.locale.rule_messages import messages


def _fields(template: str) -> frozenset[str]:
    return frozenset(name for _, name, _, _ in string.Formatter().parse(template) if name)


def test_every_rule_is_raised_with_a_literal_template() -> None:
    composed = [f"{said.path}:{said.line}" for said in messages() if said.template is None]
    assert composed == [], "raise a rule with a template and its values, never a composed sentence"


def test_every_template_is_given_exactly_its_values() -> None:
    found = list(messages())
    mismatched = [
        f"{said.path}:{said.line} {said.template!r} given {sorted(said.given)}"
        for said in found
        if said.template is not None and said.given is not None and _fields(said.template) != said.given
    ]
    assert len(found) > 250  # the walk found the domain's rules
    assert mismatched == []
