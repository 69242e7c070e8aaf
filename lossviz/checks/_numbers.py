"""How an answer is read as real numbers, whatever its form (a float, an int, a Fraction, a Decimal, a
numeric string, a NumPy scalar or array, a tensor of any real dtype), and what it is, in words, when
it is none: `_read` gives the numbers, `_Unreadable` says why not."""

import math
import numbers
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from typing import NamedTuple

import numpy as np

from lossviz import _format
from lossviz._format import MINUS
from lossviz.losses import Loss



_LARGEST_FLOAT = float(np.finfo(float).max)


class _Unreadable(Exception):
    """Why an answer cannot be read as real numbers, in words (the check turns it into ✗)."""


class _Number(NamedTuple):
    """One number of an answer as it came."""

    value: float
    decimals: object
    """Decimals written (1.30 -> 2), or None when it is exact (a Fraction such as 4/3) or its type sets its precision."""
    precision: object
    """(name, relative precision) of a float type shorter than float32 (bfloat16 keeps about 3
    digits), else None."""
    rounded: object
    """Rounds a float to the answer's own type (float32 0.04 is float32(0.04), exactly right)."""


def _words(answer):
    """What an answer is, in words: "the text 'abc'", "a dict", "the class torch.nn.MSELoss"."""
    if answer is None:
        return "None"
    if isinstance(answer, str):
        return f"the text {answer!r}"
    if isinstance(answer, (bool, np.bool_)):
        return f"{bool(answer)}, a yes/no"
    if isinstance(answer, type):
        module = "" if answer.__module__ == "builtins" else f"{answer.__module__}."
        return f"the class {module}{answer.__qualname__}"
    if isinstance(answer, Loss):
        return f"the lossviz loss lv.{answer.name}"
    if _is_tensor(answer):
        return f"a tensor of shape {tuple(answer.shape)} ({str(answer.dtype).removeprefix('torch.')})"
    if isinstance(answer, np.ndarray):
        return f"an array of shape {answer.shape} ({answer.dtype})"
    if isinstance(answer, (list, tuple)):
        return f"a {type(answer).__name__} of {len(answer)} item{'s' * (len(answer) != 1)}"
    if callable(answer):
        return f"the function {getattr(answer, '__qualname__', type(answer).__name__)}"
    if isinstance(answer, numbers.Number):
        return f"the number {_format.show(answer)}"
    if isinstance(answer, (bytes, bytearray)):
        return f"the bytes {bytes(answer)!r}"
    name = type(answer).__name__
    return f"{'an' if name[:1].lower() in 'aeiou' else 'a'} {name}"


def _is_tensor(value):
    return str(getattr(type(value), "__module__", "")).split(".")[0] == "torch" and hasattr(value, "detach")


def _exact_decimals(fraction):
    """Decimals of a fraction whose denominator divides a power of 10 (13/10 -> 1), else None."""
    for decimals in range(40):
        if 10**decimals % fraction.denominator == 0:
            return decimals
    return None


def _written(text):
    """A number written as text (the typographic minus of lossviz's own output included)."""
    text = text.strip().replace(MINUS, "-")
    try:
        return Decimal(text)
    except InvalidOperation:
        pass
    try:
        return Fraction(text)  # "4/3"
    except (ValueError, ZeroDivisionError):
        pass
    if "," in text and _written(text.replace(",", ".")) is not None:
        raise _Unreadable(f"{text!r} has a comma; write the decimal point as a point ({text.replace(',', '.')})")
    return None


def _number(item):
    """One element of an answer as a `_Number`; `_Unreadable` when it is not a real number."""
    if isinstance(item, (bool, np.bool_)):
        raise _Unreadable(f"{bool(item)} is a yes/no (True or False), not a number")
    if isinstance(item, str):
        written = _written(item)
        if written is None:
            raise _Unreadable(f"{item!r} is not a number (write digits, such as 0.5, or -2, or 4/3)")
        return _number(written)
    if isinstance(item, numbers.Integral):
        item = int(item)
        if abs(item) > _LARGEST_FLOAT:
            raise _Unreadable(f"it is a {len(str(abs(item)))}-digit whole number, larger than any float (about 1.8e308)")
        return _Number(float(item), 0, None, float)
    if isinstance(item, Fraction):
        try:
            return _Number(float(item), _exact_decimals(item), None, float)
        except OverflowError:
            raise _Unreadable("it is a fraction larger than any float (about 1.8e308)") from None
    if isinstance(item, Decimal):
        if item.is_nan():  # a signalling NaN refuses float()
            return _Number(math.nan, None, None, float)
        value = float(item)
        if item.is_finite() and math.isinf(value):
            raise _Unreadable(f"{item} is larger than any float (about 1.8e308)")
        exponent = item.as_tuple().exponent
        return _Number(value, max(0, -exponent) if isinstance(exponent, int) else None, None, float)
    if isinstance(item, numbers.Complex) and not isinstance(item, numbers.Real):
        raise _Unreadable(f"{_format.show(complex(item))} is a complex number; the answers here are real numbers, "
                          f"with no imaginary part")
    if isinstance(item, np.floating) and item.dtype != np.float64:
        dtype = item.dtype
        written = Decimal(np.format_float_scientific(item, unique=True))  # as NumPy prints it: 1.3, not 1.2999999523
        short = (dtype.name, float(np.finfo(dtype).eps)) if np.finfo(dtype).eps > 1e-6 else None
        exponent = written.as_tuple().exponent  # a whole number exactly when `written` is finite
        decimals = -exponent if isinstance(exponent, int) else None
        return _Number(float(item), max(0, decimals) if decimals is not None else None, short,
                       lambda value: float(np.asarray(value).astype(dtype)))
    if isinstance(item, float):  # np.float64 too: its repr would be "np.float64(...)"
        return _number(Decimal(float.__repr__(item)))._replace(value=float(item))
    if isinstance(item, numbers.Real) or (hasattr(item, "__float__") and not isinstance(item, type)):  # sympy, mpmath
        try:
            value = float(item)
        except (TypeError, ValueError, OverflowError) as error:
            raise _Unreadable(f"{_words(item)} is not a real number ({error})") from None
        return _number(value)
    raise _Unreadable(f"{_words(item)} is not a number")


def _tensor_numbers(tensor):
    """A torch tensor's numbers as (shape, [_Number]) (torch is imported: the answer is one of its tensors)."""
    import torch

    if getattr(tensor, "is_meta", False):
        raise _Unreadable("it is a meta tensor, which has a shape but no values; make it on the CPU (no device='meta')")
    if tensor.is_complex():
        raise _Unreadable("it is a complex tensor; the answers here are real numbers, with no imaginary part")
    if tensor.dtype == torch.bool:
        raise _Unreadable("it is a tensor of yes/no values (True or False), not numbers")
    tensor = tensor.detach()  # an answer that requires grad is still the number it holds
    if tensor.layout != torch.strided:
        tensor = tensor.to_dense()
    tensor = tensor.cpu()
    if tensor.is_quantized:
        tensor = tensor.dequantize()
    if tensor.dtype.is_floating_point and tensor.dtype not in (torch.float16, torch.float32, torch.float64):
        # bfloat16 and the float8 types have no NumPy dtype: read them at their own precision.
        dtype = tensor.dtype
        short = (str(dtype).removeprefix("torch."), float(torch.finfo(dtype).eps))

        def rounded(value):
            return torch.tensor(value, dtype=torch.float64).to(dtype).item()

        values = tensor.to(torch.float64).numpy()
        return values.shape, [_Number(float(value), None, short, rounded) for value in values.ravel()]
    return _array_numbers(tensor.numpy())


def _array_numbers(array):
    if np.ma.is_masked(array):
        raise _Unreadable("it is a masked array with missing values")
    array = np.asarray(array)
    if array.dtype.kind == "b":
        raise _Unreadable("it is an array of yes/no values (True or False), not numbers")
    if array.dtype.kind == "c":
        raise _Unreadable("it is a complex array; the answers here are real numbers, with no imaginary part")
    if array.dtype.kind not in "iufOUS":
        raise _Unreadable(f"it is an array of {array.dtype} values, not numbers")
    items = array.ravel().tolist() if array.dtype.kind in "OUS" else list(array.ravel())
    return array.shape, [_number(item.decode() if isinstance(item, bytes) else item) for item in items]


def _nested_numbers(answer):
    """(shape, [_Number]) of a number, a (nested) list, an array or a tensor."""
    if _is_tensor(answer):
        return _tensor_numbers(answer)
    if isinstance(answer, np.ndarray):
        return _array_numbers(answer)
    if isinstance(answer, (list, tuple)):
        parts = [_nested_numbers(item) for item in answer]
        shapes = {shape for shape, _ in parts}
        if len(shapes) > 1:
            raise _Unreadable("its rows have different lengths")
        return (len(parts), *(shapes.pop() if parts else ())), [number for _, part in parts for number in part]
    if isinstance(answer, (dict, set, frozenset)):
        raise _Unreadable(f"{_words(answer)} is not a number")
    if hasattr(answer, "__array__") and not isinstance(answer, numbers.Number):  # pandas, JAX, ...
        return _array_numbers(np.asarray(answer))
    return (), [_number(answer)]


def _read(answer, shape):
    """The answer's numbers in `shape` (a column or a row of the right size counts), or `_Unreadable`."""
    try:
        given_shape, found = _nested_numbers(answer)
    except _Unreadable:
        raise
    except Exception as error:  # an object whose conversions fail in its own way: still no traceback
        raise _Unreadable(f"{_words(answer)} could not be read as numbers ({type(error).__name__}: {error})") from None
    size = math.prod(shape)
    if len(found) != size:
        count = "no numbers" if not found else "one number" if len(found) == 1 else f"{len(found)} numbers"
        raise _Unreadable(f"got {count}" + (f" (shape {given_shape})" if len(given_shape) > 1 else ""))
    return found


def _wanted(shape):
    return "one number" if shape == () else f"{math.prod(shape)} numbers (a list or an array)"
