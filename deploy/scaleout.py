#!/usr/bin/env python3
"""Peerway scaled out on loopback: nginx in front of N gunicorn instances, plus RQ job workers and
the schedulers, sharing one PostgreSQL database and one Redis database.

    .venv/bin/python deploy/scaleout.py start            # until Ctrl-C (stops everything)
    .venv/bin/python deploy/scaleout.py start --detach   # return once ready; later:
    .venv/bin/python deploy/scaleout.py stop
    .venv/bin/python deploy/scaleout.py status

`start` drops and recreates the scratch database (default `peerway_scaleout`), flushes its Redis
database (default db 14), installs nginx from Debian when it is missing, migrates with
`flask db upgrade`, starts every process in its own process group, waits for `/readyz` on each
instance and through nginx, and prints the URLs. Every process runs with PEERWAY_ENV=production
and keys generated for this run. deploy/prove.py drives the same class.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import asdict, dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEPLOY = ROOT / "deploy"
VENV_BIN = ROOT / ".venv" / "bin"
TEMPLATE = DEPLOY / "nginx.conf.template"
RUN_DIR = Path(os.environ.get("TMPDIR", "/tmp")) / "peerway-scaleout"
STATE_FILE = RUN_DIR / "state.json"
ACCESS_LOG_FORMAT = '%(t)s "%(m)s %(U)s" %(s)s %(B)s %(M)sms'
DEFAULT_DATABASE_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/peerway_scaleout"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/14"
# Threads of each instance's live-event pool: how many streams one instance holds open (bench/streams.py).
STREAM_THREADS = int(os.environ.get("PEERWAY_STREAM_THREADS", "200"))
PROTECTED_DATABASES = ("test", "postgres", "template0", "template1")


def bin_path(name: str) -> str:
    candidate = VENV_BIN / name
    if candidate.exists():
        return str(candidate)
    found = shutil.which(name)
    if not found:
        raise SystemExit(f"{name} not found: run `make install-python` first")
    return found


@dataclass
class Proc:
    name: str
    kind: str  # nginx | gunicorn | jobs-worker | scheduler
    argv: list[str]
    log: str
    pid: int = 0
    port: int | None = None

    def alive(self) -> bool:
        if not self.pid:
            return False
        try:
            os.killpg(self.pid, 0)
        except ProcessLookupError:
            return False
        except PermissionError:
            return True
        # A zombie child still "exists": reap it if it is ours.
        try:
            done, _status = os.waitpid(self.pid, os.WNOHANG)
            if done == self.pid:
                return _group_has_members(self.pid)
        except ChildProcessError:
            pass
        return True


def _group_has_members(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
        return True
    except ProcessLookupError:
        return False


def deployment_environment(database_url: str, redis_url: str, origin: str, run_dir: Path) -> dict[str, str]:
    """What a production deployment sets, with keys generated for this run and shared by every
    process; nothing of the caller's TEST_* or REDIS_URL leaks in."""
    keep = ("PATH", "HOME", "LANG", "LC_ALL", "TZ", "TMPDIR", "PYTHONPATH")
    env = {name: os.environ[name] for name in keep if name in os.environ}
    env.update(
        {
            "PEERWAY_ENV": "production",
            "FLASK_APP": "api:create_app",
            "DATABASE_URL": database_url,
            "REDIS_URL": redis_url,
            "SECRET_KEY": secrets.token_urlsafe(48),
            "JWT_SECRET_KEY": secrets.token_urlsafe(48),
            "CORS_ORIGINS": origin,
            "PEERWAY_INSTANCE_PATH": str(run_dir / "instance"),
            "PYTHONUNBUFFERED": "1",
        }
    )
    return env


class Topology:
    """nginx + gunicorn instances + RQ workers + schedulers, all children of this process."""

    def __init__(
        self,
        instances: int = 3,
        workers: int = 2,
        job_workers: int = 2,
        port: int = 8480,
        database_url: str = DEFAULT_DATABASE_URL,
        redis_url: str = DEFAULT_REDIS_URL,
        worker_class: str = "sync",
        schedulers: bool = True,
        extra_env: dict[str, str] | None = None,
        run_dir: Path = RUN_DIR,
    ) -> None:
        self.instances, self.workers, self.job_workers = instances, workers, job_workers
        self.port, self.worker_class, self.with_schedulers = port, worker_class, schedulers
        self.database_url, self.redis_url = database_url, redis_url
        self.run_dir = run_dir
        self.procs: list[Proc] = []
        self.env = self._environment(extra_env or {})

    # -- configuration -----------------------------------------------------------------------

    @property
    def nginx_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def instance_ports(self) -> list[int]:
        return [self.port + 1 + index for index in range(self.instances)]

    def instance_url(self, index: int) -> str:
        return f"http://127.0.0.1:{self.instance_ports[index]}"

    @property
    def stream_ports(self) -> list[int]:
        """Each instance's pool for the live-event stream (after the instances' ports)."""
        return [self.port + 1 + self.instances + index for index in range(self.instances)]

    def stream_url(self, index: int) -> str:
        return f"http://127.0.0.1:{self.stream_ports[index]}"

    def _environment(self, extra: dict[str, str]) -> dict[str, str]:
        env = deployment_environment(self.database_url, self.redis_url, self.nginx_url, self.run_dir)
        env.update({"TRUSTED_PROXY_COUNT": "1", **extra})
        return env

    # -- preparation -------------------------------------------------------------------------

    def prepare(self, reset: bool = True) -> None:
        """Free ports, nginx present, a fresh scratch database and Redis db, migrations applied."""
        if STATE_FILE.exists() and any(
            Proc(**p).alive() for p in json.loads(STATE_FILE.read_text())["procs"]
        ):
            raise SystemExit(f"A topology is already running (see {STATE_FILE}): `scaleout.py stop` first.")
        for port in [self.port, *self.instance_ports, *self.stream_ports]:
            if _port_in_use(port):
                raise SystemExit(f"port {port} is in use: choose another with --port")
        ensure_nginx()
        if self.run_dir.exists():
            shutil.rmtree(self.run_dir)
        for sub in ("logs", "tmp", "instance"):
            (self.run_dir / sub).mkdir(parents=True, exist_ok=True)
        if reset:
            reset_database(self.database_url)
            reset_redis(self.redis_url)
        self.flask("db", "upgrade", quiet=True)

    def flask(self, *args: str, quiet: bool = False) -> str:
        """Run a `flask` operator command with the topology's environment."""
        result = subprocess.run(
            [bin_path("flask"), *args], cwd=ROOT, env=self.env, capture_output=True, text=True
        )
        if result.returncode != 0:
            raise RuntimeError(f"flask {' '.join(args)} failed:\n{result.stdout}{result.stderr}")
        return "" if quiet else result.stdout

    # -- processes ---------------------------------------------------------------------------

    def gunicorn_proc(self, index: int) -> Proc:
        port = self.instance_ports[index]
        log = str(self.run_dir / "logs" / f"gunicorn-{port}.log")
        argv = [
            bin_path("gunicorn"),
            "--bind", f"127.0.0.1:{port}",
            "--workers", str(self.workers),
            "--worker-class", self.worker_class,
            "--timeout", "30",
            "--graceful-timeout", "20",
            "--access-logfile", "-",
            "--access-logformat", ACCESS_LOG_FORMAT,
            "--log-level", "info",
            # gunicorn 27's control socket defaults to one path per user: give each instance its own.
            "--control-socket", str(self.run_dir / f"gunicorn-{port}.ctl"),
            "api:create_app()",
        ]  # fmt: skip
        if self.worker_class == "gthread":
            argv[-1:-1] = ["--threads", "4"]
        return Proc(name=f"gunicorn:{port}", kind="gunicorn", argv=argv, log=log, port=port)

    def stream_proc(self, index: int) -> Proc:
        """The instance's live-event pool: one gthread worker whose threads each hold one open
        stream (idle in a condition wait), fed by the process's one Redis pub/sub connection."""
        port = self.stream_ports[index]
        log = str(self.run_dir / "logs" / f"streams-{port}.log")
        argv = [
            bin_path("gunicorn"),
            "--bind", f"127.0.0.1:{port}",
            "--workers", "1",
            "--worker-class", "gthread",
            "--threads", str(STREAM_THREADS),
            "--timeout", "30",
            "--graceful-timeout", "5",
            "--access-logfile", "-",
            "--access-logformat", ACCESS_LOG_FORMAT,
            "--control-socket", str(self.run_dir / f"streams-{port}.ctl"),
            "api:create_app()",
        ]  # fmt: skip
        return Proc(name=f"streams:{port}", kind="streams", argv=argv, log=log, port=port)

    def start(self, reset: bool = True) -> None:
        self.prepare(reset=reset)
        try:
            for index in range(self.instances):
                self._spawn(self.gunicorn_proc(index))
                self._spawn(self.stream_proc(index))
            flask = bin_path("flask")
            for index in range(self.job_workers):
                log = str(self.run_dir / "logs" / f"jobs-worker-{index + 1}.log")
                self._spawn(Proc(f"jobs-worker:{index + 1}", "jobs-worker", [flask, "jobs-worker"], log))
            if self.with_schedulers:
                for command in ("send-due-reminders", "webhooks-retry"):
                    log = str(self.run_dir / "logs" / f"{command}.log")
                    self._spawn(Proc(command, "scheduler", [flask, command, "--every", "60"], log))
            for index in range(self.instances):
                wait_ready(self.instance_url(index), self._by_port(self.instance_ports[index]))
                wait_ready(self.stream_url(index), self._by_port(self.stream_ports[index]))
            self._spawn(self._nginx_proc())
            wait_ready(self.nginx_url, self.procs[-1])
        except BaseException:
            self.stop()
            raise
        self._save_state()

    def _nginx_proc(self) -> Proc:
        prefix = self.run_dir
        conf = render_nginx_conf(prefix, f"127.0.0.1:{self.port}", self.instance_ports, self.stream_ports)
        if os.geteuid() == 0:
            # Workers would otherwise switch to `nobody`; this run's files belong to root.
            conf = conf.replace("daemon off;", "daemon off;\nuser root;", 1)
        conf_path = prefix / "nginx.conf"
        conf_path.write_text(conf)
        log = str(prefix / "logs" / "nginx.log")
        argv = [
            nginx_binary(),
            "-c",
            str(conf_path),
            "-p",
            str(prefix),
            "-e",
            str(prefix / "logs" / "nginx-error.log"),
        ]
        test = subprocess.run([*argv, "-t"], capture_output=True, text=True)
        if test.returncode != 0:
            raise RuntimeError(f"nginx -t failed:\n{test.stderr}")
        return Proc(name=f"nginx:{self.port}", kind="nginx", argv=argv, log=log, port=self.port)

    def _spawn(self, proc: Proc) -> Proc:
        with open(proc.log, "ab") as log:
            child = subprocess.Popen(
                proc.argv,
                cwd=ROOT,
                env=self.env,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # own process group: signals reach master and workers
            )
        proc.pid = child.pid
        self.procs = [p for p in self.procs if p.name != proc.name] + [proc]
        self._save_state()
        return proc

    def _by_port(self, port: int) -> Proc:
        return next(p for p in self.procs if p.kind in ("gunicorn", "streams") and p.port == port)

    def kill_instance(self, index: int) -> Proc:
        """SIGKILL an instance's whole process group: master and workers, no graceful anything."""
        proc = self._by_port(self.instance_ports[index])
        os.killpg(proc.pid, signal.SIGKILL)
        _reap(proc.pid)
        return proc

    def restart_instance(self, index: int) -> Proc:
        proc = self._spawn(self.gunicorn_proc(index))
        wait_ready(self.instance_url(index), proc)
        return proc

    def stop(self, timeout: float = 25.0) -> None:
        stop_procs(self.procs, timeout)
        self.procs = []
        STATE_FILE.unlink(missing_ok=True)

    def _save_state(self) -> None:
        if not self.run_dir.exists():
            return
        state = {
            "nginx_url": self.nginx_url,
            "instances": [self.instance_url(i) for i in range(self.instances)],
            "procs": [asdict(p) for p in self.procs],
        }
        STATE_FILE.write_text(json.dumps(state, indent=2))

    def describe(self) -> str:
        lines = [f"Peerway through nginx:  {self.nginx_url}/   (API docs {self.nginx_url}/api/docs)"]
        for index in range(self.instances):
            lines.append(f"  instance {index + 1}:          {self.instance_url(index)}/readyz")
        kinds = {}
        for proc in self.procs:
            kinds.setdefault(proc.kind, []).append(str(proc.pid))
        lines.append(
            "  processes (pid = process group): " + "; ".join(f"{k} {', '.join(v)}" for k, v in kinds.items())
        )
        lines.append(f"  database {self.database_url}  redis {self.redis_url}")
        lines.append(f"  logs in {self.run_dir / 'logs'}")
        return "\n".join(lines)


def render_nginx_conf(prefix: Path, listen: str, ports: list[int], stream_ports: list[int] = ()) -> str:
    """deploy/nginx.conf.template with this run's paths, listener and upstream servers."""
    servers = "\n".join(f"        server 127.0.0.1:{port} max_fails=1 fail_timeout=10s;" for port in ports)
    # Without a stream pool (a single instance), the stream goes to the ordinary instances.
    stream_servers = "\n".join(
        f"        server 127.0.0.1:{port} max_fails=1 fail_timeout=10s;" for port in (stream_ports or ports)
    )
    return (
        TEMPLATE.read_text()
        .replace("@@PREFIX@@", str(prefix))
        .replace("@@LISTEN@@", listen)
        .replace("@@UPSTREAM_SERVERS@@", servers)
        .replace("@@STREAM_SERVERS@@", stream_servers)
    )


def stop_procs(procs: list[Proc], timeout: float = 25.0) -> None:
    """Graceful first, in order: nginx (QUIT), gunicorn (TERM), RQ workers (TERM, warm), schedulers."""
    order = {"nginx": 0, "streams": 1, "gunicorn": 1, "jobs-worker": 2, "scheduler": 3}
    graceful = {"nginx": signal.SIGQUIT}
    for proc in sorted(procs, key=lambda p: order.get(p.kind, 9)):
        if proc.alive():
            try:
                # The master (or nginx) first; the group gets it too for schedulers and workers.
                if proc.kind in ("nginx", "gunicorn", "streams"):
                    os.kill(proc.pid, graceful.get(proc.kind, signal.SIGTERM))
                else:
                    os.killpg(proc.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
    deadline = time.monotonic() + timeout
    for proc in procs:
        while proc.alive() and time.monotonic() < deadline:
            time.sleep(0.1)
        if proc.alive():
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            _reap(proc.pid)


def _reap(pid: int) -> None:
    try:
        os.waitpid(pid, 0)
    except ChildProcessError:
        pass


def _port_in_use(port: int) -> bool:
    with socket.socket() as probe:
        probe.settimeout(0.3)
        return probe.connect_ex(("127.0.0.1", port)) == 0


def wait_ready(base_url: str, proc: Proc, timeout: float = 90.0) -> None:
    deadline = time.monotonic() + timeout
    last = "no answer"
    while time.monotonic() < deadline:
        if not proc.alive():
            raise RuntimeError(
                f"{proc.name} exited during start; its log {proc.log} ends:\n{_tail(proc.log)}"
            )
        try:
            with urllib.request.urlopen(f"{base_url}/readyz", timeout=2) as response:
                if response.status == 200:
                    return
        except urllib.error.HTTPError as error:
            last = f"{error.code} {error.read()[:200]!r}"
        except OSError as error:
            last = str(error)
        time.sleep(0.2)
    raise RuntimeError(f"{base_url}/readyz not ready after {timeout:.0f} s ({last})")


def _tail(path: str, lines: int = 30) -> str:
    try:
        return "\n".join(Path(path).read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return ""


def nginx_binary() -> str:
    return shutil.which("nginx") or "/usr/sbin/nginx"


def ensure_nginx() -> None:
    """Install the Debian package when nginx is missing (like .ci/run does for chromium)."""
    if Path(nginx_binary()).exists():
        return
    if os.geteuid() != 0:
        raise SystemExit("nginx is not installed: `sudo apt-get install -y nginx`")
    print("Installing nginx (Debian package)...", flush=True)
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run(["apt-get", "update", "-qq"], check=True, env=env)
    subprocess.run(
        ["apt-get", "install", "-y", "-qq", "--no-install-recommends", "nginx"],
        check=True,
        env=env,
        stdout=subprocess.DEVNULL,
    )


def _psycopg_url(database_url: str, database: str | None = None) -> str:
    from sqlalchemy.engine import make_url

    url = make_url(database_url).set(drivername="postgresql")
    if database:
        url = url.set(database=database)
    return url.render_as_string(hide_password=False)


def reset_database(database_url: str) -> None:
    import psycopg
    from sqlalchemy.engine import make_url

    name = make_url(database_url).database
    if not name or name in PROTECTED_DATABASES or name.startswith("peerway_bench"):
        raise SystemExit(f"refusing to drop database {name!r}: name a scratch database")
    with psycopg.connect(_psycopg_url(database_url, "postgres"), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def reset_redis(redis_url: str) -> None:
    from redis import Redis

    Redis.from_url(redis_url).flushdb()


def psycopg_url(database_url: str) -> str:
    return _psycopg_url(database_url)


# -- command line ----------------------------------------------------------------------------


def _reexec_in_venv() -> None:
    venv_python = VENV_BIN / "python"
    if venv_python.exists() and Path(sys.prefix).resolve() != (ROOT / ".venv").resolve():
        os.execv(str(venv_python), [str(venv_python), *sys.argv])


def _stop_from_state() -> int:
    if not STATE_FILE.exists():
        print("Nothing running (no state file).")
        return 0
    procs = [Proc(**p) for p in json.loads(STATE_FILE.read_text())["procs"]]
    stop_procs(procs)
    STATE_FILE.unlink(missing_ok=True)
    print(f"Stopped {len(procs)} processes.")
    return 0


def _status() -> int:
    if not STATE_FILE.exists():
        print("Nothing running.")
        return 1
    state = json.loads(STATE_FILE.read_text())
    print(f"nginx: {state['nginx_url']}")
    for proc in (Proc(**p) for p in state["procs"]):
        print(f"  {proc.name:<24} pid {proc.pid:<8} {'up' if proc.alive() else 'DOWN'}   log {proc.log}")
    return 0


def main() -> int:
    _reexec_in_venv()
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    sub = parser.add_subparsers(dest="command", required=True)
    start = sub.add_parser("start", help="start the topology (Ctrl-C stops it)")
    start.add_argument("--instances", type=int, default=3)
    start.add_argument("--workers", type=int, default=2, help="gunicorn workers per instance")
    start.add_argument("--worker-class", default="sync", choices=["sync", "gthread"])
    start.add_argument("--job-workers", type=int, default=2)
    start.add_argument("--port", type=int, default=8480, help="nginx; instances take the next ports")
    start.add_argument("--database-url", default=DEFAULT_DATABASE_URL)
    start.add_argument("--redis-url", default=DEFAULT_REDIS_URL)
    start.add_argument("--no-reset", action="store_true", help="keep the database and Redis data")
    start.add_argument("--detach", action="store_true", help="return once ready; `stop` ends it")
    sub.add_parser("stop", help="stop a topology started with --detach")
    sub.add_parser("status", help="list the processes of a running topology")
    args = parser.parse_args()

    if args.command == "stop":
        return _stop_from_state()
    if args.command == "status":
        return _status()

    topology = Topology(
        instances=args.instances,
        workers=args.workers,
        job_workers=args.job_workers,
        port=args.port,
        database_url=args.database_url,
        redis_url=args.redis_url,
        worker_class=args.worker_class,
    )
    print("Starting: migrate, gunicorn instances, job workers, schedulers, nginx...", flush=True)
    topology.start(reset=not args.no_reset)
    print(topology.describe(), flush=True)
    if args.detach:
        print("Detached. Stop with: .venv/bin/python deploy/scaleout.py stop")
        return 0

    stopping = False

    def request_stop(_signum, _frame):
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, request_stop)
    signal.signal(signal.SIGTERM, request_stop)
    print("Running. Ctrl-C stops everything.", flush=True)
    reported: set[str] = set()
    while not stopping:
        for proc in topology.procs:
            if not proc.alive() and proc.name not in reported:
                reported.add(proc.name)
                print(f"warning: {proc.name} exited; see {proc.log}", flush=True)
        time.sleep(0.5)
    print("\nStopping...", flush=True)
    topology.stop()
    print("Stopped.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
