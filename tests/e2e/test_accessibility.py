"""Pages every student can read: axe-core, the accessibility engine of Chrome's Lighthouse, on every
site page and every slide of every deck, opened from disk with no network; and the explorers' text and
pictures in JupyterLab's dark theme, against WCAG's contrast ratio.

axe-core comes from the npm registry at a pinned version, unpacked once under build/ like the
decks' own assets (never shipped in them: it is injected only here).
"""

import pathlib
import shutil

import numpy as np
import offline_assets  # from scripts/, put on the path by tests/conftest.py
import pytest
from lab_driver import notebook_run_in_lab
from missing_tool import skip_or_fail
from wcag import contrast

ROOT = pathlib.Path(__file__).resolve().parents[2]
AXE = ("axe-core", "4.14.1")
CACHE = ROOT / "build" / "axe-core"
# What a reader cannot get past (axe's own grading); "moderate" and "minor" are reported, not failed.
BLOCKING = ("serious", "critical")
VIOLATIONS = """async (context) => {
    const result = await axe.run(context || document, {resultTypes: ['violations']});
    return result.violations.map(v => ({rule: v.id, impact: v.impact,
        where: v.nodes.slice(0, 3).map(node => node.html.slice(0, 160) + ': ' + node.failureSummary.slice(0, 240))}));
}"""


@pytest.fixture(scope="module")
def axe_script():
    if shutil.which("npm") is None and not (CACHE / "package.json").exists():
        skip_or_fail("accessibility tests", "no npm to fetch axe-core from the registry")
    return offline_assets.unpacked(*AXE, CACHE) / "axe.min.js"


def offline(browser):
    page = browser.new_page(viewport={"width": 1280, "height": 720})
    page.route("**/*", lambda route: route.continue_() if route.request.url.startswith(("file:", "data:", "blob:"))
               else route.abort())
    return page


def blocking(page, axe_script, where, context=None):
    """The serious and critical violations axe finds in the page, or only in `context` (axe's include/exclude)."""
    if not page.evaluate("() => typeof axe !== 'undefined'"):
        page.add_script_tag(path=str(axe_script))
    return [f"{where}: {v['impact']} {v['rule']}: {v['where']}" for v in page.evaluate(VIOLATIONS, context)
            if v["impact"] in BLOCKING]


def test_every_site_page_passes_an_accessibility_audit(site, browser, axe_script):
    found = []
    for path in [site[0].parent / "index.html", *site]:
        page = offline(browser)
        page.goto(path.as_uri())
        page.wait_for_load_state("load")
        page.wait_for_timeout(500)  # the widget manager draws the explorers after load
        found += blocking(page, axe_script, path.name)
        page.close()
    assert not found, "\n".join(found)


def test_every_slide_of_every_deck_passes_an_accessibility_audit(decks, browser, axe_script):
    found = []
    index = offline(browser)
    index.goto((decks[0].parent / "index.html").as_uri())
    found += blocking(index, axe_script, "slides/index.html")
    index.close()
    for deck in decks:
        page = offline(browser)
        page.goto(deck.as_uri() + "?transition=none")
        page.wait_for_function("() => document.querySelector('.reveal.ready') !== null", timeout=30_000)
        stacks = page.evaluate("() => [...document.querySelectorAll('.reveal .slides > section')]"
                               ".map(slide => slide.querySelectorAll(':scope > section').length)")
        for across, down_count in enumerate(stacks):
            for down in range(max(down_count, 1)):
                page.evaluate(f"() => {{ location.hash = '#/{across}/{down}'; }}")
                page.wait_for_function(f"() => location.hash === '#/{across}/{down}' || ({down} === 0 && location.hash === '#/{across}')")
                page.wait_for_function("() => MathJax.Hub.queue.pending === 0 && MathJax.Hub.queue.running === 0")
                # The whole deck on its first slide (the page's title and language, reveal.js's controls); after that,
                # only the slide shown, as the rest is reveal.js's frame or hidden slides: a fifth less time.
                first = (across, down) == (0, 0)
                found += blocking(page, axe_script, f"{deck.stem} slide {across}/{down}",
                                  None if first else {"include": [[".reveal .slides section.present:not(.stack)"]]})
        page.close()
    assert not found, "\n".join(found)


# Each element's text colour and the colour it is seen on: the first background up from it that is
# not see-through (the page's own white past the root).
COLOURS_SEEN = """elements => elements.map(element => {
    const rgb = (colour) => colour.match(/[\\d.]+/g).map(Number);
    let behind = [255, 255, 255];
    for (let node = element; node; node = node.parentElement) {
        const [red, green, blue, alpha = 1] = rgb(getComputedStyle(node).backgroundColor);
        if (alpha > 0.99) { behind = [red, green, blue]; break; }
    }
    return [element.tagName.toLowerCase() + ' ' + element.textContent.slice(0, 30), rgb(getComputedStyle(element).color).slice(0, 3), behind];
})"""


def test_in_jupyterlabs_dark_theme_an_explorer_is_drawn_on_white_and_its_text_can_be_read(browser, tmp_path):
    """A student working in JupyterLab's dark theme: each explorer's picture, drawn for a white page, is
    seen on white, and the text of its controls, readout and hint keeps WCAG's 4.5:1 contrast."""
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    sources = ["import lossviz as lv\nlv.explore(lv.mse)", "lv.explore_training('blobs')"]
    with notebook_run_in_lab(page, tmp_path, "dark", sources, theme="JupyterLab Dark"):
        page.wait_for_function("() => document.querySelectorAll('.jp-OutputArea-output .lossviz-explorer[data-ready=yes]').length === 2",
                               timeout=60_000)
        assert page.evaluate("() => document.body.dataset.jpThemeLight") == "false", "JupyterLab is not in its dark theme"
        found = []
        for index, explorer in enumerate(page.query_selector_all(".jp-OutputArea-output .lossviz-explorer")):
            texts = explorer.query_selector_all("label, output, button, .lossviz-readout span, .lossviz-readout b, .lossviz-hint")
            (_, _, behind_picture), *seen = page.evaluate(COLOURS_SEEN, [explorer.query_selector("canvas"), *texts])
            if behind_picture != [255, 255, 255]:
                found.append(f"explorer {index}: its picture is seen on rgb{tuple(behind_picture)}, not white")
            found += [f"explorer {index}: {what!r} is rgb{tuple(colour)} on rgb{tuple(behind)}, contrast {ratio:.1f}"
                      for what, colour, behind in seen if (ratio := contrast(np.divide(colour, 255), np.divide(behind, 255))) < 4.5]
            assert len(seen) > 5, f"explorer {index}: its text was not found"
    assert not found, "\n".join(found)
