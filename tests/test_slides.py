"""The reveal.js decks: one per lesson and the lecture's, one slide per heading, and nothing loaded from the internet."""

import html
import pathlib
import re

import nbformat
import pytest

ROOT = pathlib.Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
# Every notebook made into a deck, in the order build_slides returns them: the lessons, then the lecture.
SOURCES = [*NOTEBOOKS, ROOT / "lecture" / "lecture.ipynb"]
# What a page loads by itself: scripts, styles, images, fonts (not the links a reader may click).
LOADS = re.compile(r"""<(?:script|img|iframe|source)[^>]*\ssrc=["']([^"']+)|<link[^>]*\shref=["']([^"']+)"""
                   r"""|url\(\s*["']?([^"')]+)|@import\s+["']([^"']+)|require\(\[\s*["']([^"']+)"""
                   r"""|["']([^"']*/(?:dist/reveal|plugin/notes/notes)\.js)["']""")


def loads(text):
    return [next(group for group in match if group) for match in LOADS.findall(text)]


def test_every_notebook_has_a_deck(decks):
    assert [deck.name for deck in decks] == [f"{path.stem}.slides.html" for path in SOURCES]


@pytest.mark.parametrize("index", range(len(SOURCES)), ids=[path.stem for path in SOURCES])
def test_a_deck_needs_no_internet(decks, index):
    deck = decks[index]
    text = deck.read_text(encoding="utf-8")
    found = loads(text)
    for asset in ("reveal.css", "require.js", "jquery.min.js", "MathJax.js", "dist/reveal.js", "notes.js"):
        assert any(asset in url for url in found), f"{deck.name} does not load {asset}"
    assert "googleapis" not in text and "unpkg.com" not in text and "cdnjs" not in text
    for url in found:
        if url.startswith("data:"):
            continue  # images embedded in the deck
        assert not re.match(r"(https?:)?//", url), f"{deck.name} loads {url}"
        assert (deck.parent / url.split("?")[0]).exists(), f"{deck.name} loads {url}, which is missing"
    # The styles the deck loads must not fetch fonts from the internet either.
    for css in deck.parent.glob("assets/reveal.js/dist/theme/white.css"):
        assert not [url for url in loads(css.read_text()) if re.match(r"(https?:)?//", url)]


@pytest.mark.parametrize("index", range(len(SOURCES)), ids=[path.stem for path in SOURCES])
def test_one_slide_per_slide_cell(decks, index):
    notebook = nbformat.read(SOURCES[index], as_version=4)
    expected = sum(cell.metadata.get("slideshow", {}).get("slide_type") == "slide" for cell in notebook.cells)
    text = decks[index].read_text(encoding="utf-8")
    slides = text.split('<div class="slides">', 1)[1]
    # Top-level sections are slides; a slide's subslides nest one level down.
    depth, top_level = 0, 0
    for tag in re.findall(r"<(/?)section\b", slides):
        if tag == "":
            top_level += depth == 0
            depth += 1
        else:
            depth -= 1
    assert top_level == expected


def test_the_setup_cell_is_not_shown(decks):
    assert "default_rng(0)" not in decks[0].read_text(encoding="utf-8").split('<div class="slides">', 1)[1]


@pytest.mark.parametrize("index", range(len(SOURCES)), ids=[path.stem for path in SOURCES])
def test_speaker_notes_are_kept_for_the_speaker_view(decks, index):
    notebook = nbformat.read(SOURCES[index], as_version=4)
    notes = [cell.source for cell in notebook.cells if cell.metadata.get("slideshow", {}).get("slide_type") == "notes"]
    assert notes, "every deck has notes for the instructor"
    asides = re.findall(r'<aside class="notes">(.*?)</aside>', decks[index].read_text(encoding="utf-8"), re.S)
    assert len(asides) == len(notes)
    for source, aside in zip(notes, asides):
        shown = " ".join(re.sub(r"<[^>]+>", "", aside).split())
        # The speaker view says what they are: the label is left out, the words are all there.
        assert not shown.lower().startswith("speaker notes"), shown[:60]
        assert " ".join(source.split("\n", 1)[1].split()[:6]) in shown


def test_each_deck_is_titled_by_its_notebooks_first_heading(decks):
    for deck, path in zip(decks, SOURCES, strict=True):
        heading = nbformat.read(path, as_version=4).cells[0].source.splitlines()[0].lstrip("# ")
        assert f"<title>{heading} slides</title>" in deck.read_text(encoding="utf-8")


LINK = re.compile(r"""<a\s[^>]*href=(?:"([^"]+)"|'([^']+)')""")


def test_every_link_between_decks_resolves_in_slides(decks):
    # Links to the other notebooks become links to their decks, anchors included; only the
    # further-reading pages on the web (pytorch.org) leave the folder.
    folder = decks[0].parent
    pages = [*decks, folder / "index.html"]
    checked = 0
    for page in pages:
        for link in (double or single for double, single in LINK.findall(page.read_text(encoding="utf-8"))):
            if re.match(r"https?://", link):
                continue
            target, _, anchor = link.partition("#")
            target_file = folder / target if target else page
            assert target_file.exists() and target_file.parent == folder, f"{page.name} links to {link}: no such file"
            if anchor:
                ids = re.findall(r'id="([^"]+)"', target_file.read_text(encoding="utf-8"))
                assert html.unescape(anchor) in map(html.unescape, ids), f"{page.name}: no #{anchor} in {target}"
            checked += 1
    assert checked >= 2 * len(decks)  # at least each deck's previous/next links


def test_the_index_lists_the_lecture_with_its_fifty_minutes_then_every_deck(decks):
    import build_slides
    import lecture_plan

    index = (decks[0].parent / "index.html").read_text(encoding="utf-8")
    for deck, path in zip(decks, NOTEBOOKS):
        count = build_slides.slide_count(nbformat.read(path, as_version=4))
        assert f'<a href="{deck.name}">' in index and f"<td>{count}</td>" in index
    assert index.index("lecture.slides.html") < index.index(decks[0].name), "the lecture comes first"
    assert sum(minutes for _, minutes in lecture_plan.PACE) == 50
    assert "in 50 minutes" in index
    for heading, _ in lecture_plan.PACE:
        assert f"{html.escape(heading)}</a>" in index


def test_the_lectures_plan_is_its_slides_in_order_and_each_slide_carries_its_time(decks):
    import build_slides
    import lecture_plan

    lecture = nbformat.read(SOURCES[-1], as_version=4)
    slides = [build_slides.heading_text(cell.source) for cell in lecture.cells
              if cell.metadata.get("slideshow", {}).get("slide_type") in ("slide", "subslide")]
    assert slides == [heading for heading, _ in lecture_plan.PACE]
    assert 25 <= len(slides) <= 35, "about 25-35 slides for 50 minutes"
    deck = decks[-1].read_text(encoding="utf-8")
    # reveal.js's speaker view paces each slide against its data-timing (seconds).
    timings = [int(seconds) for seconds in re.findall(r'<section data-timing="(\d+)">\s*<section data-timing="\1">', deck)]
    assert timings == [round(60 * minutes) for _, minutes in lecture_plan.PACE]
    assert "center: false" in deck


def test_the_lecture_asks_the_room_before_it_shows_the_answer(decks):
    # Each question to the room is a slide of its own, and its answer appears only on the next click.
    deck = decks[-1].read_text(encoding="utf-8")
    slides = re.split(r"<section[^>]*>\s*<section", deck.split('<div class="slides">', 1)[1])[1:]
    questions = [slide for slide in slides if re.search(r"<h2[^>]*>Ask the room", slide)]
    assert len(questions) >= 5
    for slide in questions:
        question, fragment, answer = slide.partition('<div class="fragment"')
        assert fragment and re.search(r"\d", answer), f"no answer to show on a click: {question[:120]}"
        assert "?" in re.sub(r"<[^>]+>", "", question)


def test_decks_number_their_slides(decks):
    for deck in decks:
        assert 'slideNumber: "c/t"' in deck.read_text(encoding="utf-8")


@pytest.mark.parametrize("index", range(len(NOTEBOOKS)), ids=[path.stem for path in NOTEBOOKS])
def test_exercise_slides_do_not_give_the_answer_away(decks, index):
    notebook = nbformat.read(NOTEBOOKS[index], as_version=4)
    checks = [cell.source for cell in notebook.cells if cell.cell_type == "code" and cell.source.startswith("lv.checks.")]
    assert checks, "every lesson ends with checked exercises"
    slides = decks[index].read_text(encoding="utf-8").split('<div class="slides">', 1)[1]
    assert "Hint:" not in slides and "Not answered yet" not in slides and "Predict first" not in slides
    for source in checks:
        assert source.split("(")[0].split(".")[-1] in slides  # the check itself is still shown


def test_every_picture_in_the_decks_and_the_site_says_what_it_shows(decks, site):
    # A screen reader reads the alt text; nbconvert's default is a placeholder that says nothing.
    images = {page.name: re.findall(r"<img\b[^>]*>", page.read_text(encoding="utf-8")) for page in [*decks, *site]}
    assert sum(map(len, images.values())) >= 10  # the lessons' figures, twice each
    for name, tags in images.items():
        for image in tags:
            alt = re.search(r'\balt="([^"]*)"', image)
            assert alt and len(alt.group(1)) > 20 and "No description" not in alt.group(1), (name, image[:200])
