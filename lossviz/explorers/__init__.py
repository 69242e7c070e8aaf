"""Slider explorers: move a prediction, watch the loss and its gradient follow.

The package, one job a module: `controls` (sliders and choices as the page gets them, and every
value checked), `base` (the `Explorer` every kind is, its module put together from `lossviz/js/`),
`loss_explorers` (one loss, from its definition) and `lesson_explorers` (outliers, descent, the
landscape); the public functions are here.

Each explorer is an anywidget: Python sets it up from the loss's definition
(its controls, its picture's labels and colours, and the loss's own formula in
JavaScript, `Loss.js`), and a short ES module per kind of picture
(``lossviz/js/*.js``, no build step) draws it on a canvas in the browser. A
slider move costs one frame and no kernel round trip, so an explorer stays live
in a static HTML page or a reveal.js deck opened from disk. Python keeps the
state: ``explorer.values()`` reads the controls, ``explorer.controls[name].value
= x`` moves one (in the browser too), and ``explorer.readout()`` gives lossviz's
own numbers for the current setting, which a browser test compares with the
page's. The state only ever holds values its controls take: a value given to a
constructor or a move starts at its slider's nearest position (or is refused with
an error naming it), and an update from the page that Python refuses changes
nothing and is sent back, so the page shows the state Python keeps.

The static companion is drawn by matplotlib from lossviz's numbers: a grid of
snapshots at chosen settings (``explorer.snapshots()``), which frontends with
no widget manager (GitHub, an untrusted notebook, print) show instead.
"""

from typing import Any, Optional, Sequence

from lossviz.pictures import lessons
from lossviz.explorers.base import Explorer
from lossviz.explorers.lesson_explorers import DescentExplorer, LandscapeExplorer, OutlierExplorer
from lossviz.explorers.loss_explorers import ClassesExplorer, LossExplorer, _checked_loss
from lossviz.explorers.training_explorer import TrainingExplorer
from lossviz.losses import Loss

__all__ = ["Explorer", "LossExplorer", "ClassesExplorer", "OutlierExplorer", "DescentExplorer", "LandscapeExplorer",
           "TrainingExplorer", "explore", "explore_outliers", "explore_descent", "explore_landscape", "explore_training"]


def explore(loss: Loss, **settings: Any) -> Explorer:
    """A slider explorer for `loss` (any entry of ``lv.LOSSES``), built from its definition.

    A loss whose picture is the class scores (cross-entropy) gets a slider per
    logit, a true-class choice and the softmax bars; every other loss gets a
    prediction slider and a target control (a slider for regression, the two
    labels for a yes/no loss) over its loss curve and gradient (the curve
    alone with ``gradient_panel=False``). Each option the loss's definition
    offers a slider for (δ, γ, α, τ, m, ε) gets one. Every value given starts
    its control where a move to it would put it (a slider's nearest position);
    one its control cannot take is refused with an error naming it.
    """
    if _checked_loss(loss).view == "classes":
        return ClassesExplorer(loss, **settings)
    return LossExplorer(loss, **settings)


def explore_outliers(outlier: float = 11.0, losses: Sequence[Loss] = lessons.ROBUST_LOSSES,
                     options: Optional[dict[str, dict[str, Any]]] = None) -> Explorer:
    """Move an outlier and watch each loss's best constant: only MSE's mean chases it.
    `options` maps a loss's name to its options (``{"huber": {"delta": 2.0}}``)."""
    return OutlierExplorer(outlier, losses, options)


def explore_descent(lr: float = 0.1, steps: int = 10) -> Explorer:
    """Set the learning rate and steps of gradient descent on one weight: crawl, arrive, or diverge."""
    return DescentExplorer(lr, steps)


def explore_landscape(lr: float = 0.15, steps: int = 30) -> Explorer:
    """Set the learning rate and steps of gradient descent, and watch its path on the loss landscape."""
    return LandscapeExplorer(lr, steps)


def explore_training(data: Any = "blobs", losses: Any = "bce_with_logits", **settings: Any) -> TrainingExplorer:
    """Watch a model learn to split points in the plane, live: play, pause, one step, reset; drag, add
    and remove points. `data` is a preset of `lv.training.PRESETS` ("blobs", "mislabeled", "imbalanced",
    "xor" ...), a `lv.training.Dataset`, or pass ``X=`` (N × 2, inside [-3, 3]) and ``labels=``; `losses`
    names a training loss of `lv.training.TRAINING_LOSSES`, or two to train side by side from the same
    start (``("mse_on_sigmoid", "bce_with_logits")``). Settings: ``model=`` ("linear", or "network" with
    ``hidden=`` tanh units; the preset's by default), ``lr=``, ``step=``, ``speed=`` (steps per frame),
    ``seed=`` (the start) and the losses' options (``pos_weight=``, ``margin=``, ``gamma=``, ``alpha=``,
    ``label_smoothing=``). Python keeps the state: ``explorer.weights()``, ``explorer.history()``,
    ``explorer.step(n)``, ``explorer.reset()``, ``explorer.set(...)``."""
    return TrainingExplorer(data, losses, **settings)
