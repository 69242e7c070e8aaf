"""Train a small classifier of points in the plane under one loss: the numbers behind the training explorer.

A model gives each point scores; a loss from the registry (`TRAINING_LOSSES` says which, with which
options and labels) turns scores and labels into one number, and its ``value_and_grad`` gives dL/d(scores);
the chain rule through the model gives dL/d(parameters) (`value_and_grad`). `train` steps against that
gradient. The browser's explorer runs the same descent, from the vector `initial_params` gives it, with each
loss's per-element formula (``Loss.js``); a browser test compares its weights and losses with `train`'s.

The parameters are one float64 vector: the model's arrays below, each flattened row by row (C order), one
after another in this order (`parameter_layout` lists them). K is the number of scores per point: 1 for
the yes/no losses (the score z), 3 for cross-entropy (one per class, softmax inside the loss).

- ``"linear"``: W (2, K), b (K,); scores = X @ W + b. For one score: [w1, w2, b].
- ``"network"``: W1 (2, H), b1 (H,), W2 (H, K), b2 (K,); scores = tanh(X @ W1 + b1) @ W2 + b2, with H
  hidden units (``hidden=``, 1 to 8; 4 when not given).

Initialisation (`initial_params`): every parameter, biases included, in that order,
``0.5 * np.random.default_rng(seed).standard_normal(P)``.

Divergence (`train`): training stops at the first step whose weights, scores or loss are not finite, or
whose loss passes `GROWTH_LIMIT` (100, as lesson 04 defines "diverged") times the loss at the start; the
history keeps the steps before it, so it never holds NaN or inf, and says why it stopped.

>>> import lossviz as lv
>>> run = lv.training.train(lv.training.dataset("blobs"), loss="hinge", lr=0.1, steps=50)
>>> run.params.shape, bool(run.losses[-1] < run.losses[0]), run.diverged
((51, 3), True, None)
"""

import math
from typing import NamedTuple, Optional, Union

import numpy as np

from lossviz import _arrays
from lossviz import _training_input as checked
from lossviz._loss import LOSSES, Loss
from lossviz._training_input import MODELS
from lossviz.losses._numerics import Logistic
from lossviz.training_data import PRESETS, Dataset, dataset

__all__ = ["TRAINING_LOSSES", "TrainingLoss", "MODELS", "PRESETS", "Dataset", "dataset", "History", "parameter_layout",
           "initial_params", "scores", "point_losses", "point_slopes", "value_and_grad", "train"]

INITIAL_SCALE = 0.5
GROWTH_LIMIT = 100.0


class TrainingLoss(NamedTuple):
    """How one training loss uses a loss of the registry."""

    registry_name: str
    """The loss in `lossviz.LOSSES` whose ``value_and_grad`` gives dL/d(what it receives)."""
    options: tuple
    """The registry loss's keyword options a learner may set (their defaults are the registry loss's)."""
    classes: int
    """2: one score z per point, labels 0 and 1; 3: three scores per point, labels 0, 1 and 2."""
    targets: Optional[tuple]
    """What the loss receives as the target for labels 0 and 1; None: the labels themselves (class indices)."""
    through_sigmoid: bool
    """Whether the loss receives σ(z) instead of the score z (then dL/dz = dL/dσ · σ(z) σ(-z))."""
    description: str

    @property
    def loss(self) -> Loss:
        return LOSSES[self.registry_name]


TRAINING_LOSSES = {
    "bce_with_logits": TrainingLoss("bce_with_logits", ("pos_weight",), 2, (0.0, 1.0), False,
                                    "binary cross-entropy of the score; pos_weight weighs class 1"),
    "hinge": TrainingLoss("hinge", ("margin",), 2, (-1.0, 1.0), False,
                          "the hinge loss on labels -1 and +1 (from 0 and 1): nothing once right by the margin"),
    "focal": TrainingLoss("focal", ("gamma", "alpha"), 2, (0.0, 1.0), False,
                          "binary cross-entropy turned down by (1 - p_t)^γ for the points already right"),
    "mse_on_sigmoid": TrainingLoss("mse", (), 2, (0.0, 1.0), True,
                                   "squared error of σ(z) against the label: TensorFlow Playground's choice"),
    "cross_entropy": TrainingLoss("cross_entropy", ("label_smoothing",), 3, None, False,
                                  "cross-entropy of three scores (softmax) against the class"),
}
"""Every loss `train` takes, by name."""


class History(NamedTuple):
    """A training run, one entry per step, the start first (step 0)."""

    params: np.ndarray
    """shape (steps + 1, P): the parameters at each step, in the flat order of the module's docstring."""
    losses: np.ndarray
    """The mean training loss at each step's parameters."""
    accuracy: np.ndarray
    """The share of training points the model classes right at each step (a score above 0 says class 1;
    of three scores, the highest, the first on a tie)."""
    heldout_losses: Optional[np.ndarray]
    """The mean loss on the held-out set at each step, or None without one."""
    diverged: Optional[str]
    """None, or why training stopped early (the history then ends at the step before)."""


def parameter_layout(model, *, loss, hidden=None):
    """The model's arrays as (name, shape) pairs, in the order the flat vector holds them."""
    outputs = _outputs(_training_loss(loss))
    units = checked.hidden_units(checked.model_name(model), hidden)
    if units is None:
        return (("W", (2, outputs)), ("b", (outputs,)))
    return (("W1", (2, units)), ("b1", (units,)), ("W2", (units, outputs)), ("b2", (outputs,)))


def initial_params(model, *, loss, hidden=None, seed=0):
    """The start of training: ``0.5 * np.random.default_rng(seed).standard_normal(P)``, P parameters."""
    size = sum(math.prod(shape) for _, shape in parameter_layout(model, loss=loss, hidden=hidden))
    return INITIAL_SCALE * np.random.default_rng(checked.seed(seed)).standard_normal(size)


def scores(params, X, *, loss, model, hidden=None):
    """The model's scores of the points X: shape (N,) for a yes/no loss, (N, 3) for cross-entropy."""
    layout = parameter_layout(model, loss=loss, hidden=hidden)
    with np.errstate(over="ignore", invalid="ignore"):
        outputs, _ = _forward(_arrays_of(checked.params(params, layout, model, loss), layout), checked.points(X, "X"))
    return outputs[:, 0] if outputs.shape[1] == 1 else outputs


def point_losses(scores, labels, *, loss, **options):
    """Each point's own loss under the training loss `loss`, from its scores: the terms whose mean `train` takes.

    `scores` are as `scores` gives them, shape (N,) for a yes/no loss (the score z of each point), (N, 3) for
    "cross_entropy"; `labels` one per point, 0 and 1 (0, 1 and 2 for cross-entropy). The labels become the
    registry loss's targets, and "mse_on_sigmoid" receives σ(z), exactly as in `train`. Returns float64, shape (N,).

    >>> import lossviz as lv
    >>> lv.training.point_losses([0.0, 2.0], [1, 0], loss="hinge")  # max(0, 1 - y z), y = +1 and -1
    array([1., 3.])
    >>> lv.training.point_losses([0.0], [1], loss="mse_on_sigmoid")  # (σ(0) - 1)² = (0.5 - 1)²
    array([0.25])
    """
    return _per_point(scores, labels, loss, options)[0]


def point_slopes(scores, labels, *, loss, **options):
    """Each point's dL/d(its scores): how hard, and which way, its own loss pushes them; shaped like `scores`.

    The arguments are `point_losses`'s; ``value_and_grad`` reaches the weights from these, by the chain rule.

    >>> import lossviz as lv
    >>> lv.training.point_slopes([0.0, 2.0], [1, 0], loss="bce_with_logits")  # σ(z) - y
    array([-0.5       ,  0.88079708])
    """
    return _per_point(scores, labels, loss, options)[1]


def value_and_grad(params, X, labels, *, loss, model, hidden=None, **options):
    """The mean loss of the model with parameters `params` on the points `X` and their `labels`, and its
    gradient with respect to `params`, by the chain rule through the model.

    Returns ``(value, gradient)``: a float, and a float64 vector shaped like `params` (the order of the
    module's docstring). `loss` is a key of `TRAINING_LOSSES`, `model` one of `MODELS`; `options` are the
    training loss's (``margin=0.5`` for "hinge" ...).
    """
    entry = _training_loss(loss)
    layout = parameter_layout(model, loss=loss, hidden=hidden)
    options = checked.options(entry, loss, options)
    batch = _batch(entry, loss, X, labels, "X", "labels")
    arrays = _arrays_of(checked.params(params, layout, model, loss), layout)
    numbers = _numbers_at(entry, options, arrays, batch)
    if numbers is None:
        raise ValueError("`params` and `X` give scores too large for float64 (not finite): there is no loss to take.")
    return numbers.loss, numbers.gradient


def train(data_or_X, labels=None, *, loss, model="linear", lr, steps, seed=0, hidden=None, **options):
    """Gradient descent from `initial_params` (`seed`): `steps` steps of ``params -= lr * gradient``.

    `data_or_X` is a `Dataset` (``dataset("blobs")``), whose held-out set, if any, is scored at every step;
    or points X of shape (N, 2), with `labels` (0 and 1; 0, 1 and 2 for cross-entropy). Returns a `History`.
    Stops early, saying so in ``diverged``, at the first step whose weights, scores or loss are not finite
    or whose loss passes `GROWTH_LIMIT` times the loss at the start.
    """
    entry = _training_loss(loss)
    layout = parameter_layout(model, loss=loss, hidden=hidden)
    options = checked.options(entry, loss, options)
    X, labels, heldout = checked.data(data_or_X, labels)
    batch = _batch(entry, loss, X, labels, "X", "labels")
    if heldout is not None:
        heldout = _batch(entry, loss, *heldout, "heldout_X", "heldout_labels")
    lr = _arrays.positive_number(lr, "lr")
    steps = checked.steps(steps)
    params = initial_params(model, loss=loss, hidden=hidden, seed=seed)
    visited, losses, accuracy, heldout_losses = [], [], [], []
    diverged = None
    for step in range(steps + 1):
        state = _state(entry, options, params, layout, batch, heldout)
        if isinstance(state, _State) and losses and not state.loss <= GROWTH_LIMIT * losses[0]:
            state = f"it reached {state.loss:.4g}, from {losses[0]:.4g} at the start"
        if isinstance(state, str) and not losses:
            raise ValueError(f"`X` is too large for the model to start from: {state}; scale the points to about [-3, 3].")
        if isinstance(state, str):
            diverged = (f"diverged at step {step}: the loss passed {GROWTH_LIMIT:g} × its start or stopped being finite "
                        f"({state}); the history ends at step {step - 1}")
            break
        visited.append(params)
        losses.append(state.loss)
        accuracy.append(state.accuracy)
        heldout_losses.append(state.heldout_loss)
        with np.errstate(over="ignore", invalid="ignore"):
            params = params - lr * state.gradient
    return History(np.array(visited), np.array(losses), np.array(accuracy),
                   None if heldout is None else np.array(heldout_losses), diverged)


class _Batch(NamedTuple):
    points: np.ndarray
    targets: np.ndarray
    """What the registry loss receives for each point: the class, or the loss's target value for it."""
    labels: np.ndarray


class _Numbers(NamedTuple):
    loss: float
    gradient: np.ndarray
    scores: np.ndarray


class _State(NamedTuple):
    loss: float
    gradient: np.ndarray
    accuracy: float
    heldout_loss: Optional[float]


def _batch(entry, loss, X, labels, X_name, labels_name):
    """Checked points, their labels (int64) and what the registry loss receives for them."""
    points = checked.points(X, X_name)
    classes = checked.labels(labels, labels_name, len(points), entry, loss)
    return _Batch(points, _targets(entry, classes), classes)


def _targets(entry, classes):
    """What the registry loss receives as each point's target: the class, or the loss's value for label 0 or 1."""
    return classes if entry.targets is None else np.where(classes == 1, entry.targets[1], entry.targets[0])


def _per_point(scores, labels, loss, options):
    """`point_losses` and `point_slopes`: each point's loss (N,), and its dL/d(scores) shaped like `scores`."""
    entry = _training_loss(loss)
    options = checked.options(entry, loss, options)
    outputs = checked.scores(scores, "scores", _outputs(entry), loss)
    classes = checked.labels(labels, "labels", len(outputs), entry, loss)
    with np.errstate(over="ignore", invalid="ignore"):
        values, slopes = _loss_and_slopes(entry, options, outputs, _targets(entry, classes), reduction="none")
    return values, slopes[:, 0] if outputs.shape[1] == 1 else slopes


def _state(entry, options, params, layout, batch, heldout) -> Union[_State, str]:
    """The `_State` at `params`, or why training must stop there (in words)."""
    if not np.isfinite(params).all():
        return "the weights overflowed"
    arrays = _arrays_of(params, layout)
    numbers = _numbers_at(entry, options, arrays, batch)
    if numbers is None:
        return "the scores overflowed"
    heldout_loss = None
    if heldout is not None:
        heldout_numbers = _numbers_at(entry, options, arrays, heldout)
        if heldout_numbers is None:
            return "the held-out points' scores overflowed"
        heldout_loss = heldout_numbers.loss
    if not (math.isfinite(numbers.loss) and (heldout_loss is None or math.isfinite(heldout_loss))):
        return "the loss overflowed"
    return _State(numbers.loss, numbers.gradient, _accuracy(numbers.scores, batch.labels), heldout_loss)


def _numbers_at(entry, options, arrays, batch):
    """The mean loss, its gradient as a flat vector and the scores; None where the scores are not finite."""
    with np.errstate(over="ignore", invalid="ignore"):
        outputs, hidden = _forward(arrays, batch.points)
        if not np.isfinite(outputs).all():
            return None
        value, d_outputs = _loss_and_slopes(entry, options, outputs, batch.targets)
        return _Numbers(value, _backward(arrays, batch.points, hidden, d_outputs), outputs)


def _forward(arrays, points):
    """The scores (N, K), and the hidden layer's tanh (None for the linear model)."""
    if len(arrays) == 2:
        weights, bias = arrays
        return points @ weights + bias, None
    weights_in, bias_in, weights_out, bias_out = arrays
    hidden = np.tanh(points @ weights_in + bias_in)
    return hidden @ weights_out + bias_out, hidden


def _backward(arrays, points, hidden, d_outputs):
    """dL/d(each array), from dL/d(scores), flattened in the parameters' order."""
    if hidden is None:
        return np.concatenate([(points.T @ d_outputs).ravel(), d_outputs.sum(axis=0)])
    d_pre = (d_outputs @ arrays[2].T) * (1 - hidden**2)  # tanh' = 1 - tanh²
    return np.concatenate([(points.T @ d_pre).ravel(), d_pre.sum(axis=0), (hidden.T @ d_outputs).ravel(), d_outputs.sum(axis=0)])


def _loss_and_slopes(entry, options, outputs, targets, reduction="mean"):
    """The registry loss at the scores (N, K), reduced by `reduction` (its mean; "none": each point's), and
    dL/d(scores) shaped like them (with "none", each point's own loss's)."""
    if entry.classes == 3:
        return entry.loss.value_and_grad(outputs, targets, reduction=reduction, **options)
    z = outputs[:, 0]
    if not entry.through_sigmoid:
        value, d_z = entry.loss.value_and_grad(z, targets, reduction=reduction, **options)
        return value, d_z[:, None]
    p, not_p = Logistic(z).sigmoid()
    value, d_p = entry.loss.value_and_grad(p, targets, reduction=reduction, **options)
    return value, (d_p * (p * not_p))[:, None]  # σ'(z) = σ(z) σ(-z)


def _accuracy(outputs, labels):
    """The share of points classed right: the highest of several scores, or one score above 0 for class 1."""
    chosen = outputs.argmax(axis=1) if outputs.shape[1] > 1 else (outputs[:, 0] > 0).astype(np.int64)
    return float((chosen == labels).mean())


def _training_loss(loss):
    if isinstance(loss, str) and loss in TRAINING_LOSSES:
        return TRAINING_LOSSES[loss]
    hint = f" Pass its name, loss={loss.name!r}." if isinstance(loss, Loss) and loss.name in TRAINING_LOSSES else ""
    raise ValueError(f"`loss` must be one of the training losses {', '.join(map(repr, TRAINING_LOSSES))}; got {loss!r}.{hint}")


def _outputs(entry):
    """K, the scores per point: one score z for two classes, one per class beyond."""
    return 1 if entry.classes == 2 else entry.classes


def _arrays_of(params, layout):
    """The model's arrays, as views into the flat vector."""
    arrays, start = [], 0
    for _, shape in layout:
        size = math.prod(shape)
        arrays.append(params[start:start + size].reshape(shape))
        start += size
    return arrays
