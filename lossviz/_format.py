"""Numbers as text: one place decides how lossviz writes a number.

- `show`: in error messages, as a learner would type it (0.9, not np.float64(0.9)),
  with a plain "-" so that it can be copied back into code;
- `fixed`: in readouts and feedback, 4 decimals (a list for arrays), with the
  typographic minus (U+2212) that lines up with the digits;
- `short`: in captions and reprs, 4 significant digits, the same minus.
"""

import numpy as np

MINUS = "\u2212"


def show(value):
    """A number as a learner would write it (NumPy 2 would print ``np.float64(0.9)``)."""
    value = value.item() if isinstance(value, np.generic) else value
    text = repr(value)
    if isinstance(value, int) and len(text) > 20:  # 10**400 would fill the screen
        return f"{text[:6]}… (an integer of {len(text.lstrip('-'))} digits)"
    return f"{value:.6g}" if isinstance(value, float) and len(text) > 10 else text


def fixed(values, decimals=4):
    """``0.4170``, ``−0.5830``; an array as ``[0.6590, 0.2424, 0.0986]``."""
    values = np.asarray(values, dtype=float)
    if values.shape == ():
        text = f"{float(values):.{decimals}f}"
        # -0.00001 rounds to "-0.0000": a sign on a zero only puzzles a reader.
        return text.lstrip("-") if float(text) == 0 else text.replace("-", MINUS)
    return "[" + ", ".join(fixed(value, decimals) for value in values.ravel()) + "]"


def short(value):
    """A float to 4 significant digits (``0.15``, ``−2.5``); anything else as `str` gives it."""
    text = f"{value:.4g}" if isinstance(value, float) else str(value)
    return text.replace("-", MINUS) if isinstance(value, (int, float)) else text
