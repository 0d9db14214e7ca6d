"""workbench: a participatory evaluation workbench for French contrats de ville.

Importing the package does nothing (no files, no network, no widgets, no submodule loaded until a
name is used). The public API:

>>> from workbench import Store, load_framework
>>> fw = load_framework()
"""

import lazy_loader as _lazy

__getattr__, __dir__, __all__ = _lazy.attach(__name__, submod_attrs={
    "config": ["Paths"],
    "errors": ["FrameworkError", "ImportProblem", "StoreError", "WorkbenchError"],
    "framework": ["Framework", "install_framework", "load_framework"],
    "store": ["Dataset", "Store"],
})
__version__ = "0.1.0"
