"""What a test does when a tool it needs is missing: skip, and say why; in CI, fail."""

import os

import pytest


def skip_or_fail(what, reason):
    """Skip `what` (e.g. "browser tests") with the reason, or fail it when CI=true."""
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{what} cannot run in CI: {reason}", pytrace=False)
    pytest.skip(f"{what} skipped: {reason}")
