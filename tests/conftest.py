import pathlib
import shutil
import sys

import pytest
from hypothesis import settings

from missing_tool import skip_or_fail

# Derandomized: every run, here and in CI, tries the same examples, so a
# failure seen once is seen again. No deadline: CI machines are shared and noisy.
settings.register_profile("lossviz", derandomize=True, deadline=None, max_examples=150)
settings.load_profile("lossviz")

# The project's scripts (slide metadata, slide building) are tested too.
sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent / "scripts"))


@pytest.fixture(scope="session")
def decks(tmp_path_factory):
    """The slide decks of every notebook, built as `make slides` builds them, in a folder of their own."""
    if shutil.which("npm") is None:
        skip_or_fail("slide tests", "no npm to fetch reveal.js and MathJax from the registry")
    import build_slides

    return build_slides.build(tmp_path_factory.mktemp("slides"))


@pytest.fixture(scope="session")
def site(tmp_path_factory):
    """The site, built as `make site` builds it (every notebook run afresh), in a folder of its own."""
    if shutil.which("npm") is None:
        skip_or_fail("site tests", "no npm to fetch require.js, the widget manager and anywidget from the registry")
    import build_site

    return build_site.build(tmp_path_factory.mktemp("site"))
