from hypothesis import settings

# Derandomized: every run, here and in CI, tries the same examples, so a
# failure seen once is seen again. No deadline: CI machines are shared and noisy.
settings.register_profile("lossviz", derandomize=True, deadline=None, max_examples=150)
settings.load_profile("lossviz")


import os  # noqa: E402
import pathlib  # noqa: E402
import shutil  # noqa: E402
import sys  # noqa: E402

import pytest  # noqa: E402

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))


@pytest.fixture(scope="session")
def decks(tmp_path_factory):
    """The slide decks of every notebook, built as `make slides` builds them, in a folder of their own."""
    if shutil.which("npm") is None:
        message = "no npm to fetch reveal.js and MathJax from the registry"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"slides cannot be built in CI: {message}", pytrace=False)
        pytest.skip(f"slide tests skipped: {message}")
    import build_slides

    return build_slides.build(tmp_path_factory.mktemp("slides"))
