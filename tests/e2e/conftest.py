"""A real JupyterLab on 127.0.0.1 and Debian's headless Chromium, driven by Playwright.

Playwright cannot download its own browsers here, so the tests launch the
system Chromium. Where it is missing the browser tests are skipped with the
reason, except under CI=true, where a missing browser is a failure.
"""

import pathlib

import pytest
from lab_driver import CHROMIUM, CHROMIUM_ARGS, running_jupyter
from missing_tool import skip_or_fail

ROOT = pathlib.Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"


def _missing(reason):
    skip_or_fail("browser tests", f"{reason} (install Debian's chromium, or run `make test` in CI)")


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        _missing(f"no Chromium at {CHROMIUM}")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _missing("the playwright package is not installed")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def handouts(decks, browser, tmp_path_factory):
    """The handouts, built once as `make handout` builds them (printing every deck takes minutes)."""
    import build_handout

    output = tmp_path_factory.mktemp("handouts")
    build_handout.build(decks[0].parent, output, browser)
    return output


@pytest.fixture(scope="session")
def jupyter(tmp_path_factory):
    """JupyterLab (and Notebook 7, same server) on a copy of the notebooks, with a token of its own."""
    with running_jupyter(ROOT / "notebooks", tmp_path_factory.mktemp("jupyter")) as server:
        yield server


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture(scope="session")
def artifacts():
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS
