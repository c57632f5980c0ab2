"""A PostgreSQL server of a test's own (initdb and pg_ctl from /usr/lib/postgresql/*/bin) on a free loopback port
and a temporary data directory, for tests that stop and start the database. The shared server on 5432 is never
touched. initdb refuses to run as root, so as root the cluster runs as the `postgres` account."""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
import subprocess
import tempfile
import time

from benchmarks.server import free_port


def _bin(name: str) -> str:
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    if not found:
        raise RuntimeError(f"no {name} under /usr/lib/postgresql/*/bin")
    return found[-1]


class Cluster:
    def __init__(self, folder: str, port: int):
        self.folder, self.port, self.data = folder, port, os.path.join(folder, "data")
        self.url = f"postgresql+psycopg://postgres@127.0.0.1:{port}/postgres"

    def _run(self, *args: str) -> None:
        command = list(args)
        if os.geteuid() == 0:
            command = ["runuser", "-u", "postgres", "--", *command]
        subprocess.run(command, check=True, capture_output=True, timeout=120)

    def start(self) -> None:
        self._run(_bin("pg_ctl"), "-D", self.data, "-l", os.path.join(self.folder, "log"), "-w", "-t", "60",
                  "-o", f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=off", "start")

    def stop(self) -> None:
        self._run(_bin("pg_ctl"), "-D", self.data, "-m", "fast", "-w", "stop")


@contextlib.contextmanager
def own_postgres():
    """Yield a started Cluster (`.url`, `.stop()`, `.start()`); stopped and removed afterwards."""
    folder = tempfile.mkdtemp(prefix="own-pg-")
    os.chmod(folder, 0o755)
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres", "postgres")
    cluster = Cluster(folder, free_port())
    cluster._run(_bin("initdb"), "-D", cluster.data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync")
    cluster.start()
    try:
        yield cluster
    finally:
        with contextlib.suppress(subprocess.SubprocessError):
            cluster.stop()
        time.sleep(0.1)
        shutil.rmtree(folder, ignore_errors=True)
