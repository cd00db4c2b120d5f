"""What a hostile web page or client can do to ``negsim dashboard``: nothing.

Raw HTTP and WebSocket clients on loopback, then headless Chromium with a foreign page served on
another loopback address (127.0.0.2). The server under test serves its assets from a hard-linked
copy of Solara's asset folder, so a regression damages the copy, never the installation.
"""

from __future__ import annotations

import contextlib
import functools
import http.client
import http.server
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from websockets.exceptions import InvalidStatus
from websockets.sync.client import connect

from simulator.dashboard.guard import Guard, allowed_hosts
from tests.browser import (
    CHROMIUM,
    VIEWPORT,
    DashboardProcess,
    launch,
    probability,
    wait_for_change,
    wait_for_outcomes,
)

INSTALLED_ASSETS = Path(sys.prefix) / "share" / "solara" / "cdn"
ASSET_DIR = "@widgetti/solara-vuetify3-app@5.1.1"  # the GET of the issue deleted this folder
MAX_SESSIONS = 6


def listing(root: Path) -> dict[str, tuple[int, int]]:
    """Every file and folder under ``root`` with its size and modification time."""
    found = {}
    for path in [root, *root.rglob("*")]:
        info = path.lstat()
        found[str(path.relative_to(root))] = (info.st_size, info.st_mtime_ns)
    return found


@pytest.fixture(scope="module")
def assets(tmp_path_factory) -> Path:
    """A copy of the installed assets (hard links where the file system allows)."""
    copy = tmp_path_factory.mktemp("assets") / "cdn"
    try:
        shutil.copytree(INSTALLED_ASSETS, copy, copy_function=os.link)
    except OSError:
        shutil.rmtree(copy, ignore_errors=True)
        shutil.copytree(INSTALLED_ASSETS, copy)
    return copy


@pytest.fixture(scope="module")
def server(assets):
    running = DashboardProcess(
        "baseline",
        extra_env={
            "SOLARA_ASSETS_PROXY_CACHE_DIR": str(assets),
            "NEGSIM_DASHBOARD_MAX_SESSIONS": str(MAX_SESSIONS),
            "SOLARA_KERNEL_CULL_TIMEOUT": "2s",  # closed test pages free their slot quickly
        },
    )
    yield running
    running.stop()


def get(port: int, path: str, headers=None, host: str = "127.0.0.1") -> tuple[int, bytes]:
    conn = http.client.HTTPConnection(host, port, timeout=30)
    try:
        conn.request("GET", path, headers=headers or {})
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


def kernel_url(port: int, kernel: str) -> str:
    return f"ws://127.0.0.1:{port}/jupyter/api/kernels/{kernel}/channels?session_id=p-{kernel}"


def refused_status(url: str, **kwargs) -> int | None:
    """The HTTP status a WebSocket handshake is refused with, or None when it opens."""
    try:
        with connect(url, open_timeout=20, **kwargs):
            return None
    except InvalidStatus as exc:
        return exc.response.status_code


def test_the_asset_get_of_the_issue_deletes_nothing_and_the_assets_still_load(server, assets):
    before = listing(assets)
    for path in (ASSET_DIR, "@widgetti", "", "../cdn", "no-such-package@1.0/x.js"):
        status, _ = get(server.port, f"/_solara/cdn/{path}")
        assert status == 404, path
    assert listing(assets) == before
    status, body = get(server.port, "/_solara/cdn/requirejs@2.3.6/require.js")
    assert status == 200 and b"requirejs" in body.lower()


def test_a_foreign_origin_is_refused_and_the_pages_own_origin_is_served(server):
    own = f"http://127.0.0.1:{server.port}"
    assert get(server.port, "/", {"Origin": "http://evil.example"})[0] == 403
    assert get(server.port, "/", {"Origin": "null"})[0] == 403
    assert get(server.port, "/", {"Origin": own})[0] == 200
    assert refused_status(kernel_url(server.port, "evil"), origin="http://evil.example") == 403
    assert refused_status(kernel_url(server.port, "own"), origin=own) is None


def test_a_foreign_host_is_refused_so_dns_rebinding_gets_nothing(server):
    assert get(server.port, "/", {"Host": "evil.example"})[0] == 403
    assert get(server.port, "/", {"Host": f"evil.example:{server.port}"})[0] == 403
    assert get(server.port, "/", {"Host": f"localhost:{server.port}"})[0] == 200
    # A WebSocket to a name that resolved to 127.0.0.1 (the socket is ours, the Host is the name).
    rebound = kernel_url(server.port, "rebound").replace("127.0.0.1", "evil.example")
    sock = socket.create_connection(("127.0.0.1", server.port))
    assert refused_status(rebound, sock=sock, origin=f"http://evil.example:{server.port}") == 403


def test_only_a_capped_number_of_pages_may_hold_memory_at_once(server):
    own = f"http://127.0.0.1:{server.port}"
    with contextlib.ExitStack() as opened:
        count = 0
        for i in range(MAX_SESSIONS + 1):
            try:
                opened.enter_context(connect(kernel_url(server.port, f"cap{i}"), origin=own))
            except InvalidStatus as exc:
                assert exc.response.status_code == 403
                break
            count += 1
        assert 0 < count < MAX_SESSIONS + 1  # the teacher's own pages count too
        assert refused_status(kernel_url(server.port, "one-more"), origin=own) == 403
        # A page already counted may reconnect.
        opened.enter_context(connect(kernel_url(server.port, "cap0"), origin=own))
    deadline = time.monotonic() + 30  # closed pages are culled (2 s here) and free their slots
    while refused_status(kernel_url(server.port, "after"), origin=own) is not None:
        assert time.monotonic() < deadline, "closed pages never freed their slots"
        time.sleep(1)


def test_an_idle_page_is_disconnected_and_may_not_reconnect():
    running = DashboardProcess("baseline", extra_env={"NEGSIM_DASHBOARD_IDLE_SECONDS": "2"})
    try:
        url = kernel_url(running.port, "idle")
        own = f"http://127.0.0.1:{running.port}"
        with connect(url, origin=own, open_timeout=20) as ws:
            start = time.monotonic()
            with pytest.raises(Exception, match="1000"):
                while True:
                    ws.recv(timeout=30)
            assert time.monotonic() - start < 20
        assert refused_status(url, origin=own) == 403
    finally:
        running.stop()


def test_allowed_hosts_are_the_listening_address_and_its_loopback_names():
    assert allowed_hosts("127.0.0.1", 80) == {"127.0.0.1:80", "localhost:80"}
    assert allowed_hosts("::1", 80) == {"[::1]:80", "localhost:80"}
    assert allowed_hosts("192.168.1.5", 80) == {"192.168.1.5:80"}
    wildcard = Guard(None, allowed_hosts("0.0.0.0", 80), 80, any_address=True)  # noqa: S104
    assert wildcard.host_ok("10.0.0.7:80") and wildcard.host_ok("[fe80::1]:80")
    assert not wildcard.host_ok("evil.example:80") and not wildcard.host_ok("10.0.0.7:81")


@pytest.mark.parametrize("host", ["256.1.1.1", "no-such-host.invalid"])
def test_a_host_that_is_no_address_is_one_clear_error_with_exit_code_2(invoke, host):
    result = invoke(["dashboard", "--host", host, "--port", "0"])
    assert result.exit_code == 2, result.output
    assert "cannot listen on --host" in result.output and "Traceback" not in result.output


def test_the_dashboard_serves_on_ipv6_loopback():
    env = dict(os.environ)
    proc = subprocess.Popen(
        [sys.executable, "-m", "simulator", "dashboard", "--host", "::1", "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=env,
        start_new_session=True,
    )
    try:
        lines = []
        for line in proc.stdout:
            lines.append(line)
            if "ready at" in line:
                break
        port = int(lines[-1].split("]:")[1].split("/")[0])
        assert get(port, "/", host="::1")[0] == 200, "".join(lines)
    finally:
        proc.terminate()
        proc.wait(timeout=20)
        proc.stdout.close()


def test_kill_9_of_negsim_dashboard_leaves_no_server_listening():
    running = DashboardProcess("baseline")
    port = running.port
    children = subprocess.run(
        ["pgrep", "-P", str(running.proc.pid)], capture_output=True, text=True, check=False
    ).stdout.split()
    assert children, "the Solara child was not found"
    running.proc.kill()  # SIGKILL to negsim only, not to its process group
    running.proc.wait()
    deadline = time.monotonic() + 15
    while any(Path(f"/proc/{pid}").exists() for pid in children):
        assert time.monotonic() < deadline, "the server outlived negsim"
        time.sleep(0.2)
    with pytest.raises(OSError):
        get(port, "/")
    running.stop()


# --- a foreign page in a real browser ----------------------------------------------------------

EVIL_PAGE = """<!doctype html><title>evil</title>
<img src="http://127.0.0.1:{port}/_solara/cdn/{asset}">
<img src="http://127.0.0.1:{port}/_solara/cdn/@widgetti">
<script>
window.results = {{}};
const ws = new WebSocket("ws://127.0.0.1:{port}/jupyter/api/kernels/evil/channels?session_id=x");
ws.onopen = () => {{
  window.results.ws = "open";
  ws.send(JSON.stringify({{header: {{msg_type: "comm_msg"}},
                           content: {{data: {{method: "update", state: {{value: 1500000}}}}}}}}));
}};
ws.onclose = () => {{ window.results.ws = window.results.ws || "refused"; }};
fetch("http://127.0.0.1:{port}/_solara/api/close/x?session_id=x",
      {{method: "POST", mode: "no-cors"}})
  .then(() => {{ window.results.post = "sent"; }}, () => {{ window.results.post = "failed"; }});
</script>"""


@pytest.fixture
def evil_site(server):
    """The foreign page on http://127.0.0.2:PORT/ (another loopback address: another origin)."""
    body = EVIL_PAGE.format(port=server.port, asset=ASSET_DIR).encode()

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    try:
        httpd = http.server.ThreadingHTTPServer(("127.0.0.2", 0), Handler)
    except OSError as exc:
        pytest.skip(f"127.0.0.2 is not usable here: {exc}")
    thread = threading.Thread(target=functools.partial(httpd.serve_forever, 0.1), daemon=True)
    thread.start()
    yield f"http://127.0.0.2:{httpd.server_address[1]}/"
    httpd.shutdown()
    httpd.server_close()


def test_a_foreign_page_in_the_browser_changes_nothing_and_the_teacher_keeps_working(
    server, assets, evil_site
):
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is missing")
    pytest.importorskip("playwright.sync_api")
    from playwright.sync_api import sync_playwright

    before = listing(assets)
    with sync_playwright() as pw:
        browser = launch(pw)
        try:
            teacher = browser.new_page(viewport=VIEWPORT)
            teacher.goto(server.url)
            wait_for_outcomes(teacher)
            shown = probability(teacher, "war_continues")
            evil = browser.new_page()
            evil.goto(evil_site)
            evil.wait_for_function(
                "window.results && window.results.ws && window.results.post", timeout=30_000
            )
            assert evil.evaluate("window.results.ws") == "refused"
            evil.wait_for_timeout(1000)
            assert probability(teacher, "war_continues") == shown  # still there, unchanged
            teacher.locator(".lever-aid_paused input").click()  # and still answering
            assert wait_for_change(teacher, "war_continues", shown) != shown
        finally:
            browser.close()
    assert listing(assets) == before
