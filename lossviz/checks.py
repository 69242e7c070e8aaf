"""Checks for the notebooks' exercises: right or wrong, and why.

Each exercise's student cell starts as ``answer = None``; its check cell calls
one of these. While the answer is None the check gives the hint, so every
notebook runs clean as committed. A right answer gets ✓ and the reason; a
wrong one gets what it looks like went wrong (the common slips are
recognised: a sum instead of a mean, a flipped sign, a missing square, a
natural log swapped for log10, ...). Expected numbers are computed by lossviz,
never typed in.

A check returns a `Feedback`, which shows as its message in a notebook and
tells tests whether the answer was right (``feedback.correct``: True, False,
or None while unanswered).
"""

import math
from typing import NamedTuple

import numpy as np

from lossviz._format import fixed
from lossviz.losses import bce, cross_entropy, mae, mse


class Feedback(NamedTuple):
    correct: object
    """True, False, or None when there is no answer yet."""
    message: str
    expected: object = None
    """The right answer, whatever was given (so that an answer key is the checks' own)."""

    def __repr__(self):
        return self.message


def _unanswered(hint, expected):
    return Feedback(None, f"✎ Not answered yet: replace `None` with your answer.\nHint: {hint}", expected)


def _as_numbers(answer, shape):
    """The answer as an array of `shape`, or None if it cannot be read as numbers of that shape."""
    try:
        array = np.asarray(answer.detach().numpy() if hasattr(answer, "detach") else answer, dtype=float)
    except (TypeError, ValueError):
        return None
    return array if array.shape == shape else None


def _decimals_given(value):
    """How many decimals a student wrote (1.33 -> 2), as Python prints the number back."""
    text = repr(float(value))
    return len(text.split(".")[1]) if "." in text and "e" not in text else 0


def _check_numbers(answer, expected, *, hint, why, slips=(), tolerance=5e-4, interval=None):
    """Compare a numeric answer (a number or an array) with the expected one.

    Right within `tolerance` (4 decimals), or anywhere in `interval` (low, high) where every
    value there is equally right. `slips` are (wrong value, what it suggests) pairs for common
    mistakes; the expected value with its sign flipped is always recognised. An answer written
    with 2 or 3 decimals is read at that precision: rounded right, it is right, and the feedback
    says so and gives 4 decimals; a slip rounded is still named.
    """
    if answer is None:
        return _unanswered(hint, expected)
    right, expected = expected, np.asarray(expected, dtype=float)
    given = _as_numbers(answer, expected.shape)
    if given is None:
        wanted = "a number" if expected.shape == () else f"{expected.size} numbers (shape {expected.shape})"
        return Feedback(False, f"✗ Your answer should be {wanted}; got {answer!r}.\nHint: {hint}", right)
    typed = max(_decimals_given(value) for value in np.ravel(given))
    shown = fixed(given, typed) if typed <= 4 else fixed(given)  # as written (1.33, not 1.3300)
    if interval is not None and interval[0] - tolerance <= float(given) <= interval[1] + tolerance:
        return Feedback(True, f"✓ Right: {shown}. {why}", right)
    # Python keeps no trailing zeros (1.20 is 1.2): fewer than 2 decimals are read as 2.
    decimals = max(2, typed)
    precisions = [(lambda value: np.allclose(given, value, rtol=tolerance, atol=tolerance), None)]
    if decimals <= 3:
        half_unit = 0.5 * 10.0**-decimals + 1e-12
        precisions.append((lambda value: bool(np.all(np.abs(given - value) <= half_unit)), decimals))
    sign_slip = [(-expected, "The right size, with the wrong sign: check each minus sign (a forgotten "
                             "one, or one too many).")] if np.any(expected != 0) else []
    for matches, rounded in precisions:
        if matches(expected):
            if rounded is None:
                return Feedback(True, f"✓ Right: {shown}. {why}", right)
            return Feedback(True, f"✓ Close: {shown} is right to {rounded} decimals "
                                  f"(to 4: {fixed(expected)}). {why}", right)
        for wrong, diagnosis in [*slips, *sign_slip]:
            if matches(np.asarray(wrong, dtype=float)):
                return Feedback(False, f"✗ Not quite: you gave {shown}. {diagnosis}", right)
    return Feedback(False, f"✗ Not quite: you gave {shown}, which is not the expected value.\nHint: {hint}", right)


def _check_choice(answer, options, right, *, hint, why, wrong_why):
    if answer is None:
        return _unanswered(hint, right)
    if answer not in options:
        return Feedback(False, f"✗ Choose one of {list(options)}; got {answer!r}.", right)
    if answer == right:
        return Feedback(True, f"✓ Right: {answer!r}. {why}", right)
    return Feedback(False, f"✗ Not quite: {answer!r}. {wrong_why}", right)


# ------------------------------------------------------------ 00: golf-score intuition


def check_squared_error(answer):
    """00, exercise 1: the squared error of the prediction 0.8 for the target 1.0."""
    expected = mse(0.8, 1.0)
    return _check_numbers(
        answer, expected,
        hint="take the difference prediction - target, then square it: (0.8 - 1.0)**2.",
        why="The prediction misses by 0.2, and 0.2 squared is 0.04.",
        slips=[(-0.2, "That is the error itself; a loss squares it, so it is never negative."),
               (0.2, "That is the size of the miss; square it to get the squared error.")],
    )


def check_better_prediction(answer):
    """00, exercise 2: for target 1.0, which is the better prediction, 0.6 or 1.3?"""
    scores = {pred: mse(pred, 1.0) for pred in (0.6, 1.3)}
    best = min(scores, key=scores.get)
    worst = max(scores, key=scores.get)
    return _check_choice(
        answer, tuple(scores), best,
        hint="compute both squared errors, (0.6 - 1)**2 and (1.3 - 1)**2: like golf, lower is better.",
        why=f"Its score {scores[best]:.2f} beats {scores[worst]:.2f}: overshooting by 0.3 is closer than "
            f"falling short by 0.4. A loss cares how far, not which side.",
        wrong_why=f"Its squared error is {scores[worst]:.2f}, the other's {scores[best]:.2f}; lower is better.",
    )


# ------------------------------------------------------------ 01: mean squared error

_MSE_PRED, _MSE_TARGET = [1.0, 2.0, 3.0], [1.0, 2.0, 5.0]


def check_mse_value(answer):
    """01, exercise 1: the MSE of predictions [1, 2, 3] for targets [1, 2, 5]."""
    errors = np.subtract(_MSE_PRED, _MSE_TARGET)
    return _check_numbers(
        answer, mse(_MSE_PRED, _MSE_TARGET),
        hint="errors are 0, 0 and -2; square them and take the mean (divide by 3).",
        why="The squared errors 0, 0 and 4 average to 4/3.",
        slips=[(mse(_MSE_PRED, _MSE_TARGET, reduction="sum"), "That is the sum; MSE divides by the number of values (3)."),
               (np.abs(errors).mean(), "That is the mean of the errors' sizes (without their signs); "
                                       "MSE squares each error instead."),
               (np.sqrt(mse(_MSE_PRED, _MSE_TARGET)), "That is the root of the MSE (RMSE); leave out the square root.")],
    )


def check_mse_gradient(answer):
    """01, exercise 2: dL/dŷ of that MSE, one number per prediction."""
    expected = mse.grad(_MSE_PRED, _MSE_TARGET)
    return _check_numbers(
        answer, expected,
        hint="dL/dŷ_i = 2 (ŷ_i - y_i) / n with n = 3: give three numbers.",
        why="Only the third prediction is off (by -2), so only it gets a push: 2 * (-2) / 3, upward.",
        slips=[(-expected, "The sign is flipped: the gradient points uphill, ŷ - y, not y - ŷ."),
               (expected * 3, "You left out the 1/n of the mean: divide by 3."),
               (expected / 2, "You left out the 2 from differentiating the square.")],
    )


# ------------------------------------------------------------ 02: binary cross-entropy


def check_bce_confidently_wrong(answer):
    """02, exercise 1: the BCE of predicting p = 0.7 when the label is 0."""
    expected = bce(0.7, 0.0)
    return _check_numbers(
        answer, expected,
        hint="with y = 0 only the second term remains: -log(1 - p), natural log.",
        why="The model gave the true answer (0) only 0.3: -log(0.3) = 1.2040. Wrong and fairly sure costs a lot.",
        slips=[(-math.log(0.7), "That is -log(p), the cost if the label were 1; the label is 0, so use -log(1 - p)."),
               (math.log(0.3), "You forgot the minus sign: the log of a probability is negative, and BCE "
                               "puts a minus in front so that the loss is positive."),
               (-math.log10(0.3), "That is log base 10; BCE uses the natural log (np.log).")],
    )


def check_bce_gradient(answer):
    """02, exercise 2: dL/dp of the BCE at p = 0.5 for the label 1."""
    expected = float(bce.grad(0.5, 1.0))
    return _check_numbers(
        answer, expected,
        hint="dL/dp = (p - y) / (p (1 - p)); put in p = 0.5 and y = 1.",
        why="(0.5 - 1) / 0.25 = -2: negative, so raising p lowers the loss.",
        slips=[(-expected, "The sign is flipped: the loss falls as p rises toward the label 1, so the slope is negative."),
               (-0.5, "That is p - y alone; divide by p (1 - p) = 0.25.")],
    )


# ------------------------------------------------------------ 03: cross-entropy


def check_uniform_cross_entropy(answer):
    """03, exercise 1: the cross-entropy of four equal logits [0, 0, 0, 0], true class 1."""
    expected = cross_entropy([0.0, 0.0, 0.0, 0.0], 1)
    return _check_numbers(
        answer, expected,
        hint="equal logits give equal probabilities, 1/4 each; the loss is -log of the true class's.",
        why="-log(1/4) = log 4 = 1.3863, whichever class is true: a model that knows nothing pays log K.",
        slips=[(0.25, "That is the probability itself; the loss is -log of it."),
               (math.log10(4), "That is log base 10; use the natural log.")],
    )


def check_cross_entropy_gradient(answer):
    """03, exercise 2: dL/dz for logits [1.0, 2.0, 0.5] and true class 1."""
    logits = [1.0, 2.0, 0.5]
    expected = cross_entropy.grad(logits, 1)
    probabilities = np.exp(logits) / np.exp(logits).sum()
    return _check_numbers(
        answer, expected,
        hint="the gradient is softmax(z) - onehot(y): the probabilities, minus 1 at the true class (class 1).",
        why="Push the true class's logit up (negative gradient) and the others down, each by its probability.",
        slips=[(probabilities, "Those are the probabilities; subtract the one-hot target [0, 1, 0]."),
               (probabilities - np.eye(3)[0], "You subtracted 1 at class 0; the true class here is 1."),
               (-expected, "The sign is flipped: softmax minus one-hot, not one-hot minus softmax.")],
    )


# ------------------------------------------------------------ 04: how a loss guides learning


def check_chain_rule(answer):
    """04, exercise 1: dL/dw for ŷ = w·x with x = 3, w = 0.5, target y = 2, L = (ŷ - y)²."""
    x, w, y = 3.0, 0.5, 2.0
    slope = float(mse.grad(w * x, y))  # dL/dŷ
    expected = slope * x
    return _check_numbers(
        answer, expected,
        hint="ŷ = w·x = 1.5; dL/dŷ = 2(ŷ - y); then multiply by dŷ/dw = x (the chain rule).",
        why="dL/dŷ = 2(1.5 - 2) = -1, times dŷ/dw = x = 3: -3. Negative, so raise w.",
        slips=[(slope, "That is dL/dŷ; the chain rule multiplies it by dŷ/dw = x = 3."),
               (-expected, "The sign is flipped: ŷ is below the target, so the loss falls as w rises."),
               (expected / 2, "You left out the 2 from differentiating the square.")],
    )


def check_descent_step(answer):
    """04, exercise 2: one gradient-descent step from w = 0.15 with lr = 0.1 (x = 2, y = 1)."""
    x, w, y, lr = 2.0, 0.15, 1.0, 0.1
    gradient = float(mse.grad(w * x, y)) * x
    expected = w - lr * gradient
    return _check_numbers(
        answer, expected,
        hint="first the gradient dL/dw = 2(w·x - y)·x at w = 0.15, then the new weight w - lr · dL/dw.",
        why="0.15 - 0.1 · (-2.8) = 0.43: a step against the gradient, toward the best w = 0.5.",
        slips=[(w + lr * gradient, "That steps with the gradient, uphill; gradient descent subtracts it."),
               (-lr * gradient, "That is the step alone; add it to the old weight 0.15.")],
    )


# ------------------------------------------------------------ 05: choosing a loss


def check_loss_for_classes(answer):
    """05, exercise 1: the PyTorch loss for choosing one of 10 classes from raw scores."""
    return _check_choice(
        answer, ("MSELoss", "BCEWithLogitsLoss", "CrossEntropyLoss"), "CrossEntropyLoss",
        hint="one label out of K classes, from raw scores (logits): which loss includes the softmax?",
        why="K classes from logits: nn.CrossEntropyLoss, which applies the softmax itself.",
        wrong_why="That one is for numbers (MSELoss) or yes/no labels (BCEWithLogitsLoss); "
                  "one of K classes needs CrossEntropyLoss.",
    )


def check_mae_best_constant(answer):
    """05, exercise 2: a constant that minimises MAE on the data [1, 2, 3, 100] (any from 2 to 3)."""
    data = [1.0, 2.0, 3.0, 100.0]
    middle = sorted(data)[1:3]
    return _check_numbers(
        answer, float(np.median(data)), interval=middle,
        hint="MAE's best constant is a median: a value with as many data points below it as above.",
        why=f"Every value from 2 to 3 has two points below and two above, and gives the smallest MAE, "
            f"{mae(np.full(4, 2.5), data):g}; the usual median is the middle one, 2.5. The outlier 100 "
            f"does not move it. MSE's best constant, the mean, would be 26.5.",
        slips=[(float(np.mean(data)), "That is the mean, MSE's best constant; MAE's is the median.")],
    )


# ------------------------------------------------------------ 06: pitfalls and stability


def check_log_sum_exp(answer):
    """06, exercise 1: log(exp(1000) + exp(1002)), computed without overflow."""
    scores = np.array([1000.0, 1002.0])
    expected = scores.max() + math.log(np.exp(scores - scores.max()).sum())
    return _check_numbers(
        answer, expected,
        hint="take out the maximum first: log(e^a + e^b) = m + log(e^(a-m) + e^(b-m)) with m = max(a, b).",
        why="1002 + log(e^-2 + 1) = 1002.1269: no overflow, because the exponents are at most 0.",
        slips=[(float("inf"), "exp(1000) overflows to inf; subtract the maximum before exponentiating."),
               (1002.0, "That is the maximum alone; add log(1 + e^-2) = 0.1269.")],
        tolerance=1e-6,
    )


def check_logits_loss(answer):
    """06, exercise 2: the PyTorch loss for yes/no labels when the model outputs raw logits."""
    return _check_choice(
        answer, ("BCELoss", "BCEWithLogitsLoss", "CrossEntropyLoss"), "BCEWithLogitsLoss",
        hint="the model's last layer gives raw scores, not probabilities: which loss applies the sigmoid itself?",
        why="BCEWithLogitsLoss applies the sigmoid inside, in the stable log-sum-exp form.",
        wrong_why="BCELoss needs probabilities (it fails or misleads on logits), and CrossEntropyLoss is "
                  "for one of K classes; raw yes/no logits need BCEWithLogitsLoss.",
    )
