"""The production stack on loopback, for the tests and bench/bench_load.py: gunicorn as
docs/deploy.md says, nginx with deploy/nginx/site.conf, and a scratch PostgreSQL cluster with a
streaming replica (scripts/localdb.sh and scripts/replica.sh with LOCALDB_VAR). Every port is
chosen free at run time; every process is stopped by its owner."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from resourcemap.env import read_env_file

ROOT = Path(__file__).resolve().parent.parent
NGINX = "/usr/sbin/nginx"
SITE_CONF = ROOT / "deploy" / "nginx" / "site.conf"
FALLBACK_DIR = ROOT / "deploy" / "fallback"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_http(url: str, seconds: float = 30, statuses: tuple[int, ...] = (200,)) -> None:
    deadline = time.monotonic() + seconds
    last = "no answer"
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 - loopback only
                if response.status in statuses:
                    return
                last = str(response.status)
        except urllib.error.HTTPError as exc:
            if exc.code in statuses:
                return
            last = str(exc.code)
        except OSError as exc:
            last = str(exc)
        time.sleep(0.2)
    raise RuntimeError(f"{url} did not answer {statuses} within {seconds} s (last: {last})")


class Gunicorn:
    """gunicorn with the documented command (sync workers) on a free loopback port."""

    def __init__(self, env: dict[str, str], workers: int = 2, timeout: int = 30, threads: int = 1) -> None:
        self.port = free_port()
        self.env = env
        self.workers = workers
        self.timeout = timeout
        self.threads = threads  # above 1: gunicorn's gthread workers (the connection-pool test)
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> Gunicorn:
        gunicorn = Path(sys.executable).with_name("gunicorn")
        self.process = subprocess.Popen(
            [str(gunicorn), "resourcemap.wsgi:application", "--bind", f"127.0.0.1:{self.port}",
             "--workers", str(self.workers), "--timeout", str(self.timeout), "--threads", str(self.threads)],
            cwd=ROOT, env=self.env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
        )
        wait_for_http(self.url + "/healthz", statuses=(200, 503))
        return self

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=30)
        self.process = None


def nginx_conf(prefix: Path, listen_port: int, upstream_port: int, static_root: Path, tiles_root: Path) -> Path:
    """deploy/nginx/site.conf with its documented /srv paths pointed at local directories, in a
    minimal nginx.conf of its own (pid, logs and temp files under `prefix`)."""
    site = SITE_CONF.read_text(encoding="utf-8")
    site = (site.replace("/srv/resourcemap/static/", f"{static_root}/")
                .replace("/srv/resourcemap/tiles/", f"{tiles_root}/")
                .replace("/srv/resourcemap/fallback/", f"{FALLBACK_DIR}/"))
    (prefix / "site.conf").write_text(site, encoding="utf-8")
    for sub in ("cache", "tmp", "logs"):
        (prefix / sub).mkdir(parents=True, exist_ok=True)
    # As root, workers keep root's identity so they can read the test's private temp directories.
    user = "user root;\n" if os.geteuid() == 0 else ""
    conf = f"""{user}worker_processes 1;
pid {prefix}/nginx.pid;
error_log {prefix}/logs/error.log warn;
events {{ worker_connections 512; }}
http {{
    include /etc/nginx/mime.types;
    client_body_temp_path {prefix}/tmp/body;
    proxy_temp_path {prefix}/tmp/proxy;
    fastcgi_temp_path {prefix}/tmp/fastcgi;
    uwsgi_temp_path {prefix}/tmp/uwsgi;
    scgi_temp_path {prefix}/tmp/scgi;
    log_format resourcemap '$remote_addr "$request_method $uri" $status cache=$upstream_cache_status';
    access_log {prefix}/logs/access.log resourcemap;
    proxy_cache_path {prefix}/cache levels=1:2 keys_zone=resourcemap:10m max_size=100m inactive=1h use_temp_path=off;
    upstream resourcemap_app {{ server 127.0.0.1:{upstream_port} max_fails=0; keepalive 16; }}
    server {{
        listen 127.0.0.1:{listen_port};
        server_name localhost;
        include {prefix}/site.conf;
    }}
}}
"""
    path = prefix / "nginx.conf"
    path.write_text(conf, encoding="utf-8")
    return path


class Nginx:
    def __init__(self, prefix: Path, upstream_port: int, static_root: Path, tiles_root: Path) -> None:
        self.prefix = prefix
        self.port = free_port()
        self.conf = nginx_conf(prefix, self.port, upstream_port, static_root, tiles_root)
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> Nginx:
        check = subprocess.run([NGINX, "-t", "-p", str(self.prefix), "-c", str(self.conf)],
                               capture_output=True, text=True, check=False)
        if check.returncode != 0:
            raise RuntimeError(f"nginx -t failed: {check.stderr}")
        self.process = subprocess.Popen(
            [NGINX, "-p", str(self.prefix), "-c", str(self.conf), "-g", "daemon off;"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        wait_for_http(self.url + "/_fallback/index.html")
        return self

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGQUIT)  # graceful: finish open requests
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None


class ScratchCluster:
    """A primary and its streaming replica, started by the project's own scripts in a state
    directory of their own (LOCALDB_VAR), so stopping this primary disturbs nothing else."""

    def __init__(self, state_dir: Path) -> None:
        self.state_dir = state_dir
        self.env = dict(os.environ, LOCALDB_VAR=str(state_dir))

    def script(self, name: str, *args: str) -> str:
        result = subprocess.run(["bash", str(ROOT / "scripts" / name), *args], env=self.env,
                                capture_output=True, text=True, check=False, timeout=180)
        if result.returncode != 0:
            raise RuntimeError(f"scripts/{name} {' '.join(args)} failed: {result.stdout}{result.stderr}"
                               f"{self.server_logs()}")
        return result.stdout

    def server_logs(self, lines: int = 30) -> str:
        """The end of each server's log: why a server did not start, kept in the error because
        destroy() deletes the data directories the logs live in."""
        text = ""
        for link in ("pgdata", "replica-data"):
            log = self.state_dir / link / "server.log"
            with contextlib.suppress(OSError):  # absent, or not readable by this user
                tail = log.read_text(errors="replace").splitlines()[-lines:]
                text += f"\n--- {link}/server.log (last {len(tail)} lines):\n" + "\n".join(tail)
        return text

    def start_primary(self) -> str:
        self.script("localdb.sh", "start")
        return read_env_file(self.state_dir / "localdb.env")["DATABASE_URL"]

    def stop_primary(self) -> None:
        self.script("localdb.sh", "stop")

    def start_replica(self) -> str:
        self.script("replica.sh", "start")
        return read_env_file(self.state_dir / "replica.env")["REPLICA_DATABASE_URL"]

    def replica(self, command: str) -> None:
        self.script("replica.sh", command)

    def destroy(self) -> None:
        """Stops both servers and deletes their data directories (which may live under /var/tmp)."""
        for name, link in (("replica.sh", "replica-data"), ("localdb.sh", "pgdata")):
            path = self.state_dir / link
            # A server that is already gone is fine: its directory is removed all the same.
            with contextlib.suppress(RuntimeError):
                self.script(name, "stop")
            if path.exists():
                shutil.rmtree(path.resolve(), ignore_errors=True)
