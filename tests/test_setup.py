"""The README's commands as a user runs them: `make lab` serves on this machine only."""

import os
import pathlib
import re
import signal
import subprocess
import sys
import time

import psutil
import pytest

ROOT = pathlib.Path(__file__).resolve().parent.parent


def test_make_lab_listens_on_127_0_0_1_even_with_host_exported(tmp_path):
    # Shells and containers often export HOST (or HOST=0.0.0.0): it must not move the server.
    environment = {**os.environ, "HOST": "0.0.0.0", "LAB_ADDRESS": "0.0.0.0", "BROWSER": "true"}
    log = tmp_path / "lab.log"
    with log.open("w") as output:
        make = subprocess.Popen(_make_lab_in_this_environment(), cwd=ROOT, env=environment,
                                stdout=output, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        listening = _listening_addresses(make, log, seconds=90)
    finally:
        os.killpg(make.pid, signal.SIGTERM)  # the process group this test started, and no other
        make.wait(timeout=30)
    assert listening and {address for address, _ in listening} == {"127.0.0.1"}, listening


def _make_lab_in_this_environment():
    """`make lab` with the environment running these tests as its venv, taken as installed (`-o`):
    the test checks where the server listens and never installs anything itself."""
    return ["make", "--no-print-directory", f"VENV={sys.prefix}", "-o", f"{sys.prefix}/.installed", "lab"]


def _listening_addresses(make, log, seconds):
    """(address, port) of each socket the server under `make` listens on, once it says it is up."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        output = log.read_text()
        if re.search(r"http://[\d.]+:\d+/lab\?token=", output):
            break
        if make.poll() is not None:
            pytest.fail(f"make lab stopped (exit {make.returncode}):\n{output[-2000:]}")
        time.sleep(0.2)
    else:
        pytest.fail(f"make lab did not start within {seconds} s:\n{output[-2000:]}")
    # The server may print its address a moment before its sockets show (seen under load in CI):
    # look again for a few seconds before concluding it listens nowhere.
    give_up = time.monotonic() + 10
    while True:
        listening = set()
        for process in [psutil.Process(make.pid), *psutil.Process(make.pid).children(recursive=True)]:
            try:
                connections = process.net_connections(kind="inet")
            except psutil.NoSuchProcess:
                continue  # a short-lived helper (the browser opener) that has already exited
            listening |= {(c.laddr.ip, c.laddr.port) for c in connections if c.status == psutil.CONN_LISTEN}
        if listening or time.monotonic() > give_up:
            return listening
        time.sleep(0.2)
