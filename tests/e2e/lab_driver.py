"""Drive a real JupyterLab: start a server of our own on 127.0.0.1 (always ended), open a
notebook in the browser, run it all. Shared by the browser tests and the browser benchmark."""

import contextlib
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

import nbformat

from build_handout import CHROMIUM, CHROMIUM_ARGS  # noqa: F401  (one definition, in scripts/, for tests and tools)


class Server:
    def __init__(self, port, token, notebooks, pid=None):
        self.port, self.token, self.notebooks, self.pid = port, token, notebooks, pid

    def url(self, path, **query):
        extra = "".join(f"&{key}={value}" for key, value in query.items())
        return f"http://127.0.0.1:{self.port}/{path}?token={self.token}{extra}"


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def running_jupyter(notebooks_source, home, theme=None):
    """JupyterLab on a copy of `notebooks_source` in `home`, with a free port and a token of its own (and
    its `theme`, by name, where one is given: "JupyterLab Dark")."""
    notebooks = home / "notebooks"
    shutil.copytree(notebooks_source, notebooks)
    # Every cell in the page, not only those in view, so that outputs can be counted.
    settings = home / "settings" / "@jupyterlab" / "notebook-extension"
    settings.mkdir(parents=True)
    (settings / "tracker.jupyterlab-settings").write_text('{"windowingMode": "none"}')
    # No "get notified about Jupyter news?" toast over the screenshots (and no request for it).
    apputils = home / "settings" / "@jupyterlab" / "apputils-extension"
    apputils.mkdir(parents=True)
    (apputils / "notification.jupyterlab-settings").write_text('{"fetchNews": "false"}')
    if theme:
        (apputils / "themes.jupyterlab-settings").write_text(json.dumps({"theme": theme}))
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
    with _serving(command, environment, port, token, home / "server.log"):
        yield Server(port, token, notebooks)


@contextlib.contextmanager
def running_voila(notebook, home):
    """Voilà on `notebook` as `make present` starts it, with a free port and a token of its own."""
    import present

    port, token = _free_port(), secrets.token_hex(16)
    command, environment = present.voila_command(notebook, port=port, token=token, open_browser=False)
    environment = {**environment, "JUPYTER_RUNTIME_DIR": str(home / "runtime")}
    with _serving(command, environment, port, token, home / "voila.log") as pid:
        yield Server(port, token, notebook.parent, pid)


@contextlib.contextmanager
def _serving(command, environment, port, token, log_path):
    """Run a Jupyter server command until it answers on `port`; end it and its kernels, always."""
    with open(log_path, "w") as log:
        server = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, env=environment,
                                  start_new_session=True)
        try:
            deadline = time.monotonic() + 60
            while True:
                try:
                    urllib.request.urlopen(f"http://127.0.0.1:{port}/api/status?token={token}", timeout=2)
                    break
                except urllib.error.HTTPError:
                    break  # it answers (Voilà has no status page)
                except OSError:
                    if server.poll() is not None or time.monotonic() > deadline:
                        raise RuntimeError(f"{command[2]} did not start; see {log_path}") from None
                    time.sleep(0.2)
            yield server.pid
        finally:
            # The server and its kernels share one process group: end all of it, always.
            if server.poll() is None:
                os.killpg(server.pid, signal.SIGTERM)
                try:
                    server.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    os.killpg(server.pid, signal.SIGKILL)
                    server.wait()


def wait_for_kernel(page):
    """Wait until the notebook's kernel is connected and idle.

    Run All before the kernel has connected opens a "Select Kernel" dialog; if
    one shows anyway, accept the notebook's own kernel.
    """
    page.wait_for_function(
        """() => document.querySelector('.jp-Notebook-ExecutionIndicator')?.getAttribute('data-status') === 'idle'
                 && [...document.querySelectorAll('.jp-StatusBar-TextItem, .jp-KernelStatus, .jp-Toolbar-kernelName')]
                    .some(e => /ipykernel|Python 3/.test(e.textContent))""",
        timeout=120_000,
    )
    time.sleep(0.5)
    if page.query_selector(".jp-Dialog"):
        page.click(".jp-Dialog .jp-mod-accept")
        page.wait_for_selector(".jp-Dialog", state="detached")


def menu(page, top, item):
    page.click(f".lm-MenuBar-itemLabel:text-is('{top}')")
    page.click(f".lm-Menu-itemLabel:text-is('{item}')")
    page.wait_for_selector(".lm-Menu", state="detached")


def run_all(page, code_cells):
    """Clear the stored outputs, run everything, and wait until every code cell has a number."""
    menu(page, "Edit", "Clear Outputs of All Cells")
    page.wait_for_function("() => ![...document.querySelectorAll('.jp-CodeCell .jp-InputArea-prompt')]"
                           ".some(e => /\\d/.test(e.textContent))")
    started = time.monotonic()
    menu(page, "Run", "Run All Cells")
    script = """count => {
        const prompts = [...document.querySelectorAll('.jp-CodeCell .jp-InputArea-prompt')].map(e => e.textContent);
        return prompts.length === count && prompts.every(p => /\\[\\d+\\]/.test(p));
    }"""
    page.wait_for_function(script, arg=code_cells, timeout=180_000, polling=250)
    return time.monotonic() - started


def open_and_run(page, url, code_cells):
    """Open a notebook page, wait for its kernel, and run every cell from cleared outputs."""
    page.goto(url)
    page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=60_000)
    wait_for_kernel(page)
    return run_all(page, code_cells)


class KernelMessages:
    """The kernel's messages as the page receives them, read off its websockets.

    An error raised inside a widget callback shows in no cell: ipywidgets has the
    kernel send it as an error message whose parent is the widget's comm message.
    """

    def __init__(self, page):
        self.messages, self.sent = [], []
        page.on("websocket", self._watch)

    def _watch(self, websocket):
        if "/api/kernels/" in websocket.url:
            websocket.on("framereceived", lambda payload: self.messages.append(_decode(payload)))
            websocket.on("framesent", lambda payload: self.sent.append(_decode(payload)))

    def widget_updates(self):
        """The state of each update the page sent a widget, in order."""
        return [message["content"]["data"]["state"] for message in self.sent
                if message and message["header"].get("msg_type") == "comm_msg"
                and message["content"].get("data", {}).get("method") == "update"]

    def callback_errors(self):
        """'Name: message' of each exception raised while the kernel handled a widget's message."""
        return [f"{message['content'].get('ename')}: {message['content'].get('evalue')}" for message in self.messages
                if message and message["header"].get("msg_type") == "error"
                and message["parent_header"].get("msg_type") == "comm_msg"]


def _decode(payload):
    """A kernel websocket frame as a message dict: JSON text, or the binary v1 protocol
    (a count of offsets, the offsets, then channel, header, parent header, metadata, content)."""
    if isinstance(payload, str):
        return json.loads(payload)
    count = int.from_bytes(payload[:8], "little")
    offsets = [int.from_bytes(payload[8 * (index + 1):8 * (index + 2)], "little") for index in range(count)]
    parts = [payload[start:end] for start, end in zip(offsets, offsets[1:])]
    if len(parts) < 5:
        return None
    header, parent_header, _, content = (json.loads(part) for part in parts[1:5])
    return {"channel": parts[0].decode(), "header": header, "parent_header": parent_header, "content": content}


@contextlib.contextmanager
def notebook_run_in_lab(page, tmp_path, name, sources, theme=None):
    """A notebook `name` of code cells `sources`, in a JupyterLab of its own under `tmp_path` (in its
    `theme`, if given), opened in `page` and run; `page` is closed after."""
    notebook = nbformat.v4.new_notebook()
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    notebook.cells = [nbformat.v4.new_code_cell(source) for source in sources]
    (tmp_path / "source").mkdir()
    nbformat.write(notebook, tmp_path / "source" / f"{name}.ipynb")
    with running_jupyter(tmp_path / "source", tmp_path / "home", theme) as server:
        try:
            open_and_run(page, server.url(f"lab/workspaces/{name}/tree/{name}.ipynb", reset=""), len(sources))
            yield page
        finally:
            page.close()
