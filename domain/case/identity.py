"""The applicant's identity document: which kind, and whether its number can be one.

- 居民身份证 (``resident_id``), GB 11643-1999: 17 digits (region, birth date, sequence) and a check
  character, the ISO 7064 MOD 11-2 of the 17 (``X`` for 10); the birth date must be a real past date.
- 统一社会信用代码 (``uscc``), GB 32100-2015: 17 characters of its 31-letter alphabet and a check
  character, MOD 31 of the 17.
- A passport or any other document (``passport``, ``other``): named as such, its number taken as written.

A person's document is a resident ID unless named otherwise; an enterprise's is its credit code.
"""

from __future__ import annotations

import re
from datetime import date

from domain.errors import InvalidValue, phrase

DOCUMENT_TYPES = ("resident_id", "uscc", "passport", "other")
RESIDENT_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
RESIDENT_CHECK = "10X98765432"  # the check character for (sum of weighted digits) mod 11
USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
OTHER_DOCUMENT = re.compile(r"[0-9A-Za-z\-()/]{3,40}")


class InvalidIdentityDocument(InvalidValue):
    """The applicant's identity document is missing, of no known kind, or its number cannot be one."""

    rule = "invalid-identity-document"
    title = "Invalid identity document"


def document_type(id_type: str, is_enterprise: bool) -> str:
    """The kind of document an applicant's number is, named or by default."""
    return id_type or ("uscc" if is_enterprise else "resident_id")


def resident_check(first17: str) -> str:
    return RESIDENT_CHECK[sum(int(d) * w for d, w in zip(first17, RESIDENT_WEIGHTS, strict=True)) % 11]


def uscc_check(first17: str) -> str:
    total = sum(USCC_ALPHABET.index(c) * w for c, w in zip(first17, USCC_WEIGHTS, strict=True))
    return USCC_ALPHABET[(31 - total % 31) % 31]


def check_identity(id_type: str, number: str, *, is_enterprise: bool, today: date) -> None:
    """Raise ``InvalidIdentityDocument`` unless ``number`` can be a document of its kind (a birth date
    after ``today`` cannot be)."""
    kind = document_type(id_type, is_enterprise)
    if kind not in DOCUMENT_TYPES:
        raise InvalidIdentityDocument(
            "no identity document '{kind}' (documents: {kinds})", kind=kind, kinds=", ".join(DOCUMENT_TYPES)
        )
    if not number:
        raise InvalidIdentityDocument("the applicant's identity document number is required")
    if kind == "resident_id":
        _check_resident_id(number, today)
    elif kind == "uscc":
        if len(number) != 18 or any(c not in USCC_ALPHABET for c in number) or uscc_check(number[:17]) != number[17]:
            raise InvalidIdentityDocument("'{number}' is not a unified social credit code (GB 32100)", number=number)
    elif not OTHER_DOCUMENT.fullmatch(number):
        raise InvalidIdentityDocument(
            "'{number}' is not a {kind} number (3 to 40 letters, digits, - ( ) /)", number=number, kind=kind
        )


def _check_resident_id(number: str, today: date) -> None:
    what = phrase("'{number}' is not a resident identity card number (GB 11643)", number=number)
    if len(number) != 18 or not number[:17].isdigit() or not (number[17].isdigit() or number[17] == "X"):
        raise InvalidIdentityDocument("{what}: 17 digits and a check digit or X", what=what)
    try:
        born = date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        raise InvalidIdentityDocument("{what}: no birth date {digits}", what=what, digits=number[6:14]) from None
    if born.year < 1900 or born > today:
        raise InvalidIdentityDocument("{what}: no birth date {digits}", what=what, digits=number[6:14])
    if resident_check(number[:17]) != number[17]:
        raise InvalidIdentityDocument("{what}: the check digit is wrong", what=what)
