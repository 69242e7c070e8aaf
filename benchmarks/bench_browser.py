"""In the real browser: from a slider key press to the new readout and picture on screen.

JupyterLab on 127.0.0.1 in headless Chromium (Debian's), the MSE explorer of
notebook 00 and the cross-entropy explorer of notebook 03, 30 key presses
each (right, then back left), timed inside the page and, for comparison, as
Playwright sees it (its own calls add to that). Target: median under 50 ms.
Prints a table; asserts nothing, stores nothing.
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
sys.path[:0] = [str(ROOT / "tests" / "e2e"), str(ROOT / "scripts")]
from lab_driver import CHROMIUM, CHROMIUM_ARGS, open_and_run, running_jupyter  # noqa: E402

MOVES = 30
CASES = [("00_golf_score_intuition.ipynb", "MSE explorer"), ("03_cross_entropy.ipynb", "cross-entropy explorer")]


# Timed inside the page, so that Playwright's own round trips are not counted: from the
# keydown event to the readout's new text and the new picture decoded and painted.
IN_PAGE_TIMER = """box => {
    const image = box.querySelector('.widget-image'), readout = box.querySelector('.widget-html');
    const timer = window.lossvizTimer = {times: [], keys: [], started: null, picture: false, text: false};
    const done = () => {
        if (timer.started !== null && timer.picture && timer.text) {
            timer.times.push(performance.now() - timer.started);
            timer.started = null;
        }
    };
    document.addEventListener('keydown', () => {
        Object.assign(timer, {started: performance.now(), picture: false, text: false});
        timer.keys.push(timer.started);
    }, true);
    new MutationObserver(() => image.decode().then(() => requestAnimationFrame(() => {
        timer.picture = true; done();
    }))).observe(image, {attributes: true, attributeFilter: ['src']});
    new MutationObserver(() => { timer.text = true; done(); })
        .observe(readout, {subtree: true, childList: true, characterData: true});
}"""


# What the page sends to and receives from the kernel, with times, to see where a move's time goes.
SOCKET_LOG = """(() => {
    window.kernelFrames = [];
    const send = WebSocket.prototype.send;
    WebSocket.prototype.send = function (data) {
        if (this.url.includes('/api/kernels/') && !this.lossvizLogged) {
            this.lossvizLogged = true;
            this.addEventListener('message', event => window.kernelFrames.push(
                [performance.now(), event.data.byteLength || event.data.size || event.data.length]));
        }
        return send.call(this, data);
    };
})()"""


def round_trips(page, box):
    """(in the page, as Playwright sees it): milliseconds per key press, MOVES of each."""
    image, readout = box.query_selector(".widget-image"), box.query_selector(".widget-html")
    handle = box.query_selector(".noUi-handle")
    handle.focus()
    box.evaluate(IN_PAGE_TIMER)
    seen, first_reply, picture_arrives = [], [], []
    for move in range(MOVES):
        picture, text = image.get_attribute("src"), readout.inner_text()
        page.evaluate("() => { window.kernelFrames = []; }")
        started = time.perf_counter()
        handle.press("ArrowRight" if move < MOVES // 2 else "ArrowLeft")
        page.wait_for_function(
            "([img, src, out, text]) => img.getAttribute('src') !== src && out.innerText !== text",
            arg=[image, picture, readout, text], polling="raf", timeout=10_000,
        )
        seen.append(time.perf_counter() - started)
        page.wait_for_function(f"() => window.lossvizTimer.times.length > {move}", timeout=10_000)
        key, frames = page.evaluate("() => [window.lossvizTimer.keys[window.lossvizTimer.keys.length - 1], "
                                    "window.kernelFrames]")
        first_reply.append(frames[0][0] - key)
        picture_arrives.append(max(frames, key=lambda frame: frame[1])[0] - key)  # the PNG is the largest
    in_page = page.evaluate("() => window.lossvizTimer.times")
    return np.array(in_page), np.array(seen) * 1e3, np.array(first_reply), np.array(picture_arrives)


def main():
    with tempfile.TemporaryDirectory() as home, running_jupyter(ROOT / "notebooks", pathlib.Path(home)) as server, \
            sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        print(f"key press to new readout and picture in Chromium, {MOVES} moves, milliseconds")
        print(f"{'explorer':<24} {'median':>7} {'p90':>7}   Playwright's view: median p90"
              "   kernel's first reply / picture received: medians")
        for name, label in CASES:
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.add_init_script(SOCKET_LOG)
            cells = sum(cell.cell_type == "code" for cell in nbformat.read(server.notebooks / name, 4).cells)
            open_and_run(page, server.url(f"lab/workspaces/bench{name[:2]}/tree/{name}", reset=""), cells)
            box = page.query_selector(".jp-OutputArea-output .widget-vbox:has(.widget-image)")
            box.scroll_into_view_if_needed()
            in_page, seen, first_reply, picture_arrives = round_trips(page, box)
            print(f"{label:<24} {statistics.median(in_page):>7.1f} {np.percentile(in_page, 90):>7.1f}"
                  f"   {'':>11}{statistics.median(seen):>7.1f} {np.percentile(seen, 90):>5.1f}"
                  f"   {statistics.median(first_reply):>12.1f} / {statistics.median(picture_arrives):.1f}")
            page.close()
        browser.close()


if __name__ == "__main__":
    main()
