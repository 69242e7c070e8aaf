"""`make handout` as a teacher prints it: every formula typeset, every explorer drawn, the exercise sheet
and its key fit for paper, and the lecture three slides a page with lines for notes.

The handouts are built once (as `make handout` builds them) from the decks of `make slides`; each PDF
is read back with pypdfium2: its text, and its pages drawn as pictures.
"""

import collections
import ctypes
import math
import re

import numpy as np
import pypdfium2
import pypdfium2.raw as pdfium_c
import pytest
from bs4 import BeautifulSoup

import build_exercises

WIDGET = "application/vnd.jupyter.widget-view+json"
# The glyphs MathJax prints for the TeX commands the decks use, beyond the letters and digits.
GLYPHS = {r"\hat": "^", r"\partial": "∂", r"\sum": "∑", r"\log": "log", r"\delta": "δ", r"\cdot": "⋅", r"\tau": "τ",
          r"\sigma": "σ", r"\eta": "η", r"\infty": "∞", r"\nabla": "∇", r"\max": "max", r"\min": "min", r"\gamma": "γ",
          r"\times": "×", r"\leftarrow": "←", r"\in": "∈", r"\ge": "≥", r"\le": "≤", r"\cosh": "cosh", r"\alpha": "α"}
FORMULA = re.compile(r"\$\$(.+?)\$\$|\$(.+?)\$", re.S)
MM = 72 / 25.4  # points


def slides_of(deck):
    """Each slide of a deck as reveal.js prints it, a page each: its parsed <section>."""
    soup = BeautifulSoup(deck.read_text(encoding="utf-8"), "html.parser")
    return [section for section in soup.select(".reveal .slides section") if not section.find("section")]


def formulas_of(slide):
    """The TeX of every formula in a slide's text (not its code, not its speaker notes)."""
    for hidden in slide.select("aside.notes, .jp-CodeCell, pre, code"):
        hidden.decompose()
    return [match[1] or match[2] for match in FORMULA.finditer(slide.get_text())]


def glyphs(tex):
    """What MathJax prints for a formula, as far as a PDF's text shows it: its letters, digits and symbols."""
    printed = collections.Counter()
    tex = re.sub(r"\\(mathrm|text|tfrac|frac|big|begin|end)\b", " ", tex)
    for command in re.findall(r"\\[A-Za-z]+", tex):
        printed.update(GLYPHS.get(command, ""))
    printed.update(re.findall(r"[A-Za-z0-9]", re.sub(r"\\[A-Za-z]+|\\.", " ", tex)))
    return printed


def page_text(page):
    """All the text drawn on a PDF page, in drawing order (pdfium's own text extraction leaves out some of
    what MathJax's fonts draw)."""
    textpage, text = page.get_textpage(), []
    for drawn in page.get_objects(max_depth=5):
        if drawn.type == pdfium_c.FPDF_PAGEOBJ_TEXT:
            length = pdfium_c.FPDFTextObj_GetText(drawn, textpage, None, 0)
            buffer = (ctypes.c_ushort * length)()
            pdfium_c.FPDFTextObj_GetText(drawn, textpage, buffer, length)
            text.append(bytes(buffer).decode("utf-16le").rstrip("\x00"))
    return "".join(text)


def grey(page, scale=1.0):
    return np.asarray(page.render(scale=scale).to_pil().convert("L"))


def test_make_handout_prints_one_numbered_page_per_slide_no_blank_page_and_the_exercises(decks, handouts):
    total = 0
    for deck in decks:
        slides = len(slides_of(deck))
        pdf = pypdfium2.PdfDocument(handouts / deck.name.replace(".slides.html", ".pdf"))
        assert len(pdf) == slides, f"{deck.name}: {len(pdf)} pages for {slides} slides"
        for number in range(len(pdf)):
            assert (grey(pdf[number], 0.25) < 200).mean() > 0.005, f"{deck.name}: page {number + 1} is blank"
            assert page_text(pdf[number]).strip().endswith(str(number + 1)), f"{deck.name}: page {number + 1} has no number"
        total += slides
    assert len(pypdfium2.PdfDocument(handouts / "all_decks.pdf")) == total
    for sheet in ("exercises.pdf", "answer_key.pdf"):
        pdf = pypdfium2.PdfDocument(handouts / sheet)
        assert len(pdf) >= 2
        assert (grey(pdf[0], 0.25) < 200).mean() > 0.005, f"{sheet}: the first page is blank"


def test_every_formula_of_a_deck_is_typeset_in_its_pdf(decks, handouts):
    """Each page's text holds what MathJax prints for each formula of its slide (ŷ as y and ^, ∂, ∑, log ...),
    and no TeX left raw (a formula printed blank leaves neither)."""
    checked = 0
    for deck in decks:
        pdf = pypdfium2.PdfDocument(handouts / deck.name.replace(".slides.html", ".pdf"))
        for number, slide in enumerate(slides_of(deck)):
            formulas = formulas_of(slide)
            text = page_text(pdf[number])
            where = f"{deck.name} page {number + 1}"
            assert not re.search(r"\$|\\[A-Za-z]{2,}", text), f"{where}: raw TeX printed: {text[:300]!r}"
            wanted = sum((glyphs(tex) for tex in formulas), collections.Counter())
            missing = wanted - collections.Counter(text)
            assert not missing, f"{where}: formulas {formulas} printed without {dict(missing)}"
            checked += len(formulas)
    assert checked > 100  # the decks' formulas, all of them: ŷ, the notation table, every derivation


def pictures_printed(page):
    """Where each picture (an image object: an explorer's drawing, a plot) sits on a printed page, as fractions
    of the page: [(left, top, right, bottom)]."""
    width, height = page.get_size()
    boxes = []
    for image in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=5):
        left, bottom, right, top = image.get_bounds()
        boxes.append((left / width, 1 - top / height, right / width, 1 - bottom / height))
    return boxes


def test_every_explorer_is_drawn_on_its_printed_page(decks, handouts):
    """Each slide's explorers and plots are printed on its page, each with ink where it is printed (00 p7, 01 p10
    and 05 p8 were blank there): read from the PDF as printed, so a picture lost or blank on paper is caught."""
    explorers = 0
    for deck in decks:
        pdf = pypdfium2.PdfDocument(handouts / deck.name.replace(".slides.html", ".pdf"))
        for index, slide in enumerate(slides_of(deck)):
            shown = len(slide.select(f'script[type="{WIDGET}"]'))
            where = f"{deck.name} page {index + 1}"
            printed = pictures_printed(pdf[index])
            assert len(printed) == shown + len(slide.select("img")), f"{where}: {len(printed)} pictures printed " \
                f"for {shown} explorers and {len(slide.select('img'))} plots"
            picture = grey(pdf[index]) if printed else None
            for left, top, right, bottom in printed:
                height, width = picture.shape
                area = picture[int(top * height):int(bottom * height), int(left * width):int(right * width)]
                assert area.size and (area < 200).mean() > 0.02, f"{where}: a picture printed blank"
            explorers += shown
    assert explorers >= 7


@pytest.mark.parametrize("sheet", ["exercises.pdf", "answer_key.pdf"])
def test_the_exercise_sheet_and_key_are_fit_for_paper(handouts, sheet):
    """A4; no ink within 15 mm of an edge; no instruction meant for the notebook; each exercise whole on one
    page (every writing box printed at its full height); a name and date line on the sheet."""
    pdf = pypdfium2.PdfDocument(handouts / sheet)
    text = "\n".join(page_text(pdf[number]) for number in range(len(pdf)))
    boxes = []
    for number in range(len(pdf)):
        width, height = pdf[number].get_size()
        assert abs(width - 210 * MM) < 2 and abs(height - 297 * MM) < 2, f"{sheet} page {number + 1}: not A4"
        scale = 2
        ink = grey(pdf[number], scale) < 230
        rows, columns = np.nonzero(ink)
        assert rows.size, f"{sheet} page {number + 1} is blank"
        closest = min(rows.min(), columns.min(), ink.shape[0] - 1 - rows.max(), ink.shape[1] - 1 - columns.max()) / scale / MM
        assert closest >= 15, f"{sheet} page {number + 1}: ink {closest:.1f} mm from an edge"
        # A writing box's left side: the longest dark column at the boxes' left edge, in runs.
        left = columns.min()
        side = np.append(ink[:, left:left + 3].any(axis=1), False)
        runs = np.flatnonzero(np.diff(np.concatenate([[0], side.astype(int)])))
        boxes += [(stop - start) / scale for start, stop in zip(runs[::2], runs[1::2]) if stop - start > 20 * scale]
    assert not re.search(r"run the check|replace\s*none|the cell below|answer\s*=\s*None", text, re.I), text
    if sheet == "exercises.pdf":
        assert re.search(r"Name.*Date", page_text(pdf[0]), re.S)
        # One writing box per exercise the notebooks ask (their check cells, as the sheet is built from).
        assert len(boxes) == sum(len(questions) for _, questions in build_exercises.exercises()), boxes
        assert max(boxes) - min(boxes) < 2, f"a writing box split between pages: heights {boxes}"


def check_three_up(notes, deck_pdf):
    """Three slides a page, each with ruled lines beside it: A4 pages, each slide's place inked, lines beside."""
    slides = len(pypdfium2.PdfDocument(deck_pdf))
    pdf = pypdfium2.PdfDocument(notes)
    assert len(pdf) == math.ceil(slides / 3)
    for number in range(len(pdf)):
        width, height = pdf[number].get_size()
        assert abs(width - 210 * MM) < 2 and abs(height - 297 * MM) < 2
        page = grey(pdf[number])
        rows = page.shape[0] - 2 * round(15 * MM)
        for place in range(min(3, slides - 3 * number)):
            band = page[round(15 * MM) + place * rows // 3:round(15 * MM) + (place + 1) * rows // 3]
            slide, beside = band[:, :page.shape[1] // 2], band[:, round(page.shape[1] * 0.66):page.shape[1] - round(15 * MM)]
            assert (slide < 200).mean() > 0.01, f"page {number + 1}: slide {place + 1} is blank"
            lines = np.flatnonzero(np.diff(((beside < 220).mean(axis=1) > 0.9).astype(int)) == 1)
            assert len(lines) >= 6, f"page {number + 1}: {len(lines)} lines for notes beside slide {place + 1}"
        assert page_text(pdf[number]).strip(), f"page {number + 1}: its slides' text is not searchable"


def test_any_deck_prints_three_slides_a_page_with_lines_for_notes(handouts, tmp_path):
    import build_handout

    deck_pdf = handouts / "00_golf_score_intuition.pdf"
    build_handout.three_up(deck_pdf, tmp_path / "notes.pdf")
    check_three_up(tmp_path / "notes.pdf", deck_pdf)


def test_make_handout_prints_the_lecture_three_slides_a_page(decks, handouts):
    import build_handout

    if not any(deck.name == build_handout.LECTURE_DECK for deck in decks):
        pytest.fail("make slides built no lecture deck")
    check_three_up(handouts / build_handout.LECTURE_NOTES, handouts / build_handout.LECTURE_DECK.replace(".slides.html", ".pdf"))
