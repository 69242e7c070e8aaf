"""lossviz as `pip install` gives it: a real wheel and sdist, installed into a fresh virtual environment.

The checkout's own environment has everything installed, so it hides a missing file or an
undeclared dependency; these tests build the distributions as a release would and use the
wheel where only its declared dependencies are installed.
"""

import ast
import json
import pathlib
import subprocess
import sys
import tarfile
import textwrap
import venv
import zipfile

import pytest

import lossviz as lv

ROOT = pathlib.Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "lossviz"
# Imported only on demand, and declared as an extra rather than a dependency.
EXTRAS = {"torch": "torch"}


@pytest.fixture(scope="module")
def distributions(tmp_path_factory):
    """The wheel and the sdist, built from the checkout as `python -m build` builds a release."""
    out = tmp_path_factory.mktemp("dist")
    subprocess.run([sys.executable, "-m", "build", "--outdir", str(out), str(ROOT)],
                   check=True, capture_output=True, text=True)
    (wheel,), (sdist,) = out.glob("*.whl"), out.glob("*.tar.gz")
    return wheel, sdist


@pytest.fixture(scope="module")
def installed(distributions, tmp_path_factory):
    """The python of a fresh virtual environment holding the wheel and only what it declares."""
    wheel, _ = distributions
    environment = tmp_path_factory.mktemp("venv")
    venv.create(environment, with_pip=True)
    python = environment / "bin" / "python"
    subprocess.run([str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", str(wheel)],
                   check=True, capture_output=True, text=True)
    return python


def run_in(python, code, tmp_path):
    """Run `code` in that environment, away from the checkout, so only the installed lossviz is found."""
    result = subprocess.run([str(python), "-c", textwrap.dedent(code)], cwd=tmp_path,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.splitlines()[-1])


def imported_distributions():
    """Every third-party package lossviz's modules import, read from their source (each is
    imported by its distribution's name)."""
    names = set()
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import):
                names |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                names.add(node.module.split(".")[0])
    return names - set(sys.stdlib_module_names) - {"lossviz"}


def requirement_names(metadata, extra=None):
    """The distributions a wheel's METADATA requires, for no extra or for `extra`."""
    names = set()
    for line in metadata.splitlines():
        if line.startswith("Requires-Dist:"):
            requirement = line.removeprefix("Requires-Dist:").strip()
            name, _, marker = requirement.partition(";")
            in_extra = f'extra == "{extra}"' in marker if extra else "extra ==" not in marker
            if in_extra:
                names.add(name.split("[")[0].split("=")[0].split(">")[0].split("<")[0].strip().lower())
    return names


def test_the_wheel_carries_every_module_the_explorers_files_and_the_license(distributions):
    wheel, _ = distributions
    names = set(zipfile.ZipFile(wheel).namelist())
    explorer_files = {f"lossviz/js/{path.name}" for path in (PACKAGE / "js").iterdir()}
    assert explorer_files and explorer_files <= names, explorer_files - names
    modules = {path.relative_to(PACKAGE.parent).as_posix() for path in PACKAGE.rglob("*.py")}
    assert modules <= names, f"the wheel lacks modules of lossviz's subpackages: {sorted(modules - names)}"
    assert "lossviz/py.typed" in names
    assert "lossviz/data/iris.csv" in names  # lv.datasets' real data: shipped, never downloaded
    assert any(name.endswith(".dist-info/licenses/LICENSE") for name in names), sorted(names)


def test_the_wheel_declares_what_lossviz_imports_and_nothing_it_does_not(distributions):
    wheel, _ = distributions
    with zipfile.ZipFile(wheel) as archive:
        metadata = archive.read(next(n for n in archive.namelist() if n.endswith(".dist-info/METADATA"))).decode()
    imported = imported_distributions()
    assert requirement_names(metadata) == imported - set(EXTRAS.values())
    for module, extra in EXTRAS.items():
        assert module in imported and module in requirement_names(metadata, extra)
    assert "License-Expression: MIT" in metadata
    assert f"Version: {lv.__version__}" in metadata


def test_the_sdist_builds_the_package_whole(distributions):
    _, sdist = distributions
    with tarfile.open(sdist) as archive:
        names = {name.split("/", 1)[1] for name in archive.getnames() if "/" in name}
    expected = {f"lossviz/{path.relative_to(PACKAGE)}" for path in PACKAGE.rglob("*")
                if path.is_file() and "__pycache__" not in path.parts}
    assert expected <= names, expected - names
    assert {"LICENSE", "README.md", "CHANGELOG.md", "pyproject.toml"} <= names
    # The tests need the whole checkout (notebooks, scripts, Makefile): none rather than half.
    assert not any(name.startswith("tests/") for name in names)


def test_the_version_moves_with_the_changelog():
    assert f"## {lv.__version__}" in (ROOT / "CHANGELOG.md").read_text()


def test_every_kind_of_explorer_works_from_the_installed_wheel(installed, tmp_path):
    loss_names = list(lv.LOSSES)  # every loss has an explorer (define_loss asks for its js=)
    found = run_in(installed, f"""
        import importlib.util, json, pathlib
        import lossviz as lv
        explorers = {{name: lv.explore(lv.LOSSES[name]) for name in {loss_names!r}}}
        explorers |= {{"outliers": lv.explore_outliers(), "landscape": lv.explore_landscape(),
                       "descent": lv.explore_descent(), "training": lv.explore_training("xor", step=20)}}
        print(json.dumps({{
            "where": str(pathlib.Path(lv.__file__).parent),
            "version": lv.__version__,
            "torch": importlib.util.find_spec("torch") is not None,
            "readouts": {{name: explorer.readout() for name, explorer in explorers.items()}},
            "modules": {{name: len(explorer._esm) for name, explorer in explorers.items()}},
            "irises": lv.datasets.iris().features.sum(),
        }}))
        """, tmp_path)
    assert "site-packages" in found["where"] and not found["where"].startswith(str(ROOT))
    assert found["version"] == lv.__version__
    assert found["torch"] is False  # an extra: not installed by a plain `pip install lossviz`
    expected = {name: lv.explore(lv.LOSSES[name]).readout() for name in loss_names}
    expected |= {"outliers": lv.explore_outliers().readout(), "landscape": lv.explore_landscape().readout(),
                 "descent": lv.explore_descent().readout(), "training": lv.explore_training("xor", step=20).readout()}
    assert found["readouts"] == expected
    assert all(length > 1000 for length in found["modules"].values()), found["modules"]
    assert found["irises"] == lv.datasets.iris().features.sum()  # the real data set, read from the wheel


def test_the_installed_wheel_loads_its_real_data(installed, tmp_path):
    found = run_in(installed, """
        import json
        import lossviz as lv
        flowers = lv.datasets.iris()
        print(json.dumps({"shape": flowers.features.shape, "first": flowers.features[0].tolist(),
                          "counts": [int((flowers.labels == k).sum()) for k in range(3)]}))
        """, tmp_path)
    assert found == {"shape": [150, 4], "first": [5.1, 3.5, 1.4, 0.2], "counts": [50, 50, 50]}


def test_without_torch_the_reference_says_how_to_install_it(installed, tmp_path):
    found = run_in(installed, """
        import json
        import lossviz as lv
        try:
            lv.mse.torch([1.0], [2.0])
        except ImportError as error:
            print(json.dumps({"message": str(error), "value": lv.mse([1.0], [2.0])}))
        """, tmp_path)
    assert "pip install 'lossviz[torch]'" in found["message"] and "mse.torch()" in found["message"]
    assert found["value"] == 1.0


def test_requirements_and_the_package_promise_the_same_lower_bounds():
    # `make test-lowest` installs each lower bound once; two files disagreeing would test only one.
    import lowest_requirements
    from packaging.version import Version

    package = lowest_requirements.project_lower_bounds((ROOT / "pyproject.toml").read_text())
    requirements = lowest_requirements.lower_bounds((ROOT / "requirements.txt").read_text().splitlines())
    assert package and set(package) <= set(requirements), set(package) - set(requirements)
    for name, version in package.items():
        assert Version(version) == Version(requirements[name]), (name, version, requirements[name])
