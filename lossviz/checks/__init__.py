"""Checks for the notebooks' exercises: right or wrong, and why.

Each exercise's student cell starts as ``answer = None``; its check cell calls
one of these. While the answer is None the check says only that, and how answers are
read, so every notebook runs clean as committed and its stored output gives nothing away;
the hint (a way in, never the solution) comes with a wrong answer. A right answer gets ✓ and the reason; a
wrong one gets what it looks like went wrong (the common slips are
recognised: a sum instead of a mean, a flipped sign, a missing square, a
natural log swapped for log10, ...). Expected numbers are computed by lossviz,
never typed in.

Every check answers every input with a message, never a traceback. A number
counts when it is right at the decimals it is written with (see the reading
rule below, which the messages state); any real number's form is read (a
float, an int, a Fraction, a Decimal, a numeric string, a NumPy scalar or
array, a tensor of any real dtype); True/False, complex numbers and NaN are
refused, saying what came. A loss is named in any way: the class, an instance,
"nn.CrossEntropyLoss", "crossentropyloss ", the functional form, the lossviz loss.

A check returns a `Feedback`, which shows as its message in a notebook and
tells tests whether the answer was right (``feedback.correct``: True, False,
or None while unanswered). `answered(answer)` guards the cell that runs a
predict-then-run experiment, so that it shows nothing before the prediction.
"""

# Each lesson's checks live in its own module; their names are public here.
from lossviz.checks._reading import Feedback as Feedback
from lossviz.checks._reading import answered as answered
from lossviz.checks.lesson00 import *  # noqa: F403
from lossviz.checks.lesson01 import *  # noqa: F403
from lossviz.checks.lesson02 import *  # noqa: F403
from lossviz.checks.lesson03 import *  # noqa: F403
from lossviz.checks.lesson04 import *  # noqa: F403
from lossviz.checks.lesson05 import *  # noqa: F403
from lossviz.checks.lesson06 import *  # noqa: F403
from lossviz.checks.lesson07 import *  # noqa: F403
