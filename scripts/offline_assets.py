"""The browser assets that the decks and the site load from disk instead of a CDN.

Fetched from the npm registry at build time (`npm pack`), cached in
build/offline-assets/ (never committed), and loaded by relative URLs, so that a
deck or a page works opened from disk on a machine with no network. Only the
files the pages load are copied into the output's assets/ folder (`FILES`): the
whole packages weigh 100 MB in 3,400 files, too much to copy to a course server.
"""

import pathlib
import shutil
import subprocess
import tarfile
import tempfile

ROOT = pathlib.Path(__file__).resolve().parent.parent
CACHE = ROOT / "build" / "offline-assets"
ASSETS = "assets"
# Folder name -> (npm package, version). The explorers need none: the pages draw them themselves
# (scripts/widget_embed.js).
PACKAGES = {
    "reveal.js": ("reveal.js", "4.6.1"),
    "requirejs": ("requirejs", "2.3.7"),
    "jquery": ("jquery", "3.7.1"),
    "mathjax": ("mathjax", "2.7.9"),
}
REQUIRE_JS = f"{ASSETS}/requirejs/require.js"
MATHJAX = f"{ASSETS}/mathjax/MathJax.js?config=TeX-AMS_CHTML-full,Safe"
# Folder -> the files copied (globs inside the package): those that Chromium read when every deck
# (each slide shown, printed, and in the speaker view) and every site page were opened from disk,
# widened to their kind where a page could ask for a sibling on demand (MathJax loads the TeX
# extensions, the fonts and the output's parts a formula needs); and each package's licence and
# package.json, to say what it is.
FILES = {
    "reveal.js": ["LICENSE", "package.json", "dist/reveal.css", "dist/reveal.js", "dist/theme/white.css",
                  "dist/theme/fonts/source-sans-pro/LICENSE", "dist/theme/fonts/source-sans-pro/*.css",
                  "dist/theme/fonts/source-sans-pro/*.woff", "plugin/notes/notes.js"],
    "requirejs": ["package.json", "require.js"],  # the licence is in require.js's header
    "jquery": ["LICENSE.txt", "package.json", "dist/jquery.min.js"],
    # MATHJAX's configuration, the CommonHTML output with its TeX fonts (woff: every browser reads it).
    "mathjax": ["LICENSE", "package.json", "MathJax.js", "config/TeX-AMS_CHTML-full.js", "config/Safe.js",
                "extensions/*.js", "extensions/TeX/*.js", "jax/input/TeX/*.js", "jax/element/mml/**/*.js",
                "jax/output/CommonHTML/**/*.js", "fonts/HTML-CSS/TeX/woff/*.woff",
                # MathJax's own accessibility (its menu's speech and explorer, for screen readers): 3.7 MB.
                "extensions/a11y/**/*"],
}


def fetch():
    """Unpack each npm package into the cache once; later builds reuse it."""
    for folder, (name, version) in PACKAGES.items():
        unpacked(name, version, CACHE / folder)


def unpacked(name, version, target):
    """npm package `name`@`version` unpacked into `target` (fetched with `npm pack` the first time)."""
    target = pathlib.Path(target)
    if (target / "package.json").exists():
        return target
    with tempfile.TemporaryDirectory() as download:
        subprocess.run(["npm", "pack", f"{name}@{version}", "--silent"], cwd=download, check=True,
                       stdout=subprocess.DEVNULL)
        (archive,) = pathlib.Path(download).glob("*.tgz")
        with tarfile.open(archive) as tar:
            tar.extractall(download, filter="data")
        shutil.rmtree(target, ignore_errors=True)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(pathlib.Path(download) / "package", target)
    return target


def files(folder):
    """The files of the package in `folder` that the pages use (`FILES`), relative to the package."""
    if folder not in FILES:  # a package added to PACKAGES: its pages' files must be listed too
        raise KeyError(f"offline_assets.FILES lists no files of {folder!r}: list those the pages load")
    package = CACHE / folder
    chosen = set()
    for pattern in FILES[folder]:
        found = [path for path in package.glob(pattern) if path.is_file()]
        if not found:  # a new version moved a file the pages load: a deck would break, so the build does
            raise FileNotFoundError(f"no file of {PACKAGES[folder][0]} {PACKAGES[folder][1]} matches {pattern!r}")
        chosen.update(path.relative_to(package) for path in found)
    return sorted(chosen)


def copy_into(output):
    """Fetch the assets if needed and copy the files the pages use into output/assets/, in place of
    any assets an earlier build left there."""
    fetch()
    for folder in PACKAGES:
        target = pathlib.Path(output) / ASSETS / folder
        shutil.rmtree(target, ignore_errors=True)
        for path in files(folder):
            (target / path).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(CACHE / folder / path, target / path)
