"""Serve the classroom dashboard: a Solara server in a child process, on 127.0.0.1, offline.

The page (``simulator.dashboard.app``) runs in Solara's Starlette app, started as
``python -m simulator.dashboard.asgi --host H --port P`` (read-only assets, behind ``Guard``:
see ``asgi`` and ``guard``, and docs/security.md). It never reaches the internet: Solara's
JavaScript, CSS and fonts are the files the ``solara-assets`` package installed, the CDN fallback
points at a closed local port, and Solara's usage telemetry is off. Ctrl-C (or SIGTERM) stops the
child server and returns cleanly; on Linux the child also dies when ``negsim`` is killed.
"""

from __future__ import annotations

import contextlib
import ctypes
import functools
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
CLOSED_PAGE_TIMEOUT = "5m"  # a closed (disconnected) page's memory is freed after 5 minutes
PR_SET_PDEATHSIG = 1  # linux/prctl.h


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


def address_family(host: str) -> socket.AddressFamily:
    """The family of the address ``host`` names, or one clear error if it names none."""
    try:
        infos = socket.getaddrinfo(host, None, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError):
        infos = []
    if not infos:
        raise DashboardError(
            f"cannot listen on --host {host!r}: not an IP address or a name this computer "
            "knows (use 127.0.0.1, ::1, or this computer's address)"
        )
    return infos[0][0]


def free_port(host: str = DEFAULT_HOST) -> int:
    """A port nobody listens on right now."""
    with socket.socket(address_family(host), socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        return sock.getsockname()[1]


def check_port(host: str, port: int) -> int:
    """``port`` if it can be bound on ``host`` (0: pick a free one), else a clear error."""
    family = address_family(host)
    try:
        if port == 0:
            return free_port(host)
        with socket.socket(family, socket.SOCK_STREAM) as sock:
            # As the server will: a port left in TIME_WAIT by a stopped dashboard is free.
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            sock.bind((host, port))
    except OSError as exc:
        raise DashboardError(
            f"cannot listen on {host}:{port} ({exc.strerror}); "
            "pick another port with --port, or --port 0 for any free one"
        ) from None
    return port


def page_url(host: str, port: int) -> str:
    """The page's address (an IPv6 address in brackets)."""
    return f"http://[{host}]:{port}/" if ":" in host else f"http://{host}:{port}/"


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
    env["SOLARA_ASSETS_PROXY"] = "true"  # asset URLs under /_solara/cdn, served read-only
    env["SOLARA_ASSETS_CDN"] = OFFLINE_CDN
    env["SOLARA_MODE"] = "production"
    env.setdefault("SOLARA_KERNEL_CULL_TIMEOUT", CLOSED_PAGE_TIMEOUT)
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
    """The child server: Solara's app for the dashboard, behind the guard, on ``host:port``."""
    return [
        sys.executable, "-m", "simulator.dashboard.asgi", "--host", host, "--port", str(port),
    ]  # fmt: skip


def die_with_parent(parent: int) -> None:
    """In the child, before exec: the kernel kills it when ``negsim dashboard`` dies (Linux).

    Without this a ``kill -9`` of ``negsim`` would leave the server listening, unowned.
    """
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
        if os.getppid() != parent:  # the parent died before prctl took effect
            os._exit(1)


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
    url = page_url(host, port)
    if not is_loopback(host):
        say(f"warning: listening on {host}: anyone who can reach this computer can open the page")
    proc = subprocess.Popen(  # noqa: S603
        server_command(host, port),
        env=server_env(source),
        preexec_fn=functools.partial(die_with_parent, os.getpid()),
    )
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
