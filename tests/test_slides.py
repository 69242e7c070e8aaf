"""The reveal.js decks: one per notebook, one slide per heading, and nothing loaded from the internet."""

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
def test_every_explorer_shows_its_snapshots_not_a_dead_widget(decks, index):
    notebook = nbformat.read(NOTEBOOKS[index], as_version=4)
    explorers = [output for cell in notebook.cells if cell.cell_type == "code" for output in cell.outputs
                 if "application/vnd.jupyter.widget-view+json" in output.get("data", {})]
    text = decks[index].read_text(encoding="utf-8")
    for output in explorers:
        assert output.data["image/png"].strip() in text, f"{output.data['text/plain']} has no picture"
    assert "application/vnd.jupyter.widget-view+json" not in text
    assert "Explorer:" not in text  # no bare text form where the picture should be


@pytest.mark.parametrize("index", range(len(NOTEBOOKS)), ids=[path.stem for path in NOTEBOOKS])
def test_speaker_notes_are_kept_for_the_speaker_view(decks, index):
    notebook = nbformat.read(NOTEBOOKS[index], as_version=4)
    notes = [cell.source for cell in notebook.cells if cell.metadata["slideshow"]["slide_type"] == "notes"]
    assert notes, "every deck has notes for the instructor"
    asides = re.findall(r'<aside class="notes">(.*?)</aside>', decks[index].read_text(encoding="utf-8"), re.S)
    assert len(asides) == len(notes)
    for source, aside in zip(notes, asides):
        assert " ".join(source.split()[:6]) in " ".join(re.sub(r"<[^>]+>", "", aside).split())
