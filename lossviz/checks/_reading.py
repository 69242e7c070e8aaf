"""How every check judges an answer (read by `_numbers`) and words its verdict; the lessons' checks are built
from these: `_check_numbers`, `_check_number_choice`, `_check_loss_name`, `_check_function`."""

import math
from typing import NamedTuple

import numpy as np

from lossviz import _format
from lossviz._format import fixed
from lossviz.checks._numbers import _read, _Unreadable, _wanted, _words
from lossviz.losses import Loss


class Feedback(NamedTuple):
    correct: object
    """True, False, or None when there is no answer yet."""
    message: str
    expected: object = None
    """The right answer, whatever was given (so that an answer key is the checks' own)."""

    def __repr__(self):
        return self.message


# How answers are read, for every numeric check alike:
# - a number is read at the decimals it is written with (at least 2, at most 4; Python drops
#   trailing zeros, so 1.20 arrives as 1.2): right when it is within half a unit of its last
#   decimal of the exact value, i.e. when it is the exact value rounded there (1.39 for 1.3863);
# - a number in a short float type (float16, bfloat16) is read at that type's precision;
# - exact forms count as what they are: 4/3 as a Fraction, Decimal('1.30'), the string "1.30"
#   (every numeric string is accepted, in every check, so that no check refuses what another takes);
# - only real numbers: True/False, complex numbers, NaN and text that is not a number are
#   refused with a message saying what came, never with a traceback.
_FEWEST_DECIMALS, _MOST_DECIMALS = 2, 4
_READING_RULE = ("Give at least 2 decimals (Python keeps 1.40 as 1.4, so 1.4 is read as 1.40). Rounded answers "
                 "count when they are right at the decimals written: 2 decimals within 0.005, 4 within 0.00005.")


def answered(answer):
    """Whether a predict-then-run exercise has its prediction, for the cell that runs the experiment
    under it: while the answer is None that cell says so and shows nothing, since its stored output
    would give the answer away to a student reading from the top."""
    if answer is None:
        print("Predict first: write your answer in the exercise's cell and run its check; then run this cell to see.")
        return False
    return True


def _unanswered(hint, expected, rule=_READING_RULE):
    rule = f" {rule}" if rule else ""
    return Feedback(None, f"✎ Not answered yet: replace `None` with your answer.{rule} A wrong answer gets a hint.", expected)


def _half_unit(number):
    """How far from the exact value a number may be and still be right at the precision it was written."""
    decimals = _MOST_DECIMALS if number.decimals is None else min(max(number.decimals, _FEWEST_DECIMALS), _MOST_DECIMALS)
    return 0.5 * 10.0**-decimals, decimals


def _tolerances(found, expected):
    """Per element: the tolerance, its decimals, and the short float type that set it (or None)."""
    rows = []
    for number, value in zip(found, np.ravel(expected)):
        half, decimals = _half_unit(number)
        if number.precision and number.precision[1] * abs(value) > half:
            # A short float cannot hold more: one step of its type counts (bfloat16 1.3828 for 1.3863).
            name, eps = number.precision
            rows.append((eps * abs(value) * (1 + 1e-9), None, name))
        else:
            rows.append((half * (1 + 1e-9), decimals, None))
    return rows


def _is_exact(number, value):
    return number.value == value or number.value == number.rounded(value) or \
        abs(number.value - value) <= 1e-9 * max(1.0, abs(value))


def _shown(found, shape, fewest=0):
    """The answer as written, up to 4 decimals (1.33 stays 1.33; np.float32(1.3) is 1.3), and at
    least `fewest` (an answer read at 2 decimals is shown with 2: 1.2 as 1.20)."""
    values = np.reshape([number.value for number in found], shape)
    written = [number.decimals for number in found]
    decimals = _MOST_DECIMALS if None in written else max(min(max(written), _MOST_DECIMALS), fewest)
    finite = np.abs(values[np.isfinite(values)])
    # Too small for the decimals, or too long to read: 4 significant digits (1e-07, 1e+300).
    if np.any((finite != 0) & (finite < 0.5 * 10.0**-decimals)) or np.any(finite >= 1e9):
        return _format.short(float(values)) if values.shape == () else \
            "[" + ", ".join(_format.short(float(value)) for value in values.ravel()) + "]"
    return fixed(values, decimals)


def _too_few_decimals(found, expected):
    """"1 decimal" (or "a whole number") when every number was written with fewer decimals than
    answers are read to and each is the expected value rounded there (1.4 for 1.3863); else None."""
    written = [number.decimals for number in found]
    if None in written or max(written) >= _FEWEST_DECIMALS or any(number.precision for number in found):
        return None
    if not all(abs(number.value - value) <= 0.5 * 10.0**-number.decimals * (1 + 1e-9)
               for number, value in zip(found, np.ravel(expected))):
        return None
    fewest = max(written)
    return "a whole number" if fewest == 0 else f"{fewest} decimal"


def _within(given, target, tolerances):
    return all(value == wanted if not math.isfinite(wanted) else abs(value - wanted) <= tolerance
               for value, wanted, (tolerance, _, _) in zip(given, np.ravel(target), tolerances))


def _how_read(tolerances, exact):
    """How the answer was read, from its coarsest element not exactly right:
    ("to 2 decimals", "within 0.005"), or a short float type's precision."""
    loose = [row for row, is_exact in zip(tolerances, exact) if not is_exact] or tolerances
    short = [name for _, decimals, name in loose if name]
    if short:
        return f"at {short[0]}'s precision", f"{short[0]} keeps only a few digits"
    decimals = min(decimals for _, decimals, _ in loose)
    return f"to {decimals} decimals", f"within {0.5 * 10.0**-decimals:.{decimals + 1}f}"


def _check_numbers(answer, expected, *, hint, why, slips=(), interval=None):
    """Compare a numeric answer (a number or an array) with the expected one, as the reading rule above says.

    `interval` (low, high): every value there is equally right. `slips` are (wrong value, what it
    suggests) pairs for common mistakes, recognised at the precision the answer was written; the
    expected value with its sign flipped is always recognised. A near miss (within 2 units of the
    last decimal read) is told so, and asked for one more look at its last digit.
    """
    if answer is None:
        return _unanswered(hint, expected)
    right, expected = expected, np.asarray(expected, dtype=float)
    try:
        found = _read(answer, expected.shape)
    except _Unreadable as refusal:
        return Feedback(False, f"✗ Your answer should be {_wanted(expected.shape)}; {refusal}.\nHint: {hint}", right)
    given = [number.value for number in found]
    is_or_holds = "holds" if expected.shape else "is"
    if any(math.isnan(value) for value in given):
        return Feedback(False, f"✗ Your answer {is_or_holds} NaN (\"not a number\"): the computation that made it "
                               f"is undefined somewhere (0/0, inf - inf, the log of a negative number).\nHint: {hint}",
                        right)
    tolerances = _tolerances(found, expected)
    exact = [_is_exact(number, value) for number, value in zip(found, np.ravel(expected))]
    def in_interval(margin):
        return interval is not None and interval[0] - margin <= given[0] <= interval[1] + margin

    # Exact, or exactly the expected value rounded to its float type (float32 0.04); a short type
    # (bfloat16) that rounds it away is said to be read at its precision.
    plain = [is_exact and (number.precision is None or abs(number.value - value) <= 1e-9 * max(1.0, abs(value)))
             for number, value, is_exact in zip(found, np.ravel(expected), exact)]
    if in_interval(tolerances[0][0]) or all(plain):
        return Feedback(True, f"✓ Right: {_shown(found, expected.shape)}. {why}", right)
    how, within = _how_read(tolerances, exact)
    shown = _shown(found, expected.shape, fewest=_FEWEST_DECIMALS)
    slips = [*slips, *([(-expected, "The right size, with the wrong sign: check each minus sign (a forgotten "
                                    "one, or one too many).")] if np.any(expected != 0) else [])]
    if _within(given, expected, tolerances):
        if any(name for _, _, name in tolerances) and any(_within(given, np.asarray(wrong, dtype=float), tolerances)
                                                         for wrong, _ in slips):
            short = next(name for _, _, name in tolerances if name)
            return Feedback(False, f"✗ {short} keeps too few digits for this answer: {shown} cannot be told from a "
                                   f"common slip. Give it as a Python number, or a float32 or float64 tensor.", right)
        four = "" if how == f"to {_MOST_DECIMALS} decimals" else f"; to 4 decimals: {fixed(expected)}"
        return Feedback(True, f"✓ Right {how} ({within}): {shown}{four}. {why}", right)
    for wrong, diagnosis in slips:
        if _within(given, np.asarray(wrong, dtype=float), tolerances):
            return Feedback(False, f"✗ Not quite: you gave {shown}. {diagnosis}", right)
    if any(math.isinf(value) for value in given):
        return Feedback(False, f"✗ Your answer {is_or_holds} an infinity (inf): a computation overflowed (a number beyond "
                               f"about 1.8e308) or divided by zero.\nHint: {hint}", right)
    too_short = _too_few_decimals(found, expected)
    if too_short is not None and interval is None:
        written = _shown(found, expected.shape)
        return Feedback(False, f"✗ Give at least {_FEWEST_DECIMALS} decimals: {written} is the answer rounded to "
                               f"{too_short}, but {written} and {shown} are the same to Python, so it is read "
                               f"as {shown}, and that is not the answer to {_FEWEST_DECIMALS} decimals.", right)
    near = [(4 * tolerance, decimals, name) for tolerance, decimals, name in tolerances]  # 2 units of the last decimal
    if interval is not None and in_interval(near[0][0]):
        return Feedback(False, f"✗ Just outside: every value from {_format.show(interval[0])} to "
                               f"{_format.show(interval[1])} is right, and {_shown(found, expected.shape)} is not "
                               f"among them.\nHint: {hint}", right)
    if _within(given, expected, near):
        return Feedback(False, f"✗ Close, but not right {how} ({within}): {shown}. Look at the last digit: "
                               f"round it (do not cut it off), or give 4 decimals.", right)
    return Feedback(False, f"✗ Not quite: you gave {shown}, which is not the expected value "
                           f"(read {how}: right answers are {within} of it).\nHint: {hint}", right)


# How a name is written does not matter: the class itself, "nn.CrossEntropyLoss", "crossentropyloss ",
# an instance, the functional form (F.cross_entropy) or the lossviz loss all name the same loss.
_SAME_LOSS = {"binarycrossentropy": "bce", "binarycrossentropywithlogits": "bcewithlogits",
              "meansquarederror": "mse", "l1": "mae"}


def _name_key(text):
    text = text.strip().removesuffix("()").rsplit(".", 1)[-1]
    key = "".join(character for character in text.lower() if character.isalnum()).removesuffix("loss")
    return _SAME_LOSS.get(key, key)


def _named_loss(answer):
    """The key of the loss an answer names ("crossentropy"), or None when it names none."""
    if isinstance(answer, Loss):
        return _name_key(answer.pytorch) if answer.pytorch.startswith("torch.nn.") else _name_key(answer.name)
    if isinstance(answer, str):
        return _name_key(answer)
    if isinstance(answer, type):
        return _name_key(answer.__name__)
    if str(getattr(type(answer), "__module__", "")).startswith("torch.nn"):  # an instance: nn.CrossEntropyLoss()
        return _name_key(type(answer).__name__)
    if callable(answer) and hasattr(answer, "__name__"):  # torch.nn.functional.cross_entropy
        return _name_key(answer.__name__)
    return None


def _check_loss_name(answer, options, rights, *, hint, wrong_why):
    """A choice among PyTorch losses, named in any way `_named_loss` reads.

    `rights` maps each right option to why it is right (more than one can be right).
    """
    expected = next(iter(rights))
    if answer is None:
        return _unanswered(hint, expected, rule="")
    listed = ", ".join(f'"{option}"' for option in options[:-1]) + f' or "{options[-1]}"'
    try:
        key = _named_loss(answer)
    except Exception:  # an object that fails when asked its name: it names no loss
        key = None
    by_key = {_name_key(option): option for option in options}
    if key is None or not key:
        return Feedback(False, f"✗ Answer with one of {listed} (a name in quotes, or the class); "
                               f"got {_words(answer)}.", expected)
    if key not in by_key:
        return Feedback(False, f"✗ Choose one of {listed}; got {_words(answer)}, which is not one of them.", expected)
    chosen = by_key[key]
    if chosen in rights:
        return Feedback(True, f"✓ Right: {chosen}. {rights[chosen]}", expected)
    return Feedback(False, f"✗ Not quite: {chosen}. {wrong_why}", expected)


def _check_number_choice(answer, options, right, *, hint, why, wrong_why, slips=()):
    """A choice among a few numbers, read as any numeric answer is (1.3, "1.3", Fraction(13, 10) ...)."""
    if answer is None:
        return _unanswered(hint, right, rule="")
    listed = " or ".join(_format.show(option) for option in options)
    try:
        (number,) = _read(answer, ())
    except _Unreadable as refusal:
        return Feedback(False, f"✗ Answer with one of the numbers {listed}; {refusal}.", right)
    for option in options:
        (tolerance, _, _), = _tolerances([number], option)
        if abs(number.value - option) <= tolerance:
            if option == right:
                return Feedback(True, f"✓ Right: {_format.show(option)}. {why}", right)
            return Feedback(False, f"✗ Not quite: {_format.show(option)}. {wrong_why}", right)
    shown = _shown([number], ())
    for wrong, diagnosis in slips:
        (tolerance, _, _), = _tolerances([number], wrong)
        if abs(number.value - wrong) <= tolerance:
            return Feedback(False, f"✗ Not quite: you gave {shown}. {diagnosis}", right)
    return Feedback(False, f"✗ Choose one of {listed}; got {shown}.", right)


def _check_function(answer, name, cases, reference, *, tolerance, hint, why):
    """A function the student writes, called on each case in turn and compared with `reference`.

    The first case it gets wrong is named, with what it gave in words (an exception, NaN, the wrong
    number of values), so that the student knows which input to try.
    """
    rule = f"Your function's results count when each is within {tolerance:g} of the right one."
    if answer is None:
        return _unanswered(hint, reference, rule=rule)
    if not callable(answer) or isinstance(answer, type):
        return Feedback(False, f"✗ Answer with a function: define it with `def {name}(z): ...`, then set "
                               f"`answer = {name}` (no brackets); got {_words(answer)}.", reference)
    for case in cases:
        expected = reference(np.array(case))
        shown_case = "[" + ", ".join(_format.show(value) for value in case) + "]"
        try:
            result = answer(np.array(case))
        except Exception as error:  # the student's code: say what it raised, never a traceback
            return Feedback(False, f"✗ For z = {shown_case} your function raised {type(error).__name__}: {error}.\n"
                                   f"Hint: {hint}", reference)
        try:
            given = [number.value for number in _read(result, np.shape(expected))]
        except _Unreadable as refusal:
            return Feedback(False, f"✗ For z = {shown_case} your function should return {_wanted(np.shape(expected))}; "
                                   f"{refusal}.\nHint: {hint}", reference)
        if not np.allclose(given, np.ravel(expected), rtol=0, atol=tolerance):
            return Feedback(False, f"✗ For z = {shown_case} your function gives {fixed(given)}; the right values are "
                                   f"{fixed(expected)} (within {tolerance:g}).\nHint: {hint}", reference)
    return Feedback(True, f"✓ Right: your function is right on {len(cases)} inputs, large logits included. {why}", reference)
