"""The lecture deck as an instructor meets it: opened from disk on a 1280×720 projector with no
network, walked with a clicker's Page Down, read from the back row of a 120-seat room."""

import manifest
import pytest
from explorers import EXPLORER, check_a_key_press, offline_page, to_slide_of

# What the back row reads at 1280×720: prose, code, and a formula's sub- and superscripts.
BODY_PX, CODE_PX, SCRIPT_PX = 28, 24, 18
# The lecture's explorers, in order: those its lessons' slides show (notebooks/lessons.json's "lecture").
LECTURE_EXPLORERS = [kind for lesson in manifest.load() for kind in lesson.lecture_explorers]
PRESENT = ".reveal .slides section.present:not(.stack)"


@pytest.fixture
def lecture(decks, browser):
    """The lecture deck opened from disk at 1280×720, every request that would leave the machine
    refused; yields (page, requests tried, errors seen)."""
    deck = next(deck for deck in decks if deck.name == "lecture.slides.html")
    page, tried, errors = offline_page(browser, deck.as_uri() + "?transition=none", viewport={"width": 1280, "height": 720})
    page.wait_for_function("() => document.querySelector('.reveal.ready') !== null", timeout=30_000)
    yield page, tried, errors
    page.close()


def where_we_are(page):
    """(slide number, answers shown on it), as the audience sees them."""
    return page.evaluate(f"""() => {{
        const slide = document.querySelector('{PRESENT}');
        return [[...document.querySelectorAll('.reveal .slides section:not(.stack)')].indexOf(slide),
                slide.querySelectorAll('.fragment.visible').length];
    }}""")


def test_page_down_alone_walks_every_slide_and_every_answer_in_order(lecture):
    page, tried, errors = lecture
    slides = page.evaluate("() => document.querySelectorAll('.reveal .slides section:not(.stack)').length")
    answers = page.evaluate("() => document.querySelectorAll('.reveal .slides .fragment').length")
    assert 25 <= slides <= 35 and answers >= 5
    seen = [where_we_are(page)]
    for _ in range(slides + answers + 3):
        page.keyboard.press("PageDown")
        page.wait_for_timeout(30)
        if where_we_are(page) == seen[-1]:
            break  # the end: Page Down does nothing more
        seen.append(where_we_are(page))
    assert [slide for slide, _ in seen] == sorted(slide for slide, _ in seen), "Page Down went back"
    assert {slide for slide, _ in seen} == set(range(slides))
    assert sum(1 for _, shown in seen if shown) == answers, "each answer appears on a click of its own"
    assert tried == [] and errors == []


# On the slide shown, every answer visible: the smallest prose, code and formula script as drawn
# (font size × the slide's zoom), anything past the slide's edges, the title's top, the explorers' text.
SLIDE = """() => {
    const slide = document.querySelector('.reveal .slides section.present:not(.stack)');
    const zoom = parseFloat(slide.style.zoom || '1');
    const smallest = {body: [Infinity, ''], code: [Infinity, ''], script: [Infinity, '']};
    const walker = document.createTreeWalker(slide, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const element = node.parentElement;
        if (!node.textContent.trim() || !element.getClientRects().length
            || element.closest('aside.notes, script, style, .MJX_Assistive_MathML, .lossviz-explorer')) continue;
        const kind = element.closest('.MathJax_CHTML') ? 'script' : element.closest('pre, code') ? 'code' : 'body';
        const px = parseFloat(getComputedStyle(element).fontSize) * zoom;
        if (px < smallest[kind][0]) smallest[kind] = [px, node.textContent.trim().slice(0, 30)];
    }
    const outside = [...slide.querySelectorAll('*')].filter(element => {
        if (element.closest('aside.notes, .MJX_Assistive_MathML')) return false;
        const box = element.getBoundingClientRect();
        return box.width && box.height && (box.left < -0.5 || box.top < -0.5 || box.right > 1280.5 || box.bottom > 720.5);
    }).map(element => element.tagName + '.' + element.className + ' ' + element.textContent.slice(0, 30));
    const clipped = [...slide.querySelectorAll('pre, p, li, td, h1, h2')]
        .filter(element => element.scrollWidth > element.clientWidth + 1).map(element => element.textContent.slice(0, 40));
    const title = slide.querySelector('h1, h2');
    return {
        smallest, outside, clipped, zoom, title: title.textContent.replace('¶', ''), top: title.getBoundingClientRect().top,
        canvases: [...slide.querySelectorAll('canvas')].map(canvas =>
            parseFloat(canvas.dataset.textPx) * canvas.getBoundingClientRect().width / parseFloat(canvas.dataset.drawnWidth)),
    };
}"""


def test_every_slide_reads_from_the_back_row_and_fits_the_projector(decks, browser):
    deck = next(deck for deck in decks if deck.name == "lecture.slides.html")
    page = browser.new_page(viewport={"width": 1280, "height": 720})
    # fragments=false: every answer shown, so that the slide is measured at its fullest.
    page.goto(deck.as_uri() + "?transition=none&fragments=false")
    page.wait_for_function("() => document.querySelector('.reveal.ready') !== null", timeout=30_000)
    slides = page.evaluate("() => document.querySelectorAll('.reveal .slides > section').length")
    problems, tops = [], set()
    for number in range(slides):
        page.evaluate(f"() => {{ location.hash = '#/{number}'; }}")
        page.wait_for_function(f"() => [...document.querySelectorAll('.reveal .slides > section')][{number}].classList.contains('present')")
        page.wait_for_function("() => MathJax.Hub.queue.pending === 0 && MathJax.Hub.queue.running === 0")
        page.wait_for_function(f"() => [...document.querySelectorAll('{PRESENT} {EXPLORER}')].every(box => box.dataset.ready === 'yes')")
        page.wait_for_timeout(50)
        shown = page.evaluate(SLIDE)
        where = f"slide {number + 1} ({shown['title']!r})"
        for kind, least in (("body", BODY_PX), ("code", CODE_PX), ("script", SCRIPT_PX)):
            px, text = shown["smallest"][kind]
            if px < least - 0.05:
                problems.append(f"{where}: {kind} text {text!r} at {px:.1f} px, under {least}")
        problems += [f"{where}: explorer text at {px:.1f} px" for px in shown["canvases"] if px < SCRIPT_PX]
        problems += [f"{where}: past the slide's edge: {what}" for what in shown["outside"]]
        problems += [f"{where}: cut at the right: {what!r}" for what in shown["clipped"]]
        tops.add(round(shown["top"]))
    page.close()
    assert not problems, "\n".join(problems)
    assert len(tops) == 1, f"the titles' tops move between slides: {sorted(tops)} px"


def test_the_lectures_explorers_are_live_with_lossvizs_numbers(lecture):
    page, tried, errors = lecture
    page.wait_for_function(f"() => document.querySelectorAll('{EXPLORER} canvas').length === {len(LECTURE_EXPLORERS)}",
                           timeout=30_000)
    for index, kind in enumerate(LECTURE_EXPLORERS):
        to_slide_of(page, index)
        check_a_key_press(page.query_selector_all(EXPLORER)[index], kind, "Home" if kind == "descent" else "ArrowRight")
    assert tried == [] and errors == []
