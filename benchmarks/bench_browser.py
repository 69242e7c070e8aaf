"""In the real browser: from a slider key press to the new readout and picture on screen.

JupyterLab on 127.0.0.1 in headless Chromium (Debian's), the MSE explorer of
notebook 00 and the cross-entropy explorer of notebook 03, 30 key presses
each (right, then back left). Target: median under 50 ms. Prints a table;
asserts nothing, stores nothing.
"""

import pathlib
import statistics
import sys
import tempfile
import time

import nbformat
import numpy as np
from playwright.sync_api import sync_playwright

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "e2e"))
from lab_driver import CHROMIUM_ARGS, open_and_run, running_jupyter  # noqa: E402

MOVES = 30
CASES = [("00_golf_score_intuition.ipynb", "MSE explorer"), ("03_cross_entropy.ipynb", "cross-entropy explorer")]


def round_trips(page, box):
    image, readout = box.query_selector(".widget-image"), box.query_selector(".widget-html")
    handle = box.query_selector(".noUi-handle")
    handle.focus()
    times = []
    for move in range(MOVES):
        picture, text = image.get_attribute("src"), readout.inner_text()
        started = time.perf_counter()
        handle.press("ArrowRight" if move < MOVES // 2 else "ArrowLeft")
        page.wait_for_function(
            "([img, src, out, text]) => img.getAttribute('src') !== src && out.innerText !== text",
            arg=[image, picture, readout, text], polling="raf", timeout=10_000,
        )
        times.append(time.perf_counter() - started)
    return np.array(times) * 1e3


def main():
    with tempfile.TemporaryDirectory() as home, running_jupyter(ROOT / "notebooks", pathlib.Path(home)) as server, \
            sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", headless=True, args=CHROMIUM_ARGS)
        print(f"key press to new readout and picture in Chromium, {MOVES} moves, milliseconds")
        print(f"{'explorer':<24} {'median':>7} {'p90':>7}")
        for name, label in CASES:
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            cells = sum(cell.cell_type == "code" for cell in nbformat.read(server.notebooks / name, 4).cells)
            open_and_run(page, server.url(f"lab/workspaces/bench{name[:2]}/tree/{name}", reset=""), cells)
            box = page.query_selector(".jp-OutputArea-output .widget-vbox:has(.widget-image)")
            box.scroll_into_view_if_needed()
            times = round_trips(page, box)
            print(f"{label:<24} {statistics.median(times):>7.1f} {np.percentile(times, 90):>7.1f}")
            page.close()
        browser.close()


if __name__ == "__main__":
    main()
