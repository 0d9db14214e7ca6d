"""The evaluator's narrative text, one Markdown file per report section, rendered safely.

>>> narrative_html(Paths.default(), "L1", qpv="tilleuls")   # doctest: +SKIP
'<div class="wb-narrative" data-source="tilleuls/L1.md"><p>…</p></div>'

Files live in ``data/narrative/``: ``barometre.md``, ``L1.md`` … ``L7.md``, ``participation.md``,
``cooperation.md``, ``voix.md``, ``chemins.md``, ``conclusion.md``; ``<qpv id>/<section>.md``
replaces the territory's text in that QPV's report. Rendering (markdown-it-py, CommonMark +
tables) is safe for an e-mailed, offline file:

* raw HTML typed in the Markdown comes out as text (``html`` disabled), never as markup;
* a link is kept only when it stays inside the document or is relative (``#lecon-L2``,
  ``annexe.html``); any other target (``https://…``, ``//host``, ``mailto:``, ``javascript:``)
  is shown as text: « libellé (adresse) »;
* images are never loaded: their description is shown instead;
* headings are moved down two levels (``#`` → ``<h3>``) to sit under the section's title.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from workbench.config import Paths
from workbench.errors import WorkbenchError
from workbench.i18n import t

SECTIONS = ("barometre", "L1", "L2", "L3", "L4", "L5", "L6", "L7", "participation",
            "cooperation", "voix", "chemins", "conclusion")
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$")
HEADING_SHIFT = 2
MAX_BYTES = 500_000  # one section's text; anything larger is not a narrative


class NarrativeError(WorkbenchError, ValueError):
    """A narrative file that cannot be used (bad name, not UTF-8, too large)."""

    key = "narrative_error"


# --- which file -----------------------------------------------------------------------------------
def narrative_folder(paths: Paths | str | Path | None) -> Path:
    """``data/narrative`` of a project (or the folder itself when a path is given)."""
    if paths is None:
        return Paths.default().narrative
    return paths.narrative if isinstance(paths, Paths) else Path(paths)


def _check_name(value: str, column: str) -> str:
    if not isinstance(value, str) or not _NAME.match(value):
        raise NarrativeError(
            t("report.narrative.bad_name", column=column, found=value), key="narrative_bad_name",
            column=column, expected=t("report.narrative.name_expected"), found=str(value))
    return value


def narrative_file(paths: Paths | str | Path | None, section: str,
                   qpv: str | None = None) -> Path | None:
    """The file that serves ``section`` in this report: ``<qpv>/<section>.md`` when it exists
    (QPV reports), else ``<section>.md``, else None."""
    folder = narrative_folder(paths)
    _check_name(section, "section")
    candidates = []
    if qpv not in (None, "*"):
        candidates.append(folder / _check_name(qpv, "qpv") / f"{section}.md")
    candidates.append(folder / f"{section}.md")
    return next((c for c in candidates if c.is_file()), None)


def narrative_files(paths: Paths | str | Path | None, sections: Iterable[str] = SECTIONS,
                    qpv: str | None = None) -> dict[str, Path]:
    """Section → the file used for it (sections without text are left out)."""
    found = {s: narrative_file(paths, s, qpv) for s in sections}
    return {s: f for s, f in found.items() if f is not None}


def read_narrative(file: Path) -> str:
    """The file's text (UTF-8, BOM accepted); a clear error otherwise."""
    raw = file.read_bytes()
    if len(raw) > MAX_BYTES:
        raise NarrativeError(
            t("report.narrative.too_large", file=file.name, found=len(raw), expected=MAX_BYTES),
            key="narrative_too_large", file=str(file), expected=f"<= {MAX_BYTES}",
            found=str(len(raw)))
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise NarrativeError(
            t("report.narrative.not_utf8", file=file.name, row=raw[:exc.start].count(b"\n") + 1),
            key="narrative_not_utf8", file=str(file), row=raw[:exc.start].count(b"\n") + 1,
            expected="UTF-8", found=repr(raw[exc.start:exc.start + 4])) from exc


# --- safe rendering -------------------------------------------------------------------------------
def link_allowed(href: str) -> bool:
    """True for an anchor (``#…``) or a relative address; False for anything with a scheme,
    a network host (``//``, ``\\\\``) or control characters."""
    if not href or any(ord(c) < 32 or c.isspace() for c in href):
        return False
    if "\\" in href or "%5c" in href.lower() or href.startswith("//"):
        return False
    first = re.split(r"[/?#]", href, maxsplit=1)[0]
    if ":" in first or "%" in first:  # a scheme, even percent-encoded (``%68ttps:``)
        return False
    try:
        parts = urlsplit(href)
    except ValueError:
        return False
    return not parts.scheme and not parts.netloc


def _markdown() -> Any:
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.enable("table")
    rules = md.renderer.rules

    def link_open(tokens, idx, options, env):
        token = tokens[idx]
        href = token.attrGet("href") or ""
        if token.markup == "autolink" or not link_allowed(str(href)):
            token.meta["dropped"] = str(href) if token.markup != "autolink" else ""
            _close_of(tokens, idx).meta["dropped"] = token.meta["dropped"]
            return '<span class="wb-link-text">'
        return md.renderer.renderToken(tokens, idx, options, env)

    def link_close(tokens, idx, options, env):
        token = tokens[idx]
        if "dropped" in token.meta:
            target = token.meta["dropped"]
            return "</span>" + (f" ({html.escape(target)})" if target else "")
        return md.renderer.renderToken(tokens, idx, options, env)

    def image(tokens, idx, options, env):
        token = tokens[idx]
        alt = "".join(c.content for c in (token.children or []))
        return (f'<span class="wb-image-text">[{html.escape(t("report.narrative.image"))} : '
                f"{html.escape(alt)}]</span>")

    def heading(tokens, idx, options, env):
        token = tokens[idx]
        level = min(6, int(token.tag[1]) + HEADING_SHIFT)
        return f"<h{level}>" if token.nesting == 1 else f"</h{level}>\n"

    rules["link_open"], rules["link_close"], rules["image"] = link_open, link_close, image
    rules["heading_open"] = rules["heading_close"] = heading
    return md


def _close_of(tokens: list[Any], idx: int) -> Any:
    depth = 0
    for token in tokens[idx:]:
        if token.type == "link_open":
            depth += 1
        elif token.type == "link_close":
            depth -= 1
            if depth == 0:
                return token
    return tokens[idx]


_RENDERER: Any = None


def render_markdown(text: str) -> str:
    """Markdown → HTML with raw HTML shown as text, remote links as text, no image loaded."""
    global _RENDERER
    if _RENDERER is None:
        _RENDERER = _markdown()
    return _RENDERER.render(text or "")


def narrative_html(paths: Paths | str | Path | None, section: str,
                   qpv: str | None = None) -> str:
    """The section's narrative as a ``<div class="wb-narrative">`` (empty string when there is
    no file or it is blank). ``paths``: the project (``Paths``) or the narrative folder."""
    file = narrative_file(paths, section, qpv)
    if file is None:
        return ""
    text = read_narrative(file)
    if not text.strip():
        return ""
    source = file.relative_to(narrative_folder(paths)).as_posix()
    return (f'<div class="wb-narrative" data-source="{html.escape(source)}">'
            f"{render_markdown(text)}</div>")


__all__ = [
    "SECTIONS",
    "NarrativeError",
    "link_allowed",
    "narrative_file",
    "narrative_files",
    "narrative_folder",
    "narrative_html",
    "read_narrative",
    "render_markdown",
]
