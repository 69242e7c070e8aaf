"""Turn what a learner passes in into checked NumPy arrays, and reduce losses.

Every public loss goes through these functions, so every bad input gets the
same kind of message: the argument's name, what was expected, what came, and
where possible how to fix it. ``TypeError`` is for the wrong kind of thing,
``ValueError`` for the wrong shape or values.
"""

import decimal
import math
import numbers

import numpy as np

from lossviz._format import show

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
        value = _tensor_as_array(value, name)
    if isinstance(value, np.ma.MaskedArray) and np.ma.getmask(value).any():
        # Dropping the mask would count the hidden values; guessing which to leave out is not ours.
        raise TypeError(
            f"`{name}` is a masked array with {int(np.ma.getmask(value).sum())} masked value(s); lossviz "
            f"never drops a mask silently. Keep only the unmasked positions of every argument "
            f"(e.g. `keep = ~{name}.mask`), or fill them (`{name}.filled(...)`)."
        )
    try:
        array = np.asarray(value)
    except ValueError as error:
        raise ValueError(
            f"`{name}` must be a regular array of numbers; got a ragged nested list "
            f"(rows of different lengths). NumPy said: {error}"
        ) from None
    except RuntimeError as error:  # torch refusing NumPy a tensor inside a list (one that requires grad)
        raise TypeError(
            f"`{name}` is a list holding tensors NumPy cannot read ({error}). Pass one tensor instead: "
            f"`torch.stack({name}).detach()`."
        ) from None
    if array.dtype.kind == "O":
        array = _objects_as_floats(array, name)
    if array.dtype.kind not in "biuf":
        raise TypeError(
            f"`{name}` must hold real numbers; got {_describe_kind(array)}."
        )
    if array.size == 0:
        raise ValueError(f"`{name}` is empty (shape {array.shape}); a loss needs at least one value.")
    return array


def _tensor_as_array(tensor, name):
    """A torch tensor's values as NumPy, detached; duck-typed so that lossviz never imports torch."""
    if getattr(tensor, "is_meta", False):
        raise TypeError(f"`{name}` is a meta tensor, which has a shape but no values; pass a tensor with data.")
    if "sparse" in str(getattr(tensor, "layout", "")):
        raise TypeError(f"`{name}` is a sparse tensor ({tensor.layout}); pass `{name}.to_dense()`.")
    tensor = tensor.detach().cpu()
    if str(tensor.dtype) == "torch.bfloat16":
        # NumPy has no bfloat16; float32 holds every bfloat16 value exactly.
        tensor = tensor.float()
    try:
        return tensor.numpy()
    except (TypeError, RuntimeError) as error:
        raise TypeError(f"`{name}` is a tensor NumPy cannot read ({tensor.dtype}): {error}") from None


def _objects_as_floats(array, name):
    """An object array of real numbers (Fraction, Decimal, integers too big for int64) as float64."""
    for item in array.ravel():
        if not isinstance(item, (numbers.Real, decimal.Decimal)):
            kind = "text (strings)" if isinstance(item, str) else f"a value of type {type(item).__name__} ({item!r})"
            raise TypeError(f"`{name}` must hold real numbers; got {kind}.")
    try:
        floats = array.astype(np.float64)
    except OverflowError:
        floats = None
    # A Decimal too large for a float becomes inf with no error, unlike an int or a Fraction.
    if floats is None or any(_too_large_for_float(item) for item in array.ravel()):
        raise ValueError(f"`{name}` holds a number too large for a float (above about 1.8e308).")
    return floats


def _too_large_for_float(number):
    return isinstance(number, decimal.Decimal) and number.is_finite() and not math.isfinite(float(number))


def _describe_kind(array):
    kinds = {"U": "text (strings)", "S": "bytes", "c": "complex numbers", "M": "dates", "m": "time deltas"}
    return f"{kinds.get(array.dtype.kind, 'values')} of dtype {array.dtype}"


def is_float32(value):
    """Whether `value` (an array, a tensor or a number) holds float32 numbers."""
    return str(getattr(value, "dtype", "")) in ("float32", "torch.float32")


def computes_in_float32(*values):
    """Whether a loss of these (valid) arguments is computed in float32: every one that holds
    floats holds float32 (numbers and lists of floats are float64; integers do not count)."""
    floating = [value for value in values if _holds_floats(value)]
    return bool(floating) and all(map(is_float32, floating))


def _holds_floats(value):
    if hasattr(value, "detach"):  # a torch tensor, read without importing torch
        return value.is_floating_point()
    return np.asarray(value).dtype.kind == "f"


def float_dtype(*arrays):
    """float32 when the floating inputs are all float32, otherwise float64."""
    floating = [a.dtype for a in arrays if a.dtype.kind == "f"]
    if floating and all(dtype == np.float32 for dtype in floating):
        return np.dtype(np.float32)
    return np.dtype(np.float64)


def as_floats(value, name, dtype=None):
    """A finite floating array; NaN and inf are refused with their position."""
    array = as_array(value, name)
    dtype = np.dtype(dtype or float_dtype(array))
    with np.errstate(over="ignore"):
        cast = array.astype(dtype, copy=False)
    if dtype == np.float32 and cast is not array and array.dtype.kind == "f":
        too_large = np.isinf(cast) & np.isfinite(array)
        if too_large.any():
            raise ValueError(
                f"`{name}` holds {show(array[too_large][0])}, too large for float32 (at most about 3.4e38), "
                f"the dtype of this computation since the predictions are float32; pass float64 predictions."
            )
    check_finite(cast, name)
    return cast


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
                f"every target, a ({n}, {n}) grid. Did you mean `{column_name}.ravel()` "
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
    """A finite number > 0 (Huber's delta), as a float."""
    number = _option_number(value, name, "a positive number")
    if not (math.isfinite(number) and number > 0):
        raise ValueError(f"`{name}` must be a positive finite number; got {show(value)}.")
    return number


def number_in(value, name, low, high, *, open_interval=False):
    """A finite number in [low, high] (label smoothing, a margin), or in (low, high) when `open_interval`."""
    if open_interval:
        where, inside = f"in ({low}, {high})", lambda number: low < number < high
    elif high == np.inf:
        where, inside = f">= {low}", lambda number: low <= number < high
    else:
        where, inside = f"in [{low}, {high}]", lambda number: low <= number <= high
    number = _option_number(value, name, f"a number {where}")
    if not inside(number):
        raise ValueError(f"`{name}` must be {where}; got {show(value)}.")
    return number


def whole_number_in(value, name, low, high):
    """An integer in [low, high] (a number of steps, a seed), as an int; a bool or a float is refused."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"`{name}` must be a whole number from {low} to {high}; got {type(value).__name__} {show(value)}.")
    if not low <= value <= high:
        raise ValueError(f"`{name}` must be a whole number from {low} to {high}; got {show(value)}.")
    return int(value)


def flag(value, name):
    """A yes/no option (PyTorch's `log_input`, `full`, `log_target`): True or False, nothing read as one."""
    if not isinstance(value, (bool, np.bool_)):
        raise TypeError(f"`{name}` must be True or False; got {type(value).__name__} {show(value)}.")
    return bool(value)


def _option_number(value, name, expected):
    """A keyword option as a float: any real number (int, float, Fraction, NumPy scalar), not a bool."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"`{name}` must be {expected}; got {type(value).__name__} {show(value)}.")
    try:
        return float(value)
    except OverflowError:
        raise ValueError(f"`{name}` must be {expected}; got {show(value)}, too large for a float "
                         f"(above about 1.8e308).") from None


def check_reduction(reduction, allowed=REDUCTIONS):
    if not isinstance(reduction, str) or reduction not in allowed:
        raise ValueError(f"`reduction` must be one of {', '.join(map(repr, allowed))}; got {reduction!r}.")


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
