"""Debian's nginx for the deployment tests, on loopback and stopped afterwards: round robin over app servers on
loopback addresses of their own, with the proxy rules of deploy/proxy.conf."""

from __future__ import annotations

import contextlib
import shutil
import socket
import subprocess
import time
from pathlib import Path

from benchmarks.server import ROOT, free_port

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
PROXY_RULES = ROOT / "deploy" / "proxy.conf"   # the same rules as the compose file's proxy


def wait_for_port(host: str, port: int, seconds: float = 10.0) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError), socket.create_connection((host, port), timeout=0.5):
            return
        time.sleep(0.05)
    raise RuntimeError(f"nothing answers on {host}:{port}")


NGINX_CONF = """
worker_processes 1;
daemon off;
user root;
pid {folder}/nginx.pid;
error_log {folder}/error.log warn;
events {{ worker_connections 256; }}
http {{
    access_log {folder}/access.log;
    client_body_temp_path {folder}/body;
    proxy_temp_path {folder}/proxy;
    fastcgi_temp_path {folder}/fastcgi;
    uwsgi_temp_path {folder}/uwsgi;
    scgi_temp_path {folder}/scgi;
    upstream app {{
{servers}
    }}
    server {{
        listen 127.0.0.1:{port};
        location / {{
            proxy_pass http://app;
            include {proxy_rules};
        }}
    }}
}}
"""


@contextlib.contextmanager
def nginx(folder: Path, upstreams: list[str]):
    """Yield the URL of Debian's nginx balancing round-robin over `upstreams` (host:port), stopped afterwards."""
    folder.mkdir(parents=True, exist_ok=True)
    port = free_port()
    servers = "\n".join(f"        server {u} max_fails=1 fail_timeout=10s;" for u in upstreams)
    conf = folder / "nginx.conf"
    conf.write_text(NGINX_CONF.format(folder=folder, servers=servers, port=port, proxy_rules=PROXY_RULES))
    proc = subprocess.Popen([NGINX, "-c", str(conf), "-p", str(folder)], stderr=subprocess.PIPE)
    try:
        wait_for_port("127.0.0.1", port)
        yield f"http://127.0.0.1:{port}"
    finally:
        proc.terminate()
        proc.wait(10)
