"""The figures in ``images/``, all made by lossviz.

``make images`` (``python -m lossviz.pictures.gallery images``) writes them, and beside
them `CONTENTS` (``drawn_with.json``): the Matplotlib that drew them and a digest
of what each figure shows. A test remakes them and fails when the stored ones
are out of date with the code: pixel by pixel under the Matplotlib that drew
them, and by that digest under any other (whose fonts rasterise differently).
"""

import hashlib
import json
import pathlib
import sys

import matplotlib
from matplotlib.colors import to_hex

import numpy as np

from lossviz.pictures import lessons, plots, style
from lossviz.losses import bce, huber, mae, mse
from lossviz.pictures.rendering import Plot


def _golf():
    return plots.compare_predictions(mse, [0.7, 0.95], 1.0, xlim=(0.4, 1.3))


def _landscapes():
    figure, axes = style.new_figure(3, width=style.SIZES["notebook"]["width"] * 2, height=4.2)
    for ax, lr, verdict in zip(axes, (0.01, 0.15, 0.27), ("too small", "good", "too large")):
        lessons.landscape(lr, 30, ax=ax)
        ax.set_title(f"learning rate {lr:g}: {verdict}", fontsize=style.SIZES["notebook"]["font"])
    for ax in axes[1:]:
        ax.set_ylabel("")
        ax.get_legend().remove()
    return Plot(figure, [])


FIGURES = {
    "golf_lower_is_better": _golf,
    "mse_loss_curve": lambda: plots.loss_and_gradient(mse),
    "bce_curves": lambda: plots.overlay([bce, bce], [1, 0], title="Binary cross-entropy: confidently wrong costs a lot"),
    "cross_entropy_bars": lambda: plots.cross_entropy_panel([2.0, 1.0, 0.1], 0),
    "regression_losses": lambda: plots.overlay([mse, mae, huber], 1.0, title="MSE, MAE and Huber for target 1"),
    "outliers": lambda: lessons.outliers(11.0),
    "landscape_learning_rates": _landscapes,
    "every_loss": plots.atlas,
}
"""Each image's file name (without .png) and the function that draws it."""


CONTENTS = "drawn_with.json"


def write_all(folder):
    """Write every figure into `folder`, at the notebook size whatever the session's setting,
    and `CONTENTS`: the Matplotlib version and each figure's `content_digest`."""
    folder = pathlib.Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    digests = {}
    with style.sized("notebook"):
        for name, make in FIGURES.items():
            plot = make()
            plot.save(folder / f"{name}.png")
            digests[name] = content_digest(plot.figure)
    contents = {"matplotlib": matplotlib.__version__, "figures": digests}
    (folder / CONTENTS).write_text(json.dumps(contents, indent=1) + "\n")
    return sorted(folder / f"{name}.png" for name in FIGURES)


def content_digest(figure):
    """A digest of what a figure shows, whatever renders its fonts: every axes' labels, limits
    and scales, every line's data and style, every text, patch and collection's data and colour.
    Positions that depend on the fonts' sizes (the layout) are left out."""
    def number(value):
        return float(f"{float(value):.6g}")

    def numbers(values):
        return [number(value) for value in np.ravel(np.asarray(values, dtype=float))]

    def colours(values):
        return [to_hex(colour, keep_alpha=True) for colour in np.atleast_2d(values) if len(colour)]

    shown: list = [list(figure.get_size_inches()), [text.get_text() for text in figure.texts]]
    for ax in figure.axes:
        shown.append([ax.get_title(), ax.get_xlabel(), ax.get_ylabel(), numbers(ax.get_xlim()),
                      numbers(ax.get_ylim()), ax.get_xscale(), ax.get_yscale()])
        shown += [[numbers(line.get_xydata()), to_hex(line.get_color(), keep_alpha=True), line.get_linestyle(),
                   str(line.get_marker()), number(line.get_linewidth()), line.get_visible()] for line in ax.lines]
        shown += [[text.get_text(), numbers(text.get_position())] for text in ax.texts]
        shown += [[type(patch).__name__, colours(patch.get_facecolor()), numbers(patch.get_extents().bounds)
                   if type(patch).__name__ == "Rectangle" else []] for patch in ax.patches]
        shown += [[type(collection).__name__, numbers(collection.get_offsets()),
                   colours(collection.get_facecolor())] for collection in ax.collections]
        legend = ax.get_legend()
        shown.append([text.get_text() for text in legend.get_texts()] if legend else None)
    return hashlib.sha256(json.dumps(shown).encode()).hexdigest()[:16]


if __name__ == "__main__":
    for path in write_all(sys.argv[1] if len(sys.argv) > 1 else "images"):
        print(path)
