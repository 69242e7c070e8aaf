"""The code passes its linter (ruff, configured in pyproject.toml), as an editor would show it."""

import pathlib
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent


def test_ruff_finds_nothing():
    result = subprocess.run([sys.executable, "-m", "ruff", "check", "--output-format", "concise",
                             "lossviz", "scripts", "tests", "benchmarks"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


LONGEST_MODULE = 400  # lines: a module longer than this does more than one job


def test_no_module_of_lossviz_is_longer_than_one_job_needs():
    lengths = {path.relative_to(ROOT).as_posix(): len(path.read_text(encoding="utf-8").splitlines())
               for path in (ROOT / "lossviz").rglob("*.py")}
    too_long = {name: lines for name, lines in lengths.items() if lines > LONGEST_MODULE}
    assert not too_long, f"split these by job (at most {LONGEST_MODULE} lines): {too_long}"
