"""The binary losses on a raw score that change which examples count: hinge (none once right by a
margin) and focal (the easy ones less). Each definition holds the loss, its gradient right beneath it,
and every fact the pictures and tests read (see `lossviz._loss`).
"""

import numpy as np

from lossviz import _arrays
from lossviz.losses import _numerics, _torch_references
from lossviz._loss import Slider, Terms, define_loss, matching_floats, scaled, torch_reduce
from lossviz.losses.binary import _LABELS, _LOGIT
from lossviz.palette import COLOURS


@define_loss(
    name="hinge",
    title="Hinge loss",
    task="binary",
    best_prediction=None,  # every score past the margin is best
    nonnegative=True,
    zero_minimum=True,
    formula=r"L = \frac{1}{n}\sum_{i=1}^{n} \max(0,\ m - y_i z_i)",
    grad_formula=r"\frac{\partial L}{\partial z_i} = \begin{cases} -y_i / n & y_i z_i < m \\ 0 & \text{otherwise} \end{cases}",
    pytorch="torch.clamp(margin - target * pred, min=0)",
    reference=lambda pred, target, *, reduction, margin: torch_reduce((margin - target * pred).relu(), reduction),
    short_name="Hinge",
    colour=COLOURS["green"],
    pred_symbol="z",
    pred_text="z",
    pred_words="score",
    pred_range=(-3.0, 3.0),
    target_labels=(-1.0, 1.0),
    sliders={"margin": Slider("m", 0.0, 2.0, 0.05)},
    example=(0.5, 1.0),
    js="""{
        value: (s, y, { margin }) => Math.max(margin - y * s, 0),
        grad: (s, y, { margin }) => (margin - y * s > 0 ? -y : 0),
    }""",
)
def hinge(scores, target, *, margin=1.0):
    """Hinge loss: the loss of support vector machines, on labels -1 and +1.

    A raw score z says "yes" when positive and "no" when negative; ``y * z`` is
    positive when the answer is right. The hinge loss is 0 once the answer is
    right by at least the `margin`, and grows linearly the more it falls short:
    it stops caring about examples it already gets right with room to spare.

    Per element: ``l_i = max(0, margin - y_i * z_i)``; "mean" divides the sum by n.

    Gradient: ``-y_i`` where ``y_i * z_i < margin`` (divided by n for "mean"),
    0 beyond the margin, and 0 exactly at it (as PyTorch's ``relu``).

    Parameters
    ----------
    scores : number, list, ndarray or tensor
        Raw scores (any real numbers).
    target : number, list, ndarray or tensor
        Labels -1 or +1, shaped exactly like `scores`.
    margin : float >= 0, keyword-only
        How far on the right side a score must be to cost nothing.
    reduction : {"mean", "sum", "none"}, keyword-only

    Returns
    -------
    float, or ndarray for ``reduction="none"``

    Raises
    ------
    ValueError
        Labels other than -1 and +1 (0/1 labels get the fix), shapes differ,
        empty input, NaN or inf, a negative margin, unknown reduction.
    TypeError
        Non-numeric input or margin.

    Notes
    -----
    PyTorch equivalent: no ``torch.nn`` class for this binary form
    (``nn.HingeEmbeddingLoss`` and ``nn.MultiMarginLoss`` are other losses);
    ``torch.clamp(margin - target * scores, min=0).mean()``. Taught in
    ``notebooks/05_choosing_a_loss.ipynb``.

    Examples
    --------
    A score of 2 for a +1 label is right by more than the margin: 0. A score
    of 0.25 is right but inside it: 1 - 0.25 = 0.75. A score of -1 is wrong:
    1 + 1 = 2.

    >>> import lossviz as lv
    >>> lv.hinge([2.0, 0.25, -1.0], [1, 1, 1], reduction="none")
    array([0.  , 0.75, 2.  ])
    """
    margin = _arrays.number_in(margin, "margin", 0.0, np.inf)
    scores, target = matching_floats(scores, "scores", target, "target")
    if not np.isin(target, (-1.0, 1.0)).all():
        bad = target[~np.isin(target, (-1.0, 1.0))][0]
        hint = " For labels 0 and 1, pass `2 * target - 1`." if np.isin(target, (0.0, 1.0)).all() else ""
        raise ValueError(f"`target` must be labels -1 or +1 for the hinge loss; got {_arrays.show(bad)}.{hint}")
    shortfall = margin - target * scores
    inside = shortfall > 0
    return Terms(np.where(inside, shortfall, 0.0).astype(scores.dtype),
                 grad=lambda scale: scaled(np.where(inside, -target, 0.0).astype(scores.dtype), scale),
                 denominator=scores.size)


@define_loss(
    name="focal",
    title="Focal loss",
    task="binary",
    best_prediction=None,  # a score only approaches certainty
    nonnegative=True,
    zero_minimum=True,
    formula=r"l_i = -\alpha_t\,(1 - p_t)^{\gamma} \log p_t,\quad p_t = \begin{cases} \sigma(z_i) & y_i = 1 \\ 1 - \sigma(z_i) & y_i = 0 \end{cases}",
    grad_formula=(r"\frac{\partial l_i}{\partial z_i} = \alpha_t \big[(p - y_i)(1 - p_t)^{\gamma}"
                  r" + \gamma\,\mathrm{CE}_i\,(1 - p_t)^{\gamma - 1} p(1 - p)(1 - 2y_i)\big]"),
    pytorch="torchvision.ops.sigmoid_focal_loss",
    reference=_torch_references.focal,
    short_name="Focal",
    colour=COLOURS["sky"],
    sliders={"gamma": Slider("γ", 0.0, 5.0, 0.1), "alpha": Slider("α", 0.0, 1.0, 0.05)},
    **_LOGIT,
    **_LABELS,
    example=(0.85, 1.0),
    js="""{
        value: (z, y, { gamma, alpha }) => {
            const logP = logSigmoid(z), ce = (1 - y) * z - logP;
            const miss = y * Math.exp(logSigmoid(-z)) + (1 - y) * Math.exp(logP);
            return (alpha * y + (1 - alpha) * (1 - y)) * ce * miss ** gamma;
        },
        grad: (z, y, { gamma, alpha }) => {
            const logP = logSigmoid(z), logNotP = logSigmoid(-z), ce = (1 - y) * z - logP;
            const miss = y * Math.exp(logNotP) + (1 - y) * Math.exp(logP);
            const steepening = miss > 0 ? gamma * ce * miss ** (gamma - 1) : 0;
            const slope = (Math.exp(logP) - y) * miss ** gamma + steepening * Math.exp(logP + logNotP) * (1 - 2 * y);
            return (alpha * y + (1 - alpha) * (1 - y)) * slope;
        },
    }""",
)
def focal(logits, target, *, gamma=2.0, alpha=0.25):
    """Focal loss: binary cross-entropy that turns down the easy examples.

    For rare positives (object detection, fraud): BCE on logits times
    ``(1 - p_t)**gamma``, where ``p_t`` is the probability given to the right
    answer. An example the model already gets right (p_t near 1) costs almost
    nothing, so the hard ones dominate. ``gamma = 0`` (with ``alpha=None``)
    is plain `bce_with_logits`; `alpha` weighs positives against negatives.

    Per element, with ``p = sigmoid(z)``, ``CE_i`` the BCE of the logit,
    ``1 - p_t = y * (1 - p) + (1 - y) * p`` and ``a_t = alpha * y + (1 - alpha)
    * (1 - y)``: ``l_i = a_t * CE_i * (1 - p_t)**gamma``; "mean" divides the
    sum by n. Every piece keeps its digits at any finite logit: ``1 - p`` is
    ``sigmoid(-z)``, not a difference; ``CE_i = (1 - y) softplus(z) + y softplus(-z)``
    (as in `bce_with_logits`); and a power of ``1 - p_t`` close to 1 is taken from
    its complement ``p_t``.

    Gradient: ``a_t * [(p - y) (1 - p_t)**gamma + gamma CE_i (1 - p_t)**(gamma - 1)
    p (1 - p) (1 - 2y)]`` (divided by n for "mean"), computed as
    ``a_t (1 - p_t)**gamma [(p - y) + gamma CE_i r (1 - 2y)]`` with
    ``r = p (1 - p) / (1 - p_t) = 1 / (y / p + (1 - y) / (1 - p))``, which lies in
    (0, 1]: nothing overflows (``CE_i`` times ``p (1 - p)`` at z = -1e308 is 0, not
    inf times 0), and ``p - y`` is ``(1 - y) p - y (1 - p)``, so that a label of 1
    or 0 adds two terms of one sign and keeps every digit at a saturated logit.

    Parameters
    ----------
    logits : number, list, ndarray or tensor
        Raw scores, any finite real numbers.
    target : number, list, ndarray or tensor
        Labels in [0, 1], shaped exactly like `logits`.
    gamma : float >= 0, keyword-only
        How strongly easy examples are turned down (2 in the paper).
    alpha : float in [0, 1] or None, keyword-only
        Weight of the positives (negatives get ``1 - alpha``); None for no weighting.
    reduction : {"mean", "sum", "none"}, keyword-only

    Returns
    -------
    float, or ndarray for ``reduction="none"``

    Raises
    ------
    ValueError
        Targets outside [0, 1], shapes differ, empty input, NaN or inf, a
        negative gamma, alpha outside [0, 1], unknown reduction.
    TypeError
        Non-numeric input, gamma or alpha.

    Notes
    -----
    PyTorch equivalent: ``torchvision.ops.sigmoid_focal_loss`` (Lin et al.,
    2017), with two differences: lossviz's default reduction is "mean" like
    every loss here (torchvision's is "none"), and "no alpha" is None
    (torchvision's is -1). Taught in ``notebooks/05_choosing_a_loss.ipynb``.

    Examples
    --------
    A logit of 0 gives p = 0.5, so CE = log 2 = 0.6931 and (1 - p_t)**2 = 0.25;
    with alpha = 0.25 for the positive label: 0.25 * 0.6931 * 0.25 = 0.0433:

    >>> import lossviz as lv
    >>> round(lv.focal(0.0, 1.0), 4)
    0.0433
    """
    gamma = _arrays.number_in(gamma, "gamma", 0.0, np.inf)
    alpha = None if alpha is None else _arrays.number_in(alpha, "alpha", 0.0, 1.0)
    logits, target = matching_floats(logits, "logits", target, "target")
    _arrays.check_interval(target, "target", 0, 1, "labels")
    logistic = _numerics.Logistic(logits)
    p, not_p = logistic.sigmoid()
    softplus, softplus_minus = logistic.softplus()
    negative = 1 - target
    ce = negative * softplus + target * softplus_minus
    miss = target * not_p + negative * p  # 1 - p_t
    hit = target * p + negative * not_p  # p_t = 1 - miss, without the subtraction
    modulation = _numerics.power_of_probability(miss, hit, gamma)  # (1 - p_t)**gamma
    weight = 1.0 if alpha is None else alpha * target + (1 - alpha) * negative
    values = weight * ce * modulation

    def grad(scale):
        # r = p (1 - p) / (1 - p_t); a label's term is left out where it is 0 (0 / 0 where p underflows).
        with np.errstate(divide="ignore", invalid="ignore"):
            inverse = np.where(target > 0, target / p, 0) + np.where(target < 1, negative / not_p, 0)
        share = 1 / inverse
        slope = modulation * (negative * p - target * not_p) + (gamma * modulation) * (ce * share) * (1 - 2 * target)
        return scaled(slope, weight * scale)

    return Terms(values, grad, denominator=logits.size)
