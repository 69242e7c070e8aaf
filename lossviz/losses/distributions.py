"""A loss between two probability distributions: the Kullback–Leibler divergence.

Its contract is the loosest of all: a single term can be negative and has no best prediction of
its own; only the sum over a whole distribution is non-negative, and 0 exactly where the predicted
distribution equals the target (Gibbs' inequality). Its "batchmean" reduction divides that sum by
the number of distributions, which is what KL divergence means; "mean" (PyTorch's default, kept for
parity) divides by the number of entries instead.
"""

import numpy as np

from lossviz import _arrays
from lossviz._contract import KNOWN_REDUCTIONS, LOG_PROBABILITIES, PROBABILITIES, check_domain
from lossviz._loss import Terms, define_loss, matching_floats, scaled


@define_loss(
    name="kl_div",
    title="Kullback–Leibler divergence",
    task="distribution",
    target_domain=lambda log_target=False, **_options: LOG_PROBABILITIES if log_target else PROBABILITIES,
    best_prediction=None,  # each term falls forever as log q grows; only a whole distribution has a best
    nonnegative=False,
    zero_minimum=True,  # summed over a distribution: 0 where q = p
    reductions=KNOWN_REDUCTIONS,
    pred_domain=(-np.inf, 0.0),
    formula=r"L = \frac{1}{N}\sum_{i} p_i\,(\log p_i - \log q_i)",
    grad_formula=r"\frac{\partial l_i}{\partial \log q_i} = -p_i",
    pytorch="torch.nn.KLDivLoss",
    short_name="KL",
    pred_symbol=r"\log q",
    pred_text="log q",
    pred_words="predicted log-probability",
    pred_range=(-4.0, 0.0),
    target_range=(0.0, 1.0),
    example=(-1.5, 0.5),
    js="""{
        value: (x, p) => (p > 0 ? p * Math.log(p) : 0) - p * x,
        grad: (x, p) => -p,
    }""",
)
def kl_div(log_q, target, *, log_target=False):
    """Kullback–Leibler divergence: how much worse a predicted distribution q describes data from p.

    ``KL(p ‖ q) = Σ p_i (log p_i − log q_i)``: cross-entropy of q under p less p's own entropy, so
    it is 0 when q = p and positive otherwise (Gibbs' inequality), which plain cross-entropy is not.
    Knowledge distillation and variational autoencoders minimise it. As in PyTorch, the prediction
    is log q (``log_softmax`` of the scores), not q.

    Per element: ``target_i * (log(target_i) - log_q_i)``, and 0 where ``target_i`` is 0; with
    ``log_target=True`` the target is log p too: ``exp(target_i) * (target_i - log_q_i)``. A term
    can be negative: only their sum over a distribution is >= 0. "batchmean" divides the sum by
    the length of the first axis (the number of distributions): the KL divergence per sample.
    "mean" divides by the number of entries, PyTorch's default, which is not a KL divergence.

    Gradient: ``-target_i`` (``-exp(target_i)`` with ``log_target=True``), divided by what the
    reduction divides by.

    Parameters
    ----------
    log_q : number, list, ndarray or tensor
        Predicted log-probabilities, each <= 0.
    target : the same shape as `log_q`
        Probabilities in [0, 1] (log-probabilities with ``log_target=True``).
    log_target : bool, keyword-only
    reduction : {"mean", "batchmean", "sum", "none"}, keyword-only

    Raises
    ------
    ValueError
        Shapes differ, empty input, NaN or inf, a log-probability above 0 (probabilities passed
        where their logs belong), a target outside its domain, unknown reduction.
    TypeError
        Non-numeric input, or `log_target` not True or False.

    Notes
    -----
    PyTorch equivalent: ``torch.nn.KLDivLoss`` / ``torch.nn.functional.kl_div``.
    Taught in ``notebooks/05_choosing_a_loss.ipynb``.

    Examples
    --------
    p = (0.5, 0.5) predicted as q = (0.25, 0.75): 0.5 log 2 + 0.5 log(2/3) = 0.1438 per sample:

    >>> import math
    >>> import lossviz as lv
    >>> round(lv.kl_div([[math.log(0.25), math.log(0.75)]], [[0.5, 0.5]], reduction="batchmean"), 4)
    0.1438
    >>> lv.kl_div([[math.log(0.5), math.log(0.5)]], [[0.5, 0.5]], reduction="batchmean")
    0.0
    """
    log_target = _arrays.flag(log_target, "log_target")
    log_q, target = matching_floats(log_q, "log_q", target, "target")
    check_domain(log_q, "log_q", LOG_PROBABILITIES, " Did you pass probabilities? Pass their logs (log_softmax of the scores).")
    if log_target:
        check_domain(target, "target", LOG_PROBABILITIES, " With log_target=True the target is log p.")
        weight = np.exp(target)
        values = weight * (target - log_q)
    else:
        check_domain(target, "target", PROBABILITIES, " For log-probabilities, pass log_target=True.")
        weight = target
        # p log p is 0 at p = 0 (its limit), never 0 · log 0 = NaN.
        with np.errstate(divide="ignore", invalid="ignore"):
            own = np.where(target > 0, target * np.log(target), 0.0).astype(target.dtype)
        values = own - target * log_q
    return Terms(values, grad=lambda scale: scaled(-weight, scale), denominator=values.size)
