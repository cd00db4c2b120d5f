"""Serve the classroom dashboard: ``solara run`` in a child process, on 127.0.0.1, offline.

The page (``simulator.dashboard.app``) runs under Solara's own server, started as
``python -m solara run simulator.dashboard.app --production``. It never reaches the internet:
Solara's JavaScript, CSS and fonts come from the ``solara-assets`` package through Solara's asset
proxy, the CDN fallback points at a closed local port so a missing asset fails at once instead of
waiting on a dead network, and Solara's usage telemetry and version check are off. Ctrl-C (or
SIGTERM) stops the child server and returns cleanly.
"""

from __future__ import annotations

import contextlib
import importlib.util
import ipaddress
import os
import signal
import socket
import subprocess
import sys
import time
import webbrowser
from collections.abc import Callable

from simulator import UserError
from simulator.dashboard.picker import SCENARIO_ENV

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8765
OFFLINE_CDN = "http://127.0.0.1:9/npm/"  # discard port: nothing listens, the request fails fast
START_TIMEOUT = 90.0


class DashboardError(UserError):
    """The dashboard cannot start (missing extra, port taken): one message for the user."""


def check_installed() -> None:
    """The ``dashboard`` extra (solara and its local assets) is installed."""
    missing = [m for m in ("solara", "solara_assets") if importlib.util.find_spec(m) is None]
    if missing:
        raise DashboardError(
            f"the dashboard needs {', '.join(missing)}; install the extra: "
            "pip install 'negsim[dashboard]'"
        )


def free_port(host: str = DEFAULT_HOST) -> int:
    """A port nobody listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        return sock.getsockname()[1]


def check_port(host: str, port: int) -> int:
    """``port`` if it can be bound on ``host`` (0: pick a free one), else a clear error."""
    if port == 0:
        return free_port(host)
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        # As the server will: a port left in TIME_WAIT by a stopped dashboard is free.
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except OSError as exc:
            raise DashboardError(
                f"cannot listen on {host}:{port} ({exc.strerror}); "
                "pick another port with --port, or --port 0 for any free one"
            ) from None
    return port


def is_loopback(host: str) -> bool:
    """Whether only this computer can reach ``host``."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def server_env(source: str, base: dict[str, str] | None = None) -> dict[str, str]:
    """Environment of the Solara child: the scenario to open, offline assets, no telemetry."""
    env = dict(os.environ if base is None else base)
    env[SCENARIO_ENV] = source
    env["SOLARA_TELEMETRY_MIXPANEL_ENABLE"] = "false"
    env["SOLARA_ASSETS_PROXY"] = "true"
    env.setdefault("SOLARA_ASSETS_CDN", OFFLINE_CDN)
    env.setdefault("MPLBACKEND", "Agg")
    env["SOLARA_THEME_SHOW_BANNER"] = "false"
    env["SOLARA_THEME_LOADER"] = "plain"
    env["SOLARA_THEME_TITLE"] = "negsim dashboard"
    # Solara warns that samesite=none cookies need https; on 127.0.0.1 it falls back to lax.
    env["PYTHONWARNINGS"] = ",".join(
        filter(None, [env.get("PYTHONWARNINGS"), "ignore:Cookies with samesite=none:UserWarning"])
    )
    return env


def server_command(host: str, port: int) -> list[str]:
    """``solara run`` for the dashboard page, production mode, no browser, no version check."""
    return [
        sys.executable, "-m", "solara", "run", "simulator.dashboard.app",
        "--host", host, "--port", str(port),
        "--production", "--no-open", "--no-check-version",
    ]  # fmt: skip


def wait_until_listening(host: str, port: int, proc: subprocess.Popen, timeout: float) -> bool:
    """Poll until the server accepts connections; False if it exited or timed out."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            return False
        with contextlib.suppress(OSError), socket.create_connection((host, port), timeout=0.5):
            return True
        time.sleep(0.2)
    return False


def _raise_interrupt(signum, frame):
    raise KeyboardInterrupt


def stop(proc: subprocess.Popen, grace: float = 10.0) -> None:
    """Ask the server to shut down (SIGTERM), and kill it if it does not within ``grace``."""
    if proc.poll() is None:
        proc.terminate()
    try:
        proc.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def serve(
    source: str,
    host: str = DEFAULT_HOST,
    port: int = DEFAULT_PORT,
    open_browser: bool = False,
    say: Callable[[str], None] = print,
) -> int:
    """Run the dashboard until Ctrl-C; return the exit code (0 when stopped by the user)."""
    check_installed()
    port = check_port(host, port)
    url = f"http://{host}:{port}/"
    if not is_loopback(host):
        say(f"warning: listening on {host}: anyone who can reach this computer can open the page")
    proc = subprocess.Popen(server_command(host, port), env=server_env(source))  # noqa: S603
    previous = signal.signal(signal.SIGTERM, _raise_interrupt)
    try:
        say(f"negsim dashboard: starting {source} at {url}")
        if not wait_until_listening(host, port, proc, START_TIMEOUT):
            stop(proc)
            raise DashboardError(
                f"the dashboard server did not start (exit code {proc.returncode})"
            )
        say(f"negsim dashboard: ready at {url} (Ctrl-C to stop)")
        if open_browser:
            webbrowser.open(url)
        return proc.wait()
    except KeyboardInterrupt:
        stop(proc)
        say("negsim dashboard: stopped")
        return 0
    finally:
        signal.signal(signal.SIGTERM, previous)
        if proc.poll() is None:
            stop(proc)
