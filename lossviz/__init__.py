"""lossviz: loss functions, their gradients, plots and sliders, for teaching.

>>> import lossviz as lv
>>> round(lv.mse(0.7, 1.0), 4)    # the "golf score" of one prediction: lower is better
0.09
>>> round(lv.mse(0.95, 1.0), 4)
0.0025
"""

from lossviz.losses import (
    LOSSES,
    Loss,
    bce,
    bce_with_logits,
    cross_entropy,
    huber,
    mae,
    mse,
    nll,
)

__all__ = ["LOSSES", "Loss", "bce", "bce_with_logits", "cross_entropy", "huber", "mae", "mse", "nll"]
