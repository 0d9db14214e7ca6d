"""Widgets that show the store recompute after each write made in this process (an import, a
coding click, a reading), whichever ``Store`` object wrote it: callbacks registered per store
location (the SQLite file, or the PostgreSQL database) and run after each committed write.
Writes made by other processes (another evaluator on the team's store) are not seen here."""

from __future__ import annotations

import logging
import weakref
from collections.abc import Callable

# store location -> weak callbacks run after each committed write in this process
_WATCHERS: dict[str, list[Callable[[], Callable[[], None] | None]]] = {}
log = logging.getLogger("workbench.store")


def watch(key: str, callback: Callable[[], None]) -> None:
    """Call ``callback()`` after every committed write to the store ``key``. Bound methods are
    held weakly: a discarded widget stops being called."""
    ref = (weakref.WeakMethod(callback) if hasattr(callback, "__self__")
           else (lambda: callback))
    _WATCHERS.setdefault(key, []).append(ref)


def notify(key: str) -> None:
    """Run the live callbacks of store ``key``; one that fails never fails the write."""
    refs = _WATCHERS.get(key, [])
    alive = [(ref, ref()) for ref in refs]
    refs[:] = [ref for ref, fn in alive if fn is not None]
    for _ref, fn in alive:
        if fn is None:
            continue
        try:
            fn()
        except Exception:  # a display that fails to refresh never fails the write
            log.warning("store watcher failed", exc_info=True)


__all__ = ["notify", "watch"]
