"""Every table of the store as a DataFrame, loaded once (apps, reports, indicators)."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from workbench.store.schema import table_columns


@dataclass
class Dataset:
    """Every table of the store as a DataFrame, loaded once (dashboards never re-read)."""

    frames: dict[str, pd.DataFrame] = field(default_factory=dict)

    def __getitem__(self, table: str) -> pd.DataFrame:
        frame = self.frames.get(table)
        if frame is None:
            return pd.DataFrame(columns=table_columns(table))
        return frame

    @property
    def answers(self) -> pd.DataFrame:
        """Responses joined with each respondent's group and QPV (cached)."""
        cached = self.frames.get("_answers")
        if cached is None:
            keys = ["wave", "instrument", "person_id"]
            resp = self["respondents"][[*keys, "group_id", "qpv", "organisation"]]
            cached = self["responses"].merge(resp, on=keys, how="left")
            self.frames["_answers"] = cached
        return cached
