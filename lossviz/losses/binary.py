"""The binary losses: yes or no, predicted as a probability or a raw score (logit).

Each definition holds the loss, its gradient right beneath it, and every fact
the pictures and tests read (see `lossviz._loss`).
"""

import numpy as np

from lossviz import _arrays
from lossviz.losses import _numerics
from lossviz._contract import identity
from lossviz._loss import Terms, define_loss, matching_floats, scaled
from lossviz.palette import COLOURS

# PyTorch's BCE backward divides by max(p(1 - p), EPSILON) with EPSILON the
# float32 constant 1e-12 (so 9.99999996e-13 in float64); mirrored for parity.
_BCE_GRAD_EPSILON = float(np.float32(1e-12))
# PyTorch clamps BCE's logarithms at -100 so that p = 0 or 1 gives a finite loss.
_BCE_LOG_FLOOR = -100.0

# Labels 0 and 1, soft labels in between; and a logit as the prediction: shared facts.
_LABELS = {"target_labels": (0.0, 1.0), "soft_targets": True}
_LOGIT = {"pred_symbol": "z", "pred_text": "z", "pred_words": "logit", "pred_range": (-6.0, 6.0)}


@define_loss(
    name="bce",
    title="Binary cross-entropy",
    task="binary",
    best_prediction=identity,  # p = the label
    nonnegative=True,
    zero_minimum=True,
    formula=r"L = -\frac{1}{n}\sum_{i=1}^{n} \big[y_i \log p_i + (1 - y_i)\log(1 - p_i)\big]",
    grad_formula=r"\frac{\partial L}{\partial p_i} = \frac{1}{n}\,\frac{p_i - y_i}{p_i(1 - p_i)}",
    pytorch="torch.nn.BCELoss",
    short_name="BCE",
    colour=COLOURS["blue"],
    pred_symbol="p",
    pred_text="p",
    pred_words="predicted probability",
    pred_range=(0.001, 0.999),
    pred_domain=(0.0, 1.0),
    gradient_limits=(-12.0, 12.0),  # 1/p blows up: a plot shows the shape, not the pole
    **_LABELS,
    example=(0.7, 1.0),
    js="""{
        value: (p, y) => -(y * Math.max(Math.log(p), -100) + (1 - y) * Math.max(Math.log1p(-p), -100)),
        grad: (p, y) => (p - y) / Math.max(p * (1 - p), Math.fround(1e-12)),
    }""",
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
    pred, target = matching_floats(pred, "pred", target, "target")
    _arrays.check_interval(pred, "pred", 0, 1, "probabilities (if these are logits, use bce_with_logits)")
    _arrays.check_interval(target, "target", 0, 1, "labels")
    weight = _arrays.weights_for(weight, "weight", pred.shape, pred.dtype)
    with np.errstate(divide="ignore"):
        log_p = np.maximum(np.log(pred), _BCE_LOG_FLOOR)
        log_not_p = np.maximum(np.log1p(-pred), _BCE_LOG_FLOOR)
    values = -(target * log_p + (1 - target) * log_not_p)

    def grad(scale):
        slope = (pred - target) / np.maximum(pred * (1 - pred), _BCE_GRAD_EPSILON)
        return scaled(slope, scale if weight is None else weight * scale)

    return Terms(values if weight is None else values * weight, grad, denominator=pred.size)


@define_loss(
    name="bce_with_logits",
    title="Binary cross-entropy with logits",
    task="binary",
    best_prediction=None,  # a score only approaches certainty
    nonnegative=True,
    zero_minimum=True,
    formula=r"L = -\frac{1}{n}\sum_{i=1}^{n} \big[y_i \log \sigma(z_i) + (1 - y_i)\log(1 - \sigma(z_i))\big]",
    grad_formula=r"\frac{\partial L}{\partial z_i} = \frac{1}{n}\,(\sigma(z_i) - y_i)",
    pytorch="torch.nn.BCEWithLogitsLoss",
    short_name="BCE with logits",
    colour=COLOURS["purple"],
    **_LOGIT,
    **_LABELS,
    example=(0.85, 1.0),
    js="""{
        value: (z, y, { pos_weight = 1 } = {}) => (1 - y) * z - (1 - y + pos_weight * y) * logSigmoid(z),
        grad: (z, y, { pos_weight = 1 } = {}) => (1 - y) * Math.exp(logSigmoid(z)) - pos_weight * y * Math.exp(logSigmoid(-z)),
    }""",
)
def bce_with_logits(logits, target, *, weight=None, pos_weight=None):
    """Binary cross-entropy on raw scores (logits): sigmoid and BCE in one stable step.

    What to use for yes/no classification in practice: the model outputs a
    logit z (any real number), ``sigmoid(z)`` is the probability of "yes", and
    computing both together never takes the log of 0.

    Per element, with ``softplus(z) = log(1 + exp(z)) = max(z, 0) + log1p(exp(-|z|))``
    (the overflow-free form; ``softplus(-z) = -log sigmoid(z)``):
    ``l_i = w_i * [(1 - y_i) * softplus(z_i) + pos_weight * y_i * softplus(-z_i)]``,
    which equals
    ``-w_i * [pos_weight * y_i * log sigmoid(z_i) + (1 - y_i) * log(1 - sigmoid(z_i))]``.
    Both terms are >= 0, so nothing cancels (the textbook
    ``(1 - y) z - log sigmoid(z)`` loses every digit of log1p(e^-40) at z = -40,
    y = 0). "mean" divides the sum by n.

    Gradient: ``w_i * [(1 - y_i) * sigmoid(z_i) - pos_weight * y_i * sigmoid(-z_i)]``;
    without pos_weight this is ``w_i * (sigmoid(z_i) - y_i)``, written so that a
    label of 1 gives ``-sigmoid(-z)`` with all its digits (-5.18e-17 at z = 37.5,
    where ``sigmoid(z) - 1`` gives -1.11e-16).

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
    logits, target = matching_floats(logits, "logits", target, "target")
    _arrays.check_interval(target, "target", 0, 1, "labels")
    weight = _arrays.weights_for(weight, "weight", logits.shape, logits.dtype)
    pos_weight = _arrays.weights_for(pos_weight, "pos_weight", logits.shape, logits.dtype)
    logistic = _numerics.Logistic(logits)
    positive = target if pos_weight is None else pos_weight * target
    negative = 1 - target
    softplus, softplus_minus = logistic.softplus()
    values = negative * softplus + positive * softplus_minus

    def grad(scale):
        # (1 + (pos_weight - 1) y) sigmoid(z) - pos_weight y, as two terms that are each exact to
        # the last digit: no 1 - 1 where sigmoid(z) rounds to 1.
        p, not_p = logistic.sigmoid()
        slope = negative * p - positive * not_p
        return scaled(slope, scale if weight is None else weight * scale)

    return Terms(values if weight is None else values * weight, grad, denominator=logits.size)
