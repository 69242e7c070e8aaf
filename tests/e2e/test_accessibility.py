"""Pages every student can read: axe-core, the accessibility engine of Chrome's Lighthouse, on every
site page and every slide of every deck, opened from disk with no network.

axe-core comes from the npm registry at a pinned version, unpacked once under build/ like the
decks' own assets (never shipped in them: it is injected only here).
"""

import pathlib
import shutil

import offline_assets  # from scripts/, put on the path by tests/conftest.py
import pytest
from missing_tool import skip_or_fail

ROOT = pathlib.Path(__file__).resolve().parents[2]
AXE = ("axe-core", "4.14.1")
CACHE = ROOT / "build" / "axe-core"
# What a reader cannot get past (axe's own grading); "moderate" and "minor" are reported, not failed.
BLOCKING = ("serious", "critical")
VIOLATIONS = """async () => {
    const result = await axe.run(document, {resultTypes: ['violations']});
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


def blocking(page, axe_script, where):
    if not page.evaluate("() => typeof axe !== 'undefined'"):
        page.add_script_tag(path=str(axe_script))
    return [f"{where}: {v['impact']} {v['rule']}: {v['where']}" for v in page.evaluate(VIOLATIONS)
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
                found += blocking(page, axe_script, f"{deck.stem} slide {across}/{down}")
        page.close()
    assert not found, "\n".join(found)
