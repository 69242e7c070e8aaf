"""The regression losses: a number predicted, a number as the target.

Each definition holds the loss, its gradient right beneath it, and every fact
the pictures and tests read (see `lossviz._loss`).
"""

import numpy as np

from lossviz import _arrays
from lossviz.losses import _numerics, _torch_references
from lossviz._contract import ANY_NUMBER, identity
from lossviz._loss import Slider, Terms, define_loss, matching_floats, scaled, torch_reduce
from lossviz.palette import COLOURS

# The prediction's symbol, words and slider ranges, shared by every regression loss here.
_PREDICTION = {"pred_symbol": r"\hat y", "pred_text": "ŷ", "pred_words": "prediction", "pred_range": (-2.0, 4.0),
               "target_range": (-1.0, 3.0), "example": (0.7, 1.0)}
# Their contract: a function of the error ŷ − y, lowest (zero) where the prediction is the target.
_ERROR_CONTRACT = {"target_domain": ANY_NUMBER, "best_prediction": identity, "nonnegative": True, "zero_minimum": True}


@define_loss(
    name="mse",
    title="Mean squared error",
    task="regression",
    **_ERROR_CONTRACT,
    formula=r"L = \frac{1}{n}\sum_{i=1}^{n} (\hat y_i - y_i)^2",
    grad_formula=r"\frac{\partial L}{\partial \hat y_i} = \frac{2}{n}(\hat y_i - y_i)",
    pytorch="torch.nn.MSELoss",
    short_name="MSE",
    best_constant="the mean",
    colour=COLOURS["blue"],
    **_PREDICTION,
    js="""{
        value: (p, y) => (p - y) ** 2,
        grad: (p, y) => 2 * (p - y),
    }""",
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
    pred, target = matching_floats(pred, "pred", target, "target")
    error = pred - target
    return Terms(error**2, grad=lambda scale: error * (2 * scale), denominator=error.size)


@define_loss(
    name="mae",
    title="Mean absolute error",
    task="regression",
    **_ERROR_CONTRACT,
    formula=r"L = \frac{1}{n}\sum_{i=1}^{n} |\hat y_i - y_i|",
    grad_formula=r"\frac{\partial L}{\partial \hat y_i} = \frac{1}{n}\,\mathrm{sign}(\hat y_i - y_i)",
    pytorch="torch.nn.L1Loss",
    short_name="MAE",
    best_constant="the median",
    colour=COLOURS["vermillion"],
    **_PREDICTION,
    js="""{
        value: (p, y) => Math.abs(p - y),
        grad: (p, y) => Math.sign(p - y),
    }""",
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
    pred, target = matching_floats(pred, "pred", target, "target")
    error = pred - target
    return Terms(np.abs(error), grad=lambda scale: scaled(np.sign(error), scale), denominator=error.size)


@define_loss(
    name="huber",
    title="Huber loss",
    task="regression",
    **_ERROR_CONTRACT,
    formula=(
        r"l_i = \begin{cases} \frac{1}{2}(\hat y_i - y_i)^2 & |\hat y_i - y_i| \le \delta \\"
        r" \delta\,(|\hat y_i - y_i| - \frac{1}{2}\delta) & \text{otherwise} \end{cases}"
    ),
    grad_formula=r"\frac{\partial l_i}{\partial \hat y_i} = \mathrm{clip}(\hat y_i - y_i,\ -\delta,\ \delta)",
    pytorch="torch.nn.HuberLoss",
    short_name="Huber",
    colour=COLOURS["green"],
    sliders={"delta": Slider("δ", 0.1, 3.0, 0.05)},
    **_PREDICTION,
    js="""{
        value: (p, y, { delta }) => {
            const size = Math.abs(p - y), clipped = Math.min(size, delta);
            return clipped * (size - 0.5 * clipped);
        },
        grad: (p, y, { delta }) => Math.min(Math.max(p - y, -delta), delta),
    }""",
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
    pred, target = matching_floats(pred, "pred", target, "target")
    error = pred - target
    size = np.abs(error)
    # Both pieces in one form: with c = min(|e|, delta), c * (|e| - c / 2) is e**2 / 2 inside delta
    # and delta * (|e| - delta / 2) outside. It never squares a large error (1e200 would overflow),
    # and costs half of choosing between the pieces with np.where (make bench).
    clipped = np.minimum(size, delta)
    values = clipped * (size - 0.5 * clipped)
    return Terms(values, grad=lambda scale: scaled(np.clip(error, -delta, delta), scale), denominator=error.size)




@define_loss(
    name="quantile",
    title="Quantile (pinball) loss",
    task="regression",
    **_ERROR_CONTRACT,
    formula=r"l_i = \max\big((1 - \tau)(\hat y_i - y_i),\ \tau\,(y_i - \hat y_i)\big)",
    grad_formula=r"\frac{\partial l_i}{\partial \hat y_i} = \begin{cases} 1 - \tau & \hat y_i > y_i \\ -\tau & \hat y_i < y_i \end{cases}",
    pytorch="torch.maximum((1 - tau) * (pred - target), tau * (target - pred))",
    reference=_torch_references.quantile,
    short_name="Quantile",
    best_constant="the τ-quantile",
    colour=COLOURS["purple"],
    sliders={"tau": Slider("τ", 0.05, 0.95, 0.05)},
    **_PREDICTION,
    js="""{
        value: (p, y, { tau }) => Math.max((1 - tau) * (p - y), -tau * (p - y)),
        grad: (p, y, { tau }) => (p > y ? 1 - tau : p < y ? -tau : 0),
    }""",
)
def quantile(pred, target, *, tau=0.5):
    """Quantile loss (also known as pinball loss): predict a quantile instead of the mean.

    For a prediction that should sit above a share `tau` of the targets: its
    best constant is the tau-quantile of the data (tau = 0.5: the median, and
    the loss is half the MAE; tau = 0.9: a value that 90% of targets fall
    below). Under-predicting costs ``tau`` per unit, over-predicting
    ``1 - tau``, so a large tau punishes predictions that come out too low.

    Per element, with ``e_i = pred_i - target_i``:
    ``l_i = max((1 - tau) * e_i, -tau * e_i)``; "mean" divides the sum by n.

    Gradient: ``1 - tau`` where the prediction is too high, ``-tau`` where too
    low, and 0 at a perfect prediction, as MAE's at its kink: every slope from
    ``-tau`` to ``1 - tau`` is valid there, and 0 is the one that says "stay"
    (autograd through ``torch.maximum`` splits the tie and gives ``0.5 - tau``,
    a push away from the best prediction).

    Parameters
    ----------
    pred, target : number, list, ndarray or tensor
        Predictions and targets of exactly the same shape.
    tau : float in (0, 1), keyword-only
        The quantile to predict.
    reduction : {"mean", "sum", "none"}, keyword-only

    Returns
    -------
    float, or ndarray for ``reduction="none"``

    Raises
    ------
    ValueError
        Shapes differ, empty input, NaN or inf, tau outside (0, 1), unknown reduction.
    TypeError
        Non-numeric input or tau.

    Notes
    -----
    PyTorch equivalent: no ``torch.nn`` class; one line,
    ``torch.maximum((1 - tau) * (pred - target), tau * (target - pred))``, then
    ``.mean()``. Taught in ``notebooks/05_choosing_a_loss.ipynb``.

    Examples
    --------
    With tau = 0.9, predicting 1 under a target of 3 costs 0.9 * 2 = 1.8;
    predicting 3 over a target of 1 costs only 0.1 * 2 = 0.2:

    >>> import lossviz as lv
    >>> lv.quantile([1.0, 3.0], [3.0, 1.0], tau=0.9, reduction="none").round(4)
    array([1.8, 0.2])
    """
    tau = _arrays.number_in(tau, "tau", 0.0, 1.0, open_interval=True)
    pred, target = matching_floats(pred, "pred", target, "target")
    error = pred - target
    values = np.maximum((1 - tau) * error, -tau * error)

    def grad(scale):
        # Each side's slope as itself: 0.5 * sign(e) + (0.5 - tau) would cancel for tau near 0 or 1
        # (in float32, tau = 1e-9 gave 0 where -1e-9 is right).
        number = error.dtype.type
        slope = np.where(error > 0, number((1 - tau) * scale), number(-tau * scale))
        slope[error == 0] = 0
        return slope

    return Terms(values, grad, denominator=error.size)


@define_loss(
    name="log_cosh",
    title="Log-cosh loss",
    task="regression",
    **_ERROR_CONTRACT,
    formula=r"L = \frac{1}{n}\sum_{i=1}^{n} \log\cosh(\hat y_i - y_i)",
    grad_formula=r"\frac{\partial L}{\partial \hat y_i} = \frac{1}{n}\tanh(\hat y_i - y_i)",
    pytorch="torch.log(torch.cosh(pred - target))",
    reference=lambda pred, target, *, reduction: torch_reduce((pred - target).cosh().log(), reduction),
    short_name="Log-cosh",
    colour=COLOURS["sky"],
    **_PREDICTION,
    js="""{
        value: (p, y) => {
            const size = Math.abs(p - y);
            return size + Math.log1p(Math.exp(-2 * size)) - Math.LN2;
        },
        grad: (p, y) => Math.tanh(p - y),
    }""",
)
def log_cosh(pred, target):
    """Log-cosh loss: like MSE for small errors, like MAE for large ones, smooth everywhere.

    ``log cosh(e)`` is about ``e**2 / 2`` near 0 and about ``|e| - log 2`` far
    from it: Huber's compromise between MSE and MAE, with no delta to choose
    and a gradient that is smooth everywhere (``tanh``).

    Per element, with ``e_i = pred_i - target_i``: ``l_i = log(cosh(e_i))``,
    computed as ``log1p(2 * sinh(e_i / 2)**2)`` (cosh e - 1 with nothing
    subtracted, so that a small error keeps its digits: 1e-8 costs 5e-17, never
    a negative number), and beyond an error of 40 as ``|e_i| - log 2`` (exact
    there to e^-80) so that an error of 1000 does not overflow; "mean" divides
    the sum by n.

    Gradient: ``tanh(e_i)`` (divided by n for "mean"), always between -1 and 1.

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
    PyTorch equivalent: no ``torch.nn`` class; ``torch.log(torch.cosh(pred -
    target)).mean()``, which overflows to inf for errors above about 710 (89
    in float32), where lossviz stays finite. Taught in
    ``notebooks/05_choosing_a_loss.ipynb``.

    Examples
    --------
    cosh(0) = 1, so a perfect prediction costs log 1 = 0; an error of 1 costs
    log cosh 1 = log 1.5431 = 0.4338:

    >>> import lossviz as lv
    >>> lv.log_cosh([1.0, 2.0], [1.0, 1.0], reduction="none").round(4)
    array([0.    , 0.4338])
    """
    pred, target = matching_floats(pred, "pred", target, "target")
    error = pred - target
    return Terms(_numerics.log_cosh(error), grad=lambda scale: scaled(np.tanh(error), scale), denominator=error.size)

