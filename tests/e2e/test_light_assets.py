"""The site and the decks carry only the assets they use: each folder is light enough to copy to a
course server (issue 18's bars), and yet every page and every deck, opened from disk with no
network and stepped through slide by slide, reads no missing file and typesets its maths."""

import pathlib

import nbformat
import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
NOTEBOOKS = sorted(path.name for path in (ROOT / "notebooks").glob("*.ipynb"))
MEGABYTES, FILES = 20, 300  # issue 18: "the site ≤ 20 MB in ≤ 300 files", and the decks' folder likewise
IDLE = "() => !window.MathJax || (MathJax.Hub && MathJax.Hub.queue.pending === 0 && MathJax.Hub.queue.running === 0)"


def weight(folder):
    files = [path for path in folder.rglob("*") if path.is_file()]
    return sum(path.stat().st_size for path in files), len(files)


@pytest.mark.parametrize("built", ["site", "decks"])
def test_the_folder_is_light_enough_to_copy_to_a_course_server(request, built):
    size, count = weight(request.getfixturevalue(built)[0].parent)
    assert size <= MEGABYTES * 10**6 and count <= FILES, f"{built}: {size / 1e6:.1f} MB in {count} files"


def has_maths(name):
    notebook = nbformat.read(ROOT / "notebooks" / name, as_version=4)
    return any("$" in cell.source for cell in notebook.cells if cell.cell_type == "markdown")


def opened_from_disk(browser, url):
    """The page, and what went wrong: a file that failed to load, a request off the machine, an error."""
    page = browser.new_page(viewport={"width": 1280, "height": 720})
    problems = []
    page.on("requestfailed", lambda request: problems.append(f"{request.url}: {request.failure}"))
    page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.route("**/*", lambda route: route.continue_() if route.request.url.startswith(("file:", "data:", "blob:"))
               else (problems.append(route.request.url), route.abort()))
    page.goto(url)
    page.wait_for_function("() => document.readyState === 'complete'")
    page.wait_for_function(IDLE, timeout=30_000)
    return page, problems


def check_typeset(page, name, problems):
    # MathJax shows a formula it could not typeset, or a file it could not read, as text in the page.
    shown = page.evaluate("() => document.body.innerText")
    assert "Math Processing Error" not in shown and "failed to load" not in shown
    if has_maths(name):
        assert page.query_selector(".MJXc-display, .mjx-chtml"), f"{name}: no formula typeset"
    assert problems == []


@pytest.mark.parametrize("name", NOTEBOOKS, ids=[name[:2] for name in NOTEBOOKS])
def test_a_site_page_from_disk_reads_every_file_it_asks_for_and_typesets_its_maths(site, browser, name):
    page_file = next(page for page in site if page.name == name.replace(".ipynb", ".html"))
    page, problems = opened_from_disk(browser, page_file.as_uri())
    try:
        check_typeset(page, name, problems)
    finally:
        page.close()


@pytest.mark.parametrize("name", NOTEBOOKS, ids=[name[:2] for name in NOTEBOOKS])
def test_a_deck_from_disk_stepped_through_reads_every_file_it_asks_for_and_typesets_its_maths(decks, browser, name):
    deck = next(deck for deck in decks if deck.name.startswith(name[:2]))
    page, problems = opened_from_disk(browser, deck.as_uri() + "?transition=none")
    try:
        page.wait_for_function("() => document.querySelector('.reveal.ready') !== null", timeout=30_000)
        # MathJax typesets, and reads fonts and extensions, as each slide is shown: every slide, to the last.
        slides, before = 0, None
        while (where := page.evaluate("() => location.hash")) != before:
            before, slides = where, slides + 1
            page.keyboard.press("ArrowRight")
            page.wait_for_timeout(100)
            page.wait_for_function(IDLE, timeout=30_000)
        assert slides > 1
        check_typeset(page, name, problems)
    finally:
        page.close()
