"""The app in a real browser: `streamlit run app.py` as a subprocess over the seed index (plus one report
carrying markup and an unbalanced row), driven by headless Chromium through Playwright.

Needs the system Chromium (/usr/bin/chromium, installed by .ci/run) and the playwright package; nothing is
downloaded (`playwright install` is never run)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from index.build import Builder
from index.embed import make_embedder
from tests.test_app import HOSTILE, LOOKUP, REPORTS, ROOT, unbalanced_hostile_report
from ui.context import INDEX_ENV

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--no-first-run",
    "--disable-component-update",
    "--disable-sync",
]
SCREENSHOTS_ENV = "NIANBAO_SCREENSHOTS"  # a folder to keep the screenshots in; else the test's tmp folder
START_TIMEOUT = 90
ANSWER_TIMEOUT_MS = 60_000

sync_api = pytest.importorskip(
    "playwright.sync_api", reason="playwright is not installed (pip install -r requirements.txt)"
)
pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(), reason=f"{CHROMIUM} is missing (apt-get install chromium; .ci/run installs it)"
)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_serving(url: str, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"streamlit exited with {process.returncode}:\n{log.read_text(errors='replace')}")
        try:
            with urllib.request.urlopen(f"{url}_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    pytest.fail(f"streamlit did not answer on {url} within {START_TIMEOUT} s:\n{log.read_text(errors='replace')}")


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("browser-index")
    extra = tmp_path_factory.mktemp("browser-extra") / "安澜区2021.txt"
    extra.write_bytes(unbalanced_hostile_report())
    Builder(folder / "index", make_embedder("use")).build([REPORTS, extra])
    port, log = free_port(), folder / "streamlit.log"
    command = [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port)]
    command += ["--server.headless", "true", "--server.address", "127.0.0.1"]
    with log.open("wb") as output:
        process = subprocess.Popen(
            command,
            cwd=ROOT,
            env={**os.environ, INDEX_ENV: str(folder / "index")},
            stdout=output,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
        )
    url = f"http://127.0.0.1:{port}/"
    try:
        wait_until_serving(url, process, log)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def test_chat_in_a_real_browser(server: str, tmp_path: Path) -> None:
    shots = Path(os.environ.get(SCREENSHOTS_ENV) or tmp_path)
    dialogs: list[str] = []
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1400})
            page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
            page.goto(server)
            box = page.get_by_test_id("stChatInputTextArea")
            box.wait_for(timeout=ANSWER_TIMEOUT_MS)

            box.fill(LOOKUP)
            box.press("Enter")
            reply = page.get_by_test_id("stChatMessage").nth(1)
            sync_api.expect(reply.get_by_test_id("stMetricValue")).to_have_text("18", timeout=ANSWER_TIMEOUT_MS)
            sync_api.expect(reply.get_by_text("第 43 行").first).to_be_visible()
            sync_api.expect(reply.get_by_text("在报告中查看第 43 行")).to_be_visible()
            page.wait_for_timeout(1000)  # let the chart and fonts settle for the screenshot
            page.screenshot(path=shots / "app_chat.png", full_page=True)

            # A report's markup is text: nothing runs, no element is made from it.
            box.fill("安澜区微信公众号全年发布了多少信息？")
            box.press("Enter")
            sync_api.expect(page.get_by_test_id("stChatMessage")).to_have_count(4, timeout=ANSWER_TIMEOUT_MS)
            hostile = page.get_by_test_id("stChatMessage").nth(3)
            sync_api.expect(hostile.get_by_text(HOSTILE).first).to_be_visible(timeout=ANSWER_TIMEOUT_MS)
            assert page.locator("img[src='x']").count() == 0
            assert page.locator("a[href^='javascript']").count() == 0
            page.screenshot(path=shots / "app_hostile.png", full_page=True)

            # The citation opens the report page at its line.
            reply.get_by_text("在报告中查看第 43 行").click()
            page.wait_for_url("**/report?report=*&line=43", timeout=ANSWER_TIMEOUT_MS)
            window = page.get_by_test_id("stCode").first
            sync_api.expect(window).to_contain_text("▶", timeout=ANSWER_TIMEOUT_MS)
            sync_api.expect(window).to_contain_text("一、本年新收政府信息公开申请数量")
            page.screenshot(path=shots / "app_report.png", full_page=True)
        finally:
            browser.close()
    assert dialogs == [], f"a JS dialog fired: {dialogs}"
