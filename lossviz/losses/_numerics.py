"""Stable building blocks that the loss definitions share: forms that keep their digits.

Each helper computes something whose textbook form cancels or overflows (1 - σ(z) near
σ(z) = 1, log(1 + tiny), cosh(x) - 1 for small x, a power of a probability close to 1)
from pieces that are each computed from the input to full relative precision, so that
only the rounding of those pieces is lost, never the digits of a difference.
"""

import numpy as np


class Logistic:
    """σ(z), σ(−z), softplus(z) and softplus(−z) of an array of logits, from one exponential.

    ``softplus(z) = log(1 + e^z) = max(z, 0) + log1p(e^−|z|)``; ``softplus(−z) = −log σ(z)``.
    None of the four is formed as a difference: ``σ(−z)`` is ``e^−z / (1 + e^−z)``, not
    ``1 − σ(z)``, so it keeps its digits at z = 40 (4.2e-18, where 1 − σ(z) is 0), and
    e^−|z| never exceeds 1, so nothing overflows at any finite z.
    """

    def __init__(self, z):
        self.low = np.minimum(z, 0)
        """min(z, 0), and ``low - z`` = min(−z, 0), exactly."""
        self.up = np.exp(self.low)
        """e^min(z, 0): 1 where z ≥ 0, e^z below."""
        self.down = np.exp(self.low - z)
        """e^min(−z, 0): 1 where z ≤ 0, e^−z above."""
        self.small = self.up * self.down  # e^-|z| in (0, 1], exactly (one factor is 1)
        self.tail = np.log1p(self.small)
        """log(1 + e^−|z|), what both softplus(z) and softplus(−z) add to max(±z, 0)."""
        self.z = z

    def softplus(self):
        """``(softplus(z), softplus(−z))``, both ≥ 0."""
        return (self.z - self.low) + self.tail, self.tail - self.low

    def sigmoid(self):
        """``(σ(z), σ(−z))``, each to full relative precision: e^min(±z, 0) / (1 + e^−|z|)."""
        denominator = 1 + self.small
        return self.up / denominator, self.down / denominator


def power_of_probability(m, complement, exponent):
    """``m ** exponent`` for m in [0, 1], given ``complement`` = 1 − m computed without cancellation.

    Near 1 the rounding of m itself (a relative error of one ulp, multiplied by the
    exponent in the power) would decide the digits; there ``exp(exponent · log1p(−complement))``
    takes them from the complement instead. Below 1/2, m's own digits are the better ones.
    """
    near_one = m > 0.5
    from_complement = np.exp(exponent * np.log1p(-np.where(near_one, complement, 0)))
    return np.where(near_one, from_complement, m**exponent)


def log_cosh(x):
    """log cosh(x) ≥ 0 at full relative precision, finite for every finite x.

    ``log1p(2 sinh²(|x|/2))`` (cosh x − 1 = 2 sinh²(x/2), with no 1 − 1 to cancel for a small
    x, where ``|x| + log1p(e^−2|x|) − log 2`` gives a negative number or a lost digit), up to
    |x| = 40; beyond, the rest of |x| is added on, since there log cosh x = |x| − log 2 to
    within e^−80 and sinh² would overflow float32 from |x| = 89 on.
    """
    size = np.abs(x)
    near = np.minimum(size, 40)
    return np.log1p(2 * np.sinh(0.5 * near) ** 2) + (size - near)


def log_softmax_parts(rows):
    """The pieces of log-softmax for scores of shape (N, C), each keeping its digits.

    Every row is shifted by its own maximum, so that exp() cannot overflow and a row far
    below another loses nothing to the other's shift. The row's top class then contributes
    exactly 1 to Σ exp, and the other classes' sum `others` is kept apart:
    ``log Σ exp = log1p(others)``, where ``log(1 + others)`` would lose a tiny `others`
    (log1p(e^-20) = 2.06e-9 to 16 digits, against 7 from log(1.00000000206)).

    Returns ``(shifted, exps, others, top)``: the scores minus their row's maximum (≤ 0,
    exactly 0 at the top class), their exponentials (exactly 1 at the top class), the sum
    of the others' exponentials per row, and each row's top class.
    """
    top = rows.argmax(axis=1)
    every = np.arange(rows.shape[0])
    # A row spanning ±1e308 overflows when shifted: -inf, whose exp() is the 0 it should be.
    with np.errstate(over="ignore"):
        shifted = rows - rows[every, top][:, None]
    exps = np.exp(shifted)
    exps[every, top] = 0
    others = row_sums(exps)
    exps[every, top] = 1
    return shifted, exps, others, top


def row_sums(rows):
    """Each row's sum, for an array of shape (N, C): a product with ones, which sums short rows
    several times faster than ``rows.sum(axis=1)`` (make bench)."""
    return rows @ np.ones(rows.shape[1], rows.dtype)
