"""The publication of a store, built once and kept beside it until the data or the framework
change (``publication_for``): the dashboard, the reports and the command line all read the same
one, and building it (the audit solves integer programs) happens once per change of the data.

>>> pub = publication_for(Store(), load_framework())     # built, or read back when still valid
"""

from __future__ import annotations

import contextlib
import hashlib
from pathlib import Path

import pandas as pd

from workbench.config import Paths
from workbench.errors import WorkbenchError
from workbench.framework import Framework
from workbench.publication.publication import FORMAT_VERSION, Publication
from workbench.store import Dataset, Store

CACHE_SUFFIX = ".publication.zip"
# read again from the store at each use: the committee's readings change while the dashboard is
# open (saved from it), and nothing masked depends on them
LIVE_TABLES = ("readings", "member_readings")
# bump when what the publication computes changes, so that kept ones are rebuilt
CODE_VERSION = "publication-2"  # side figures, changes, composition, agreement


def dataset_digest(data: Dataset) -> str:
    """A digest of every table's content but the live ones (the same data, the same digest)."""
    digest = hashlib.sha256()
    for name in sorted(k for k in data.frames if not k.startswith("_")
                       and k not in LIVE_TABLES):
        frame = data.frames[name]
        digest.update(name.encode())
        digest.update(",".join(map(str, frame.columns)).encode())
        if len(frame):
            hashed = pd.util.hash_pandas_object(frame.astype(str), index=False).to_numpy()
            digest.update(hashed.tobytes())
    return digest.hexdigest()


def framework_digest(fw: Framework) -> str:
    return hashlib.sha256(fw.model_dump_json().encode("utf-8")).hexdigest()


def cache_path(store: Store) -> Path:
    """Where the store's publication is kept: beside the SQLite file; for a database server,
    in this machine's data folder, one file per database (named by a digest of its address)."""
    if store.path is not None:
        return Path(store.path).with_name(Path(store.path).name + CACHE_SUFFIX)
    name = hashlib.sha256(store.location.encode("utf-8")).hexdigest()[:16]
    return Paths.default().data / f"publication-{name}{CACHE_SUFFIX}"


def _key(data: Dataset, fw: Framework) -> dict[str, str]:
    return {"dataset": dataset_digest(data), "framework": framework_digest(fw),
            "code": f"{CODE_VERSION}/{FORMAT_VERSION}"}


def publication_for(store: Store | str | Path | None, fw: Framework, *,
                    data: Dataset | None = None, cache: bool = True) -> Publication:
    """The publication of ``store`` under ``fw``: read back from beside the store when it was
    built from the same data and framework, else built (and kept there when ``cache``)."""
    from workbench.publication.assemble import build_publication

    db = store if isinstance(store, Store) else Store(store)
    data = data if data is not None else db.load_dataset()
    key = _key(data, fw)
    target = cache_path(db)
    if cache and target.is_file():
        try:
            kept = Publication.load(target)
        except WorkbenchError:
            kept = None
        if kept is not None and all(kept.meta.get(k) == v for k, v in key.items()):
            return _with_live_tables(kept, data)
    pub = build_publication(data, fw, meta=key)
    if cache:
        with contextlib.suppress(OSError):  # a read-only folder: built, only not kept
            pub.save(target)
    return pub


def _with_live_tables(pub: Publication, data: Dataset) -> Publication:
    """The kept publication with the committee's readings as the store holds them now."""
    from workbench.indicators.readings import member_votes, readings_for

    pub.tables["readings"] = readings_for(data, fw=pub.fw)
    pub.tables["member_votes"] = member_votes(data, pub.fw)
    return pub


__all__ = ["CODE_VERSION", "cache_path", "dataset_digest", "framework_digest",
           "publication_for"]
