"""Drive the dashboard in headless Chromium: start a server, open the page, take the screenshot.

Used by the browser tests and to refresh the README's screenshot::

    python -m tests.browser docs/img/dashboard.png

It needs Debian's ``chromium`` package (``apt-get install chromium``) and Playwright from PyPI;
Playwright is launched with that executable and never downloads a browser of its own.
"""

from __future__ import annotations

import argparse
import os
import queue
import re
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
VIEWPORT = {"width": 1280, "height": 800}
READY = re.compile(r"ready at (http://[^\s]+/)")


class DashboardProcess:
    """``negsim dashboard`` in a child process (its own process group), with its output kept."""

    def __init__(self, scenario: str = "baseline", timeout: float = 90.0, extra_env=None):
        env = dict(os.environ, **(extra_env or {}))
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "simulator", "dashboard", scenario, "--port", "0"],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            env=env,
            start_new_session=True,
        )
        self.lines: list[str] = []
        self._queue: queue.Queue[str | None] = queue.Queue()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()
        self.url = self._wait_ready(timeout)

    def _read(self) -> None:
        for line in self.proc.stdout:
            self.lines.append(line)
            self._queue.put(line)
        self._queue.put(None)

    def _wait_ready(self, timeout: float) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                line = self._queue.get(timeout=0.5)
            except queue.Empty:
                continue
            if line is None:
                break
            found = READY.search(line)
            if found:
                return found.group(1)
        self.stop()
        raise RuntimeError("the dashboard did not start:\n" + "".join(self.lines))

    @property
    def port(self) -> int:
        """The port the server listens on."""
        return int(self.url.rstrip("/").rsplit(":", 1)[1])

    def interrupt(self, timeout: float = 20.0) -> int:
        """Press Ctrl-C in its terminal (SIGINT to the process group); return its exit code."""
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGINT)
        try:
            code = self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.stop()
            raise
        self._close()
        return code

    def _close(self) -> None:
        """Read the output to its end and close the pipe."""
        self._reader.join(timeout=10)
        if self.proc.stdout is not None:
            self.proc.stdout.close()

    def stop(self) -> None:
        """Stop the whole process group, politely and then not."""
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()
        self._close()


def need_chromium() -> None:
    """Skip (locally) or fail (in CI) when Debian's Chromium is missing."""
    if CHROMIUM.exists():
        return
    message = f"{CHROMIUM} is missing: install Debian's chromium package (apt-get install chromium)"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


def launch(playwright):
    """Debian's Chromium, headless, through Playwright (no browser download)."""
    return playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)


def offline_tab(browser):
    """A new page at 1280x800 that may reach only this machine (in its own browser context).

    ``tab.outside_requests`` lists every request it refused: anything not on 127.0.0.1,
    localhost or a ``data:`` URL.
    """
    context = browser.new_context(viewport=VIEWPORT, accept_downloads=True)
    outside: list[str] = []

    def local_only(route):
        host = route.request.url.split("/")[2] if "://" in route.request.url else ""
        if host.split(":")[0] in ("127.0.0.1", "localhost") or route.request.url.startswith(
            "data:"
        ):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    context.route("**/*", local_only)
    tab = context.new_page()
    tab.outside_requests = outside
    return tab


def wait_for_outcomes(page, timeout_ms: float = 60_000) -> None:
    """Wait until the outcome table is on the page."""
    page.locator("[data-testid=p-war_continues]").wait_for(timeout=timeout_ms)


def probability(page, outcome: str) -> float:
    """The share of runs the page shows for an outcome (read from the DOM)."""
    return float(page.locator(f"[data-testid=p-{outcome}]").get_attribute("data-probability"))


def press_on_lever(page, key: str, keys: str) -> None:
    """Focus a lever's slider and press a key (Home: minimum, End: maximum, arrows: a step)."""
    slider = page.locator(f".lever-{key} [role=slider]")
    slider.focus()
    page.keyboard.press(keys)


def wait_for_change(page, outcome: str, old: float, timeout_ms: float = 30_000) -> float:
    """Wait until the shown probability of ``outcome`` differs from ``old``; return it."""
    page.wait_for_function(
        "([sel, old]) => { const el = document.querySelector(sel);"
        " return el && Math.abs(parseFloat(el.dataset.probability) - old) > 1e-9; }",
        arg=[f"[data-testid=p-{outcome}]", old],
        timeout=timeout_ms,
    )
    return probability(page, outcome)


def screenshot(url: str, out: Path) -> Path:
    """The page at 1280x800 after one lever moved (so the pinned comparison shows)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = launch(pw)
        try:
            page = browser.new_page(viewport=VIEWPORT)
            page.goto(url)
            wait_for_outcomes(page)
            before = probability(page, "war_continues")
            page.locator(".lever-aid_paused input").click()
            wait_for_change(page, "war_continues", before)
            page.wait_for_timeout(1000)  # let the figures finish drawing
            out.parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(out))
        finally:
            browser.close()
    return out


def main(argv: list[str] | None = None) -> int:
    """``python -m tests.browser OUT.png``: refresh the README screenshot."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, nargs="?", default=Path("docs/img/dashboard.png"))
    parser.add_argument("--scenario", default="baseline")
    args = parser.parse_args(argv)
    server = DashboardProcess(args.scenario)
    try:
        path = screenshot(server.url, args.out)
    finally:
        server.interrupt()
    print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
