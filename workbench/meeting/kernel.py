"""The kernel a served dashboard runs: IPython's kernel without its debugger.

ipykernel starts a debugger (debugpy and its pydevd bundle, ~110 modules) in every kernel when
debugpy is installed — JupyterLab installs it. A Voilà page has no way to use it, and a meeting
runs twenty to forty kernels: 6.6 MiB more in each (measured on the demo's meeting kernel). The
server (``workbench.serve``: ``make dashboard`` and ``--reunion``) names
``DashboardKernelSpecManager``, which starts the native Python kernel as
``python -m workbench.meeting.kernel -f …``; this module then runs ipykernel with debugpy made
unimportable, which ipykernel reads as "no debugger" (``kernel_info`` says so). Notebooks
opened in JupyterLab keep their debugger: this is only the served dashboards' kernel spec.
"""

from __future__ import annotations

import sys

from jupyter_client.kernelspec import NATIVE_KERNEL_NAME, KernelSpec, KernelSpecManager

STOCK_MODULE = "ipykernel_launcher"
MODULE = "workbench.meeting.kernel"


class DashboardKernelSpecManager(KernelSpecManager):
    """Jupyter's kernel specs, the native Python one started by ``workbench.meeting.kernel``."""

    def get_kernel_spec(self, kernel_name: str) -> KernelSpec:
        spec = super().get_kernel_spec(kernel_name)
        if kernel_name == NATIVE_KERNEL_NAME:
            spec.argv = dashboard_argv(spec.argv)
        return spec


def dashboard_argv(argv: list[str]) -> list[str]:
    """``[python, -m, ipykernel_launcher, …]`` with this module instead; any other command
    (a kernel spec someone wrote) as it is."""
    if len(argv) >= 3 and argv[1:3] == ["-m", STOCK_MODULE]:
        return [argv[0], "-m", MODULE, *argv[3:]]
    return list(argv)


def main() -> None:
    """Run ipykernel's kernel application without the debugger."""
    sys.modules["debugpy"] = None  # type: ignore[assignment]  # import debugpy → ImportError
    from ipykernel import kernelapp

    kernelapp.launch_new_instance()


if __name__ == "__main__":
    main()
