"""Console passwords: hashed with Argon2id (RFC 9106), checked against the hash, never kept in clear.

The ledger records only the hash (``Person.PasswordSet``). The parameters are argon2-cffi's defaults
(RFC 9106's second recommended option, 64 MiB and 3 passes); a hash made with weaker ones is still
accepted and reported as needing a rehash.
"""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from domain.errors import InvalidValue

MIN_LENGTH = 10  # characters; a passphrase of Chinese characters counts each one
MAX_LENGTH = 256  # a longer one is refused before it is hashed (hashing is the expensive part)

_hasher = PasswordHasher()  # Argon2id
# A hash to check against when the person does not exist or has no password, so that a sign-in takes
# as long whether or not the person is known.
_DECOY = _hasher.hash("not a password of anyone")


def check_strength(password: str) -> None:
    """A password the console accepts: long enough, not too long, not blank, no control characters."""
    if len(password) < MIN_LENGTH:
        raise InvalidValue("a password needs at least {MIN_LENGTH} characters", MIN_LENGTH=MIN_LENGTH)
    if len(password) > MAX_LENGTH:
        raise InvalidValue("a password has at most {MAX_LENGTH} characters", MAX_LENGTH=MAX_LENGTH)
    if not password.strip() or any(ord(c) < 32 for c in password):
        raise InvalidValue("a password may not be blank or hold control characters")


def hash_password(password: str) -> str:
    check_strength(password)
    return _hasher.hash(password)


def password_matches(password: str, password_hash: str | None) -> bool:
    """Whether ``password`` is the one ``password_hash`` was made from (none: never, after as long)."""
    if len(password) > MAX_LENGTH:
        return False
    try:
        return _hasher.verify(password_hash or _DECOY, password) and password_hash is not None
    except (VerificationError, InvalidHashError):
        return False
