"""Every demo role signs in through the browser and opens every page of the console's menu: what the role
may read answers 200, what it may not is a forbidden page (403), by the same rules as the API."""

from __future__ import annotations

from typing import Any

import pytest

from domain.case.access import READ_EVERYTHING
from domain.organisation.actors import Role
from interface.api.deps import AUDIT_ROLES
from interface.cli.serve_command import DEMO_USERS
from tests.web.conftest import DemoServer

PAGES = (
    "/console/supervision",
    "/console/window",
    "/console/reports",
    "/console/quality",
    "/console/audit",
    "/console/supervision-orders",
    "/console/complaints",
    "/console/evaluations",
)
ANOTHER_DEPARTMENT = "/console/departments/GAJ"  # the demo users of departments are SJJ's or the centre's


@pytest.mark.parametrize("person", DEMO_USERS)
def test_each_role_opens_what_it_may_and_is_refused_the_rest(tab_as: Any, demo_server: DemoServer, person: str) -> None:
    role = Role(demo_server.ledger.people.actor(person).role)
    tab = tab_as(person)
    expected = dict.fromkeys(PAGES, 200)
    expected["/console/audit"] = 200 if role in AUDIT_ROLES else 403
    expected[ANOTHER_DEPARTMENT] = 200 if role in READ_EVERYTHING else 403
    expected["/console/evaluations"] = 200 if role in READ_EVERYTHING else 403  # the whole centre's
    answered = {}
    for path in expected:
        response = tab.open(path)
        answered[path] = response.status
        tab.shot(f"role-{role.value}-{path.strip('/').replace('/', '-')}")
    assert answered == expected
    menu = tab.page.eval_on_selector_all("header nav a", "links => links.map(a => a.getAttribute('href'))")
    assert ("/console/audit" in menu) == (role in AUDIT_ROLES)
    tab.errors = [e for e in tab.errors if "403" not in e]  # the browser reports each 403 it was answered
    tab.clean()
