"""Build the evaluation reports: one self-contained HTML file per QPV, plus the global one.

>>> build_reports()   # doctest: +SKIP
[PosixPath('reports/2026-11-25/rapport-global.html'), …, PosixPath('…/tableaux.xlsx')]

Each report is the template notebook ``notebooks/reports/rapport.ipynb`` executed with papermill
(parameters ``qpv``, ``store``, ``framework``, ``narrative``, ``lang``; execution timeout set),
exported with nbconvert (input cells hidden) through the ``workbench-report`` template: nbconvert's
``lab`` page without require.js, MathJax, Mermaid or the widget loader (all from CDNs), plus print
styles. plotly.js is embedded once per file by the notebook itself (the ~1.5 MB cartesian partial
bundle when it covers every figure). The evaluator's Markdown texts come from ``data/narrative/``.
A file that would load anything from the network is refused (``external_urls``).

Every figure comes from the store's publication, built once and audited first: when the
attacker's arithmetic recovers a masked cell, nothing is written (``PublicationAuditError``).
The tables go to ``tableaux.xlsx`` and the record of every published cell to
``publication.csv``, beside the files.
"""

from __future__ import annotations

import datetime as dt
import re
import tempfile
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import TYPE_CHECKING

from workbench.config import DEFAULT_FRAMEWORK, PACKAGE_DIR, Paths
from workbench.errors import FrameworkError, StoreError, WorkbenchError
from workbench.i18n import language, resolve_language, t

if TYPE_CHECKING:
    from workbench.publication import Publication

ALL = "*"
JUPYTER_ASSETS = PACKAGE_DIR / "assets" / "jupyter"
REPORT_TEMPLATE = "workbench-report"
REPORT_CSS = PACKAGE_DIR / "assets" / "report.css"
REMOVED_TAGS = {"remove", "parameters", "injected-parameters"}  # cells left out of the page
EXECUTION_TIMEOUT = 600  # seconds per cell
Progress = Callable[[int, int, str], None]

_REMOTE = re.compile(r"^\s*(?:https?:)?//", re.IGNORECASE)
_CSS_URL = re.compile(r"""(?:url\(\s*["']?|@import\s+["'])((?:https?:)?//[^"'\s)]+)""",
                      re.IGNORECASE)
_FETCHING_ATTRIBUTES = {"src", "href", "srcset", "poster", "data", "action", "formaction",
                        "xlink:href", "background", "manifest"}


PUBLICATION_CSV = "publication.csv"


class PublicationAuditError(WorkbenchError, RuntimeError):
    """The publication would let a reader recover a masked figure: nothing is written."""

    key = "audit_failed"


class _FetchFinder(HTMLParser):
    """Collects what a browser would fetch: attributes of every tag (``<a href>`` excepted: a
    link is only followed on click), CSS in ``<style>`` and ``style=``; script text is skipped
    (plotly.js holds attribution links in strings)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: set[str] = set()
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._in_style = tag == "style"
        for name, value in attrs:
            if not value:
                continue
            if name == "style":
                self.found.update(_CSS_URL.findall(value))
            elif name in _FETCHING_ATTRIBUTES and tag != "a":
                urls = [u.strip().split(" ")[0] for u in value.split(",")] if name == "srcset" \
                    else [value]
                self.found.update(u.strip() for u in urls if _REMOTE.match(u))

    def handle_endtag(self, tag: str) -> None:
        if tag == "style":
            self._in_style = False

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.found.update(_CSS_URL.findall(data))


@dataclass(frozen=True)
class ReportJob:
    """One report to write: which QPV (``*`` = the whole territory), from what, to where."""

    qpv: str
    output: Path
    store: str
    framework: str
    lang: str
    template: str
    timeout: int = EXECUTION_TIMEOUT
    narrative: str | None = None  # folder of the evaluator's Markdown texts
    inputs: str | None = None  # the build's publication, saved (report.inputs)


def template_notebook(paths: Paths | None = None) -> Path:
    """The report template: the project's ``notebooks/reports/rapport.ipynb``, else the repo's."""
    paths = paths or Paths.default()
    for folder in (paths.notebooks, PACKAGE_DIR.parent / "notebooks"):
        candidate = folder / "reports" / "rapport.ipynb"
        if candidate.is_file():
            return candidate
    raise WorkbenchError(t("report.no_template"), key="report_template_missing",
                         file="notebooks/reports/rapport.ipynb")


def report_filename(qpv: str) -> str:
    return "rapport-global.html" if qpv == ALL else f"rapport-{qpv}.html"


def external_urls(markup: str) -> list[str]:
    """Every URL the page would fetch from a network (``http(s)://`` or ``//host``)."""
    finder = _FetchFinder()
    finder.feed(markup)
    finder.close()
    return sorted(finder.found)


def text_progress(done: int, total: int, label: str) -> None:
    """A plain progress line for the command line (``[2/5] rapport-tilleuls.html``)."""
    width = 20
    filled = round(width * done / total) if total else width
    print(f"[{'#' * filled}{'.' * (width - filled)}] {done}/{total} {label}", flush=True)


# --- one report -----------------------------------------------------------------------------------
def execute_template(job: ReportJob):
    """Run the template with papermill; returns the executed notebook (nothing written)."""
    import papermill

    parameters = {"qpv": job.qpv, "store": job.store, "framework": job.framework,
                  "narrative": job.narrative, "inputs": job.inputs, "lang": job.lang}
    try:
        return papermill.execute_notebook(
            job.template, None, parameters=parameters, progress_bar=False, log_output=False,
            execution_timeout=job.timeout, cwd=str(Path(job.template).parent),
            extra_arguments=["--IPKernelApp.log_level=CRITICAL"],  # no kernel chatter on stderr
        )
    except Exception as exc:  # papermill's error carries the kernel's ename/evalue
        detail = f"{getattr(exc, 'ename', type(exc).__name__)}: {getattr(exc, 'evalue', exc)}"
        raise WorkbenchError(
            t("report.failed", name=report_filename(job.qpv), detail=detail[:600]),
            key="report_execution_failed", file=job.template, found=detail[:200],
        ) from exc


def export_html(notebook, *, title: str, lang: str = "fr") -> str:
    """The executed notebook as one HTML page: inputs, prompts, stderr and removed cells gone."""
    from nbconvert import HTMLExporter
    from nbconvert.preprocessors import TagRemovePreprocessor

    for cell in notebook.cells:
        if cell.get("cell_type") == "code":
            cell["outputs"] = [o for o in cell.get("outputs", [])
                               if not (o.get("output_type") == "stream"
                                       and o.get("name") == "stderr")]
    notebook.metadata["title"] = title
    exporter = HTMLExporter(
        template_name=REPORT_TEMPLATE,
        extra_template_basedirs=[str(JUPYTER_ASSETS / "nbconvert" / "templates")],
        exclude_input=True, exclude_input_prompt=True, exclude_output_prompt=True,
    )
    exporter.register_preprocessor(
        TagRemovePreprocessor(remove_cell_tags=REMOVED_TAGS, enabled=True), enabled=True)
    resources = {"workbench_css": REPORT_CSS.read_text(encoding="utf-8"), "language_code": lang}
    markup, _ = exporter.from_notebook_node(notebook, resources=resources)
    return markup


def render_report(job: ReportJob) -> Path:
    """Execute, export, check it is offline, write (in the job's language). Returns the file."""
    with language(job.lang):
        return _render(job)


def _render(job: ReportJob) -> Path:
    notebook = execute_template(job)
    place = (t("report.whole_territory") if job.qpv == ALL
             else _qpv_name(job.framework, job.qpv))
    markup = export_html(notebook, title=f"{t('report.title')} : {place}", lang=job.lang)
    loaded = external_urls(markup)
    if loaded:
        raise WorkbenchError(t("report.not_offline", name=job.output.name, urls=", ".join(loaded)),
                             key="report_not_offline", file=str(job.output), found=loaded[0])
    job.output.parent.mkdir(parents=True, exist_ok=True)
    tmp = job.output.with_suffix(".html.part")
    tmp.write_text(markup, encoding="utf-8")
    tmp.replace(job.output)
    return job.output


def _qpv_name(framework: str, qpv: str) -> str:
    from workbench.framework import load_framework

    return load_framework(framework).qpv(qpv).name


# --- all reports ----------------------------------------------------------------------------------
def build_reports(
    paths: Paths | None = None,
    *,
    qpvs: Iterable[str] | None = None,
    out_dir: str | Path | None = None,
    progress: Progress | None = None,
    workers: int = 1,
    timeout: int = EXECUTION_TIMEOUT,
    lang: str | None = None,
) -> list[Path]:
    """Write ``rapport-global.html`` and one ``rapport-<qpv>.html`` per QPV (or only ``qpvs``;
    ``"*"`` names the global one) into ``reports/<YYYY-MM-DD>/``, then ``tableaux.xlsx`` and
    ``publication.csv``. Refuses (``PublicationAuditError``, nothing written) when the audit of
    the publication fails.

    ``workers`` > 1 runs that many reports at a time in worker processes.
    Returns the HTML files (in order) followed by the workbook and the record.
    """
    from workbench.framework import load_framework
    from workbench.publication import publication_for
    from workbench.store import Store

    paths = paths or Paths.default()
    framework = paths.framework if paths.framework.is_file() else DEFAULT_FRAMEWORK
    fw = load_framework(framework)
    lang = resolve_language(lang, fw.language)
    wanted = [ALL, *fw.qpv_ids] if qpvs is None else list(dict.fromkeys(qpvs))
    unknown = [q for q in wanted if q != ALL and q not in fw.qpv_ids]
    if unknown:
        raise FrameworkError(
            t("report.unknown_qpv", found=", ".join(unknown), expected=", ".join(fw.qpv_ids)),
            key="report_unknown_qpv", column="qpv", expected=", ".join(fw.qpv_ids),
            found=unknown[0])
    store = Store(paths.store)
    if not store.exists():
        raise StoreError(t("report.no_store", path=store.location), key="report_store_missing",
                         file=store.location)
    out = Path(out_dir) if out_dir else paths.reports / dt.date.today().isoformat()
    template = str(template_notebook(paths))
    with language(lang):  # the workbook and the figures shared by the kernels
        # every table masked together and audited ONCE, read back by each kernel
        pub = publication_for(Store(paths.store), fw)
        if not pub.audit.passed:
            raise PublicationAuditError(t("report.audit_failed", summary=pub.audit.summary),
                                        key="audit_failed", found=pub.audit.summary)
        with tempfile.TemporaryDirectory(prefix="workbench-report-") as tmp:
            saved = pub.save(Path(tmp) / "publication.zip")
            jobs = [ReportJob(qpv=q, output=out / report_filename(q), store=str(paths.store),
                              framework=str(framework), lang=lang, template=template,
                              timeout=timeout, narrative=str(paths.narrative),
                              inputs=str(saved))
                    for q in wanted]
            written = _run_jobs(jobs, progress=progress, workers=workers)
        written.append(write_tables(pub, out / "tableaux.xlsx", qpvs=wanted))
        written.append(pub.write_csv(out / PUBLICATION_CSV))
    return written


def _run_jobs(jobs: list[ReportJob], *, progress: Progress | None, workers: int) -> list[Path]:
    done: dict[int, Path] = {}
    if workers <= 1 or len(jobs) <= 1:
        for i, job in enumerate(jobs):
            done[i] = render_report(job)
            if progress:
                progress(len(done), len(jobs), job.output.name)
        return [done[i] for i in range(len(jobs))]
    with ProcessPoolExecutor(max_workers=min(workers, len(jobs))) as pool:
        futures = {pool.submit(render_report, job): i for i, job in enumerate(jobs)}
        for future in as_completed(futures):
            done[futures[future]] = future.result()
            if progress:
                progress(len(done), len(jobs), done[futures[future]].name)
    return [done[i] for i in range(len(jobs))]


def write_tables(pub: Publication, target: Path, *,
                 qpvs: Iterable[str] | None = None) -> Path:
    """Every indicator's published cells (masked ones stay masked) and the sections' tables
    into one XLSX workbook."""
    from workbench.exports.tables import tables_workbook

    return tables_workbook(pub, target, qpvs=qpvs)
