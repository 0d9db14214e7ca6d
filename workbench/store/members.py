"""Each committee member's own reading of a lesson during a meeting (``member_readings``,
append-only: the latest row per session × lesson × member counts): the store's two methods for
them, mixed into ``Store``."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd
import sqlalchemy as sa

from workbench.store.schema import member_readings, table_columns


class MemberReadings:
    """``Store.append_member_reading`` and ``Store.member_readings``."""

    def append_member_reading(self, row: Mapping[str, Any]) -> int:
        """Append one member's reading (``member_readings`` columns but the id and the time);
        returns its id. One short transaction: forty members saving at once wait their turn."""
        return self._append(member_readings, row)

    def member_readings(self, session: str | None = None) -> pd.DataFrame:
        """The members' readings of one meeting session (every session when None), oldest
        first; an empty frame with the right columns when there is none."""
        if not self.exists():
            return pd.DataFrame(columns=table_columns("member_readings"))
        self._ensure_schema()
        query = sa.select(member_readings).order_by(member_readings.c.member_reading_id)
        if session is not None:
            query = query.where(member_readings.c.session == session)
        with self.connect() as con:
            return pd.read_sql(query, con)
