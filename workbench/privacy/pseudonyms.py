"""Pseudonymous ids by keyed hash (HMAC-SHA256), one key per purpose; the secret lives outside
the repository.

Purposes: ``respondents`` (everyone answering, attending, speaking: ids ``p_…``, keyed by the
secret itself so that existing stores keep their ids and waves stay linked), ``coders``
(``c_…``), ``authors`` of the committee's readings (``a_…``) and ``members`` giving their own
reading in a meeting (``m_…``), each keyed by
HMAC-SHA256(secret, "workbench/pseudonyms/<purpose>"). Two purposes never give the same
identifier (other prefix, other key): a reading's author cannot be linked to that person's
answers or attendance, nor a coder to a respondent.

>>> Pseudonymiser(purpose="authors").person_id("Hélène Le Gall")      # doctest: +SKIP
'a_3f0c…'
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import os
import re
import secrets
import unicodedata
from pathlib import Path

from workbench.config import secret_path
from workbench.errors import SecretError


def load_or_create_secret(path: Path | None = None) -> bytes:
    """The pseudonymisation key, created (32 random bytes, mode 600) on first use.

    It lives outside the repository (``~/.config/workbench/secret.key`` or
    ``WORKBENCH_SECRET_FILE``); losing it breaks the link between waves, so back it up.
    """
    path = path or secret_path()
    try:
        if path.exists():
            key = path.read_bytes().strip()
            if len(key) < 32:
                raise SecretError(
                    f"Clé de pseudonymisation trop courte dans {path} "
                    "(au moins 32 octets attendus)",
                    key="secret_too_short",
                    file=str(path),
                )
            return key
        path.parent.mkdir(parents=True, exist_ok=True)
        key = secrets.token_hex(32).encode()
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as fh:
            fh.write(key)
        return key
    except OSError as exc:
        if isinstance(exc, SecretError):
            raise
        raise SecretError(
            f"Impossible de lire ou créer la clé de pseudonymisation {path} : {exc.strerror}",
            key="secret_unavailable",
            file=str(path),
        ) from exc


_APOSTROPHES = re.compile(r"['’ʼ`´]+")
_SEPARATORS = re.compile(r"[\s\-‐‑‒–—.,;]+")


@functools.lru_cache(maxsize=1 << 16)
def _fold(part: str) -> str:
    """One part of a key folded (parts repeat: first names, a questionnaire's fingerprint):
    accents, case, apostrophes and separators; folding the parts one by one then joining them
    gives what folding their join gives, since a space separates them."""
    if not part.isascii():   # ASCII is its own NFKD form, without combining marks
        part = unicodedata.normalize("NFKD", part)
        part = "".join(ch for ch in part if not unicodedata.combining(ch))
    return _SEPARATORS.sub(" ", _APOSTROPHES.sub("", part.casefold())).strip()


def normalise_person_key(*parts: str | None) -> str:
    """A stable matching key from names or an e-mail, the same however a sheet writes the name:
    case, accents, spaces, hyphens and apostrophes folded, and the order of first and last name
    too (the words are sorted), so that « DUPONT Marie » in one column, « Marie » + « Dupont »
    in two and « marie dupont » in a questionnaire are one person. An e-mail keeps its order.

    >>> a = normalise_person_key("Hélène", "LE GALL-Durand")
    >>> a == normalise_person_key("le gall durand", "helene") == normalise_person_key(
    ...     "LE GALL DURAND Hélène")
    True
    >>> normalise_person_key("Éloïse", "N'Diaye")
    'eloise ndiaye'
    """
    text = " ".join(folded for p in parts if p is not None and (folded := _fold(str(p))))
    if "@" in text:
        return text
    return " ".join(sorted(text.split()))


PURPOSES: dict[str, str] = {"respondents": "p_", "coders": "c_", "authors": "a_", "members": "m_"}


def purpose_key(secret: bytes, purpose: str) -> bytes:
    """The key of one purpose: the secret itself for respondents (ids of existing stores stay),
    HMAC-SHA256(secret, "workbench/pseudonyms/<purpose>") for the others."""
    if purpose not in PURPOSES:
        raise ValueError(f"unknown pseudonym purpose {purpose!r} (expected {', '.join(PURPOSES)})")
    if purpose == "respondents":
        return secret
    return hmac.new(secret, f"workbench/pseudonyms/{purpose}".encode(), hashlib.sha256).digest()


class Pseudonymiser:
    """Maps a person key (names or e-mail) to a stable id ``<prefix><16 hex>`` with
    HMAC-SHA256 under the key of ``purpose`` (``p_`` respondents, ``c_`` coders, ``a_``
    authors of readings)."""

    def __init__(self, secret: bytes | None = None, *, purpose: str = "respondents") -> None:
        self._secret = secret if secret is not None else load_or_create_secret()
        self.purpose = purpose
        self._key = purpose_key(self._secret, purpose)
        self._prefix = PURPOSES[purpose]

    def for_purpose(self, purpose: str) -> Pseudonymiser:
        """The same secret, another purpose's key."""
        return Pseudonymiser(self._secret, purpose=purpose)

    def person_id(self, *parts: str | None) -> str:
        key = normalise_person_key(*parts)
        if not key:
            raise ValueError("empty person key")
        digest = hmac.new(self._key, key.encode("utf-8"), hashlib.sha256).hexdigest()
        return self._prefix + digest[:16]
