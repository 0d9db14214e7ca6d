"""Benchmark: build every evaluation report of the demo territory; time and size against goals.

In a tmp WORKBENCH_HOME (demo store built first, not timed), measures in the same run:

* the baseline: a bare notebook (the parameters cell and one ``print``) executed and
  exported through the same path as a report (``workbench.report.build.execute_template`` =
  papermill with its timeout, then ``export_html`` = nbconvert with the report template);
* ``workbench.report.build.build_reports`` (global report + one per QPV + the XLSX of tables).

Prints one figure per line (total seconds against the 60 s goal, largest file against 5 MB, the
ratio to the baseline per report) and exits 0 whether the goals are met or missed.

    .venv/bin/python bench/reports_bench.py [--workers 1]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

TOTAL_GOAL_S = 60.0
SIZE_GOAL_MB = 5.0


def _bare_notebook(folder: Path) -> Path:
    import nbformat

    notebook = nbformat.v4.new_notebook()
    parameters = nbformat.v4.new_code_cell(
        'qpv = "*"\nstore = None\nframework = None\nnarrative = None\ninputs = None\nlang = "fr"')
    parameters.metadata["tags"] = ["parameters"]
    notebook.cells = [parameters, nbformat.v4.new_code_cell("print('rapport vide')")]
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                       "language": "python"}
    path = folder / "bare.ipynb"
    nbformat.write(notebook, path)
    return path


def baseline_seconds(folder: Path, store: Path, framework: Path) -> float:
    """Execute + export a bare notebook exactly as a report is."""
    from workbench.report.build import ReportJob, execute_template, export_html

    job = ReportJob(qpv="*", output=folder / "bare.html", store=str(store),
                    framework=str(framework), lang="fr", template=str(_bare_notebook(folder)))
    start = time.perf_counter()
    export_html(execute_template(job), title="bare")
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=1, help="report worker processes")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="reports-bench-") as tmp:
        home = Path(tmp)
        os.environ["WORKBENCH_HOME"] = str(home)
        os.environ["WORKBENCH_SECRET_FILE"] = str(home / "secret.key")
        os.environ.pop("WORKBENCH_STORE", None)
        from workbench.config import Paths
        from workbench.demo.build import run_demo
        from workbench.report.build import build_reports

        paths = Paths(home)
        run_demo(paths)
        bare = baseline_seconds(home, paths.store, paths.framework)
        start = time.perf_counter()
        written = build_reports(paths, out_dir=home / "reports", workers=args.workers)
        total = time.perf_counter() - start
        pages = [p for p in written if p.suffix == ".html"]
        sizes = {p.name: p.stat().st_size / 1e6 for p in pages}
        largest = max(sizes.values()) if sizes else float("nan")
        per_report = total / len(pages) if pages else float("nan")
        print(f"reports written: {len(pages)} HTML + {len(written) - len(pages)} XLSX "
              f"(workers {args.workers})")
        for name, size in sizes.items():
            print(f"report size MB {name}: {size:.2f}")
        print(f"reports total seconds: {total:.1f} "
              f"(goal {TOTAL_GOAL_S:.0f}, {'met' if total <= TOTAL_GOAL_S else 'missed'})")
        print(f"largest report MB: {largest:.2f} "
              f"(goal {SIZE_GOAL_MB:.0f}, {'met' if largest <= SIZE_GOAL_MB else 'missed'})")
        print(f"bare notebook seconds (execute + export, same path): {bare:.1f}")
        print(f"seconds per report: {per_report:.1f}")
        print(f"ratio per report to the bare notebook: {per_report / bare:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
