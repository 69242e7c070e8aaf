"""Print every deck to PDF: one handout per deck and one for all, one page per slide, offline;
and the exercises and their answer key (`build_exercises.py`).

The decks of `make slides` are opened from disk in reveal.js's print mode by the
same headless Chromium the browser tests drive (every network request aborted),
one page per slide (`pdfMaxPagesPerSlide=1`: a slide shrunk to fit never spills
onto a blank second page), each page numbered. pypdfium2 joins them into one.
Usage: python scripts/build_handout.py SLIDES OUTPUT
"""

import os
import pathlib
import sys

import build_exercises
import pypdfium2
from playwright.sync_api import sync_playwright

# Debian's Chromium (Playwright cannot download its own here), as the browser tests launch it too:
# headless as root, and with the background networking that a closed network refuses turned off.
CHROMIUM = pathlib.Path(os.environ.get("LOSSVIZ_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-sync"]
PRINT = "?print-pdf&pdfMaxPagesPerSlide=1&transition=none"


def print_deck(page, deck, pdf):
    """One deck to one PDF; returns (pages reveal.js laid out, pages it numbered)."""
    page.goto(deck.as_uri() + PRINT)
    # reveal.js lays out the pages on load; then MathJax typesets and the deck's script shrinks what is too tall.
    page.wait_for_function("() => document.querySelectorAll('.pdf-page').length > 0"
                           " && document.body.dataset.fitted === 'all'", timeout=60_000)
    wait_for_maths(page)
    # Every explorer drawn (its widget rendered, its still picture decoded), and its slide fitted again.
    page.wait_for_function("() => document.querySelectorAll('.lossviz-explorer[data-ready=yes]').length === "
                           "document.querySelectorAll('script[type=\"application/vnd.jupyter.widget-view+json\"]').length",
                           timeout=60_000)
    page.evaluate("() => lossvizFitSlides()")
    cut = page.evaluate("""() => [...document.querySelectorAll('.lossviz-explorer')].filter(explorer => {
        const shown = explorer.getBoundingClientRect(), sheet = explorer.closest('.pdf-page').getBoundingClientRect();
        return shown.top < sheet.top || shown.bottom > sheet.bottom + 0.5;
    }).length""")
    if cut:
        raise RuntimeError(f"{deck.name}: {cut} explorers run off their printed page")
    pages = page.evaluate("() => document.querySelectorAll('.pdf-page').length")
    numbered = page.evaluate("() => document.querySelectorAll('.pdf-page .slide-number-pdf').length")
    # Only those pages: the last one's page break would add a blank page after it.
    page.pdf(path=str(pdf), prefer_css_page_size=True, print_background=True, page_ranges=f"1-{pages}")
    return pages, numbered


def wait_for_maths(page):
    """Until MathJax has nothing left to typeset and its glyphs' web fonts (local files) are loaded."""
    page.wait_for_function("() => MathJax.Hub.queue.pending === 0 && MathJax.Hub.queue.running === 0")
    page.evaluate("() => document.fonts.ready")


def print_page(page, html, pdf):
    """An HTML page (the exercises, the answer key) to an A4 PDF, once its maths is typeset."""
    page.goto(html.as_uri())
    page.wait_for_function("() => window.MathJax && MathJax.Hub && document.querySelector('.MathJax_CHTML')")
    wait_for_maths(page)
    page.pdf(path=str(pdf), format="A4", print_background=True)


def join(pdfs, output):
    joined = pypdfium2.PdfDocument.new()
    for pdf in pdfs:
        joined.import_pages(pypdfium2.PdfDocument(pdf))
    joined.save(output)


def build(slides, output, browser=None):
    """Print the decks in `slides` into `output`; `browser` is a running Playwright Chromium, or None
    to start one (the tests pass theirs: Playwright runs one session per process)."""
    slides, output = pathlib.Path(slides).resolve(), pathlib.Path(output).resolve()
    output.mkdir(parents=True, exist_ok=True)
    if browser is None:
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
            try:
                return build(slides, output, chromium)
            finally:
                chromium.close()
    page = browser.new_page()
    page.route("http*://**", lambda route: route.abort())  # a classroom with no internet
    handouts = []
    for deck in sorted(slides.glob("*.slides.html")):
        pdf = output / deck.name.replace(".slides.html", ".pdf")
        pages, numbered = print_deck(page, deck, pdf)
        if numbered != pages:
            raise RuntimeError(f"{deck.name}: {numbered} of {pages} pages carry a slide number")
        handouts.append(pdf)
    for sheet in build_exercises.write(output, build_exercises.mathjax_from(output, slides)):
        print_page(page, sheet, sheet.with_suffix(".pdf"))
    page.close()
    join(handouts, output / "all_decks.pdf")
    return handouts


if __name__ == "__main__":
    for handout in build(*sys.argv[1:3]):
        print(handout)
