"""The site as the page sent to students after class (issue 19), read in Chromium from disk, offline:
no speaker notes and no setup cell's output, an index numbered once whose every link opens a file
when the site, the decks and the handouts are copied as the index says, and a keyboard that reaches
the first explorer in a few Tab presses (issue 18)."""

import pathlib
import re
import urllib.parse
import urllib.request

import nbformat
import pytest
from explorers import EXPLORER, EXPLORERS

ROOT = pathlib.Path(__file__).resolve().parents[2]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
IDLE = "() => !window.MathJax || (MathJax.Hub && MathJax.Hub.queue.pending === 0 && MathJax.Hub.queue.running === 0)"
MOST_TABS = 5  # issue 18: "the first explorer control is reached in ≤ 5 Tab presses"
AT_THE_END = "() => window.scrollY + window.innerHeight >= document.documentElement.scrollHeight - 1"


def opened(browser, url):
    """The page from disk with every request off the disk refused, once its formulas and explorers are drawn."""
    page = browser.new_page(viewport={"width": 1280, "height": 720})
    page.route("**/*", lambda route: route.continue_() if route.request.url.startswith(("file:", "data:", "blob:"))
               else route.abort())
    page.goto(url)
    page.wait_for_function("() => document.readyState === 'complete'")
    page.wait_for_function(IDLE, timeout=30_000)
    return page


def longest(site):
    """The site's longest lesson page: where skipping what is out of sight matters most."""
    return max(site, key=lambda path: path.stat().st_size)


def words(text):
    return " ".join(text.split())


def plain_phrase(markdown, length=6):
    """The first `length` words of `markdown` with no markup among them: as the page shows them."""
    plain = [bool(re.fullmatch(r"[A-Za-z][A-Za-z'-]*[,;:.]?", word)) for word in markdown.split()]
    start = next(i for i in range(len(plain)) if all(plain[i:i + length]) and i + length <= len(plain))
    return " ".join(markdown.split()[start:start + length])


def output_text(output):
    return output.get("text") or output.get("data", {}).get("text/plain", "")


@pytest.mark.parametrize("notebook_path", NOTEBOOKS, ids=[path.name[:2] for path in NOTEBOOKS])
def test_a_site_page_shows_no_speaker_notes_and_no_setup_output(site, browser, notebook_path):
    notebook = nbformat.read(notebook_path, as_version=4)
    notes = [cell.source for cell in notebook.cells if cell.metadata.get("slideshow", {}).get("slide_type") == "notes"]
    setup = [cell for cell in notebook.cells if "setup" in cell.metadata.get("tags", [])]
    setup_output = [words(output_text(output)) for cell in setup for output in cell.outputs if output_text(output).strip()]
    assert notes and setup_output, "nothing to look for: the notebook has no speaker notes or no setup output"
    page = opened(browser, (site[0].parent / notebook_path.name.replace(".ipynb", ".html")).as_uri())
    try:
        shown = words(page.inner_text("body"))
        assert "Speaker notes" not in shown
        assert [note[:60] for note in notes if plain_phrase(note) in shown] == []
        assert [text for text in setup_output if text in shown] == []
        assert words(setup[0].source.splitlines()[-1]) in shown  # the setup code stays: what a student runs first
    finally:
        page.close()


def test_the_index_numbers_each_lesson_once(site, browser, artifacts):
    page = opened(browser, (site[0].parent / "index.html").as_uri())
    try:
        entries = page.evaluate("""() => [...document.querySelectorAll('main ol > li, main ul > li')]
            .filter(entry => entry.querySelector('a[href$=".html"]:not([href*="/"])'))
            .map(entry => [getComputedStyle(entry).listStyleType, entry.innerText.trim()])""")
        assert [text[:2] for _, text in entries] == [path.name[:2] for path in NOTEBOOKS]  # each title's own number
        assert {marker for marker, _ in entries} == {"none"}  # and no list number or bullet before it
        page.screenshot(path=str(artifacts / "site_index.png"), full_page=True)
    finally:
        page.close()


@pytest.fixture(scope="module")
def course(site, decks, handouts, tmp_path_factory):
    """The folder an instructor copies to a course server, as the site's index asks: site/, slides/
    (`make slides`) and handouts/ (`make handout`) side by side."""
    folder = tmp_path_factory.mktemp("course")
    for name, built in (("site", site[0].parent), ("slides", decks[0].parent), ("handouts", handouts)):
        (folder / name).symlink_to(built, target_is_directory=True)
    return folder


def test_every_link_on_the_index_opens_a_file_of_the_course_folder(course, browser):
    page = opened(browser, (course / "site" / "index.html").as_uri())
    try:
        links = page.evaluate("() => [...document.querySelectorAll('a[href]')].map(link => link.href)")
    finally:
        page.close()
    files = [pathlib.Path(urllib.request.url2pathname(urllib.parse.urlsplit(link).path)) for link in links]
    assert all(link.startswith("file:") for link in links), links
    missing = [str(path) for path in files if not path.is_file()]
    assert missing == [], missing
    names = {path.name for path in files}
    lessons = [path.stem for path in NOTEBOOKS]
    assert {f"{stem}.html" for stem in lessons} <= names  # each lesson's page
    assert {f"{stem}.ipynb" for stem in lessons} <= names  # its notebook, to download
    assert {f"{stem}.slides.html" for stem in lessons} <= names and {f"{stem}.pdf" for stem in lessons} <= names
    assert {"lecture.slides.html", "index.html", "exercises.pdf", "answer_key.pdf"} <= names
    for path in files:
        if path.suffix == ".ipynb":  # a notebook a student can open: the lesson's own
            assert nbformat.read(path, as_version=4).cells[0].source == nbformat.read(ROOT / "notebooks" / path.name, as_version=4).cells[0].source


@pytest.mark.parametrize("name", [name for name, kinds in EXPLORERS.items() if kinds], ids=lambda name: name[:2])
def test_the_keyboard_reaches_the_first_explorer_in_a_few_tab_presses(site, browser, artifacts, name):
    """As a keyboard user reads: Tab; on the skip link, Enter; Tab again, until a control of the first
    explorer has the focus."""
    page = opened(browser, (site[0].parent / name.replace(".ipynb", ".html")).as_uri())
    try:
        page.wait_for_selector(EXPLORER)
        skip = page.get_by_role("link", name="Skip to the first explorer")
        assert not skip.evaluate("link => link.getBoundingClientRect().right > 0")  # out of sight until focused
        tabs, focused = 0, []
        while tabs < MOST_TABS and not page.evaluate(f"() => document.activeElement.closest('{EXPLORER}') !== null"):
            page.keyboard.press("Tab")
            tabs += 1
            focused.append(page.evaluate("() => document.activeElement.outerHTML.slice(0, 80)"))
            if page.evaluate("() => document.activeElement.classList.contains('lossviz-skip')"):
                box = skip.bounding_box()
                assert box["width"] > 0 and 0 <= box["y"] < 720  # shown, at the top of the page
                page.keyboard.press("Enter")
        assert page.evaluate(f"() => document.activeElement.closest('{EXPLORER}') === document.querySelector('{EXPLORER}')"), focused
        page.screenshot(path=str(artifacts / f"{name[:2]}_site_first_explorer_focused.png"))
    finally:
        page.close()


def test_a_link_far_down_a_lesson_lands_on_its_cell_and_nothing_moves_as_the_reader_scrolls(site, browser):
    """The longest page, opened by a link to the cell of its last explorer (as a lesson links a
    section): once the page has settled, with the cells out of sight no longer laid out, the cell is at
    the top of the window and stays there, and the page keeps its length while it is scrolled through."""
    page_file = longest(site)
    page = opened(browser, page_file.as_uri())
    try:
        cell = page.evaluate(f"() => [...document.querySelectorAll('{EXPLORER}')].at(-1).closest('.jp-Cell').id")
        page.close()
        page = opened(browser, f"{page_file.as_uri()}#{urllib.parse.quote(cell)}")
        page.wait_for_function("() => document.body.classList.contains('lossviz-laid-out')", timeout=30_000)
        top = f"() => document.getElementById({cell!r}).getBoundingClientRect().top"
        tops = [page.evaluate(top)]
        for _ in range(5):
            page.wait_for_timeout(200)
            tops.append(page.evaluate(top))
        assert all(abs(each) <= 1 for each in tops), tops
        heights = []
        page.evaluate("() => window.scrollTo(0, 0)")
        while True:
            page.wait_for_timeout(50)  # a frame: the cells come into sight
            heights.append(page.evaluate("() => document.documentElement.scrollHeight"))
            if page.evaluate(AT_THE_END):
                break
            page.mouse.wheel(0, 600)
        assert len(heights) > 10 and len(set(heights)) == 1, heights
        # Half a laptop's screen: the page laid out again at its new width, End goes to its end at once.
        page.set_viewport_size({"width": 800, "height": 720})
        page.wait_for_timeout(500)  # the page waits 0.2 s after a resize, lays out, and skips again two frames on
        page.evaluate("() => window.scrollTo(0, 0)")
        page.keyboard.press("End")
        page.wait_for_timeout(300)
        assert page.evaluate(AT_THE_END)
    finally:
        page.close()


def test_in_a_narrow_window_every_code_line_is_shown_to_its_end(site, browser):
    """Half a laptop's screen: a code line longer than its cell wraps; none runs past its box, cut off."""
    page = opened(browser, longest(site).as_uri())
    try:
        page.set_viewport_size({"width": 800, "height": 720})
        cut = page.evaluate("""() => [...document.querySelectorAll('.jp-InputArea-editor pre')]
            .filter(code => code.scrollWidth > code.closest('.jp-InputArea-editor').clientWidth + 1)
            .map(code => code.textContent.slice(0, 60))""")
        assert cut == []
        assert page.evaluate("() => document.querySelectorAll('.jp-InputArea-editor pre').length") > 5
    finally:
        page.close()
