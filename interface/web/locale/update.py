"""Bring the zh-CN catalogue up to date: ``python -m interface.web.locale.update``.

Finds every message the console says (``_``/``N_``/``gettext`` in its templates and modules, the
title of every problem type and the messages the rules are said with, ``rule_messages``), keeps the
translations the catalogue has, adds the new messages with an empty translation and drops those no
longer said; then lists what is left to translate. Translations
are written in ``zh_CN/LC_MESSAGES/console.po`` itself.
"""

from __future__ import annotations

import sys
from http import HTTPStatus
from pathlib import Path

from babel import Locale
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

import interface.api.app  # noqa: F401 - every module with a rule of its own, so that every problem type is found
from interface.api.problems import _rules
from interface.web.i18n import CHINESE, catalogue_path
from interface.web.locale.rule_messages import messages

WEB = Path(__file__).parent.parent
METHODS = [("templates/**.html", "jinja2.ext:babel_extract"), ("**.py", "python")]
OPTIONS = {"templates/**.html": {"extensions": "jinja2.ext.i18n"}}
KEYWORDS = {"_": None, "N_": None, "gettext": None, "ngettext": (1, 2)}
# Statuses the console's problem pages may show besides the rules' own.
HTTP_STATUSES = (404, 405, 403, 401)


Message = str | tuple[str, str]  # a msgid, or a msgid with its plural


def said() -> dict[Message, list[tuple[str, int]]]:
    """Every message the console says, with where."""
    found: dict[Message, list[tuple[str, int]]] = {}
    for filename, line, message, _comments, _context in extract_from_dir(
        WEB, METHODS, keywords=KEYWORDS, options_map=OPTIONS
    ):
        said_as: Message = message if isinstance(message, str) else (str(message[0]), str(message[1]))
        if said_as:
            found.setdefault(said_as, []).append((f"interface/web/{filename}", line))
    for rule, (title, _description, _status) in _rules().items():
        found.setdefault(title, []).append((f"problem:{rule}", 0))
    for rule_message in messages():
        if rule_message.template:
            found.setdefault(rule_message.template, []).append((rule_message.path, rule_message.line))
    for status in HTTP_STATUSES:
        found.setdefault(HTTPStatus(status).phrase, []).append((f"http:{status}", 0))
    return found


def update() -> list[str]:
    """Rewrite the catalogue; the messages still untranslated."""
    path = catalogue_path(CHINESE)
    with path.open("rb") as po:
        old = read_po(po, locale="zh_CN")
    known = {m.id: m.string for m in old if m.id and m.string and m.string != ("",)}
    catalog = Catalog(
        locale=Locale.parse("zh_CN"),
        project="caseledger",
        version="0.1",
        domain="console",
        copyright_holder="the caseledger authors",
        msgid_bugs_address="",
        last_translator="the caseledger authors",
        language_team="zh-CN",
        fuzzy=False,
        creation_date=old.creation_date,  # unchanged, so that an update without new messages changes nothing
        revision_date=old.revision_date,
        header_comment="# The console in Chinese (zh-CN): the glossary's words (domain.md 5a).\n"
        "# Kept up to date by python -m interface.web.locale.update",
    )
    missing = []
    for message, places in sorted(said().items(), key=lambda item: str(item[0])):
        blank = ("",) if isinstance(message, tuple) else ""
        catalog.add(message, known.get(message, blank), locations=places)
        if message not in known:
            missing.append(str(message))
    with path.open("wb") as po:
        write_po(po, catalog, width=120, include_lineno=False, sort_output=True)
    return missing


if __name__ == "__main__":
    untranslated = update()
    for message in untranslated:
        print(f"untranslated: {message!r}")
    sys.exit(1 if untranslated else 0)
