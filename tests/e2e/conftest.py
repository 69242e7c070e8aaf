"""A real JupyterLab on 127.0.0.1 and Debian's headless Chromium, driven by Playwright.

Playwright cannot download its own browsers here, so the tests launch the
system Chromium. Where it is missing the browser tests are skipped with the
reason, except under CI=true, where a missing browser is a failure.
"""

import os
import pathlib
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

CHROMIUM = pathlib.Path(os.environ.get("LOSSVIZ_CHROMIUM", "/usr/bin/chromium"))
ROOT = pathlib.Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-sync"]


def _missing(reason):
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"browser tests cannot run in CI: {reason}", pytrace=False)
    pytest.skip(f"browser tests skipped: {reason} (install Debian's chromium, or run `make test` in CI)")


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        _missing(f"no Chromium at {CHROMIUM}")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _missing("the playwright package is not installed")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    def __init__(self, port, token, notebooks):
        self.port, self.token, self.notebooks = port, token, notebooks

    def url(self, path, **query):
        extra = "".join(f"&{key}={value}" for key, value in query.items())
        return f"http://127.0.0.1:{self.port}/{path}?token={self.token}{extra}"


@pytest.fixture(scope="session")
def jupyter(tmp_path_factory):
    """JupyterLab (and Notebook 7, same server) on a copy of the notebooks, with a token of its own."""
    home = tmp_path_factory.mktemp("jupyter")
    notebooks = home / "notebooks"
    shutil.copytree(ROOT / "notebooks", notebooks)
    # Every cell in the page, not only those in view, so that outputs can be counted.
    settings = home / "settings" / "@jupyterlab" / "notebook-extension"
    settings.mkdir(parents=True)
    (settings / "tracker.jupyterlab-settings").write_text('{"windowingMode": "none"}')
    port, token = _free_port(), secrets.token_hex(16)
    environment = {
        **os.environ,
        # Settings and workspaces of this run only: nothing from, or left in, the user's own.
        "JUPYTERLAB_SETTINGS_DIR": str(home / "settings"),
        "JUPYTERLAB_WORKSPACES_DIR": str(home / "workspaces"),
        "JUPYTER_RUNTIME_DIR": str(home / "runtime"),
    }
    command = [sys.executable, "-m", "jupyter", "lab", "--no-browser", "--ip=127.0.0.1", f"--port={port}",
               f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={notebooks}",
               "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate"]
    if os.geteuid() == 0:
        command.append("--allow-root")
    log = open(home / "server.log", "w")
    server = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, env=environment, start_new_session=True)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/api/status?token={token}", timeout=2)
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"JupyterLab did not start; see {home / 'server.log'}") from None
                time.sleep(0.2)
        yield Server(port, token, notebooks)
    finally:
        # The server and its kernels share one process group: end all of it, always.
        if server.poll() is None:
            os.killpg(server.pid, signal.SIGTERM)
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)
                server.wait()
        log.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture(scope="session")
def artifacts():
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS
