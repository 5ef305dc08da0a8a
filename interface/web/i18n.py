"""The console's languages: message catalogues (gettext ``.po`` files under ``locale/``, read with Babel
at start-up) for zh-CN, the default, and English, the msgids themselves.

Templates and pages say every string in English through ``gettext``; the zh-CN catalogue gives the
glossary's words (domain.md 5a). ``tests/web/test_catalogue.py`` finds every string the templates and
pages use and fails on one the catalogue does not translate.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from functools import cache
from gettext import GNUTranslations, NullTranslations
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

LOCALE = Path(__file__).parent / "locale"
DOMAIN = "console"
CHINESE, ENGLISH = "zh-CN", "en"
LANGUAGES = (CHINESE, ENGLISH)
DEFAULT = CHINESE
_FOLDERS = {CHINESE: "zh_CN"}  # English needs no catalogue: its strings are the msgids


@dataclass(frozen=True)
class Language:
    code: str  # as in HTML's lang and Content-Language
    translations: NullTranslations

    def gettext(self, message: str) -> str:
        return self.translations.gettext(message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return self.translations.ngettext(singular, plural, n)


def catalogue_path(code: str) -> Path:
    return LOCALE / _FOLDERS[code] / "LC_MESSAGES" / f"{DOMAIN}.po"


@cache
def language(code: str) -> Language:
    """The language ``code`` (one of ``LANGUAGES``), its catalogue compiled in memory once."""
    if code not in _FOLDERS:
        return Language(ENGLISH, NullTranslations())
    with catalogue_path(code).open("rb") as po:
        catalog = read_po(po, locale=_FOLDERS[code])
    compiled = io.BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    return Language(code, GNUTranslations(compiled))


def choose(asked: str | None) -> str:
    """The language a request asks for (a cookie's or a parameter's value), the default otherwise."""
    return asked if asked in LANGUAGES else DEFAULT


def from_accept_language(header: str | None) -> str | None:
    """Chinese if an ``Accept-Language`` header prefers it over English (RFC 9110 12.5.4), else None."""
    best: tuple[float, str | None] = (0.0, None)
    for part in (header or "").split(","):
        tag, _, params = part.strip().partition(";")
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                continue
        code = CHINESE if tag.lower().startswith("zh") else ENGLISH if tag.lower().startswith("en") else None
        if code and quality > best[0]:
            best = (quality, code)
    return best[1]
