"""In the real browser: from a slider key press to the frame that paints the new picture.

Debian's headless Chromium, driven by Playwright. The MSE explorer (notebook 00) and the
cross-entropy explorer (notebook 03), 30 key presses each (right, then back left), timed inside
the page from the key event's own time stamp to the animation frame after the new readout:
- in JupyterLab on 127.0.0.1, the explorers of lossviz as it is (drawn in the browser);
- in the same JupyterLab, today's explorers before they drew in the browser (lossviz at commit
  BEFORE, taken from git history: the kernel draws a PNG per move);
- in the decks of `make slides`, opened from disk with no kernel and no network.
Then how long each deck and site page takes to open from disk until its explorers are drawn, and
what the site's and the decks' folders weigh (beside issue 18's bars: a folder copied to a course server).
Prints tables; asserts nothing, stores nothing.
"""

import pathlib
import statistics
import subprocess
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
BEFORE = "15ce251"  # the last commit whose explorers sent a PNG from the kernel per move
CASES = [("00_golf_score_intuition.ipynb", "MSE explorer"), ("03_cross_entropy.ipynb", "cross-entropy explorer")]

# Each key's time stamp, taken by the browser when the key arrives, kept by a listener that the
# page gets before any of its own (an explorer takes its keys from the window, first).
KEY_STAMPS = "window.addEventListener('keydown', event => { window.lossvizKey = event.timeStamp; }, true);"
# From the key to the first animation frame after the readout changed (and, before, after the new
# PNG was decoded): the frame that paints the new picture.
TIMER = """([readout, picture]) => {
    const timer = window.lossvizTimer = {times: [], key: null, text: false, drawn: false};
    const done = () => {
        if (timer.key !== window.lossvizKey) Object.assign(timer, {key: window.lossvizKey, text: false, drawn: !picture});
        return () => {
            if (!timer.text || !timer.drawn) return;
            const key = timer.key;
            timer.text = false;
            requestAnimationFrame(frame => timer.times.push(frame - key));
        };
    };
    new MutationObserver(() => { const finish = done(); timer.text = true; finish(); })
        .observe(readout, {subtree: true, childList: true, characterData: true});
    if (picture) new MutationObserver(() => { const finish = done(); picture.decode().then(() => { timer.drawn = true; finish(); }); })
        .observe(picture, {attributes: true, attributeFilter: ['src']});
}"""


def timed_presses(page, slider, readout, picture=None, fine=""):
    """Milliseconds from each key press to the frame painting its picture, MOVES presses of the
    slider's finest step (`fine`: the modifier that gives it), right and then back left."""
    page.evaluate(TIMER, [readout, picture])
    slider.focus()
    for move in range(MOVES):
        slider.press(fine + ("ArrowRight" if move < MOVES // 2 else "ArrowLeft"))
        page.wait_for_function(f"() => window.lossvizTimer.times.length > {move}", timeout=10_000, polling="raf")
    return np.array(page.evaluate("() => window.lossvizTimer.times"))


def row(label, times):
    print(f"{label:<60} {statistics.median(times):>7.1f} {np.percentile(times, 90):>7.1f}")


def before_package(folder):
    """lossviz as it was at BEFORE, unpacked from git history into `folder` (None without history)."""
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", BEFORE, "lossviz"], capture_output=True)
    if archive.returncode:
        return None
    folder.mkdir()
    subprocess.run(["tar", "-x", "-C", str(folder)], input=archive.stdout, check=True)
    return folder


def lab_cases(browser, server, before):
    for name, label in CASES:
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.add_init_script(KEY_STAMPS)
        cells = sum(cell.cell_type == "code" for cell in nbformat.read(server.notebooks / name, 4).cells)
        open_and_run(page, server.url(f"lab/workspaces/bench{name[:2]}/tree/{name}", reset=""), cells)
        box = page.query_selector(".jp-OutputArea-output .lossviz-explorer")
        box.scroll_into_view_if_needed()
        row(f"{label}, JupyterLab", timed_presses(page, box.query_selector("input[type=range]"),
                                                  box.query_selector(".lossviz-readout"), fine="Shift+"))
        page.close()
        if before is None:
            print(f"{label}, JupyterLab, before: no git history to take it from")
            continue
        # Today's explorer before this change, in a notebook of its own beside the lessons.
        old = nbformat.v4.new_notebook(metadata={"kernelspec": {"name": "python3", "display_name": "Python 3"}})
        loss = "mse" if name.startswith("00") else "cross_entropy"
        old.cells = [nbformat.v4.new_code_cell(f"import sys\nsys.path.insert(0, {str(before)!r})\nimport lossviz as lv"),
                     nbformat.v4.new_code_cell(f"lv.explore(lv.{loss})")]
        nbformat.write(old, server.notebooks / f"before_{loss}.ipynb")
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.add_init_script(KEY_STAMPS)
        open_and_run(page, server.url(f"lab/workspaces/before{loss}/tree/before_{loss}.ipynb", reset=""), 2)
        box = page.query_selector(".jp-OutputArea-output .widget-vbox:has(.widget-image)")
        box.scroll_into_view_if_needed()
        row(f"{label}, JupyterLab, before (PNG from kernel)",
            timed_presses(page, box.query_selector(".noUi-handle"), box.query_selector(".widget-html"),
                          box.query_selector(".widget-image")))
        page.close()


def offline(browser, url):
    page = browser.new_page(viewport={"width": 1280, "height": 720})
    page.add_init_script(KEY_STAMPS)
    page.route("**/*", lambda route: route.continue_() if route.request.url.startswith(("file:", "data:", "blob:"))
               else route.abort())
    started = time.perf_counter()
    page.goto(url)
    page.wait_for_function("() => document.readyState === 'complete'")
    expected = page.evaluate("() => document.querySelectorAll('script[type=\"application/vnd.jupyter.widget-view+json\"]').length")
    page.wait_for_function(f"() => document.querySelectorAll('.lossviz-explorer canvas').length === {expected}",
                           timeout=30_000)
    return page, (time.perf_counter() - started) * 1e3


def deck_cases(browser, decks):
    for name, label in CASES:
        deck = next(deck for deck in decks if deck.name.startswith(name[:2]))
        page, _ = offline(browser, deck.as_uri() + "?transition=none")
        page.evaluate("""() => { const section = document.querySelector('.lossviz-explorer').closest('section');
            const slides = [...document.querySelectorAll('.reveal .slides > section')];
            location.hash = '#/' + slides.indexOf(section.parentElement.closest('section') || section); }""")
        page.wait_for_timeout(500)
        box = page.query_selector(".lossviz-explorer")
        row(f"{label}, deck from disk", timed_presses(page, box.query_selector("input[type=range]"),
                                                       box.query_selector(".lossviz-readout"), fine="Shift+"))
        page.close()


def folder_weight(label, folder):
    files = [path for path in folder.rglob("*") if path.is_file()]
    size = sum(path.stat().st_size for path in files) / 1e6
    print(f"{label:<60} {size:>7.1f} MB {len(files):>5} files   (bar: ≤ 20 MB, ≤ 300 files)")


def main():
    import build_site
    import build_slides

    with tempfile.TemporaryDirectory() as work, sync_playwright() as playwright:
        work = pathlib.Path(work)
        decks = build_slides.build(work / "slides")
        pages = build_site.build(work / "site")
        before = before_package(work / "before")
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        print(f"\nkey press to the frame painting the new picture, {MOVES} presses, milliseconds")
        print(f"{'explorer, where':<60} {'median':>7} {'p90':>7}")
        with running_jupyter(ROOT / "notebooks", work / "home") as server:
            lab_cases(browser, server, before)
        deck_cases(browser, decks)
        print("\nopened from disk, no network: until every explorer is drawn, milliseconds")
        for page_file in [*decks, *pages]:
            page, opened = offline(browser, page_file.as_uri())
            page.close()
            print(f"{page_file.name:<60} {opened:>7.0f}")
        browser.close()
        print("\nthe folders, as copied to a course server")
        folder_weight("site/", work / "site")
        folder_weight("slides/", work / "slides")


if __name__ == "__main__":
    main()
