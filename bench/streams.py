"""How many open live-event streams one machine holds while members' requests stay fast.

    .venv/bin/python bench/streams.py [--layout pools|serve] [--steps 0,100,200,400] [--duration 8]

Two layouts, on loopback, with a scratch SQLite database (the embedded default):

- `pools` (deploy/): the ordinary instance (2 sync workers) and a separate stream pool (one gthread
  worker, one thread per stream), events fanned out through Redis (BENCH_REDIS_URL);
- `serve` (`make serve` without Redis): one gthread process serving both, threads = streams + 16.

For each number of open streams it runs a member workload for `--duration` seconds (16 client
threads, each signed in as its own member, cycling through: my profile, the group list, my
unread count, my notifications) and reports requests/s and p50/p95 latency, against the same
workload with no streams open. The streams are idle (heartbeats only): what they cost is threads
and memory, which is what limits how many one machine holds. Results are appended to
bench/RESULTS.md ("Open streams").
"""

import argparse
import os
import platform
import secrets
import signal
import socket
import statistics
import subprocess
import tempfile
import threading
import time
from contextlib import contextmanager, suppress
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = ROOT / ".venv" / "bin"
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/10")
PORT, STREAM_PORT = 8790, 8791
CLIENTS = 16
PASSWORD = "bench-harbour-lantern-2026"
WORKLOAD = (
    "/api/v1/members/me",
    "/api/v1/groups",
    "/api/v1/members/me/notifications/unread-count",
    "/api/v1/members/me/notifications",
)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--layout", choices=["pools", "serve"], default="pools")
    parser.add_argument("--steps", default="0,100,200,400")
    parser.add_argument("--duration", type=float, default=8.0)
    args = parser.parse_args()
    steps = [int(step) for step in args.steps.split(",")]
    rows = []
    for count in steps:
        # Fresh servers for each step: a closed stream frees its thread only at its next heartbeat.
        with tempfile.TemporaryDirectory() as scratch, servers(args.layout, Path(scratch), count) as urls:
            base, stream_base = urls
            tokens = [sign_up(base, index) for index in range(CLIENTS)]
            with open_streams(base, stream_base, tokens, count) as held:
                result = workload(base, tokens, args.duration)
                rows.append((count, held(), *result))
        print(
            f"  {count} streams ({rows[-1][1]} open): {result[0]:.0f} req/s, p50 {result[1]:.1f} ms, "
            f"p95 {result[2]:.1f} ms",
            flush=True,
        )
    report = render(args, rows)
    with open(ROOT / "bench" / "RESULTS.md", "a") as results:
        results.write(report)
    print(report)


@contextmanager
def servers(layout: str, scratch: Path, most_streams: int):
    env = {
        **os.environ,
        "PEERWAY_ENV": "embedded",
        "DATABASE_URL": f"sqlite:///{scratch / 'bench.sqlite3'}",
        "PEERWAY_INSTANCE_PATH": str(scratch),
        "RATELIMIT_DEFAULT": "1000000 per minute",
        "RATELIMIT_AUTH": "1000000 per minute",
        "ARGON2_TIME_COST": "1",
        "ARGON2_MEMORY_COST": "8192",
        "SECRET_KEY": secrets.token_urlsafe(48),
        "JWT_SECRET_KEY": secrets.token_urlsafe(48),
    }
    env.pop("REDIS_URL", None)
    if layout == "pools":
        env["REDIS_URL"] = REDIS_URL
    subprocess.run(
        [str(VENV_BIN / "flask"), "db", "upgrade"],
        cwd=ROOT,
        env={**env, "FLASK_APP": "api:create_app"},
        check=True,
        capture_output=True,
    )
    gunicorn = [
        str(VENV_BIN / "gunicorn"),
        "--no-control-socket",
        "--log-level",
        "warning",
        "--graceful-timeout",
        "3",
    ]
    if layout == "pools":
        commands = [
            [*gunicorn, "--bind", f"127.0.0.1:{PORT}", "--workers", "2", "api:create_app()"],
            [
                *gunicorn,
                "--bind",
                f"127.0.0.1:{STREAM_PORT}",
                "--workers",
                "1",
                "--worker-class",
                "gthread",
                "--threads",
                str(most_streams + 8),
                "api:create_app()",
            ],
        ]
        urls = (f"http://127.0.0.1:{PORT}", f"http://127.0.0.1:{STREAM_PORT}")
    else:
        commands = [
            [
                *gunicorn,
                "--bind",
                f"127.0.0.1:{PORT}",
                "--workers",
                "1",
                "--worker-class",
                "gthread",
                "--threads",
                str(most_streams + 16),
                "api:create_app()",
            ],
        ]
        urls = (f"http://127.0.0.1:{PORT}", f"http://127.0.0.1:{PORT}")
    log = open(Path(tempfile.gettempdir()) / "peerway-bench-streams.log", "a")  # noqa: SIM115
    processes = [
        subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=log, start_new_session=True)
        for command in commands
    ]
    try:
        for url in set(urls):
            wait_ready(url)
        yield urls
    finally:
        for process in processes:
            os.killpg(process.pid, signal.SIGTERM)
        for process in processes:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:  # streams still open past the graceful timeout
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=10)


def wait_ready(url: str) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        with suppress(requests.RequestException):
            if requests.get(f"{url}/readyz", timeout=2).status_code == 200:
                return
        time.sleep(0.3)
    raise RuntimeError(f"{url} did not become ready")


def sign_up(base: str, index: int) -> str:
    email = f"bench{index}-{secrets.token_hex(3)}@example.org"
    body = {
        "email": email,
        "password": PASSWORD,
        "display_name": f"Bench {index}",
        "time_zone": "Europe/London",
    }
    requests.post(f"{base}/api/v1/auth/register", json=body, timeout=10).raise_for_status()
    login = requests.post(
        f"{base}/api/v1/auth/login", json={"email": email, "password": PASSWORD}, timeout=10
    )
    login.raise_for_status()
    return login.json()["access_token"]


@contextmanager
def open_streams(base: str, stream_base: str, tokens: list[str], count: int):
    """`count` streams held open, each its own connection (plain sockets: holding one costs the
    client nothing, so the client does not compete with the server it measures)."""
    host, port = stream_base.removeprefix("http://").split(":")
    sockets = []
    for index in range(count):
        token = tokens[index % len(tokens)]
        ticket = requests.post(
            f"{base}/api/v1/events/tickets",
            json={"channels": []},
            headers={"Authorization": f"Bearer {token}"},
            timeout=10,
        ).json()["ticket"]
        connection = socket.create_connection((host, int(port)), timeout=10)
        request = f"GET /api/v1/events?ticket={ticket} HTTP/1.1\r\nHost: {host}\r\n"
        request += "Accept: text/event-stream\r\n\r\n"
        connection.sendall(request.encode())
        if b" 200 " in connection.recv(4096).split(b"\r\n", 1)[0]:
            sockets.append(connection)
        else:
            connection.close()
    try:
        yield lambda: len(sockets)
    finally:
        for connection in sockets:
            with suppress(OSError):
                connection.shutdown(socket.SHUT_RDWR)
            connection.close()


def workload(base: str, tokens: list[str], duration: float) -> tuple[float, float, float]:
    latencies: list[float] = []
    lock = threading.Lock()
    end = time.monotonic() + duration

    def client(token: str) -> None:
        session = requests.Session()
        session.headers["Authorization"] = f"Bearer {token}"
        mine, step = [], 0
        while time.monotonic() < end:
            started = time.perf_counter()
            session.get(base + WORKLOAD[step % len(WORKLOAD)], timeout=30).raise_for_status()
            mine.append((time.perf_counter() - started) * 1000)
            step += 1
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=client, args=(token,)) for token in tokens]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    latencies.sort()
    return (
        len(latencies) / duration,
        statistics.median(latencies),
        latencies[int(len(latencies) * 0.95)],
    )


def render(args, rows) -> str:
    baseline = rows[0][4]
    lines = [
        "",
        f"## Open streams ({args.layout}, {time.strftime('%Y-%m-%d')})",
        "",
        f"{os.cpu_count()} CPUs, {platform.python_implementation()} {platform.python_version()}; "
        f"SQLite; {CLIENTS} member clients, {args.duration:.0f} s per step; "
        f"bench/streams.py --layout {args.layout}.",
        "",
        "| streams asked | open | member req/s | p50 ms | p95 ms | p95 vs none |",
        "| ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for count, held, rate, p50, p95 in rows:
        lines.append(f"| {count} | {held} | {rate:.0f} | {p50:.1f} | {p95:.1f} | {p95 / baseline:.2f}x |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    main()
