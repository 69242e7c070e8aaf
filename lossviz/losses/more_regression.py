"""Two more of PyTorch's regression losses: smooth L1 (Huber divided by β) and Poisson's for counts.

Each definition holds the loss, its gradient right beneath it, and every fact the pictures and
tests read, its contract included (see `lossviz._loss` and `lossviz._contract`). Poisson's is the
first whose best prediction is not the target: with ``log_input`` the model predicts the log of a
rate, so the best prediction for a count y is log y, and the lowest loss is not 0.
"""

import math

import numpy as np

from lossviz import _arrays
from lossviz._contract import ANY_NUMBER, COUNTS, Domain, check_domain, identity
from lossviz._loss import Slider, Terms, define_loss, matching_floats, scaled


@define_loss(
    name="smooth_l1",
    title="Smooth L1 loss",
    task="regression",
    target_domain=ANY_NUMBER,
    best_prediction=identity,
    nonnegative=True,
    zero_minimum=True,
    formula=(
        r"l_i = \begin{cases} \frac{(\hat y_i - y_i)^2}{2\beta} & |\hat y_i - y_i| < \beta \\"
        r" |\hat y_i - y_i| - \frac{1}{2}\beta & \text{otherwise} \end{cases}"
    ),
    grad_formula=r"\frac{\partial l_i}{\partial \hat y_i} = \mathrm{clip}\Big(\frac{\hat y_i - y_i}{\beta},\ -1,\ 1\Big)",
    pytorch="torch.nn.SmoothL1Loss",
    short_name="Smooth L1",
    sliders={"beta": Slider("β", 0.0, 3.0, 0.05)},
    pred_symbol=r"\hat y",
    pred_text="ŷ",
    pred_words="prediction",
    pred_range=(-2.0, 4.0),
    target_range=(-1.0, 3.0),
    example=(0.7, 1.0),
    js="""{
        value: (p, y, { beta }) => {
            const size = Math.abs(p - y);
            if (beta === 0) return size;
            const clipped = Math.min(size, beta);
            return (clipped / beta) * (size - 0.5 * clipped);
        },
        grad: (p, y, { beta }) => beta === 0 ? Math.sign(p - y) : Math.min(Math.max(p - y, -beta), beta) / beta,
    }""",
)
def smooth_l1(pred, target, *, beta=1.0):
    """Smooth L1 loss: MAE with its corner rounded off, a parabola for errors smaller than β.

    Huber's loss divided by β: its slope outside β is 1 whatever β is (Huber's is δ), so it is MAE
    everywhere but near a perfect prediction. β = 0 is MAE exactly. Object detectors use it for
    box coordinates.

    Per element, with ``e_i = pred_i - target_i``: ``0.5 * e_i**2 / beta`` when ``|e_i| < beta``,
    else ``|e_i| - 0.5 * beta``; "mean" divides the sum by n.

    Gradient: ``e_i / beta`` clipped to ``[-1, 1]`` (divided by n for "mean"); ``sign(e_i)`` when
    ``beta`` is 0.

    Parameters
    ----------
    pred, target : number, list, ndarray or tensor
        Predictions and targets of exactly the same shape.
    beta : float >= 0, keyword-only
        The error size where the loss turns from quadratic to linear.
    reduction : {"mean", "sum", "none"}, keyword-only

    Raises
    ------
    ValueError
        Shapes differ, empty input, NaN or inf, ``beta < 0``, unknown reduction.
    TypeError
        Non-numeric input or beta.

    Notes
    -----
    PyTorch equivalent: ``torch.nn.SmoothL1Loss`` / ``torch.nn.functional.smooth_l1_loss``.
    Taught in ``notebooks/05_choosing_a_loss.ipynb``.

    Examples
    --------
    An error of 0.5 is inside β = 1: 0.25 / 2 = 0.125, as Huber's. An error of 3 is outside:
    3 - 0.5 = 2.5. With β = 2 the small error costs half as much, and the large one 1 less:

    >>> import lossviz as lv
    >>> lv.smooth_l1([0.5, 3.0], [0.0, 0.0], reduction="none")
    array([0.125, 2.5  ])
    >>> lv.smooth_l1([0.5, 3.0], [0.0, 0.0], beta=2.0, reduction="none")
    array([0.0625, 2.    ])
    """
    beta = _arrays.number_in(beta, "beta", 0.0, math.inf)
    pred, target = matching_floats(pred, "pred", target, "target")
    error = pred - target
    size = np.abs(error)
    if beta == 0.0:  # PyTorch's case too: MAE, whose slope at a perfect prediction is 0
        return Terms(size, grad=lambda scale: scaled(np.sign(error), scale), denominator=error.size)
    # Huber's form divided by beta, in an order that never squares a large error nor divides one by a
    # tiny beta (each quotient is at most 1).
    clipped = np.minimum(size, beta)
    values = (clipped / beta) * (size - 0.5 * clipped)
    return Terms(values, grad=lambda scale: scaled(np.clip(error, -beta, beta) / beta, scale), denominator=error.size)


_RATES = Domain(0.0, math.inf, "rates, 0 or more")


def _best_rate(target, *, log_input=True, eps=1e-8, **_options):
    """The rate that fits a count best is the count itself: its log when the model predicts log rates,
    and eps less when the rate is given as itself (the loss takes log(rate + eps))."""
    with np.errstate(divide="ignore"):
        return np.log(target) if log_input else np.maximum(np.asarray(target, dtype=np.float64) - eps, 0.0)


@define_loss(
    name="poisson_nll",
    title="Poisson negative log-likelihood",
    task="regression",
    target_domain=COUNTS,
    best_prediction=_best_rate,
    nonnegative=False,  # e^z − y·z < 0 for y = 3, z = 1: the likelihood's constant log y! is left out
    zero_minimum=False,
    pred_domain=lambda log_input=True, **_options: (-math.inf, math.inf) if log_input else (_RATES.low, _RATES.high),
    formula=r"l_i = e^{z_i} - y_i\,z_i",
    grad_formula=r"\frac{\partial l_i}{\partial z_i} = e^{z_i} - y_i",
    pytorch="torch.nn.PoissonNLLLoss",
    short_name="Poisson NLL",
    pred_symbol="z",
    pred_text="z",
    pred_words="log rate",
    pred_range=(-2.0, 3.0),
    target_range=(0.0, 8.0),
    example=(0.5, 3.0),
    js="""{
        value: (z, y) => Math.exp(z) - y * z,
        grad: (z, y) => Math.exp(z) - y,
    }""",
)
def poisson_nll(pred, target, *, log_input=True, full=False, eps=1e-8):
    """Poisson negative log-likelihood: the loss for counts (visitors an hour, goals in a match).

    If a count y comes from a Poisson distribution with rate λ, the chance of seeing it is
    λ^y e^−λ / y!, and minus its log is λ − y log λ + log y!. The model predicts z = log λ (any
    number; the rate e^z is always positive), and the loss keeps the terms that depend on it:
    ``e^z − y z``. Lowest where e^z = y, so the best prediction is z = log y, and the lowest loss
    is y − y log y, not 0. A count of 0 has no best z: the loss e^z falls forever as z goes down.

    Per element: ``exp(pred_i) - target_i * pred_i`` (``log_input=True``), or
    ``pred_i - target_i * log(pred_i + eps)`` for a rate given as itself (``log_input=False``).
    ``full=True`` adds Stirling's approximation of log y!,
    ``y log y − y + ½ log(2π y)``, for every count above 1 (it does not change the gradient).

    Gradient: ``exp(pred_i) - target_i``, or ``1 - target_i / (pred_i + eps)``.

    Parameters
    ----------
    pred : number, list, ndarray or tensor
        Log rates (any number), or rates (>= 0) with ``log_input=False``.
    target : the same shape as `pred`
        Counts: numbers >= 0 (whole numbers in a Poisson model; others are accepted, as in PyTorch).
    log_input, full : bool, keyword-only
    eps : float > 0, keyword-only
        Keeps log(pred + eps) finite at a rate of 0 (``log_input=False`` only).
    reduction : {"mean", "sum", "none"}, keyword-only

    Raises
    ------
    ValueError
        Shapes differ, empty input, NaN or inf, a negative count, a negative rate with
        ``log_input=False``, unknown reduction.
    TypeError
        Non-numeric input, or an option of the wrong kind.

    Notes
    -----
    PyTorch equivalent: ``torch.nn.PoissonNLLLoss`` / ``torch.nn.functional.poisson_nll_loss``.
    Taught in ``notebooks/05_choosing_a_loss.ipynb``.

    Examples
    --------
    A count of 3 predicted with the log rate log 3: e^z = 3, so the loss is 3 − 3 log 3; the
    gradient e^z − y is 0 there:

    >>> import math
    >>> import lossviz as lv
    >>> round(lv.poisson_nll(math.log(3), 3.0), 4)
    -0.2958
    >>> abs(float(lv.poisson_nll.grad(math.log(3), 3.0))) < 1e-15
    True
    """
    log_input, full = _arrays.flag(log_input, "log_input"), _arrays.flag(full, "full")
    eps = _arrays.positive_number(eps, "eps")
    pred, target = matching_floats(pred, "pred", target, "target")
    check_domain(target, "target", COUNTS)
    if log_input:
        rate = np.exp(pred)
        values = rate - target * pred
        gradient = rate - target
    else:
        check_domain(pred, "pred", _RATES, " With log_input=False `pred` is the rate itself; for log rates use log_input=True.")
        values = pred - target * np.log(pred + eps)
        gradient = 1.0 - target / (pred + eps)
    if full:
        values = values + _stirling(target)
    return Terms(values, grad=lambda scale: scaled(gradient, scale), denominator=values.size)


def _stirling(count):
    """Stirling's log y! ≈ y log y − y + ½ log(2π y) where y > 1, and 0 elsewhere, as PyTorch adds it."""
    above_one = count > 1
    safe = np.where(above_one, count, 2.0)
    return np.where(above_one, safe * np.log(safe) - safe + 0.5 * np.log(2 * np.pi * safe), 0.0).astype(count.dtype)
