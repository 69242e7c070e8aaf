"""Every loss, and the registry `LOSSES` that plots, explorers and tests iterate over.

The losses are defined by task, each in one place with its gradient beneath
it, its contract and all its metadata (`lossviz.losses.regression`, `lossviz.losses.more_regression`,
`lossviz.losses.binary`, `lossviz.losses.binary_scores`, `lossviz.losses.multiclass`, `lossviz.losses.distributions`);
defining one adds it to `LOSSES` (`lossviz._loss`).

Semantics follow ``torch.nn.functional`` exactly, with one deliberate
difference: bad input raises a clear error instead of broadcasting, warning or
returning NaN.
"""

# Defining a loss registers it, so these imports set the order LOSSES lists them in. Each loss is
# imported by name, so that editors and type checkers see it (a test checks none is left out).
from lossviz.losses.regression import huber, log_cosh, mae, mse, quantile  # noqa: F401, I001
from lossviz.losses.more_regression import poisson_nll, smooth_l1  # noqa: F401, I001
from lossviz.losses.binary import bce, bce_with_logits  # noqa: F401, I001
from lossviz.losses.binary_scores import focal, hinge  # noqa: F401, I001
from lossviz.losses.multiclass import cross_entropy, nll  # noqa: F401, I001
from lossviz.losses.distributions import kl_div  # noqa: F401, I001
from lossviz._loss import LOSSES, Loss, Slider, Terms, define_loss  # noqa: F401

# doctest finds functions and classes, not `Loss` objects: list their examples here
# so that every docstring example is run by the test suite.
__test__ = {name: each.__doc__ for name, each in LOSSES.items()}
