"""What an editor knows of lossviz: pyright (the engine of VS Code's Pylance) on a user's snippet.

pyright comes from the npm registry at the pinned version, unpacked once under build/ like the
decks' assets; it checks the snippet against the checkout's lossviz as installed.
"""

import ast
import json
import pathlib
import shutil
import subprocess
import sys

import offline_assets  # from scripts/, put on the path by conftest.py
import pytest
from missing_tool import skip_or_fail

import lossviz as lv

ROOT = pathlib.Path(__file__).resolve().parent.parent
PYRIGHT = ("pyright", "1.1.414")
CACHE = ROOT / "build" / "pyright"

SNIPPET = '''
import numpy as np
import lossviz as lv

value: float = lv.mse([3.0, -0.5, 2.0, 7.0], [2.5, 0.0, 2.0, 8.0])
each: np.ndarray = lv.mse([3.0, -0.5], [2.5, 0.0], reduction="none")
slope: np.ndarray = lv.mse.grad([3.0, -0.5], [2.5, 0.0], reduction="sum")
both = lv.huber.value_and_grad([3.0], [0.0], delta=2.0)
ce: float = lv.cross_entropy([[2.0, 1.0, 0.1]], [0])
title: str = lv.LOSSES["mse"].title
explorer = lv.explore(lv.huber, delta=1.0)
print(explorer.readout(), lv.__version__, lv.explore_outliers(), lv.explore_landscape(lr=0.1))
lv.classroom()
reveal_type(lv.mse)
reveal_type(lv.bce_with_logits)
'''


@pytest.fixture(scope="module")
def pyright():
    if shutil.which("node") is None or (shutil.which("npm") is None and not (CACHE / "package.json").exists()):
        skip_or_fail("the editor test", "no node and npm to run pyright")
    return offline_assets.unpacked(*PYRIGHT, CACHE) / "index.js"


def check(pyright, folder):
    """pyright's diagnostics for folder/snippet.py, in this environment."""
    # The checkout as the package (an editable install hides it behind an import hook pyright cannot follow).
    config = {"pythonPath": sys.executable, "extraPaths": [str(ROOT)]}
    (folder / "pyrightconfig.json").write_text(json.dumps(config))
    result = subprocess.run(["node", str(pyright), "--outputjson", "snippet.py"], cwd=folder,
                            capture_output=True, text=True, timeout=300)
    return json.loads(result.stdout)["generalDiagnostics"]


def test_pyright_knows_the_losses_and_their_arguments(pyright, tmp_path):
    (tmp_path / "snippet.py").write_text(SNIPPET)
    diagnostics = check(pyright, tmp_path)
    problems = [d for d in diagnostics if d["severity"] != "information"]
    assert not problems, json.dumps(problems, indent=1)
    revealed = [d["message"] for d in diagnostics if d["severity"] == "information"]
    assert revealed == ['Type of "lv.mse" is "Loss"', 'Type of "lv.bce_with_logits" is "Loss"'], revealed


def test_pyright_reports_a_wrong_reduction(pyright, tmp_path):
    (tmp_path / "snippet.py").write_text('import lossviz as lv\nlv.mse([1.0], [2.0], reduction="average")\n')
    errors = [d["message"] for d in check(pyright, tmp_path) if d["severity"] == "error"]
    assert any("Literal['average']" in error for error in errors), errors


def test_editors_see_every_built_in_loss():
    # lossviz/__init__.py imports the losses for type checkers only; a loss left out would be Any there.
    tree = ast.parse((ROOT / "lossviz" / "__init__.py").read_text())
    checked = next(node for node in tree.body if isinstance(node, ast.If) and ast.unparse(node.test) == "TYPE_CHECKING")
    names = {alias.name for node in checked.body if isinstance(node, ast.ImportFrom) for alias in node.names}
    built_in = {name for name, loss in lv.LOSSES.items() if loss.__module__.startswith("lossviz.")}
    assert built_in <= names, built_in - names


def test_pyright_finds_no_error_in_lossviz(pyright, tmp_path):
    # Basic mode, as VS Code's Pylance checks by default: what a contributor's editor would flag.
    (tmp_path / "pyrightconfig.json").write_text(json.dumps({"pythonPath": sys.executable, "extraPaths": [str(ROOT)], "typeCheckingMode": "basic"}))
    result = subprocess.run(["node", str(pyright), "--outputjson", "--pythonpath", sys.executable, str(ROOT / "lossviz")],
                            cwd=tmp_path, capture_output=True, text=True, timeout=600)
    report = json.loads(result.stdout)
    errors = [f"{pathlib.Path(d['file']).relative_to(ROOT)}:{d['range']['start']['line'] + 1}: {d['message']}"
              for d in report["generalDiagnostics"] if d["severity"] == "error"]
    assert report["summary"]["filesAnalyzed"] >= 30 and not errors, "\n".join(errors)
