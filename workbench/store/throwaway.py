"""A throwaway PostgreSQL server in a temporary directory, for the tests, the benchmarks and
the comparison of both backends (never for a team's data: it is deleted when stopped).

Works as a normal user and as root. PostgreSQL's initdb/pg_ctl/postgres refuse to run as
root, so when euid == 0 the binaries are run as the ``postgres`` system user (created by
Debian's ``postgresql-common``) through ``subprocess``'s ``user=``/``group=`` arguments
(no ``su``/``runuser``/PAM needed), and the temporary directory is chowned to that user.

The server listens on a Unix socket only (``listen_addresses=''``) inside its own temp
dir: no TCP port to pick, no clash with another run or with Debian's own cluster on 5432.
Connect with ``host=<socket dir>`` (libpq, psycopg, ADBC) or
``postgresql+psycopg://postgres@/db?host=<socket dir>`` (SQLAlchemy).
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

NEEDED = ("initdb", "pg_ctl", "postgres")


class PostgresUnavailable(RuntimeError):
    """The server binaries (or, as root, the ``postgres`` user) are missing."""


def find_bindir() -> Path:
    """Directory holding initdb, pg_ctl and postgres, or PostgresUnavailable.

    Order: $WORKBENCH_PG_BINDIR; ``pg_config --bindir`` (Debian's postgresql-common
    wrapper answers /usr/lib/postgresql/<newest>/bin); the newest
    /usr/lib/postgresql/*/bin (Debian/Ubuntu, pg_ctl is not on PATH there);
    /usr/pgsql-*/bin (RHEL); then PATH (Homebrew, Nix, conda).
    """
    candidates: list[str] = []
    if os.environ.get("WORKBENCH_PG_BINDIR"):
        candidates.append(os.environ["WORKBENCH_PG_BINDIR"])
    pg_config = shutil.which("pg_config")
    if pg_config:
        try:
            out = subprocess.run(
                [pg_config, "--bindir"], capture_output=True, text=True, timeout=10, check=True
            )
            candidates.append(out.stdout.strip())
        except (OSError, subprocess.SubprocessError):
            pass

    def version_key(path: str) -> tuple[int, ...]:
        digits = "".join(c if c.isdigit() else " " for c in path).split()
        return tuple(int(d) for d in digits)

    for pattern in ("/usr/lib/postgresql/*/bin", "/usr/pgsql-*/bin"):
        candidates += sorted(glob.glob(pattern), key=version_key, reverse=True)
    on_path = shutil.which("pg_ctl")
    if on_path:
        candidates.append(str(Path(on_path).resolve().parent))
    for cand in candidates:
        if all(os.access(os.path.join(cand, exe), os.X_OK) for exe in NEEDED):
            return Path(cand)
    raise PostgresUnavailable(
        "PostgreSQL server binaries (initdb, pg_ctl, postgres) not found "
        f"(looked in {candidates or 'nothing: no pg_config, no /usr/lib/postgresql/*/bin'}); "
        "install them (Debian: apt-get install postgresql) or set WORKBENCH_PG_BINDIR"
    )


@dataclass
class TempPostgres:
    """``with TempPostgres() as pg: pg.url("postgres")`` — started on enter, removed on exit."""

    server_options: dict[str, str] = field(default_factory=dict)
    fast_unsafe: bool = True  # fsync=off etc.: fine for tests, not for benchmarks
    port: int = 5432  # only names the socket file; nothing listens on TCP
    bindir: Path | None = None
    root: Path | None = None
    timings: dict[str, float] = field(default_factory=dict)

    # -- running the binaries -------------------------------------------------------------
    def _run_as(self) -> dict:
        if os.geteuid() != 0:
            return {}
        try:
            pw = pwd.getpwnam("postgres")
        except KeyError as exc:
            raise PostgresUnavailable(
                "running as root and there is no 'postgres' user to run the server as "
                "(Debian's postgresql-common creates it)"
            ) from exc
        return {"user": pw.pw_uid, "group": pw.pw_gid, "extra_groups": []}

    def _run(self, *args: str, timeout: float = 60) -> None:
        assert self.bindir is not None and self.root is not None
        proc = subprocess.run(
            [str(self.bindir / args[0]), *args[1:]],
            cwd=self.root,  # postgres may not be allowed into the caller's cwd
            env={**os.environ, "LC_ALL": "C.UTF-8", "LANG": "C.UTF-8", "PGTZ": "UTC"},
            capture_output=True,
            text=True,
            timeout=timeout,
            **self._run_as(),
        )
        if proc.returncode != 0:
            log = self.root / "server.log"
            tail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
            raise RuntimeError(
                f"{' '.join(args[:2])} failed ({proc.returncode}): "
                f"{proc.stderr.strip() or proc.stdout.strip()}\n{tail}"
            )

    # -- lifecycle ------------------------------------------------------------------------
    def start(self) -> TempPostgres:
        self.bindir = self.bindir or find_bindir()
        run_as = self._run_as()  # fail early (as root without a postgres user)
        # short path: the socket path must stay under 107 bytes
        parent = tempfile.gettempdir()
        if run_as and not os.stat(parent).st_mode & 0o001:
            parent = "/tmp"  # root's $TMPDIR may be closed to the postgres user
        self.root = Path(tempfile.mkdtemp(prefix="wb-pg-", dir=parent))
        if run_as:
            os.chown(self.root, run_as["user"], run_as["group"])
        data = self.root / "data"
        t0 = time.perf_counter()
        self._run(
            "initdb", "-D", str(data), "-U", "postgres", "--auth=trust", "-E", "UTF8",
            "--locale=C.UTF-8", "--no-sync",
        )
        t1 = time.perf_counter()
        opts = {"listen_addresses": "''", "unix_socket_directories": f"'{self.root}'"}
        if self.fast_unsafe:
            opts |= {"fsync": "off", "synchronous_commit": "off", "full_page_writes": "off"}
        opts |= self.server_options
        o = " ".join(f"-c {k}={v}" for k, v in opts.items())
        self._run(
            "pg_ctl", "start", "-w", "-t", "60", "-D", str(data), "-l",
            str(self.root / "server.log"), "-o", f"-p {self.port} {o}",
        )
        t2 = time.perf_counter()
        self.timings = {"initdb_s": t1 - t0, "start_s": t2 - t1}
        return self

    def stop(self) -> None:
        if self.root is None:
            return
        t0 = time.perf_counter()
        try:
            if (self.root / "data" / "postmaster.pid").exists():
                self._run("pg_ctl", "stop", "-w", "-m", "fast", "-D", str(self.root / "data"))
        finally:
            shutil.rmtree(self.root, ignore_errors=True)
            self.timings["stop_s"] = time.perf_counter() - t0
            self.root = None

    def __enter__(self) -> TempPostgres:
        try:
            return self.start()
        except BaseException:
            self.stop()
            raise

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- connecting -----------------------------------------------------------------------
    @property
    def host(self) -> str:
        return str(self.root)

    def url(self, dbname: str = "postgres") -> str:
        """The ``WORKBENCH_STORE`` of database ``dbname`` on this server."""
        return f"postgresql://postgres@/{dbname}?host={self.root}&port={self.port}"

    def create_database(self, dbname: str) -> str:
        """A new empty database (``CREATE DATABASE … TEMPLATE template0``); returns its URL."""
        self._admin(f'CREATE DATABASE "{dbname}" TEMPLATE template0')
        return self.url(dbname)

    def drop_database(self, dbname: str) -> None:
        self._admin(f'DROP DATABASE IF EXISTS "{dbname}" WITH (FORCE)')

    def _admin(self, statement: str) -> None:
        import psycopg

        with psycopg.connect(self.conninfo("postgres"), autocommit=True) as con:
            con.execute(statement)

    def conninfo(self, dbname: str = "postgres") -> str:
        return f"host={self.root} port={self.port} user=postgres dbname={dbname}"
