"""The reveal.js decks: one per notebook, one slide per heading, and nothing loaded from the internet."""

import html
import pathlib
import re

import nbformat
import pytest

NOTEBOOKS = sorted((pathlib.Path(__file__).resolve().parent.parent / "notebooks").glob("*.ipynb"))
# What a page loads by itself: scripts, styles, images, fonts (not the links a reader may click).
LOADS = re.compile(r"""<(?:script|img|iframe|source)[^>]*\ssrc=["']([^"']+)|<link[^>]*\shref=["']([^"']+)"""
                   r"""|url\(\s*["']?([^"')]+)|@import\s+["']([^"']+)|require\(\[\s*["']([^"']+)"""
                   r"""|["']([^"']*/(?:dist/reveal|plugin/notes/notes)\.js)["']""")


def loads(text):
    return [next(group for group in match if group) for match in LOADS.findall(text)]


def test_every_notebook_has_a_deck(decks):
    assert [deck.name for deck in decks] == [f"{path.stem}.slides.html" for path in NOTEBOOKS]


@pytest.mark.parametrize("index", range(len(NOTEBOOKS)), ids=[path.stem for path in NOTEBOOKS])
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


@pytest.mark.parametrize("index", range(len(NOTEBOOKS)), ids=[path.stem for path in NOTEBOOKS])
def test_one_slide_per_slide_cell(decks, index):
    notebook = nbformat.read(NOTEBOOKS[index], as_version=4)
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


@pytest.mark.parametrize("index", range(len(NOTEBOOKS)), ids=[path.stem for path in NOTEBOOKS])
def test_speaker_notes_are_kept_for_the_speaker_view(decks, index):
    notebook = nbformat.read(NOTEBOOKS[index], as_version=4)
    notes = [cell.source for cell in notebook.cells if cell.metadata.get("slideshow", {}).get("slide_type") == "notes"]
    assert notes, "every deck has notes for the instructor"
    asides = re.findall(r'<aside class="notes">(.*?)</aside>', decks[index].read_text(encoding="utf-8"), re.S)
    assert len(asides) == len(notes)
    for source, aside in zip(notes, asides):
        assert " ".join(source.split()[:6]) in " ".join(re.sub(r"<[^>]+>", "", aside).split())


def test_each_deck_is_titled_by_its_notebooks_first_heading(decks):
    for deck, path in zip(decks, NOTEBOOKS):
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


def test_the_index_lists_every_deck_and_a_fifty_minute_route(decks):
    import build_slides
    import lecture_plan

    index = (decks[0].parent / "index.html").read_text(encoding="utf-8")
    for deck, path in zip(decks, NOTEBOOKS):
        count = build_slides.slide_count(nbformat.read(path, as_version=4))
        assert f'<a href="{deck.name}">' in index and f"<td>{count}</td>" in index
    assert sum(minutes for _, _, minutes in lecture_plan.ROUTE) == 50
    assert "A 50-minute lecture" in index
    for stem, heading, _ in lecture_plan.ROUTE:
        notebook = nbformat.read(NOTEBOOKS[[path.stem for path in NOTEBOOKS].index(stem)], as_version=4)
        headings = [cell.source.splitlines()[0].lstrip("# ").replace("`", "") for cell in notebook.cells
                    if cell.cell_type == "markdown" and cell.source.startswith("#")]
        assert heading in headings, f"the lecture route names {heading!r}, which {stem} does not have"
        assert f"{html.escape(heading)}</a>" in index


def test_decks_number_their_slides(decks):
    for deck in decks:
        assert 'slideNumber: "c/t"' in deck.read_text(encoding="utf-8")


@pytest.mark.parametrize("index", range(len(NOTEBOOKS)), ids=[path.stem for path in NOTEBOOKS])
def test_exercise_slides_do_not_give_the_answer_away(decks, index):
    notebook = nbformat.read(NOTEBOOKS[index], as_version=4)
    checks = [cell.source for cell in notebook.cells if cell.cell_type == "code" and cell.source.startswith("lv.checks.")]
    assert checks, "every lesson ends with checked exercises"
    slides = decks[index].read_text(encoding="utf-8").split('<div class="slides">', 1)[1]
    assert "Hint:" not in slides and "Not answered yet" not in slides
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
