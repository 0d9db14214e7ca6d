"""The ``Publication``: everything a user can see, masked together and audited, once per store.

>>> pub = build_publication(store.load_dataset(), fw)     # once (dashboard start, report build)
>>> pub.cubes["L1-agree"]                                 # an indicator's published cube
>>> pub.funnel("tilleuls"), pub.likert, pub.network       # the sections' tables
>>> pub.write_csv("reports/2026-12-01/publication.csv")   # the open record of what was published
>>> pub.save("data/publication.zip"); Publication.load("data/publication.zip")   # no store needed

Every reader (the COPIL dashboard and its static copy, the reports, the XLSX, the Kumu and CSV
exports) takes its figures from here; ``publication.csv`` lists every published cell (masked ones
without value), so that anyone can check the arithmetic.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import zipfile
from collections.abc import Iterator, Mapping, MutableMapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from workbench.errors import WorkbenchError
from workbench.framework import Framework, parse_framework
from workbench.publication.tables import CELL_COLUMNS

ALL = "*"
FORMAT_VERSION = 1
CUBE_COLUMNS = ["indicator", "wave", "qpv", "group", "value", "n", "lower", "upper", "masked",
                "reason", "mode", "method"]
CSV_COLUMNS = [*CELL_COLUMNS]
# read from a loaded publication's file when first asked for (``Publication.__getattr__``)
RECORD_FILES = {"cells": "cells.parquet", "audit_frame": "audit_frame.parquet"}


class PublicationFileError(WorkbenchError, ValueError):
    """A saved publication that cannot be read back."""

    key = "publication_file_invalid"


@dataclass(frozen=True)
class AuditSummary:
    """What the audit found: ``passed``, ``summary`` (French), ``key``, the number of masked
    cells, the narrowest range an attacker can give a masked count (``narrowest``: lo, hi)."""

    passed: bool
    summary: str
    key: str
    masked: int
    narrowest: tuple[float, float] | None
    failing: int = 0

    def as_dict(self) -> dict[str, Any]:
        return {"passed": self.passed, "summary": self.summary, "key": self.key,
                "masked": self.masked, "failing": self.failing,
                "narrowest": list(self.narrowest) if self.narrowest else None}

    @classmethod
    def from_dict(cls, raw: dict[str, Any]) -> AuditSummary:
        narrow = raw.get("narrowest")
        return cls(bool(raw["passed"]), str(raw["summary"]), str(raw["key"]),
                   int(raw["masked"]), tuple(narrow) if narrow else None,
                   int(raw.get("failing", 0)))


@dataclass(eq=False)
class Publication:
    """Every published table (``tables``: name → frame as its readers expect it, masked rows
    without figures), every published cell (``cells``: the rows of ``publication.csv``), the
    audit frame and its result, and the sections' non-tabular parts (``extras``: map positions,
    the roles of the section indicators)."""

    fw: Framework
    tables: MutableMapping[str, pd.DataFrame]
    cells: pd.DataFrame
    audit_frame: pd.DataFrame
    audit: AuditSummary
    extras: dict[str, Any] = field(default_factory=dict)
    meta: dict[str, Any] = field(default_factory=dict)

    def __getattr__(self, name: str) -> Any:
        """A publication loaded with ``read_later`` reads its record (``cells``) and its audit
        frame from its file when first asked for (never, in a dashboard's kernel)."""
        source = self.__dict__.get("_source")
        if source is None or name not in RECORD_FILES:
            raise AttributeError(name)
        frame = _read_member(*source, RECORD_FILES[name])
        setattr(self, name, frame)
        return frame

    # --- look-ups --------------------------------------------------------------------------------
    def table(self, name: str) -> pd.DataFrame:
        """A published table by name (an empty frame when the store gives it no row)."""
        return self.tables.get(name, pd.DataFrame())

    @property
    def cubes(self) -> Mapping[str, pd.DataFrame]:
        """Every indicator's published cube, by indicator id (the framework's and the sections'
        defaults); loaded with ``read_later``, each is read when first looked up."""
        if isinstance(self.tables, SavedTables):
            return self.tables.prefixed("indicator:")
        return {name.split(":", 1)[1]: frame for name, frame in self.tables.items()
                if name.startswith("indicator:")}

    def cube(self, indicator: str) -> pd.DataFrame:
        """An indicator's published cube (no row, the cube's columns, when it has none)."""
        cube = self.table(f"indicator:{indicator}")
        return cube if len(cube.columns) else pd.DataFrame(columns=CUBE_COLUMNS)

    def role(self, role: str) -> str:
        """The indicator id a section shows for ``role`` (``participation``, ``continuity``,
        ``salience:L1``, ``network:network_density``, ``markers``)."""
        return self.extras.get("roles", {}).get(role, "")

    def section_cube(self, role: str) -> pd.DataFrame:
        return self.cube(self.role(role))

    @property
    def likert(self) -> pd.DataFrame:
        """The Likert distributions: wave, qpv, group, item, category, share, n, masked, reason
        (a masked item-cell is one row with an empty category)."""
        return self.table("likert")

    @property
    def facilitators(self) -> pd.DataFrame:
        """Per step × group (territory): people present (n), share who facilitated (value)."""
        return self.table("facilitators")

    @property
    def reliability(self) -> pd.DataFrame:
        """Cronbach's α per multi-item mean: indicator, wave, qpv, group, value, n, masked."""
        parts = [f for name, f in self.tables.items() if name.startswith("reliability:")]
        return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame()

    @property
    def quotes(self) -> pd.DataFrame:
        """Quotable coded verbatims (text screened at import; escape it to show it)."""
        return self.table("quotes")

    @property
    def readings(self) -> pd.DataFrame:
        """The committee's readings, every wave, oldest first (authors pseudonymous)."""
        return self.table("readings")

    def change(self, indicator: str, wave_a: str, wave_b: str) -> pd.DataFrame:
        """The change of a questionnaire indicator from ``wave_a`` to ``wave_b`` per QPV ×
        group (``indicators.longitudinal.change_between``, masked with the cube)."""
        return self.table(f"change:{indicator}:{wave_a}:{wave_b}")

    def composition(self, qpv: str = ALL) -> pd.DataFrame:
        """Who answered each wave, people per group (``indicators.lessons.wave_composition``)."""
        return self.table(f"composition:{qpv}")

    def adjusted(self, qpv: str = ALL) -> pd.DataFrame:
        """Each lesson's headline adjusted to the first wave's group mix."""
        return self.table(f"adjusted:{qpv}")

    @property
    def agreement(self) -> pd.DataFrame:
        """Coders' agreement per lesson code and on the valence."""
        return self.table("agreement")

    @property
    def masked_cells(self) -> int:
        return int((self.cells["status"] == "masked").sum())

    # --- the audit ------------------------------------------------------------------------------
    def check(self, *, exact: bool = False) -> Any:
        """The attacker's arithmetic run again on what this publication shows (no store
        needed): a ``workbench.privacy.audit.AuditResult``."""
        from workbench.privacy.audit import audit
        from workbench.publication.populations import population_spec

        levels = {item.id: [str(v) for v in range(self.fw.scales[item.scale].min,
                                                   self.fw.scales[item.scale].max + 1)]
                  for item in self.fw.items}
        frame = self.audit_frame
        populations = {}
        for name in sorted(set(frame["population"])):
            spec = population_spec(name, items_levels=levels)
            populations[name] = spec.audit_population()
        return audit(frame, populations, threshold=self.fw.min_cell,
                     min_category=self.fw.min_category, exact=exact)

    # --- the open record -------------------------------------------------------------------------
    def record(self) -> pd.DataFrame:
        """``publication.csv`` as a frame: one row per published cell, ``*`` for « all »,
        masked cells with their reason and no figure."""
        out = self.cells.reindex(columns=CSV_COLUMNS).copy()
        masked = (out["status"] == "masked").to_numpy()
        out.loc[masked, ["value", "lower", "upper", "n"]] = np.nan
        out.loc[~masked, "reason"] = None
        return out

    def write_csv(self, path: str | Path) -> Path:
        """Write ``publication.csv`` (UTF-8 with BOM, ``,`` separator, ``.`` decimals)."""
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        part = path.with_name(path.name + ".part")
        self.record().to_csv(part, index=False, encoding="utf-8-sig")
        part.replace(path)
        return path

    # --- saved and loaded without the store ------------------------------------------------------
    def save(self, path: str | Path) -> Path:
        """Write the whole publication to one ZIP file (JSON and Parquet inside)."""
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        names = {name: f"tables/{i:03d}.parquet" for i, name in enumerate(self.tables)}
        meta = {"format": FORMAT_VERSION, "framework": self.fw.model_dump(mode="json"),
                "audit": self.audit.as_dict(), "tables": names, "meta": self.meta,
                "extras": _jsonable(self.extras)}
        part = path.with_name(path.name + ".part")
        with zipfile.ZipFile(part, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("meta.json", json.dumps(meta, ensure_ascii=False, default=str))
            archive.writestr("cells.parquet", _parquet(self.cells))
            archive.writestr("audit_frame.parquet", _parquet(self.audit_frame))
            for name, file in names.items():
                archive.writestr(file, _parquet(self.tables[name]))
        part.replace(path)
        return path

    @classmethod
    def load(cls, path: str | Path, *, read_later: bool = False) -> Publication:
        """A publication written by ``save`` (the store is not needed). ``read_later``: read
        each table, the record and the audit frame only when first asked for (a meeting's
        kernel reads a quarter of the tables and never the record: 9 MiB less in each) — for
        a file that stays as it is; it is refused if it has changed by then."""
        path = Path(path)
        try:
            with zipfile.ZipFile(path) as archive:
                meta = json.loads(archive.read("meta.json").decode("utf-8"))
                if meta.get("format") != FORMAT_VERSION:
                    raise PublicationFileError(
                        f"{path.name} : version de publication {meta.get('format')} inconnue "
                        f"(attendu {FORMAT_VERSION})", key="publication_file_version",
                        file=str(path), expected=str(FORMAT_VERSION),
                        found=str(meta.get("format")))
                stamp = _stamp(path)
                files = dict(meta["tables"])
                missing = {*RECORD_FILES.values(), *files.values()} - set(archive.namelist())
                if missing:
                    raise KeyError(f"There is no item named {sorted(missing)[0]!r} in the archive")
                tables: MutableMapping[str, pd.DataFrame] = (
                    SavedTables(path, stamp, files) if read_later else
                    {name: _read_parquet(archive.read(file)) for name, file in files.items()})
                record = {name: _read_parquet(archive.read(file)) for name, file
                          in RECORD_FILES.items() if not read_later}
        except (OSError, KeyError, zipfile.BadZipFile, json.JSONDecodeError) as exc:
            raise _unreadable(path, exc) from exc
        pub = cls(fw=parse_framework(meta["framework"], source=path.name), tables=tables,
                  cells=record.get("cells"), audit_frame=record.get("audit_frame"),
                  audit=AuditSummary.from_dict(meta["audit"]),
                  extras=_from_json(meta.get("extras", {})), meta=meta.get("meta", {}))
        if read_later:
            del pub.cells, pub.audit_frame  # read when first asked for (``__getattr__``)
            pub._source = (path, stamp)
        return pub


class SavedTables(MutableMapping[str, pd.DataFrame]):
    """The tables of a saved publication, each read from the file when first looked up."""

    def __init__(self, path: Path, stamp: tuple[int, int], files: dict[str, str]) -> None:
        self._path, self._stamp, self._files = path, stamp, files
        self._read: dict[str, pd.DataFrame] = {}

    def __getitem__(self, name: str) -> pd.DataFrame:
        if name not in self._read:
            self._read[name] = _read_member(self._path, self._stamp, self._files[name])
        return self._read[name]

    def __setitem__(self, name: str, frame: pd.DataFrame) -> None:
        self._files.setdefault(name, "")
        self._read[name] = frame

    def __delitem__(self, name: str) -> None:
        del self._files[name]
        self._read.pop(name, None)

    def __iter__(self) -> Iterator[str]:
        return iter(self._files)

    def __len__(self) -> int:
        return len(self._files)

    def prefixed(self, prefix: str) -> Mapping[str, pd.DataFrame]:
        """The tables named ``prefix…``, by the rest of their name (read when looked up)."""
        return _Prefixed(self, prefix)


class _Prefixed(Mapping[str, pd.DataFrame]):
    def __init__(self, tables: SavedTables, prefix: str) -> None:
        self._tables, self._prefix = tables, prefix

    def __getitem__(self, name: str) -> pd.DataFrame:
        return self._tables[self._prefix + name]

    def __iter__(self) -> Iterator[str]:
        n = len(self._prefix)
        return (name[n:] for name in self._tables if name.startswith(self._prefix))

    def __len__(self) -> int:
        return sum(1 for _ in self)


def _unreadable(path: Path, exc: Exception) -> PublicationFileError:
    return PublicationFileError(f"Publication illisible : {path} ({exc})",
                                key="publication_file_invalid", file=str(path))


def _stamp(path: Path) -> tuple[int, int]:
    info = path.stat()
    return info.st_mtime_ns, info.st_size


def _read_member(path: Path, stamp: tuple[int, int], member: str) -> pd.DataFrame:
    """One frame of a saved publication, from the very file that was loaded."""
    try:
        if _stamp(path) != stamp:
            raise OSError("le fichier a changé depuis son chargement")
        with zipfile.ZipFile(path) as archive:
            return _read_parquet(archive.read(member))
    except (OSError, KeyError, zipfile.BadZipFile) as exc:
        raise _unreadable(path, exc) from exc


def _parquet(frame: pd.DataFrame) -> bytes:
    buffer = io.BytesIO()
    clean = frame.copy()
    for col in clean.columns:
        if clean[col].dtype == object:
            clean[col] = clean[col].map(lambda v: v if v is None or isinstance(v, str)
                                        else (None if _nan(v) else str(v))).astype("str")
            clean.loc[frame[col].isna().to_numpy(), col] = None
    clean.columns = [str(c) for c in clean.columns]
    clean.to_parquet(buffer, index=False)
    return buffer.getvalue()


def _nan(value: Any) -> bool:
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def _read_parquet(raw: bytes) -> pd.DataFrame:
    return pd.read_parquet(io.BytesIO(raw))


def _jsonable(value: Any) -> Any:
    """Extras as JSON: frames as records, tuples as lists."""
    if isinstance(value, pd.DataFrame):
        return {"__frame__": json.loads(value.to_json(orient="split", date_format="iso"))}
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, np.generic):
        return value.item()
    return value


def _from_json(value: Any) -> Any:
    if isinstance(value, dict):
        if "__frame__" in value:
            raw = value["__frame__"]
            return pd.DataFrame(raw["data"], columns=raw["columns"])
        return {k: _from_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_from_json(v) for v in value]
    return value


__all__ = ["AuditSummary", "Publication", "PublicationFileError"]
