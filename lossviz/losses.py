"""Every loss, its gradient written right beneath it, and the registry `LOSSES`.

Each loss is defined once, as a function returning its `Terms`: the loss of
each element (what ``reduction="none"`` gives), the gradient of their sum with
respect to the first argument, and what ``reduction="mean"`` divides by. The
`loss` decorator turns that function into a `Loss`: call it for the value,
``.grad`` for the gradient, and read its metadata (title, formulas, PyTorch
equivalent, slider ranges) from plots and widgets.

Semantics follow ``torch.nn.functional`` exactly, with one deliberate
difference: bad input raises a clear error instead of broadcasting, warning or
returning NaN.
"""

import inspect
import numbers
from typing import Callable, NamedTuple

import numpy as np

from lossviz import _arrays

# PyTorch's BCE backward divides by max(p(1 - p), EPSILON) with EPSILON the
# float32 constant 1e-12 (so 9.99999996e-13 in float64); mirrored for parity.
_BCE_GRAD_EPSILON = float(np.float32(1e-12))
# PyTorch clamps BCE's logarithms at -100 so that p = 0 or 1 gives a finite loss.
_BCE_LOG_FLOOR = -100.0


class Terms(NamedTuple):
    """What a loss definition returns; `Loss` applies the reduction."""

    values: np.ndarray
    """The loss of each element (of each sample, for cross-entropy)."""
    grad: Callable[[float], np.ndarray]
    """``grad(scale)``: scale times the gradient of ``values.sum()`` with respect to
    the first argument (the scale is 1 / denominator for "mean": folding it in
    saves a pass over large arrays). Called at most once, after `values` is
    used, so it may overwrite the forward pass's intermediate arrays, as
    PyTorch's backward frees its saved tensors."""
    denominator: float
    """What ``reduction="mean"`` divides the sum by."""


class Loss:
    """A loss function with its gradient and the metadata that describes it.

    ``loss(pred, target, reduction="mean", **options)`` gives the value: a
    Python float for "mean" and "sum", a NumPy array for "none".
    ``loss.grad(...)`` takes the same arguments and gives dL/d(first argument)
    as an array shaped like it; for "none" it is each element's own derivative
    (the gradient of the sum).
    """

    def __init__(self, terms, *, name, title, task, formula, grad_formula, pytorch,
                 pred_symbol, pred_range, target_range, example):
        self._terms = terms
        self.__name__ = self.__qualname__ = name
        self.__doc__ = terms.__doc__
        self.__module__ = terms.__module__
        self.name = name
        self.title = title
        self.task = task
        self.formula = formula
        self.grad_formula = grad_formula
        self.pytorch = pytorch
        self.pred_symbol = pred_symbol
        self.pred_range = pred_range
        self.target_range = target_range
        self.example = example
        signature = inspect.signature(terms)
        reduction = inspect.Parameter("reduction", inspect.Parameter.KEYWORD_ONLY, default="mean")
        self.__signature__ = signature.replace(parameters=[*signature.parameters.values(), reduction])

    @property
    def options(self):
        """The keyword options this loss takes beyond `reduction`, with their defaults."""
        return {
            parameter.name: parameter.default
            for parameter in inspect.signature(self._terms).parameters.values()
            if parameter.kind is inspect.Parameter.KEYWORD_ONLY
        }

    def __call__(self, *args, reduction="mean", **options):
        terms = self._evaluate(args, reduction, options)
        return _arrays.reduce(terms.values, reduction, terms.denominator)

    def grad(self, *args, reduction="mean", **options):
        """dL/d(first argument), shaped like it; same arguments as the loss."""
        return self._gradient(self._evaluate(args, reduction, options), reduction)

    def value_and_grad(self, *args, reduction="mean", **options):
        """``(loss(...), loss.grad(...))`` from one validation and one pass: what a slider needs."""
        terms = self._evaluate(args, reduction, options)
        return _arrays.reduce(terms.values, reduction, terms.denominator), self._gradient(terms, reduction)

    def _evaluate(self, args, reduction, options):
        _arrays.check_reduction(reduction)
        terms = self._terms(*args, **options)
        if reduction == "mean" and terms.denominator == 0:
            # PyTorch returns NaN here; a learner is better served by the reason.
            raise ValueError(
                f"{self.name}: the mean is undefined because every target is ignored "
                f"(equals `ignore_index`) or has weight 0; use reduction='sum' or fix the targets."
            )
        return terms

    @staticmethod
    def _gradient(terms, reduction):
        scale = 1.0 / float(terms.denominator) if reduction == "mean" else 1.0
        return np.asarray(terms.grad(scale))  # 0-d arithmetic gives NumPy scalars

    def __repr__(self):
        return f"<loss {self.name}: {self.title} ({self.pytorch})>"


def loss(**metadata):
    """Decorator: turn a function returning `Terms` into a `Loss`."""
    return lambda terms: Loss(terms, **metadata)


def _scaled(array, scale):
    """`array` times `scale`, skipping the pass over the array when the scale is 1."""
    return array if isinstance(scale, float) and scale == 1.0 else array * scale


def _matching_floats(pred, pred_name, target, target_name):
    """Two float arrays of one dtype and exactly one shape."""
    pred_array = _arrays.as_array(pred, pred_name)
    target_array = _arrays.as_array(target, target_name)
    dtype = _arrays.float_dtype(pred_array, target_array)
    pred_array = _arrays.as_floats(pred_array, pred_name, dtype)
    target_array = _arrays.as_floats(target_array, target_name, dtype)
    _arrays.check_same_shape(pred_array, pred_name, target_array, target_name)
    return pred_array, target_array


# ---------------------------------------------------------------- regression


@loss(
    name="mse",
    title="Mean squared error",
    task="regression",
    formula=r"L = \frac{1}{n}\sum_{i=1}^{n} (\hat y_i - y_i)^2",
    grad_formula=r"\frac{\partial L}{\partial \hat y_i} = \frac{2}{n}(\hat y_i - y_i)",
    pytorch="torch.nn.MSELoss",
    pred_symbol=r"\hat y",
    pred_range=(-2.0, 4.0),
    target_range=(-1.0, 3.0),
    example=(0.7, 1.0),
)
def mse(pred, target):
    """Mean squared error (also known as L2 loss or quadratic loss).

    The default loss for regression: the average squared distance between
    prediction and target. Squaring makes every error positive, punishes big
    errors far more than small ones, and gives a smooth gradient. It is also
    the negative log-likelihood of Gaussian noise, up to constants.

    Per element: ``l_i = (pred_i - target_i)**2``; reduction "mean" divides the
    sum by the number of elements n, "sum" adds them, "none" returns each l_i.

    Gradient: ``dl_i/dpred_i = 2 * (pred_i - target_i)``, divided by n for "mean".

    Parameters
    ----------
    pred, target : number, list, ndarray or tensor
        Predictions and targets of exactly the same shape.
    reduction : {"mean", "sum", "none"}, keyword-only

    Returns
    -------
    float, or ndarray for ``reduction="none"``

    Raises
    ------
    ValueError
        Shapes differ (no broadcasting: ``(N, 1)`` against ``(N,)`` is the
        classic MSE bug), empty input, NaN or inf, unknown reduction.
    TypeError
        Non-numeric input.

    Notes
    -----
    PyTorch equivalent: ``torch.nn.MSELoss`` / ``torch.nn.functional.mse_loss``,
    except that PyTorch warns and broadcasts mismatched shapes; lossviz raises.
    Taught in ``notebooks/01_mean_squared_error.ipynb``.

    Examples
    --------
    Errors 0.5, -0.5, 0 and -1 square to 0.25, 0.25, 0 and 1; their mean is 0.375:

    >>> import lossviz as lv
    >>> lv.mse([3.0, -0.5, 2.0, 7.0], [2.5, 0.0, 2.0, 8.0])
    0.375
    >>> lv.mse.grad([3.0, -0.5, 2.0, 7.0], [2.5, 0.0, 2.0, 8.0])
    array([ 0.25, -0.25,  0.  , -0.5 ])
    """
    pred, target = _matching_floats(pred, "pred", target, "target")
    error = np.asarray(pred - target)  # an array even for 0-d input, to be scaled in place
    return Terms(error**2, grad=lambda scale: np.multiply(error, 2 * scale, out=error), denominator=error.size)


@loss(
    name="mae",
    title="Mean absolute error",
    task="regression",
    formula=r"L = \frac{1}{n}\sum_{i=1}^{n} |\hat y_i - y_i|",
    grad_formula=r"\frac{\partial L}{\partial \hat y_i} = \frac{1}{n}\,\mathrm{sign}(\hat y_i - y_i)",
    pytorch="torch.nn.L1Loss",
    pred_symbol=r"\hat y",
    pred_range=(-2.0, 4.0),
    target_range=(-1.0, 3.0),
    example=(0.7, 1.0),
)
def mae(pred, target):
    """Mean absolute error (also known as L1 loss).

    Regression loss that grows linearly with the error, so a single outlier
    pulls the fit far less than under MSE; its minimiser is the median.

    Per element: ``l_i = |pred_i - target_i|``; "mean" divides the sum by n.

    Gradient: ``sign(pred_i - target_i)`` (divided by n for "mean"). The loss
    has a kink at a perfect prediction, where the gradient is taken as 0, as in
    PyTorch: the one place where MAE is not differentiable.

    Parameters
    ----------
    pred, target : number, list, ndarray or tensor
        Predictions and targets of exactly the same shape.
    reduction : {"mean", "sum", "none"}, keyword-only

    Returns
    -------
    float, or ndarray for ``reduction="none"``

    Raises
    ------
    ValueError
        Shapes differ, empty input, NaN or inf, unknown reduction.
    TypeError
        Non-numeric input.

    Notes
    -----
    PyTorch equivalent: ``torch.nn.L1Loss`` / ``torch.nn.functional.l1_loss``.
    Taught in ``notebooks/05_choosing_a_loss.ipynb``.

    Examples
    --------
    Errors 0.5, -0.5, 0 and -1 have absolute values summing to 2; mean 0.5:

    >>> import lossviz as lv
    >>> lv.mae([3.0, -0.5, 2.0, 7.0], [2.5, 0.0, 2.0, 8.0])
    0.5
    >>> lv.mae.grad([3.0, -0.5, 2.0, 7.0], [2.5, 0.0, 2.0, 8.0], reduction="sum")
    array([ 1., -1.,  0., -1.])
    """
    pred, target = _matching_floats(pred, "pred", target, "target")
    error = pred - target
    return Terms(np.abs(error), grad=lambda scale: _scaled(np.sign(error), scale), denominator=error.size)


@loss(
    name="huber",
    title="Huber loss",
    task="regression",
    formula=(
        r"l_i = \begin{cases} \frac{1}{2}(\hat y_i - y_i)^2 & |\hat y_i - y_i| \le \delta \\"
        r" \delta\,(|\hat y_i - y_i| - \frac{1}{2}\delta) & \text{otherwise} \end{cases}"
    ),
    grad_formula=r"\frac{\partial l_i}{\partial \hat y_i} = \mathrm{clip}(\hat y_i - y_i,\ -\delta,\ \delta)",
    pytorch="torch.nn.HuberLoss",
    pred_symbol=r"\hat y",
    pred_range=(-2.0, 4.0),
    target_range=(-1.0, 3.0),
    example=(0.7, 1.0),
)
def huber(pred, target, *, delta=1.0):
    """Huber loss: squared for small errors, linear for large ones.

    The compromise between MSE and MAE: smooth near a perfect prediction like
    MSE, robust to outliers like MAE. `delta` is where it switches.

    Per element, with ``e_i = pred_i - target_i``: ``0.5 * e_i**2`` when
    ``|e_i| <= delta``, else ``delta * (|e_i| - 0.5 * delta)``; "mean" divides
    the sum by n. Both pieces meet with the same slope at ``|e_i| = delta``.

    Gradient: ``e_i`` clipped to ``[-delta, delta]`` (divided by n for "mean").

    Parameters
    ----------
    pred, target : number, list, ndarray or tensor
        Predictions and targets of exactly the same shape.
    delta : float > 0, keyword-only
        The error size where the loss turns from quadratic to linear.
    reduction : {"mean", "sum", "none"}, keyword-only

    Returns
    -------
    float, or ndarray for ``reduction="none"``

    Raises
    ------
    ValueError
        Shapes differ, empty input, NaN or inf, ``delta <= 0``, unknown reduction.
    TypeError
        Non-numeric input or delta.

    Notes
    -----
    PyTorch equivalent: ``torch.nn.HuberLoss`` / ``torch.nn.functional.huber_loss``
    (not ``SmoothL1Loss``, which divides by delta). Taught in
    ``notebooks/05_choosing_a_loss.ipynb``.

    Examples
    --------
    An error of 0.5 is inside delta=1: 0.5 * 0.25 = 0.125. An error of 3 is
    outside: 1 * (3 - 0.5) = 2.5.

    >>> import lossviz as lv
    >>> lv.huber([0.5, 3.0], [0.0, 0.0], reduction="none")
    array([0.125, 2.5  ])
    """
    delta = _arrays.positive_number(delta, "delta")
    pred, target = _matching_floats(pred, "pred", target, "target")
    error = pred - target
    quadratic = np.abs(error) <= delta
    values = np.where(quadratic, 0.5 * error**2, delta * (np.abs(error) - 0.5 * delta))
    return Terms(values, grad=lambda scale: _scaled(np.clip(error, -delta, delta), scale), denominator=error.size)


# ---------------------------------------------------------------- binary


@loss(
    name="bce",
    title="Binary cross-entropy",
    task="binary",
    formula=r"L = -\frac{1}{n}\sum_{i=1}^{n} \big[y_i \log p_i + (1 - y_i)\log(1 - p_i)\big]",
    grad_formula=r"\frac{\partial L}{\partial p_i} = \frac{1}{n}\,\frac{p_i - y_i}{p_i(1 - p_i)}",
    pytorch="torch.nn.BCELoss",
    pred_symbol="p",
    pred_range=(0.001, 0.999),
    target_range=(0.0, 1.0),
    example=(0.7, 1.0),
)
def bce(pred, target, *, weight=None):
    """Binary cross-entropy (also known as log loss) on probabilities.

    For yes/no predictions given as a probability ``p`` of "yes": the negative
    log-likelihood of the labels under a Bernoulli model. Confidently wrong
    predictions cost a lot (the loss grows without bound as p moves to the
    wrong end). If your model outputs raw scores (logits), use
    `bce_with_logits`, which is more stable.

    Per element: ``l_i = -w_i * [y_i * log(p_i) + (1 - y_i) * log(1 - p_i)]``;
    "mean" divides the sum by n (a plain mean, also with weights).

    Each logarithm is clamped at -100, as PyTorch does, so p = 0 or 1 gives a
    finite loss (at most 100 per element) instead of inf.

    Gradient: ``w_i * (p_i - y_i) / (p_i * (1 - p_i))`` (divided by n for
    "mean"), with the denominator floored at 1e-12 exactly as PyTorch does.

    Parameters
    ----------
    pred : number, list, ndarray or tensor
        Probabilities in [0, 1].
    target : number, list, ndarray or tensor
        Labels in [0, 1] (0 or 1, or soft labels), shaped exactly like `pred`.
    weight : array-like, optional, keyword-only
        Non-negative rescaling of each element; broadcast to `pred`'s shape.
    reduction : {"mean", "sum", "none"}, keyword-only

    Returns
    -------
    float, or ndarray for ``reduction="none"``

    Raises
    ------
    ValueError
        Probabilities or targets outside [0, 1], shapes differ, empty input,
        NaN or inf, weight of a shape that does not fit, unknown reduction.
    TypeError
        Non-numeric input.

    Notes
    -----
    PyTorch equivalent: ``torch.nn.BCELoss`` /
    ``torch.nn.functional.binary_cross_entropy``. Taught in
    ``notebooks/02_binary_cross_entropy.ipynb``.

    Examples
    --------
    Each label gets probability 0.9 or 0.8: the loss is
    -(2 log 0.9 + 2 log 0.8) / 4 = 0.1643.

    >>> import lossviz as lv
    >>> round(lv.bce([0.9, 0.2, 0.8, 0.1], [1, 0, 1, 0]), 4)
    0.1643
    """
    pred, target = _matching_floats(pred, "pred", target, "target")
    _arrays.check_interval(pred, "pred", 0, 1, "probabilities (if these are logits, use bce_with_logits)")
    _arrays.check_interval(target, "target", 0, 1, "labels")
    weight = _arrays.weights_for(weight, "weight", pred.shape, pred.dtype)
    with np.errstate(divide="ignore"):
        log_p = np.maximum(np.log(pred), _BCE_LOG_FLOOR)
        log_not_p = np.maximum(np.log1p(-pred), _BCE_LOG_FLOOR)
    values = -(target * log_p + (1 - target) * log_not_p)

    def grad(scale):
        slope = (pred - target) / np.maximum(pred * (1 - pred), _BCE_GRAD_EPSILON)
        return _scaled(slope, scale if weight is None else weight * scale)

    return Terms(values if weight is None else values * weight, grad, denominator=pred.size)


@loss(
    name="bce_with_logits",
    title="Binary cross-entropy with logits",
    task="binary",
    formula=r"L = -\frac{1}{n}\sum_{i=1}^{n} \big[y_i \log \sigma(z_i) + (1 - y_i)\log(1 - \sigma(z_i))\big]",
    grad_formula=r"\frac{\partial L}{\partial z_i} = \frac{1}{n}\,(\sigma(z_i) - y_i)",
    pytorch="torch.nn.BCEWithLogitsLoss",
    pred_symbol="z",
    pred_range=(-6.0, 6.0),
    target_range=(0.0, 1.0),
    example=(0.85, 1.0),
)
def bce_with_logits(logits, target, *, weight=None, pos_weight=None):
    """Binary cross-entropy on raw scores (logits): sigmoid and BCE in one stable step.

    What to use for yes/no classification in practice: the model outputs a
    logit z (any real number), ``sigmoid(z)`` is the probability of "yes", and
    computing both together never takes the log of 0.

    Per element, with ``log_sigmoid(z) = min(z, 0) - log1p(exp(-|z|))`` (the
    overflow-free form) and ``c_i = 1 + (pos_weight - 1) * y_i``:
    ``l_i = w_i * [(1 - y_i) * z_i - c_i * log_sigmoid(z_i)]``, which equals
    ``-w_i * [pos_weight * y_i * log sigmoid(z_i) + (1 - y_i) * log(1 - sigmoid(z_i))]``.
    "mean" divides the sum by n.

    Gradient: ``w_i * (c_i * sigmoid(z_i) - pos_weight * y_i)``; without
    pos_weight simply ``w_i * (sigmoid(z_i) - y_i)``.

    Parameters
    ----------
    logits : number, list, ndarray or tensor
        Raw scores, any finite real numbers.
    target : number, list, ndarray or tensor
        Labels in [0, 1], shaped exactly like `logits`.
    weight : array-like, optional, keyword-only
        Non-negative rescaling of each element; broadcast to `logits`' shape.
    pos_weight : array-like, optional, keyword-only
        Non-negative weight of positive examples (one per class, along the
        last axis); > 1 raises recall, < 1 raises precision.
    reduction : {"mean", "sum", "none"}, keyword-only

    Returns
    -------
    float, or ndarray for ``reduction="none"``

    Raises
    ------
    ValueError
        Targets outside [0, 1], shapes differ, empty input, NaN or inf, weights
        of a shape that does not fit, unknown reduction.
    TypeError
        Non-numeric input.

    Notes
    -----
    PyTorch equivalent: ``torch.nn.BCEWithLogitsLoss`` /
    ``torch.nn.functional.binary_cross_entropy_with_logits``. Taught in
    ``notebooks/06_pitfalls_and_stability.ipynb``.

    Examples
    --------
    A logit of 0 means probability 0.5, so the loss is log 2 whatever the label:

    >>> import lossviz as lv
    >>> round(lv.bce_with_logits([0.0, 0.0], [1, 0]), 4)
    0.6931
    """
    logits, target = _matching_floats(logits, "logits", target, "target")
    _arrays.check_interval(target, "target", 0, 1, "labels")
    weight = _arrays.weights_for(weight, "weight", logits.shape, logits.dtype)
    pos_weight = _arrays.weights_for(pos_weight, "pos_weight", logits.shape, logits.dtype)
    log_sigmoid = np.minimum(logits, 0) - np.log1p(np.exp(-np.abs(logits)))
    positive_scale = 1 if pos_weight is None else 1 + (pos_weight - 1) * target
    values = (1 - target) * logits - positive_scale * log_sigmoid

    def grad(scale):
        sigmoid = np.exp(log_sigmoid)
        positive_target = target if pos_weight is None else pos_weight * target
        slope = positive_scale * sigmoid - positive_target
        return _scaled(slope, scale if weight is None else weight * scale)

    return Terms(values if weight is None else values * weight, grad, denominator=logits.size)


# ---------------------------------------------------------------- multiclass


def _class_scores(scores, name, dtype=None):
    """Scores of shape (N, C) for a batch or (C,) for one sample."""
    scores = _arrays.as_floats(scores, name, dtype)
    if scores.ndim not in (1, 2):
        got = "a single number" if scores.ndim == 0 else f"shape {scores.shape}"
        raise ValueError(
            f"`{name}` must have shape (N, C) for a batch of N samples or (C,) for one "
            f"sample, with one score per class; got {got}."
        )
    return scores


def _class_weights(weight, classes, dtype):
    if weight is None:
        return None
    weight = _arrays.as_floats(weight, "weight", dtype)
    if weight.shape != (classes,):
        raise ValueError(
            f"`weight` must hold one weight per class, shape ({classes},); got shape {weight.shape}."
        )
    if (weight < 0).any():
        raise ValueError(f"`weight` must be non-negative; got {_arrays.show(weight[weight < 0][0])}.")
    return weight


def _ignore_index(ignore_index):
    if isinstance(ignore_index, bool) or not isinstance(ignore_index, numbers.Integral):
        raise TypeError(f"`ignore_index` must be an integer; got {type(ignore_index).__name__} {ignore_index!r}.")
    return int(ignore_index)


class _ClassTargets(NamedTuple):
    """Class-index targets flattened to one per row of the (N, C) scores."""

    rows: np.ndarray
    """0 .. N-1, to pick each row's true class with ``scores[rows, classes]``."""
    classes: np.ndarray
    """Each row's class; ignored rows point at class 0 so that indexing stays valid."""
    sample_weight: object
    """``w[y]`` per row, 0 where ignored; the float 1.0 when every row weighs 1."""
    kept: object
    """1 for rows that count, 0 for ignored ones; the float 1.0 when none is ignored."""


def _class_indices(target, scores, scores_name, ignore_index, weight):
    """Check class-index targets for `scores` of shape (N, C) or (C,)."""
    classes = scores.shape[-1]
    expected = scores.shape[:-1]
    if target.shape != expected:
        hint = " Did you mean `target.ravel()`?" if target.shape == expected + (1,) else ""
        raise ValueError(
            f"`target` must be class indices of shape {expected} (one per sample in "
            f"`{scores_name}` of shape {scores.shape}); got shape {target.shape}.{hint}"
        )
    if target.dtype.kind not in "iu":
        raise TypeError(
            f"`target` holds class indices, which must be integers; got {target.dtype} "
            f"values such as {_arrays.show(target.ravel()[0])}. Use integer labels "
            f"(`np.asarray(labels, dtype=int)`, or `tensor.long()`)."
        )
    flat = target.reshape(-1)
    low, high = flat.min(), flat.max()
    if 0 <= low and high < classes and not low <= ignore_index <= high:
        # The common case, decided by two reductions: all valid, none ignored.
        sample_weight = 1.0 if weight is None else weight[flat]
        return _ClassTargets(np.arange(flat.size), flat, sample_weight, 1.0)
    kept = flat != ignore_index
    counted = flat[kept]
    if counted.size and (counted.min() < 0 or counted.max() >= classes):
        bad = counted[(counted < 0) | (counted >= classes)][0]
        raise ValueError(
            f"`target` holds class indices, which must be in [0, {classes - 1}] for "
            f"{classes} classes (or equal ignore_index={ignore_index}); got {_arrays.show(bad)}."
        )
    kept = kept.astype(scores.dtype)
    sample_weight = kept if weight is None else weight[np.where(kept, flat, 0)] * kept
    return _ClassTargets(np.arange(flat.size), np.where(kept, flat, 0), sample_weight, kept)


def _weight_total(sample_weight, rows):
    """What a weighted mean divides by: the sum of w[y] over the rows that count."""
    return rows if isinstance(sample_weight, float) else sample_weight.sum()


# exp() overflows above about 709 (float64) or 88 (float32), and underflows as far
# below: within these spans one shift serves the whole batch.
_ONE_SHIFT_SPAN = {np.dtype(np.float64): 600.0, np.dtype(np.float32): 60.0}


def _shifted_for_exp(rows):
    """Scores minus a maximum, so that exp() cannot overflow (the log-sum-exp trick).

    Softmax and log-softmax do not change when a constant is taken from a row.
    One scalar for the batch is cheaper than each row's own maximum, and safe
    while the scores span less than exp()'s range.
    """
    top = rows.max()
    if top - rows.min() < _ONE_SHIFT_SPAN[rows.dtype]:
        return rows - top
    return rows - rows.max(axis=1, keepdims=True)


def _probability_targets(target, logits, label_smoothing):
    target = _arrays.as_floats(target, "target", logits.dtype)
    _arrays.check_interval(target, "target", 0, 1, "class probabilities")
    sums = target.sum(axis=-1)
    tolerance = 1e-4 if target.dtype == np.float32 else 1e-6
    off = np.abs(sums - 1) > tolerance
    if off.any():
        raise ValueError(
            f"`target` holds class probabilities (it is shaped like `logits`), so each row "
            f"must sum to 1; a row sums to {_arrays.show(sums[off].ravel()[0])}. For class indices, pass "
            f"integers of shape {logits.shape[:-1]}."
        )
    classes = logits.shape[-1]
    return target * (1 - label_smoothing) + label_smoothing / classes


@loss(
    name="cross_entropy",
    title="Cross-entropy",
    task="multiclass",
    formula=r"L = -\frac{1}{N}\sum_{i=1}^{N} \log \mathrm{softmax}(z_i)_{y_i}",
    grad_formula=r"\frac{\partial L}{\partial z_i} = \frac{1}{N}\,\big(\mathrm{softmax}(z_i) - \mathrm{onehot}(y_i)\big)",
    pytorch="torch.nn.CrossEntropyLoss",
    pred_symbol="z",
    pred_range=(-5.0, 5.0),
    target_range=None,
    example=([2.0, 1.0, 0.1], 0),
)
def cross_entropy(logits, target, *, weight=None, label_smoothing=0.0, ignore_index=-100):
    """Cross-entropy on raw class scores (logits), softmax included.

    The loss for choosing one of C classes. The scores become probabilities by
    softmax, and the loss is the "surprise" ``-log p`` of the true class: 0 when
    the model is certain and right, large when it is confident and wrong.

    Per sample, with ``log_p = log_softmax(z)`` (computed by log-sum-exp, so
    logits like 1000 do not overflow):

    - class-index target y: ``l = -w[y] * log_p[y]``; with label smoothing e,
      ``l = (1 - e) * (-w[y] * log_p[y]) + (e / C) * sum_c(-w[c] * log_p[c])``.
      "mean" is a weighted mean: the sum divided by the sum of ``w[y]`` over
      the samples not ignored (by the count of them without weights).
    - class-probability target t (shaped like the logits, rows summing to 1):
      ``l = -sum_c w[c] * t'[c] * log_p[c]`` with ``t' = (1 - e) * t + e / C``;
      "mean" divides the sum by N.

    Gradient: for an index target without weights or smoothing,
    ``softmax(z) - onehot(y)`` per sample (divided by N for "mean"); in general
    ``sum_c(w[c] t'[c]) * softmax(z) - w * t'`` with t' the (smoothed) target.

    Parameters
    ----------
    logits : list, ndarray or tensor
        Raw scores of shape (N, C), or (C,) for one sample.
    target : int, list, ndarray or tensor
        Class indices, integers of shape (N,) (a scalar for one sample), or
        class probabilities shaped like `logits`.
    weight : array-like of shape (C,), optional, keyword-only
        Non-negative weight of each class.
    label_smoothing : float in [0, 1], keyword-only
        Mixes the target with the uniform distribution.
    ignore_index : int, keyword-only
        Index targets equal to it contribute nothing, to the loss or the mean.
    reduction : {"mean", "sum", "none"}, keyword-only

    Returns
    -------
    float, or ndarray of shape (N,) (or a 0-d array) for ``reduction="none"``

    Raises
    ------
    ValueError
        Logits not of shape (N, C) or (C,), targets of the wrong shape, class
        indices out of range, probability rows not summing to 1, NaN or inf,
        empty input, bad weight or smoothing, unknown reduction, or a "mean"
        over targets that are all ignored.
    TypeError
        Class indices that are not integers (e.g. 1.0), non-numeric input.

    Notes
    -----
    PyTorch equivalent: ``torch.nn.CrossEntropyLoss`` /
    ``torch.nn.functional.cross_entropy``; where PyTorch returns NaN for a mean
    over only ignored targets, lossviz raises. Only (N, C) and (C,) inputs.
    Taught in ``notebooks/03_cross_entropy.ipynb``.

    Examples
    --------
    With three equal scores each class gets probability 1/3, so the loss is
    log 3 = 1.0986 whatever the class:

    >>> import lossviz as lv
    >>> round(lv.cross_entropy([1.0, 1.0, 1.0], 2), 4)
    1.0986
    >>> round(lv.cross_entropy([[2.0, 1.0, 0.1]], [0]), 4)
    0.417
    """
    logits = _class_scores(logits, "logits")
    classes = logits.shape[-1]
    weight = _class_weights(weight, classes, logits.dtype)
    label_smoothing = _arrays.number_in(label_smoothing, "label_smoothing", 0.0, 1.0)
    ignore_index = _ignore_index(ignore_index)
    target = _arrays.as_array(target, "target")
    # Work on rows of shape (N, C); one sample of shape (C,) is one row.
    rows = logits.reshape(-1, classes)
    shifted = _shifted_for_exp(rows)
    exps = np.exp(shifted)
    sums = exps.sum(axis=1)
    log_sums = np.log(sums)
    sample_shape = logits.shape[:-1]

    if target.shape == logits.shape:
        if target.dtype.kind != "f":
            raise TypeError(
                f"`target` is shaped like `logits` {logits.shape}, so it is read as class "
                f"probabilities, which must be floats; got {target.dtype}. For class indices, "
                f"pass integers of shape {sample_shape}."
            )
        smoothed = _probability_targets(target, logits, label_smoothing).reshape(rows.shape)
        weighted = smoothed if weight is None else smoothed * weight
        values = -(weighted * (shifted - log_sums[:, None])).sum(axis=1)

        def grad(scale):
            # sum_c(w t')_c * softmax(z) - w t'
            row_scale = weighted.sum(axis=1) * scale / sums
            return (exps * row_scale[:, None] - weighted * scale).reshape(logits.shape)

        return Terms(values.reshape(sample_shape), grad, denominator=rows.shape[0])

    chosen = _class_indices(target, logits, "logits", ignore_index, weight)
    true_log_p = shifted[chosen.rows, chosen.classes] - log_sums
    values = -chosen.sample_weight * true_log_p
    class_weight = weight
    if label_smoothing:
        if class_weight is None:
            class_weight = np.ones(classes, logits.dtype)
        # sum_c w_c log p_c, without building log p: sum_c w_c shifted_c - (sum_c w_c) log_sums
        weighted_log_p = shifted @ class_weight - class_weight.sum() * log_sums
        values = (1 - label_smoothing) * values - (label_smoothing / classes) * chosen.kept * weighted_log_p

    def grad(scale):
        # (1 - e) w[y] (softmax - onehot(y)) + (e / C) (sum(w) softmax - w), per kept row
        true_share = (1 - label_smoothing) * scale * chosen.sample_weight
        if not label_smoothing:
            gradient = exps * np.reshape(true_share / sums, (-1, 1))
            gradient[chosen.rows, chosen.classes] -= true_share
            return gradient.reshape(logits.shape)
        uniform_share = (label_smoothing / classes) * scale * chosen.kept
        row_scale = (true_share + uniform_share * class_weight.sum()) / sums
        gradient = exps * np.reshape(row_scale, (-1, 1))
        gradient[chosen.rows, chosen.classes] -= true_share
        gradient -= np.reshape(uniform_share, (-1, 1)) * class_weight
        return gradient.reshape(logits.shape)

    denominator = _weight_total(chosen.sample_weight, rows.shape[0])
    return Terms(values.reshape(sample_shape), grad, denominator)


@loss(
    name="nll",
    title="Negative log-likelihood",
    task="multiclass",
    formula=r"L = -\frac{1}{N}\sum_{i=1}^{N} \log p_{i, y_i}",
    grad_formula=r"\frac{\partial L}{\partial \log p_{i,c}} = -\frac{1}{N}\,[c = y_i]",
    pytorch="torch.nn.NLLLoss",
    pred_symbol=r"\log p",
    pred_range=(-6.0, 0.0),
    target_range=None,
    example=([-0.417, -1.417, -2.317], 0),
)
def nll(log_probs, target, *, weight=None, ignore_index=-100):
    """Negative log-likelihood of the true class, given log-probabilities.

    The second half of cross-entropy: ``cross_entropy(z, y)`` equals
    ``nll(log_softmax(z), y)``. Use it when the model already ends in a
    log-softmax; it does no softmax of its own.

    Per sample: ``l = -w[y] * log_probs[y]``; "mean" is the weighted mean, the
    sum divided by the sum of ``w[y]`` over the samples not ignored.

    Gradient: ``-w[y]`` at the true class, 0 elsewhere (divided by that same
    sum for "mean").

    Parameters
    ----------
    log_probs : list, ndarray or tensor
        Log-probabilities (all <= 0) of shape (N, C), or (C,) for one sample.
    target : int, list, ndarray or tensor
        Class indices, integers of shape (N,) (a scalar for one sample).
    weight : array-like of shape (C,), optional, keyword-only
        Non-negative weight of each class.
    ignore_index : int, keyword-only
        Targets equal to it contribute nothing, to the loss or the mean.
    reduction : {"mean", "sum", "none"}, keyword-only

    Returns
    -------
    float, or ndarray of shape (N,) (or a 0-d array) for ``reduction="none"``

    Raises
    ------
    ValueError
        Positive "log-probabilities" (probabilities passed by mistake), wrong
        shapes, class indices out of range, NaN or inf, empty input, bad
        weight, unknown reduction, a "mean" over targets that are all ignored.
    TypeError
        Class indices that are not integers, non-numeric input.

    Notes
    -----
    PyTorch equivalent: ``torch.nn.NLLLoss`` / ``torch.nn.functional.nll_loss``;
    PyTorch accepts any numbers, lossviz refuses values above 0. Taught in
    ``notebooks/03_cross_entropy.ipynb``.

    Examples
    --------
    The true class has probability 1/2, so the loss is log 2:

    >>> import numpy as np, lossviz as lv
    >>> round(lv.nll(np.log([0.5, 0.25, 0.25]), 0), 4)
    0.6931
    """
    log_probs = _class_scores(log_probs, "log_probs")
    if log_probs.max() > 0:
        raise ValueError(
            f"`log_probs` must be log-probabilities, all <= 0; got {_arrays.show(log_probs.max())}. "
            f"Did you pass probabilities? Take their log, or give logits to cross_entropy."
        )
    classes = log_probs.shape[-1]
    weight = _class_weights(weight, classes, log_probs.dtype)
    ignore_index = _ignore_index(ignore_index)
    target = _arrays.as_array(target, "target")
    chosen = _class_indices(target, log_probs, "log_probs", ignore_index, weight)
    rows = log_probs.reshape(-1, classes)
    values = -chosen.sample_weight * rows[chosen.rows, chosen.classes]

    def grad(scale):
        gradient = np.zeros_like(rows)
        gradient[chosen.rows, chosen.classes] = -scale * chosen.sample_weight
        return gradient.reshape(log_probs.shape)

    denominator = _weight_total(chosen.sample_weight, rows.shape[0])
    return Terms(values.reshape(log_probs.shape[:-1]), grad, denominator)


LOSSES = {
    each.name: each
    for each in (mse, mae, huber, bce, bce_with_logits, cross_entropy, nll)
}
"""Every loss, by name: the one list that plots, widgets and tests iterate over."""

# doctest finds functions and classes, not `Loss` objects: list their examples here
# so that every docstring example is run by the test suite.
__test__ = {name: each.__doc__ for name, each in LOSSES.items()}
