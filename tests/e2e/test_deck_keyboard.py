"""Every deck as a presenter with a clicker and a student with a keyboard use it, at 1280×720 from disk.

A clicker sends PageDown/PageUp (some send the arrows, b or .): after a slider is dragged or a choice
clicked, those keys must turn the slide, not move the explorer. A keyboard user who Tabs to a slider
keeps its arrows, and Tab never lands on a slide that is not shown. An explorer slide opened by its
link lays out inside the screen, and every link of the decks' index lands on its heading's slide.
"""

import pytest

VIEWPORT = {"width": 1280, "height": 720}
# reveal.js as the page loaded it (through require.js, so it is no global).
REVEAL = "require(document.querySelector('script[data-requiremodule$=\"dist/reveal.js\"]').dataset.requiremodule)"
INDICES = f"() => {REVEAL}.getIndices()"
PRESENT = ".reveal .slides section.present:not(.stack)"
# Each slide holding an explorer, as a reveal.js hash "#/h/v".
EXPLORER_SLIDES = """() => {
    const columns = [...document.querySelectorAll('.reveal .slides > section')];
    return columns.flatMap((column, across) => {
        const slides = column.classList.contains('stack') ? [...column.querySelectorAll(':scope > section')] : [column];
        return slides.map((slide, down) => slide.querySelector('.lossviz-explorer') ? `#/${across}/${down}` : null);
    }).filter(Boolean);
}"""
# What the focused element is, and whether it sits on the slide shown (the page itself, focused when
# Tab has passed the last stop, is no element of a slide).
FOCUSED = f"""() => {{
    const focused = document.activeElement;
    const where = focused.closest('section');
    return {{tag: focused.tagName, text: (focused.getAttribute('aria-label') || focused.textContent).trim().slice(0, 40),
             onSlideShown: focused === document.body || focused.closest('{PRESENT}') !== null,
             slide: where ? (where.querySelector('h1, h2, h3') || where).textContent.trim().slice(0, 40) : 'no slide'}};
}}"""


def explorers_in(deck):
    return deck.read_text(encoding="utf-8").count('<script type="application/vnd.jupyter.widget-view+json">')


def opened(browser, url):
    """A fresh 1280×720 page on `url`, once reveal.js is ready and MathJax has typeset."""
    page = browser.new_page(viewport=VIEWPORT)
    page.route("http*://**", lambda route: route.abort())  # a classroom with no internet
    page.goto(url)
    page.wait_for_function("() => document.querySelector('.reveal.ready') !== null", timeout=30_000)
    settled(page)
    return page


def settled(page):
    """Wait until MathJax has typeset and every explorer on the slide shown is drawn."""
    page.wait_for_function("() => window.MathJax && MathJax.Hub && MathJax.Hub.queue.pending === 0 "
                           "&& MathJax.Hub.queue.running === 0", timeout=30_000)
    page.wait_for_function(f"() => [...document.querySelectorAll('{PRESENT} .lossviz-explorer')]"
                           ".every(explorer => explorer.dataset.ready === 'yes')", timeout=30_000)


def explorer_slides(page, deck):
    """The deck's explorer slides, once every explorer is drawn."""
    page.wait_for_function(f"() => document.querySelectorAll('.lossviz-explorer canvas').length === {explorers_in(deck)}",
                           timeout=30_000)
    return page.evaluate(EXPLORER_SLIDES)


def go(page, where):
    page.evaluate(f"() => {{ location.hash = '{where}'; }}")
    page.wait_for_function(f"() => location.hash === '{where}' || location.hash === '{where.rsplit('/', 1)[0]}'")
    page.wait_for_function(f"() => document.querySelector('{PRESENT} .lossviz-explorer') !== null")
    settled(page)


def sliders(page):
    """The sliders shown (an option of a loss not shown has none: the training explorer hides it)."""
    return [slider for slider in page.query_selector_all(f"{PRESENT} .lossviz-control input[type=range]") if slider.is_visible()]


def value_of(slider):
    return slider.evaluate("input => [input.value, input.closest('.lossviz-control').querySelector('output').textContent]")


def press_to_turn(page):
    """The clicker's next key (PageUp on the deck's last slide); the slide must turn."""
    before = page.evaluate(INDICES)
    page.keyboard.press("PageUp" if page.evaluate(f"() => {REVEAL}.isLastSlide()") else "PageDown")
    return before, page.evaluate(INDICES)


def tab_to(page, slider, presses=40):
    """Tab from the top of the page until `slider` has the keys."""
    page.evaluate("() => document.activeElement.blur()")
    for _ in range(presses):
        page.keyboard.press("Tab")
        if slider.evaluate("input => document.activeElement === input"):
            return
    pytest.fail(f"{presses} Tab presses did not reach the slider")


def test_after_a_drag_on_a_slider_the_clicker_turns_the_slide_and_the_slider_stays(decks, browser):
    dragged = 0
    for deck in decks:
        page = opened(browser, deck.as_uri() + "?transition=none")
        for where in explorer_slides(page, deck):
            go(page, where)
            for index in range(len(sliders(page))):
                go(page, where)
                slider = sliders(page)[index]
                box = slider.bounding_box()
                before_drag = value_of(slider)
                middle = box["y"] + box["height"] / 2
                page.mouse.move(box["x"] + 0.2 * box["width"], middle)
                page.mouse.down()
                page.mouse.move(box["x"] + 0.7 * box["width"], middle, steps=8)
                page.mouse.up()
                after_drag = value_of(slider)
                assert after_drag != before_drag, f"{deck.stem} {where}: the drag did not move slider {index}"
                before, after = press_to_turn(page)
                assert after != before, f"{deck.stem} {where}: after a drag on slider {index} the clicker did not turn the slide"
                assert value_of(slider) == after_drag, f"{deck.stem} {where}: the clicker moved slider {index}"
                dragged += 1
        page.close()
    assert dragged >= 5, f"only {dragged} sliders in the decks"


def test_after_a_click_on_a_choice_the_arrow_and_the_clicker_turn_the_slide(decks, browser):
    clicked = 0
    for deck in decks:
        page = opened(browser, deck.as_uri() + "?transition=none")
        for where in explorer_slides(page, deck):
            go(page, where)
            for key in ("ArrowRight", "PageDown"):
                choices = page.query_selector_all(f"{PRESENT} .lossviz-choice[aria-pressed=false]")
                if not choices:
                    break
                choices[0].click()
                assert choices[0].get_attribute("aria-pressed") == "true", f"{deck.stem} {where}: the click did not choose"
                before = page.evaluate(INDICES)
                page.keyboard.press(key)
                assert page.evaluate(INDICES) != before, f"{deck.stem} {where}: after a click on a choice {key} did not turn the slide"
                clicked += 1
                go(page, where)
        page.close()
    assert clicked >= 2, f"only {clicked} choices in the decks"


def test_a_slider_reached_with_tab_keeps_its_keys_and_gives_the_deck_its_own(decks, browser):
    """Arrows, Shift + arrow and Home/End move a slider reached with Tab and leave the slide; b pauses the
    deck (and the slider lets go); with the slider focused again, PageDown turns the slide."""
    tried = 0
    for deck in decks:
        page = opened(browser, deck.as_uri() + "?transition=none")
        for where in explorer_slides(page, deck):
            go(page, where)
            slider = sliders(page)[0]
            tab_to(page, slider)
            here = page.evaluate(INDICES)
            for key in ("End", "ArrowLeft", "Shift+ArrowLeft", "Home", "ArrowRight", "Shift+ArrowRight"):
                before = value_of(slider)
                page.keyboard.press(key)
                assert value_of(slider) != before, f"{deck.stem} {where}: {key} did not move the slider reached with Tab"
                assert page.evaluate(INDICES) == here, f"{deck.stem} {where}: {key} on the slider turned the slide"
            page.keyboard.press("b")
            assert page.evaluate(f"() => {REVEAL}.isPaused()"), f"{deck.stem} {where}: b with a slider focused did not pause"
            page.keyboard.press("b")
            assert not page.evaluate(f"() => {REVEAL}.isPaused()")
            tab_to(page, slider)
            before_key = value_of(slider)
            before, after = press_to_turn(page)
            assert after != before, f"{deck.stem} {where}: with the slider focused the clicker did not turn the slide"
            assert value_of(slider) == before_key, f"{deck.stem} {where}: the clicker moved the slider"
            tried += 1
        page.close()
    assert tried >= 5


# Every element of the slide shown that is laid out (has a box), with its box, where it leaves the screen.
OFF_SCREEN = f"""() => {{
    const slide = document.querySelector('{PRESENT}');
    return [slide, ...slide.querySelectorAll('*')].filter(element => !element.closest('aside.notes')).flatMap(element => {{
        const box = element.getBoundingClientRect();
        if (!box.width || !box.height) return [];
        const off = box.left < -0.5 || box.top < -0.5 || box.right > innerWidth + 0.5 || box.bottom > innerHeight + 0.5;
        return off ? [`${{element.tagName}}.${{element.className}} ${{element.textContent.trim().slice(0, 30)}}: `
                      + `${{Math.round(box.left)}}..${{Math.round(box.right)}} × ${{Math.round(box.top)}}..${{Math.round(box.bottom)}}`] : [];
    }});
}}"""


def test_an_explorer_slide_opened_by_its_link_lies_inside_the_screen(decks, browser, artifacts):
    off = []
    opened_count = 0
    for deck in decks:
        page = opened(browser, deck.as_uri() + "?transition=none")
        slides = explorer_slides(page, deck)
        page.close()
        for where in slides:
            page = opened(browser, deck.as_uri() + "?transition=none" + where)  # a fresh page, as a link or a reload opens it
            assert page.evaluate("() => location.hash").startswith(where.rsplit("/", 1)[0])
            try:  # the deck lays the slide out again once its explorers have drawn
                page.wait_for_function(f"() => ({OFF_SCREEN})().length === 0", timeout=5_000)
            except Exception:
                off.append(f"{deck.stem} {where}: {page.evaluate(OFF_SCREEN)[:4]}")
            page.screenshot(path=str(artifacts / f"{deck.stem[:2]}_opened_at_{where[2:].replace('/', '_')}.png"))
            page.close()
            opened_count += 1
    assert opened_count >= 5
    assert not off, "\n".join(off)


def test_every_link_of_the_decks_index_lands_on_its_headings_slide(decks, browser):
    index = browser.new_page(viewport=VIEWPORT)
    index.goto((decks[0].parent / "index.html").as_uri())
    links = index.eval_on_selector_all("a[href*='#']", "links => links.map(link => [link.href, link.textContent.trim()])")
    index.close()
    assert links, "no links to a slide on the index"
    wrong = []
    for url, heading in links:
        page = opened(browser, url)
        shown = page.eval_on_selector_all(f"{PRESENT} :is(h1, h2, h3)", "titles => titles.map(title => title.textContent.replace('¶', '').trim())")
        if heading not in shown:
            wrong.append(f"{url.rsplit('/', 1)[1]} ({heading!r}) opens a slide headed {shown}")
        page.close()
    assert not wrong, "\n".join(wrong)


def test_tab_never_focuses_an_element_of_a_slide_not_shown(decks, browser):
    """On every explorer slide, and on each deck's last slide (every other slide behind it)."""
    for deck in decks:
        page = opened(browser, deck.as_uri() + "?transition=none")
        last = page.evaluate("""() => { const columns = document.querySelectorAll('.reveal .slides > section');
            const column = columns[columns.length - 1], rows = column.querySelectorAll(':scope > section');
            return `#/${columns.length - 1}/${Math.max(rows.length - 1, 0)}`; }""")
        for where in [*explorer_slides(page, deck), last]:
            page.evaluate(f"() => {{ location.hash = '{where}'; }}")
            page.wait_for_function(f"() => location.hash === '{where}' || location.hash === '{where.rsplit('/', 1)[0]}'")
            settled(page)
            page.evaluate("() => document.activeElement.blur()")
            for press in range(1, 41):
                page.keyboard.press("Tab")
                focused = page.evaluate(FOCUSED)
                assert focused["onSlideShown"], f"{deck.stem} {where}: Tab press {press} focused {focused}"
        page.close()


def test_every_explorer_control_is_a_target_of_at_least_24_px(decks, browser):
    """WCAG 2.2's target size, as drawn on the 1280×720 screen (a slide shrunk to fit shrinks them too)."""
    small, measured = [], 0
    for deck in decks:
        page = opened(browser, deck.as_uri() + "?transition=none")
        for where in explorer_slides(page, deck):
            go(page, where)
            for control in page.query_selector_all(f"{PRESENT} :is(.lossviz-control, .lossviz-buttons) :is(input[type=range], button)"):
                if not control.is_visible():  # an option of a loss not shown
                    continue
                box = control.bounding_box()
                if box["width"] < 24 or box["height"] < 24:
                    small.append(f"{deck.stem} {where}: {control.evaluate('c => c.outerHTML.slice(0, 60)')} is "
                                 f"{box['width']:.1f} × {box['height']:.1f} px")
                measured += 1
        page.close()
    assert measured >= 10
    assert not small, "\n".join(small)
