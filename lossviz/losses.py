"""Every loss, and the registry `LOSSES` that plots, explorers and tests iterate over.

The losses are defined by task, each in one place with its gradient beneath
it and all its metadata (`lossviz.regression`, `lossviz.binary`,
`lossviz.binary_scores`, `lossviz.multiclass`); defining one adds it to `LOSSES` (`lossviz._loss`).

Semantics follow ``torch.nn.functional`` exactly, with one deliberate
difference: bad input raises a clear error instead of broadcasting, warning or
returning NaN.
"""

# Defining a loss registers it: imported in the order LOSSES lists them (regression, binary, binary_scores, multiclass).
from lossviz import regression  # noqa: F401, I001
from lossviz import binary  # noqa: F401, I001
from lossviz import binary_scores  # noqa: F401, I001
from lossviz import multiclass  # noqa: F401, I001
from lossviz._loss import LOSSES, Loss, Slider, Terms, define_loss  # noqa: F401

globals().update(LOSSES)

# doctest finds functions and classes, not `Loss` objects: list their examples here
# so that every docstring example is run by the test suite.
__test__ = {name: each.__doc__ for name, each in LOSSES.items()}
