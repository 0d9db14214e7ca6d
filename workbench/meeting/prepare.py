"""Everything a meeting needs, written once before its server starts.

>>> prepared = prepare_meeting(Paths.default(), members=30)          # doctest: +SKIP
>>> prepared.member_code, prepared.session.folder
('4821 7731', PosixPath('data/meetings/2026-03-12-T2'))

The session's folder gets the evaluators' interpretation of each lesson (their narrative,
rendered safely once: kernels need no Markdown), the server's settings (codes hashed with
argon2, never kept in clear; the accounts file; the pool's size) and — once the publication
exists — the publication the kernels load.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from pathlib import Path

from workbench.config import DEFAULT_FRAMEWORK, Paths
from workbench.errors import WorkbenchError
from workbench.framework import Framework, load_framework
from workbench.i18n import resolve_language, t
from workbench.meeting.accounts import accounts_path, read_accounts
from workbench.meeting.auth import normalise_code
from workbench.meeting.session import MeetingSession, open_session

MAX_MEMBERS = 200
MIN_CODE = 6
_DIGITS = "0123456789"
_LETTERS = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i: read aloud and typed on phones


class MeetingError(WorkbenchError, ValueError):
    """A meeting that cannot start as asked (no data, bad code, bad number of members)."""

    key = "meeting_error"


@dataclass
class PreparedMeeting:
    session: MeetingSession
    framework: Framework
    member_code: str
    evaluator_code: str
    accounts: int


PUBLICATION_FILE = "publication.zip"


def member_code() -> str:
    """Eight digits in two groups (« 4821 7731 »): easy to read aloud and type on a phone."""
    digits = "".join(secrets.choice(_DIGITS) for _ in range(8))
    return f"{digits[:4]} {digits[4:]}"


def evaluator_code() -> str:
    """Twelve letters and digits in three groups (« k7m2-q9xa-3f8d »)."""
    text = "".join(secrets.choice(_LETTERS) for _ in range(12))
    return f"{text[:4]}-{text[4:8]}-{text[8:]}"


def prepare_meeting(paths: Paths, *, members: int, wave: str | None = None,
                    code: str | None = None, lang: str | None = None,
                    framework: str | Path | None = None) -> PreparedMeeting:
    """Open (or resume) today's session for ``wave`` and write what its server and kernels
    read; returns the codes to give (the members' code projected, the evaluators' kept)."""
    from jupyter_server.auth.security import passwd

    from workbench.publication import publication_for
    from workbench.report.narrative import narrative_html
    from workbench.store import Store

    framework_file = Path(framework) if framework is not None else (
        paths.framework if paths.framework.is_file() else DEFAULT_FRAMEWORK)
    fw = load_framework(framework_file)
    lang = resolve_language(lang, fw.language)
    if not 1 <= int(members) <= MAX_MEMBERS:
        raise MeetingError(t("meeting.cli.bad_members", found=members, k=MAX_MEMBERS),
                           key="meeting_bad_members", expected=f"1-{MAX_MEMBERS}",
                           found=str(members))
    wave = wave or fw.wave_ids[-1]
    if wave not in fw.wave_ids:
        expected = ", ".join(fw.wave_ids)
        raise MeetingError(t("readings.error.unknown_wave", found=wave, expected=expected),
                           key="reading_unknown_wave", expected=expected, found=str(wave))
    if not Store(paths.store).exists():
        raise MeetingError(t("dashboard.no_store"), key="meeting_no_store",
                           file=str(paths.store))
    given = code if code is not None else member_code()
    if len(normalise_code(given)) < MIN_CODE:
        raise MeetingError(t("meeting.cli.bad_code", k=MIN_CODE), key="meeting_short_code",
                           expected=f">= {MIN_CODE}", found=str(len(normalise_code(given))))
    evaluators = evaluator_code()
    session = open_session(paths, wave=wave, members=int(members), lang=lang,
                           framework=framework_file)
    session.write_interpretations({le.id: narrative_html(paths, le.id) for le in fw.lessons})
    # the kernels load this file, never the store: what the committee sees is what was published
    publication = publication_for(Store(paths.store), fw)
    if not publication.audit.passed:
        raise MeetingError(publication.audit.summary, key=publication.audit.key,
                           file=str(paths.store))
    publication.save(session.folder / PUBLICATION_FILE)
    session.publication = str(session.folder / PUBLICATION_FILE)
    session.save()
    accounts = accounts_path(paths)
    session.write_server_settings({
        "member_code_hash": passwd(normalise_code(given)),
        "evaluator_code_hash": passwd(normalise_code(evaluators)),
        "accounts_file": str(accounts),
        "pool_size": int(members),
    })
    return PreparedMeeting(session=session, framework=fw, member_code=given,
                           evaluator_code=evaluators, accounts=len(read_accounts(accounts)))
