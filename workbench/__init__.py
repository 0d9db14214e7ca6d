"""workbench: a participatory evaluation workbench for French contrats de ville.

Importing the package does nothing (no files, no network, no widgets). The public API:

>>> from workbench import Store, load_framework
>>> fw = load_framework()
"""

from workbench.config import Paths
from workbench.errors import FrameworkError, ImportProblem, StoreError, WorkbenchError
from workbench.framework import Framework, install_framework, load_framework
from workbench.store import Dataset, Store

__all__ = [
    "Dataset",
    "Framework",
    "FrameworkError",
    "ImportProblem",
    "Paths",
    "Store",
    "StoreError",
    "WorkbenchError",
    "install_framework",
    "load_framework",
]
__version__ = "0.1.0"
