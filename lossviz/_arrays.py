"""Turn what a learner passes in into checked NumPy arrays, and reduce losses.

Every public loss goes through these functions, so every bad input gets the
same kind of message: the argument's name, what was expected, what came, and
where possible how to fix it. ``TypeError`` is for the wrong kind of thing,
``ValueError`` for the wrong shape or values.
"""

import numbers

import numpy as np

REDUCTIONS = ("mean", "sum", "none")


def as_array(value, name):
    """Return `value` as a NumPy array of numbers, rejecting what cannot be one.

    Accepts Python numbers, (nested) lists, NumPy arrays and torch tensors
    (taken through NumPy, detached, so no gradient is tracked). Integers and
    booleans are kept as they are; callers decide whether to make them floats.
    """
    if value is None:
        raise TypeError(f"`{name}` must be numbers (a number, list, NumPy array or tensor); got None.")
    if hasattr(value, "detach") and hasattr(value, "numpy"):
        # A torch tensor; duck-typed so that lossviz never imports torch.
        value = value.detach().cpu().numpy()
    try:
        array = np.asarray(value)
    except ValueError as error:
        raise ValueError(
            f"`{name}` must be a regular array of numbers; got a ragged nested list "
            f"(rows of different lengths). NumPy said: {error}"
        ) from None
    if array.dtype.kind not in "biuf":
        raise TypeError(
            f"`{name}` must hold real numbers; got {_describe_kind(array)}."
        )
    if array.size == 0:
        raise ValueError(f"`{name}` is empty (shape {array.shape}); a loss needs at least one value.")
    return array


def _describe_kind(array):
    kinds = {"U": "text (strings)", "S": "bytes", "c": "complex numbers", "M": "dates", "m": "time deltas"}
    if array.dtype.kind == "O":
        sample = next((item for item in array.ravel() if not isinstance(item, numbers.Real)), None)
        return f"a value of type {type(sample).__name__} ({sample!r})"
    return f"{kinds.get(array.dtype.kind, 'values')} of dtype {array.dtype}"


def show(value):
    """A number as a learner would write it (NumPy 2 would print ``np.float64(0.9)``)."""
    value = value.item() if isinstance(value, np.generic) else value
    text = repr(value)
    return f"{value:.6g}" if isinstance(value, float) and len(text) > 10 else text


def float_dtype(*arrays):
    """float32 when the floating inputs are all float32, otherwise float64."""
    floating = [a.dtype for a in arrays if a.dtype.kind == "f"]
    if floating and all(dtype == np.float32 for dtype in floating):
        return np.dtype(np.float32)
    return np.dtype(np.float64)


def as_floats(value, name, dtype=None):
    """A finite floating array; NaN and inf are refused with their position."""
    array = as_array(value, name)
    array = array.astype(dtype or float_dtype(array), copy=False)
    check_finite(array, name)
    return array


def check_finite(array, name):
    if array.size > 10_000:
        # Large arrays: one reduction, no boolean copy. A NaN or inf anywhere makes
        # the sum non-finite (it may also have overflowed: then look closely).
        with np.errstate(over="ignore", invalid="ignore"):
            if np.isfinite(array.sum()):
                return
    bad = ~np.isfinite(array)
    if bad.any():
        index = tuple(int(i) for i in np.argwhere(bad)[0])
        where = f" at index {index}" if index else ""
        raise ValueError(
            f"`{name}` must be finite; it holds {array[bad].size} NaN/inf value(s), "
            f"the first {show(array[bad][0])}{where}."
        )


def check_same_shape(first, first_name, second, second_name):
    """Refuse any shape difference: broadcasting would silently compute another loss."""
    if first.shape == second.shape:
        return
    message = (
        f"`{second_name}` has shape {second.shape} but `{first_name}` has shape "
        f"{first.shape}; shapes must match exactly (lossviz never broadcasts)."
    )
    hint = _column_vs_flat_hint(first, first_name, second, second_name)
    raise ValueError(message + hint)


def _column_vs_flat_hint(first, first_name, second, second_name):
    for column, column_name, flat in ((first, first_name, second), (second, second_name, first)):
        if column.ndim == 2 and column.shape[1] == 1 and flat.ndim == 1 and column.shape[0] == flat.shape[0]:
            n = flat.shape[0]
            return (
                f" Broadcasting ({n}, 1) against ({n},) would compare every prediction with "
                f"every target, an ({n}, {n}) grid. Did you mean `{column_name}.ravel()` "
                f"(or `.squeeze(1)` on a tensor)?"
            )
    return ""


def check_interval(array, name, low, high, what):
    """Values must lie in [low, high]; `what` says what they are meant to be."""
    if array.min() < low or array.max() > high:
        first = array[(array < low) | (array > high)][0]
        raise ValueError(
            f"`{name}` must be {what} in [{low}, {high}]; got {show(first)} "
            f"(min {show(array.min())}, max {show(array.max())})."
        )


def weights_for(weight, name, shape, dtype):
    """Optional non-negative weights that broadcast to `shape` without growing it."""
    if weight is None:
        return None
    array = as_floats(weight, name, dtype)
    try:
        grown = np.broadcast_shapes(array.shape, shape)
    except ValueError:
        grown = None
    if grown != tuple(shape):
        raise ValueError(
            f"`{name}` has shape {array.shape}, which does not broadcast to the "
            f"prediction's shape {tuple(shape)} (it may only repeat along missing "
            f"leading axes, as PyTorch repeats it)."
        )
    if (array < 0).any():
        raise ValueError(f"`{name}` must be non-negative; got {show(array[array < 0][0])}.")
    return array


def positive_number(value, name):
    """A finite number > 0 (Huber's delta)."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"`{name}` must be a positive number; got {type(value).__name__} {show(value)}.")
    if not (np.isfinite(value) and value > 0):
        raise ValueError(f"`{name}` must be a positive finite number; got {show(value)}.")
    return float(value)


def number_in(value, name, low, high):
    """A number in [low, high] (label smoothing)."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"`{name}` must be a number in [{low}, {high}]; got {type(value).__name__} {show(value)}.")
    if not low <= value <= high:
        raise ValueError(f"`{name}` must be in [{low}, {high}]; got {show(value)}.")
    return float(value)


def check_reduction(reduction):
    if not isinstance(reduction, str) or reduction not in REDUCTIONS:
        raise ValueError(
            f"`reduction` must be one of 'mean', 'sum', 'none'; got {reduction!r}."
        )


def reduce(values, reduction, denominator):
    """Apply a reduction: a plain float for "mean"/"sum", the array for "none".

    A plain float because NumPy 2 prints its scalars as ``np.float64(0.375)``,
    which would show in every notebook output.
    """
    # Adding 0.0 turns a -0.0 (from -log 1, say) into 0.0, which prints as a learner expects.
    if reduction == "none":
        return np.asarray(np.asarray(values) + values.dtype.type(0))  # 0-d arithmetic gives a scalar
    total = values.sum()
    return float(total if reduction == "sum" else total / values.dtype.type(denominator)) + 0.0
