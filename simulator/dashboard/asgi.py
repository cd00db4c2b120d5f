"""The dashboard's server process: Solara's Starlette app, read-only assets, behind ``Guard``.

``negsim dashboard`` starts ``python -m simulator.dashboard.asgi --host H --port P`` in a child
process (see ``server``). The child builds Solara's app for ``simulator.dashboard.app``, replaces
Solara's asset proxy with a read-only file server, wraps the whole app in ``Guard`` and runs
uvicorn on exactly the address it was given.

Solara's own proxy (``/_solara/cdn/...``) deletes a requested directory and downloads and writes
missing files; here the route only reads files that ``solara-assets`` installed: it never
creates, changes or deletes a file and never goes to the network.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from pathlib import Path

from simulator.dashboard.guard import IDLE_SECONDS, MAX_SESSIONS, WILDCARDS, Guard, allowed_hosts

APP = "simulator.dashboard.app"
CDN_PATH = "/_solara/cdn"
MAX_SESSIONS_ENV = "NEGSIM_DASHBOARD_MAX_SESSIONS"  # override for tests
IDLE_SECONDS_ENV = "NEGSIM_DASHBOARD_IDLE_SECONDS"  # override for tests


def find_asset(root: Path, path: str) -> Path | None:
    """The installed file ``path`` names under ``root``, or None (no directories, no escapes).

    As Solara's proxy does, a one-part path (``requirejs@2.3.6``) means its ``__main.js``.
    """
    parts = [part for part in path.replace("\\", "/").split("/") if part]
    if not parts or any(part in (".", "..") or "\0" in part for part in parts):
        return None
    if len(parts) == 1:
        parts.append("__main.js")
    base = root.resolve()
    try:
        found = base.joinpath(*parts).resolve(strict=True)
    except (OSError, RuntimeError):
        return None
    if not found.is_relative_to(base) or not found.is_file():
        return None
    return found


def read_only_assets(root: Path):
    """A Starlette static-files app that serves ``find_asset`` results and nothing else."""
    from starlette.staticfiles import StaticFiles  # noqa: PLC0415 - dashboard extra, child only

    class ReadOnlyAssets(StaticFiles):
        def lookup_path(self, path: str):
            found = find_asset(root, path)
            if found is None:
                return "", None
            return str(found), os.stat(found)

    return ReadOnlyAssets(directory=root, check_dir=False)


def build_app(host: str, port: int):
    """Solara's app for the dashboard page, read-only assets, wrapped in ``Guard``."""
    os.environ["SOLARA_APP"] = APP
    os.environ["SERVER_NAME"] = host
    os.environ["SERVER_PORT"] = str(port)
    from solara.server import kernel_context, settings  # noqa: PLC0415 - dashboard extra
    from solara.server import starlette as solara_starlette  # noqa: PLC0415 - dashboard extra
    from starlette.routing import Mount  # noqa: PLC0415 - dashboard extra

    app = solara_starlette.app
    routes = app.router.routes
    cdn = [i for i, route in enumerate(routes) if getattr(route, "path", None) == CDN_PATH]
    if len(cdn) != 1:
        raise RuntimeError(f"Solara's asset route {CDN_PATH} is missing (SOLARA_ASSETS_PROXY off?)")
    routes[cdn[0]] = Mount(CDN_PATH, app=read_only_assets(Path(settings.assets.proxy_cache_dir)))
    return Guard(
        app,
        allowed_hosts(host, port),
        port,
        live_pages=lambda: list(kernel_context.contexts),
        max_sessions=int(os.environ.get(MAX_SESSIONS_ENV, MAX_SESSIONS)),
        idle_seconds=float(os.environ.get(IDLE_SECONDS_ENV, IDLE_SECONDS)),
        any_address=host in WILDCARDS,
    )


def main(argv: list[str] | None = None) -> int:
    """Serve the dashboard on ``--host``/``--port`` until SIGINT or SIGTERM."""
    parser = argparse.ArgumentParser(prog="python -m simulator.dashboard.asgi")
    parser.add_argument("--host", required=True)
    parser.add_argument("--port", type=int, required=True)
    args = parser.parse_args(argv)
    import uvicorn  # noqa: PLC0415 - dashboard extra, child only

    config = uvicorn.Config(
        build_app(args.host, args.port),
        host=args.host,
        port=args.port,
        log_level="warning",
        lifespan="on",
        timeout_graceful_shutdown=5,
    )
    # Ctrl-C in the teacher's terminal: uvicorn has shut down already, no traceback to print
    with contextlib.suppress(KeyboardInterrupt):
        uvicorn.Server(config).run()
    return 0


if __name__ == "__main__":
    sys.exit(main())
