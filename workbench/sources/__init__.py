"""Reading raw exports (one module per format) into ``RawTable``: text cells exactly as in the
file, with the file line of every row for error messages. Sources know no database."""

from workbench.sources.grid import Grid, RawTable
from workbench.sources.read import read_grid
from workbench.sources.sniff import READERS, Reader, describe, detect
from workbench.sources.text import sniff_delimiter, sniff_encoding

read_raw = detect

__all__ = [
    "READERS",
    "Grid",
    "RawTable",
    "Reader",
    "describe",
    "detect",
    "read_grid",
    "read_raw",
    "sniff_delimiter",
    "sniff_encoding",
]
