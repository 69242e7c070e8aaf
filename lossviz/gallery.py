"""The figures in ``images/``, all made by lossviz.

``make images`` (``python -m lossviz.gallery images``) writes them; a test
remakes them and fails when the stored ones are out of date with the code.
"""

import pathlib
import sys

from lossviz import lessons, plots, style
from lossviz.losses import bce, huber, mae, mse
from lossviz.rendering import Plot


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


def write_all(folder):
    """Write every figure into `folder`, at the notebook size whatever the session's setting."""
    folder = pathlib.Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    with style.sized("notebook"):
        for name, make in FIGURES.items():
            make().save(folder / f"{name}.png")
    return sorted(folder / f"{name}.png" for name in FIGURES)


if __name__ == "__main__":
    for path in write_all(sys.argv[1] if len(sys.argv) > 1 else "images"):
        print(path)
