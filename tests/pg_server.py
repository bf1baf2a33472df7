"""The PostgreSQL server the suite's PostgreSQL half runs against, and a fresh database per test.

QTRACK_TEST_PG_URL names a server to use (a role that may CREATE DATABASE); otherwise, where
PostgreSQL's programs are installed (Debian's `postgresql` package), the suite starts a private
cluster of its own in a temporary folder, listening on a Unix socket there and on no TCP port,
and removes it at the end. initdb refuses to run as root, so as root the cluster belongs to the
`postgres` user. Without either, the PostgreSQL half is skipped, and says how to run it.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import subprocess
import tempfile
import urllib.parse
from pathlib import Path

HOW_TO_RUN = ("PostgreSQL half skipped: no server. Install PostgreSQL (Debian: apt-get install postgresql) "
              "and the driver (pip install -e '.[test]'), or set QTRACK_TEST_PG_URL=postgresql://USER@HOST/DB "
              "(a role that may create databases); then the same pytest command runs both halves")


def bindir() -> Path | None:
    """The folder holding initdb and pg_ctl: on PATH, else Debian's /usr/lib/postgresql/N/bin."""
    on_path = shutil.which("pg_ctl")
    if on_path:
        return Path(on_path).parent
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"), key=lambda p: int(Path(p).parts[-3]))
    return Path(found[-1]).parent if found else None


class Cluster:
    """A throwaway cluster: trust authentication on a socket in its own folder, made for speed
    (no fsync: nothing in it outlives the run)."""

    def __init__(self, bin_dir: Path):
        self.bin = bin_dir
        # As root, in /tmp itself: the postgres user must reach it, whatever TMPDIR says.
        self.root = Path(tempfile.mkdtemp(prefix="qtrack-pg-", dir="/tmp" if os.geteuid() == 0 else None))
        self.data, self.socket = self.root / "data", self.root / "socket"
        self.socket.mkdir()
        self.port = 5432 + os.getpid() % 1000  # only names the socket file; there is no TCP listener
        self.as_user: list[str] = []
        if os.geteuid() == 0:
            owner = pwd.getpwnam("postgres")
            for path in (self.root, self.socket):
                os.chown(path, owner.pw_uid, owner.pw_gid)
            self.as_user = ["runuser", "-u", "postgres", "--"]

    def _run(self, *args: str) -> None:
        done = subprocess.run([*self.as_user, *args], capture_output=True, text=True)
        if done.returncode:
            raise RuntimeError(f"{' '.join(args)} failed:\n{done.stdout}{done.stderr}")

    def start(self) -> str:
        self._run(str(self.bin / "initdb"), "-D", str(self.data), "-U", "postgres", "-A", "trust",
                  "-E", "UTF8", "--locale=C.UTF-8", "--no-sync")
        options = (f"-k {self.socket} -p {self.port} -c listen_addresses='' -c fsync=off "
                   "-c synchronous_commit=off -c full_page_writes=off -c max_connections=200")
        self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-l", str(self.root / "server.log"),
                  "-o", options, "-w", "start")
        return f"postgresql://postgres@/postgres?host={urllib.parse.quote(str(self.socket), safe='/')}&port={self.port}"

    def restart(self) -> None:
        """Stop and start again: the server's buffers emptied, so that what is read next comes
        from the files (a test damages a file under the server)."""
        self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-l", str(self.root / "server.log"),
                  "-m", "fast", "-w", "restart")

    def stop(self) -> None:
        try:
            self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "-w", "stop")
        finally:
            shutil.rmtree(self.root, ignore_errors=True)


def with_database(url: str, name: str) -> str:
    """The same server and role as `url`, database `name`."""
    parts = urllib.parse.urlsplit(url)
    return urllib.parse.urlunsplit(parts._replace(path="/" + name))


class Databases:
    """Makes an empty database per test on the server at `url` and drops it afterwards."""

    def __init__(self, url: str, cluster: Cluster | None = None):
        self.url, self.cluster = url, cluster
        self._connect()
        self.count = 0

    def _connect(self) -> None:
        import psycopg2

        self.admin = psycopg2.connect(self.url)
        self.admin.autocommit = True

    def restart(self) -> None:
        """Restart the suite's own cluster (see Cluster.restart); only for a cluster it started."""
        self.admin.close()
        self.cluster.restart()
        self._connect()

    def create(self, *, template: str | None = None) -> str:
        """A new database: empty, or a copy of the database at the URL `template` (which must have
        no connection open)."""
        self.count += 1
        name = f"qtrack_test_{os.getpid()}_{self.count}"
        source = urllib.parse.urlsplit(template).path.lstrip("/") if template else "template0"
        with self.admin.cursor() as cur:
            cur.execute(f'CREATE DATABASE "{name}" TEMPLATE "{source}" ENCODING UTF8')
        return with_database(self.url, name)

    def drop(self, url: str) -> None:
        name = urllib.parse.urlsplit(url).path.lstrip("/")
        with self.admin.cursor() as cur:
            cur.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def close(self) -> None:
        self.admin.close()
