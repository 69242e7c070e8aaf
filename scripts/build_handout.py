"""Print every deck to PDF: one handout per deck and one for all, one page per slide, offline; the
lecture deck also three slides a page with lines for notes (lecture_notes.pdf); and the exercises and
their answer key (`build_exercises.py`).

The decks of `make slides` are opened from disk in reveal.js's print mode by the
same headless Chromium the browser tests drive (every network request aborted),
one page per slide (`pdfMaxPagesPerSlide=1`: a slide shrunk to fit never spills
onto a blank second page; `pdfSeparateFragments=false`: a slide whose answer appears on a click is
printed once, answer shown), each page numbered. pypdfium2 joins them into one.
Usage: python scripts/build_handout.py SLIDES OUTPUT
"""

import os
import pathlib
import sys

import build_exercises
import manifest
import pypdfium2
import pypdfium2.raw as pdfium_c
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import sync_playwright

# Debian's Chromium (Playwright cannot download its own here), as the browser tests launch it too:
# headless as root, and with the background networking that a closed network refuses turned off.
CHROMIUM = pathlib.Path(os.environ.get("LOSSVIZ_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-sync"]
# The lecture deck (`build_slides.py`) is handed out three slides a page, with lines for notes.
LECTURE_DECK = "lecture.slides.html"
LECTURE_NOTES = "lecture_notes.pdf"
PRINT = "?print-pdf&pdfMaxPagesPerSlide=1&pdfSeparateFragments=false&transition=none"
# reveal.js's printed pages are fixed boxes that clip what leaves them. JupyterLab's print rule keeps an
# output's table whole on one sheet, which moves a tall output (an explorer) out of its box, so it is lost.
# And each sheet laid out on its own: a slide reaching a pixel past its sheet (720.3 px in 719) let
# Chromium's page breaking move an explorer's picture near the bottom out of its sheet, where it was cut away.
PRINT_CSS = (".reveal .pdf-page .jp-OutputArea-child, .reveal .pdf-page .jp-OutputArea-output { display: block; break-inside: auto; }"
             " .reveal .pdf-page { contain: strict; }")


def print_deck(page, deck, pdf):
    """One deck to one PDF; returns (pages reveal.js laid out, pages it numbered)."""
    # Laid out and fitted for paper from the start: the print stylesheets change the heights fitted.
    page.emulate_media(media="print")
    page.goto(deck.as_uri() + PRINT)
    page.add_style_tag(content=PRINT_CSS)
    # reveal.js lays out the pages on load; then MathJax typesets and the deck's script shrinks what is too tall.
    page.wait_for_function("() => document.querySelectorAll('.pdf-page').length > 0"
                           " && document.body.dataset.fitted === 'all'", timeout=60_000)
    wait_for_maths(page, deck.name)
    # Every explorer drawn (its widget rendered, its still picture decoded), and its slide fitted again.
    page.wait_for_function("() => document.querySelectorAll('.lossviz-explorer[data-ready=yes]').length === "
                           "document.querySelectorAll('script[type=\"application/vnd.jupyter.widget-view+json\"]').length",
                           timeout=60_000)
    page.evaluate("() => lossvizFitSlides()")
    wait_for_maths(page, deck.name)  # fitting queues behind MathJax
    cut = page.evaluate("""() => [...document.querySelectorAll('.lossviz-explorer')].filter(explorer => {
        const shown = explorer.getBoundingClientRect(), sheet = explorer.closest('.pdf-page').getBoundingClientRect();
        return shown.top < sheet.top || shown.bottom > sheet.bottom + 0.5;
    }).length""")
    if cut:
        raise RuntimeError(f"{deck.name}: {cut} explorers run off their printed page")
    explorers_as_pictures(page, deck)
    pages = page.evaluate("() => document.querySelectorAll('.pdf-page').length")
    numbered = page.evaluate("() => document.querySelectorAll('.pdf-page .slide-number-pdf').length")
    # Only those pages: the last one's page break would add a blank page after it.
    page.pdf(path=str(pdf), prefer_css_page_size=True, print_background=True, page_ranges=f"1-{pages}")
    return pages, numbered


def explorers_as_pictures(page, deck):
    """Each explorer's drawing as an image of itself, at the size it is shown. Chromium prints a canvas
    that was never put on screen as a blank box (an explorer was blank under its code line); it prints an
    image every time."""
    blank = page.evaluate("""async () => {
        const canvases = [...document.querySelectorAll('.lossviz-explorer canvas')];
        const blank = canvases.filter(canvas => {
            const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
            return !pixels.some((value, index) => index % 4 === 3 && value > 0);
        }).length;
        await Promise.all(canvases.map(canvas => {
            const picture = new Image();
            picture.src = canvas.toDataURL('image/png');
            picture.alt = canvas.getAttribute('aria-label') || '';
            picture.style.cssText = `display: block; margin: 0 auto; width: ${canvas.clientWidth}px; height: ${canvas.clientHeight}px;`;
            canvas.replaceWith(picture);
            return picture.decode();
        }));
        return blank;
    }""")
    if blank:
        raise RuntimeError(f"{deck.name}: {blank} explorers have drawn nothing")


def wait_for_maths(page, name):
    """Until MathJax has started, every formula on the page is typeset, and nothing more is queued; its
    glyphs' web fonts (local files) loaded. A formula still untypeset after two minutes is an error.

    MathJax's queue is empty before MathJax has started and between its startup steps, so waiting for an
    empty queue can end before anything is typeset (on a loaded machine every formula printed blank).
    Waited on instead: MathJax's own "End" of startup, each formula's typeset copy, then a callback queued
    behind whatever is queued by then. Polled on each frame: a headless page draws frames only when asked,
    and MathJax needs them to measure what it typesets."""
    page.wait_for_function("() => window.MathJax && MathJax.isReady"
                           " && MathJax.Hub.Startup.signal.posted.some(message => String(message) === 'End')", timeout=120_000)
    for _ in range(3):
        try:
            page.wait_for_function(f"() => ({UNTYPESET})().length === 0", timeout=30_000)
            break
        except PlaywrightTimeout:
            # Now and then MathJax leaves a formula half done (its frame with no output) and never comes
            # back to it: drawn again from what it has read.
            page.evaluate("() => MathJax.Hub.Queue(['Rerender', MathJax.Hub])")
    page.evaluate("() => { window.lossvizTypeset = false; MathJax.Hub.Queue(() => { window.lossvizTypeset = true; }); }")
    page.wait_for_function("() => window.lossvizTypeset", timeout=120_000)
    page.evaluate("() => document.fonts.ready.then(() => document.fonts.status)")
    untypeset = page.evaluate(UNTYPESET)
    if untypeset:
        raise RuntimeError(f"{name}: {len(untypeset)} formulas are not typeset, e.g. {untypeset[:3]}")


# Every formula MathJax found, without its typeset copy; formulas MathJax is still working on; raw TeX left
# in the text (delimiters MathJax never found); and formulas it could not read. A blank where a formula
# should be reads as a missing word: no page is printed with one.
UNTYPESET = r"""() => {
    const found = [];
    document.querySelectorAll('script[type^="math/tex"]').forEach(script => {
        const shown = document.getElementById(script.id + '-Frame');
        if (!shown || !shown.querySelector('.mjx-math')) found.push('not typeset: ' + script.textContent);
    });
    document.querySelectorAll('.MathJax_Processing, .MathJax_Preview:not(:empty)').forEach(
        element => found.push('being typeset: ' + element.textContent));
    document.querySelectorAll('.mjx-merror, .MathJax_Error').forEach(element => found.push('unreadable: ' + element.textContent));
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        if (node.parentElement.closest('script, style, pre, code, aside.notes, .MathJax_CHTML, .MJX_Assistive_MathML')) continue;
        if (/\$|\\\(|\\\[|\\[A-Za-z]{2,}/.test(node.textContent)) found.push('raw TeX: ' + node.textContent.trim().slice(0, 80));
    }
    return found;
}"""


def print_page(page, html, pdf):
    """An HTML page (the exercises, the answer key) to an A4 PDF, once its maths is typeset."""
    page.goto(html.as_uri())
    wait_for_maths(page, html.name)
    margin = build_exercises.MARGIN
    page.pdf(path=str(pdf), format="A4", print_background=True, margin={side: margin for side in ("top", "right", "bottom", "left")})


# A4 in points, its margins 15 mm; three slides down the left, ruled lines for notes beside each.
A4 = (595.28, 841.89)
MARGIN = 15 / 25.4 * 72
SLIDES_A_PAGE = 3
NOTES_GAP = 18
LINE_SPACING = 22


def three_up(deck_pdf, output):
    """A deck's PDF (a slide a page) as a handout of three slides a page, each with ruled lines beside it
    for notes, as PowerPoint's three-slide handout; the slides stay vector, their text searchable."""
    slides, handout = pypdfium2.PdfDocument(deck_pdf), pypdfium2.PdfDocument.new()
    width, height = A4
    row = (height - 2 * MARGIN) / SLIDES_A_PAGE
    slide_width = (width - 2 * MARGIN) * 0.58
    for first in range(0, len(slides), SLIDES_A_PAGE):
        page = handout.new_page(width, height)
        for place, number in enumerate(range(first, min(first + SLIDES_A_PAGE, len(slides)))):
            slide_w, slide_h = slides.get_page_size(number)
            scale = slide_width / slide_w
            top = height - MARGIN - place * row
            drawn = slides.page_as_xobject(number, handout).as_pageobject()
            drawn.transform(pypdfium2.PdfMatrix().scale(scale, scale).translate(MARGIN, top - slide_h * scale))
            page.insert_obj(drawn)
            frame(page, MARGIN, top - slide_h * scale, slide_width, slide_h * scale)
            lines_left, line_y = MARGIN + slide_width + NOTES_GAP, top - LINE_SPACING
            while line_y >= top - row + NOTES_GAP:
                rule(page, lines_left, line_y, width - MARGIN, line_y)
                line_y -= LINE_SPACING
        page.gen_content()
    handout.save(output)


def rule(page, x0, y0, x1, y1, grey=150, width=0.6):
    """A line drawn on a pypdfium2 page (points, from the bottom left)."""
    path = pdfium_c.FPDFPageObj_CreateNewPath(x0, y0)
    pdfium_c.FPDFPath_LineTo(path, x1, y1)
    stroke(page, path, grey, width)


def frame(page, x, y, width, height):
    """A slide's outline: a white slide on white paper otherwise has no edge."""
    stroke(page, pdfium_c.FPDFPageObj_CreateNewRect(x, y, width, height), 120, 0.8)


def stroke(page, path, grey, width):
    pdfium_c.FPDFPageObj_SetStrokeColor(path, grey, grey, grey, 255)
    pdfium_c.FPDFPageObj_SetStrokeWidth(path, width)
    pdfium_c.FPDFPath_SetDrawMode(path, pdfium_c.FPDF_FILLMODE_NONE, True)
    pdfium_c.FPDFPage_InsertObject(page, path)

def join(pdfs, output):
    joined = pypdfium2.PdfDocument.new()
    for pdf in pdfs:
        joined.import_pages(pypdfium2.PdfDocument(pdf))
    joined.save(output)


def build(slides, output, browser=None, lessons=None):
    """Print the decks in `slides` of `lessons` (the manifest's by default) and of the lecture into `output`;
    `browser` is a running Playwright Chromium, or None to start one (the tests pass theirs: Playwright runs
    one session per process)."""
    slides, output = pathlib.Path(slides).resolve(), pathlib.Path(output).resolve()
    output.mkdir(parents=True, exist_ok=True)
    lessons = manifest.load() if lessons is None else lessons
    if browser is None:
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
            try:
                return build(slides, output, chromium, lessons)
            finally:
                chromium.close()
    page = browser.new_page()
    page.route("http*://**", lambda route: route.abort())  # a classroom with no internet
    handouts = []
    for deck in [*(slides / f"{lesson.stem}.slides.html" for lesson in lessons), slides / LECTURE_DECK]:
        pdf = output / deck.name.replace(".slides.html", ".pdf")
        pages, numbered = print_deck(page, deck, pdf)
        if numbered != pages:
            raise RuntimeError(f"{deck.name}: {numbered} of {pages} pages carry a slide number")
        handouts.append(pdf)
        if deck.name == LECTURE_DECK:
            three_up(pdf, output / LECTURE_NOTES)
    for sheet in build_exercises.write(output, build_exercises.mathjax_from(output, slides), lessons):
        print_page(page, sheet, sheet.with_suffix(".pdf"))
    page.close()
    join(handouts, output / "all_decks.pdf")
    return handouts


if __name__ == "__main__":
    for handout in build(*sys.argv[1:3]):
        print(handout)
