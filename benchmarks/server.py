"""A throw-away demo database and a gunicorn server on a free loopback port, for the benchmarks."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from data.core import db
from data.demo import council as demo

ROOT = Path(__file__).resolve().parent.parent


def demo_database(folder: Path) -> str:
    url = f"sqlite:///{folder / 'bench.db'}"
    eng = db.make_engine(url)
    db.upgrade(eng)
    demo.load(eng)
    eng.dispose()
    return url


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket() as s:
        s.bind((host, 0))
        return s.getsockname()[1]


def stop(proc: subprocess.Popen, grace: float = 30) -> None:
    """SIGTERM, then up to `grace` seconds to finish (gunicorn lets requests in flight end), then SIGKILL."""
    proc.terminate()
    try:
        proc.wait(grace)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(10)


@contextlib.contextmanager
def serve(database_url: str, workers: int = 2, host: str = "127.0.0.1", process: list | None = None,
          access_log: str = "/dev/null", app_module: str | None = None, stderr=None, **env_overrides):
    """Yield the base URL of gunicorn with gunicorn.conf.py (as deployed) on a free loopback port; stop it afterwards.

    Keyword arguments set environment variables for the server; None removes one (e.g. REDIS_URL=None). A list
    passed as `process` receives the gunicorn process (to stop it early); `access_log` is a path or "-";
    `app_module` serves another WSGI app with the same settings (the benchmark's floor); `stderr` an open file
    for the server's log (default: this process's stderr).
    """
    port = free_port(host)
    env = {**os.environ, "DATABASE_URL": database_url, "SECRET_KEY": "local-test-secret", "BIND": f"{host}:{port}",
           "WORKERS": str(workers), **env_overrides}
    env = {k: v for k, v in env.items() if v is not None}
    proc = subprocess.Popen([sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "--log-level", "warning",
                             "--access-logfile", access_log, *([app_module] if app_module else [])], cwd=ROOT, env=env,
                            stderr=stderr)
    if process is not None:
        process.append(proc)
    url = f"http://{host}:{port}"
    try:
        for _ in range(150):
            try:
                urllib.request.urlopen(url + "/_dash-layout", timeout=2)
                break
            except OSError:
                if proc.poll() is not None:
                    raise RuntimeError(f"gunicorn exited with status {proc.returncode}") from None
                time.sleep(0.2)
        else:
            raise RuntimeError("gunicorn did not start")
        yield url
    finally:
        stop(proc)


@contextlib.contextmanager
def gunicorn(workers: int = 2):
    """Yield the base URL of `gunicorn app:server` against a fresh demo database; stop it afterwards."""
    with tempfile.TemporaryDirectory() as tmp:
        with serve(demo_database(Path(tmp)), workers, SECRET_KEY="bench-secret") as url:
            yield url


def worker_rss_mb(master: subprocess.Popen) -> list[float]:
    """Resident memory of each gunicorn worker of a master process, in MB (Linux /proc)."""
    children = Path(f"/proc/{master.pid}/task/{master.pid}/children").read_text().split()
    sizes = []
    for pid in children:
        status = Path(f"/proc/{pid}/status").read_text()
        sizes.append(int(next(line.split()[1] for line in status.splitlines() if line.startswith("VmRSS:"))) / 1024)
    return sizes


@contextlib.contextmanager
def redis_server(folder: Path):
    """Yield the URL of a Redis of our own on a free loopback port (no persistence), stopped afterwards."""
    port = free_port()
    proc = subprocess.Popen(["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "",
                             "--appendonly", "no", "--dir", str(folder)], stdout=subprocess.DEVNULL)
    try:
        for _ in range(100):
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=0.5):
                break
            time.sleep(0.05)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        stop(proc)
