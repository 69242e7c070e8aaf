"""images/ is up to date with the code: every figure, remade now, matches the stored one.

Pixels are compared under the Matplotlib that drew images/ (its version is stored beside
them); another version rasterises the same text a pixel differently, so there what each figure
shows (its data, texts, colours and limits: `gallery.content_digest`) is compared instead.
"""

import json
import pathlib

import matplotlib
import pytest
from matplotlib.testing.compare import compare_images

from lossviz.pictures import gallery

IMAGES = pathlib.Path(__file__).resolve().parent.parent / "images"
STORED = json.loads((IMAGES / gallery.CONTENTS).read_text())
# Root-mean-square difference of pixel values (0-255) allowed: room for
# anti-aliasing differences between machines, not for a moved line or label.
TOLERANCE = 2.0


@pytest.fixture(scope="module")
def remade(tmp_path_factory):
    folder = tmp_path_factory.mktemp("images")
    gallery.write_all(folder)
    return folder


@pytest.mark.parametrize("name", gallery.FIGURES)
def test_stored_image_shows_what_the_code_draws(name, remade):
    fresh = json.loads((remade / gallery.CONTENTS).read_text())["figures"]
    assert STORED["figures"].get(name) == fresh[name], (
        f"images/{name}.png no longer shows what the code draws (its data, texts or colours changed); "
        f"run `make images` and commit the result."
    )


@pytest.mark.parametrize("name", gallery.FIGURES)
def test_stored_image_matches_the_code_pixel_by_pixel(name, remade):
    if matplotlib.__version__ != STORED["matplotlib"]:
        pytest.skip(f"images/ were drawn by Matplotlib {STORED['matplotlib']} and this is {matplotlib.__version__}, "
                    f"whose fonts rasterise differently: only what each figure shows is compared here")
    stored, fresh = IMAGES / f"{name}.png", remade / f"{name}.png"
    assert stored.exists(), f"images/{name}.png is missing: run `make images` and commit it."
    difference = compare_images(str(stored), str(fresh), tol=TOLERANCE)
    assert difference is None, (
        f"images/{name}.png is out of date with the code; run `make images` and commit the result.\n"
        f"{difference}"
    )


def test_images_folder_holds_only_figures_the_code_makes():
    stored = {path.stem for path in IMAGES.glob("*.png")}
    assert stored <= set(gallery.FIGURES), f"not made by lossviz.pictures.gallery: {sorted(stored - set(gallery.FIGURES))}"
    assert set(STORED["figures"]) == set(gallery.FIGURES)
