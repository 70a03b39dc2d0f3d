"""Officer password hashing with argon2id (argon2-cffi)."""

from __future__ import annotations

from argon2 import PasswordHasher as _Argon2
from argon2.exceptions import InvalidHashError, VerificationError


class Argon2Hasher:
    """argon2id hashing; parameters default to argon2-cffi's RFC 9106 low-memory profile."""

    def __init__(self, *, fast: bool = False) -> None:
        # ``fast`` is for tests and demo seeding only: far cheaper parameters.
        self._ph = _Argon2(time_cost=1, memory_cost=8, parallelism=1) if fast else _Argon2()

    def hash(self, password: str) -> str:
        """Return an argon2id hash of ``password``."""
        return self._ph.hash(password)

    def verify(self, password_hash: str, password: str) -> bool:
        """Return True when ``password`` matches ``password_hash``."""
        try:
            return bool(self._ph.verify(password_hash, password))
        except (VerificationError, InvalidHashError):
            return False

    def needs_rehash(self, password_hash: str) -> bool:
        """Return True when the hash was made with other parameters."""
        try:
            return bool(self._ph.check_needs_rehash(password_hash))
        except InvalidHashError:
            return True
