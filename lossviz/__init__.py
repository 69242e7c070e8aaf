"""lossviz: loss functions, their gradients, plots and sliders, for teaching.

>>> import lossviz as lv
>>> round(lv.mse(0.7, 1.0), 4)    # the "golf score" of one prediction: lower is better
0.09
>>> round(lv.mse(0.95, 1.0), 4)
0.0025

Every loss in `lv.LOSSES` is also `lv.<name>` (`lv.mse`, `lv.cross_entropy` ...);
`lv.define_loss` defines a new one. The losses load at once; the pictures
(`lv.plots`, `lv.lessons`, `lv.classroom`) and the sliders (`lv.explore`,
`lv.explore_outliers`, `lv.explore_landscape`, `lv.explore_descent`,
`lv.explore_training`) load
matplotlib and ipywidgets on first use, so ``import lossviz`` stays quick;
`lv.checks` holds the notebooks' exercise checks, `lv.datasets` real data
(Fisher's irises, shipped in the package), `lv.training` a small classifier trained
under each loss (its seeded data sets, its gradient, its descent).
"""

import importlib
from typing import TYPE_CHECKING, Any

from lossviz.losses import LOSSES, Loss, Slider, Terms, define_loss

if TYPE_CHECKING:
    # What editors see (pyright, Pylance, mypy): at run time the losses come from LOSSES and the
    # rest loads on first use (__getattr__ below). A test checks this lists every built-in loss.
    from lossviz import analysis, checks, datasets, explorers, extend, training  # noqa: F401
    from lossviz.pictures import gallery, lessons, plots, rendering, style  # noqa: F401
    from lossviz.losses.binary import bce, bce_with_logits  # noqa: F401
    from lossviz.losses.binary_scores import focal, hinge  # noqa: F401
    from lossviz.losses.multiclass import cross_entropy, nll  # noqa: F401
    from lossviz.losses.regression import huber, log_cosh, mae, mse, quantile  # noqa: F401
    from lossviz.losses.more_regression import poisson_nll, smooth_l1  # noqa: F401
    from lossviz.losses.distributions import kl_div  # noqa: F401
    from lossviz.pictures.style import classroom  # noqa: F401
    from lossviz.explorers import explore, explore_descent, explore_landscape, explore_outliers, explore_training  # noqa: F401

__version__ = "0.2.0"
"""The release: the wheel's version is read from here (pyproject.toml); CHANGELOG.md says what each changed."""

__all__ = ["LOSSES", "Loss", "Slider", "Terms", "define_loss", "__version__"]  # and every loss, as lv.<name> (below)

_LAZY = {
    "analysis": ("lossviz.analysis", None),
    "checks": ("lossviz.checks", None),
    "datasets": ("lossviz.datasets", None),
    "gallery": ("lossviz.pictures.gallery", None),
    "lessons": ("lossviz.pictures.lessons", None),
    "plots": ("lossviz.pictures.plots", None),
    "rendering": ("lossviz.pictures.rendering", None),
    "style": ("lossviz.pictures.style", None),
    "explorers": ("lossviz.explorers", None),
    "extend": ("lossviz.extend", None),
    "training": ("lossviz.training", None),
    "classroom": ("lossviz.pictures.style", "classroom"),
    "explore": ("lossviz.explorers", "explore"),
    "explore_outliers": ("lossviz.explorers", "explore_outliers"),
    "explore_landscape": ("lossviz.explorers", "explore_landscape"),
    "explore_descent": ("lossviz.explorers", "explore_descent"),
    "explore_training": ("lossviz.explorers", "explore_training"),
}


def __getattr__(name: str) -> Any:
    # Looked up on use, so that a loss defined after import (lv.define_loss) is lv.<name> too.
    if name in LOSSES:
        return LOSSES[name]
    if name not in _LAZY:
        raise AttributeError(f"module 'lossviz' has no attribute {name!r}")
    module_name, attribute = _LAZY[name]
    module = importlib.import_module(module_name)
    return module if attribute is None else getattr(module, attribute)


def __dir__():
    return sorted(["LOSSES", "Loss", "Slider", "Terms", "define_loss", "__version__", *LOSSES, *_LAZY])
