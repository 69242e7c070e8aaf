"""The checks of lesson 04, how a loss guides learning."""

import numpy as np

from lossviz._format import fixed
from lossviz.analysis import descend_weight
from lossviz.checks._numbers import _read, _Unreadable, _wanted, _words
from lossviz.checks._reading import Feedback, _check_numbers, _unanswered
from lossviz.losses import mse

__all__ = ["check_chain_rule", "check_descent_step", "check_first_zigzag", "check_training_with_logits"]


def check_chain_rule(answer):
    """04, exercise 1: dL/dw for ŷ = w·x with x = 3, w = 0.5, target y = 2, L = (ŷ - y)²."""
    x, w, y = 3.0, 0.5, 2.0
    slope = float(mse.grad(w * x, y))  # dL/dŷ
    expected = slope * x
    return _check_numbers(
        answer, expected,
        hint="the chain rule: dL/dw = dL/dŷ · dŷ/dw, each link at the given numbers.",
        why="dL/dŷ = 2(1.5 - 2) = -1, times dŷ/dw = x = 3: -3. Negative, so raise w.",
        slips=[(slope, "That is dL/dŷ; the chain rule multiplies it by dŷ/dw = x = 3."),
               (-expected, "The sign is flipped: ŷ is below the target, so the loss falls as w rises."),
               (expected / 2, "You left out the 2 from differentiating the square.")],
    )


# The lesson's model ŷ = w·x with x = 2 and target y = 1 (best weight 0.5).
_X, _Y = 2.0, 1.0


def check_descent_step(answer):
    """04, exercise 2: one gradient-descent step from w = 0.65 with lr = 0.1 (x = 2, y = 1)."""
    w, lr = 0.65, 0.1
    gradient = float(mse.grad(w * _X, _Y)) * _X
    expected = w - lr * gradient
    lesson_gradient = float(mse.grad(0.15 * _X, _Y)) * _X  # the one the lesson prints, at w = 0.15
    return _check_numbers(
        answer, expected,
        hint="first the gradient dL/dw = 2(ŷ - y) · x at w = 0.65 (where is ŷ now, above or below the target?), "
             "then one step against it: w - lr · dL/dw.",
        why=f"ŷ = 1.3 is above the target 1, so dL/dw = 2(1.3 - 1) · 2 = {gradient:g} is positive and the step "
            f"lowers w: 0.65 - 0.1 · {gradient:g} = {expected:g}, toward the best w = 0.5 from above.",
        slips=[(w + lr * gradient, "That steps with the gradient, uphill; gradient descent subtracts it."),
               (-lr * gradient, "That is the step alone; add it to the old weight 0.65."),
               (w - lr * gradient / 2, "That step is half as big: dL/dw = 2(ŷ - y) · x has both the 2 and the x = 2."),
               (w - lr * lesson_gradient, f"That uses the lesson's gradient {lesson_gradient:g}, taken at w = 0.15; "
                                          f"at w = 0.65 the gradient is another one.")],
    )


# The descent explorer's learning-rate slider: 0.005, 0.010, ..., 0.350 (its positions are checked in the tests).
_SLIDER_RATES = np.round(0.005 * np.arange(1, 71), 3)
_BEST_W = _Y / _X


def _zigzags(lr):
    """Whether descent at `lr` lands on the other side of the best weight at some step."""
    distances = descend_weight(_X, _Y, w0=0.15, lr=lr, steps=4).w - _BEST_W
    distances[np.abs(distances) < 1e-12] = 0.0  # a step that lands on the best weight is on neither side
    return bool(np.any(distances[1:] * distances[:-1] < 0))


def check_first_zigzag(answer):
    """04, exercise 3 (predict, then run): the first learning rate on the descent explorer's slider at which the
    steps zigzag across the best weight w = 0.5 (x = 2, y = 1, from w = 0.15)."""
    expected = float(next(rate for rate in _SLIDER_RATES if _zigzags(rate)))
    edge = 1 / 8  # where the factor 1 - 8η is 0
    before = float(_SLIDER_RATES[_SLIDER_RATES < edge][-1])
    return _check_numbers(
        answer, expected,
        hint="a zigzag means that each step lands on the other side of w = 0.5. The distance to 0.5 is multiplied "
             "by 1 - 8η at each step: what sign must that factor have?",
        why=f"The factor 1 - 8η is negative once η passes 1/8 = 0.125. At 0.125 itself it is 0: one step lands on "
            f"0.5 and stays. At {expected:g} it is {1 - 8 * expected:g}: each step crosses 0.5 and lands "
            f"{abs(1 - 8 * expected):g} times as far from it as the last.",
        # The slider position below the edge first: 0.12, written with 2 decimals, is read within 0.005 of 0.125 too.
        slips=[(before, f"At {before:g} the factor 1 - 8 · {before:g} = {1 - 8 * before:g} is still above 0: the "
                        f"steps approach 0.5 from one side."),
               (edge, "At 0.125 the factor 1 - 8 · 0.125 is exactly 0: the first step lands on 0.5 and stays there. "
                      "A zigzag needs a factor below 0."),
               (0.25, "At 0.25 the factor reaches -1: beyond it the zigzag grows and descent diverges. The zigzag "
                      "starts earlier, where the factor drops below 0.")],
    )


# ------------------------------------------------------------ the training loop, written by the student

_TRAINING_STEPS, _TRAINING_LR, _LOSS_TOLERANCE = 20, 0.5, 1e-4
_LESSON_FEATURES = [[1.0, 2.0], [2.0, 0.5], [0.5, 1.5], [1.5, 1.0], [-1.0, -0.5], [-0.5, -2.0], [-1.5, 0.5], [0.5, -1.5]]
_LESSON_LABELS = [1.0, 1.0, 1.0, 1.0, 0.0, 0.0, 0.0, 0.0]
_FAR_SCALE = 30  # the features 30 times larger: some σ(z) round to exactly 1 in float32


def _training_cases():
    """(what the data is, features (N, 2), labels (N, 1)): the lesson's eight examples, the same with every label
    flipped (a function that ignores its arguments fails it), and far-out features, where probabilities saturate."""
    import torch  # lossviz imports torch only when it is needed

    features, labels = torch.tensor(_LESSON_FEATURES), torch.tensor(_LESSON_LABELS).reshape(-1, 1)
    return [("the lesson's eight examples", features, labels),
            ("the eight examples with every label flipped", features, 1 - labels),
            (f"the eight examples with every feature times {_FAR_SCALE}", _FAR_SCALE * features, labels)]


def _train_with_logits(features, labels):
    import torch
    from torch import nn

    torch.manual_seed(0)  # the lesson's first weights
    model = nn.Linear(2, 1)  # no sigmoid at the end: BCEWithLogitsLoss applies it to the logits
    criterion = nn.BCEWithLogitsLoss()
    optimizer = torch.optim.SGD(model.parameters(), lr=0.5)
    losses = []
    for _ in range(20):
        optimizer.zero_grad()
        loss = criterion(model(features), labels)
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    return losses


def _slipped_training(features, labels, *, sigmoid, logits, zero_grad):
    """The losses of the lesson's loop gone wrong in one way: a sigmoid kept at the end of the model, BCELoss in place
    of BCEWithLogitsLoss, or no zero_grad (each step's gradients added to the last ones)."""
    import torch
    from torch import nn

    torch.manual_seed(0)
    model = nn.Sequential(nn.Linear(2, 1), nn.Sigmoid()) if sigmoid else nn.Linear(2, 1)
    criterion = nn.BCEWithLogitsLoss() if logits else nn.BCELoss()
    optimizer = torch.optim.SGD(model.parameters(), lr=_TRAINING_LR)
    losses = []
    for _ in range(_TRAINING_STEPS):
        if zero_grad:
            optimizer.zero_grad()
        loss = criterion(model(features), labels)
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    return losses


def _losses_in_words(losses):
    return f"{fixed(losses[0])}, {fixed(losses[1])}, {fixed(losses[2])} … {fixed(losses[-1])}"


def _what_went_wrong(given, expected, features, labels):
    """What a wrong run of losses looks like, compared with the loop's common slips."""
    def same(losses):
        return np.allclose(given, losses, rtol=0, atol=_LOSS_TOLERANCE)

    if same(_slipped_training(features, labels, sigmoid=True, logits=True, zero_grad=True)):
        return ("They are what a model that still ends in nn.Sigmoid gives: BCEWithLogitsLoss applies a second "
                "sigmoid to numbers already between 0 and 1, so the loss can hardly fall.")
    if same(_slipped_training(features, labels, sigmoid=True, logits=False, zero_grad=True)):
        return (f"They are BCELoss's, on the sigmoid's outputs. With features this large σ(z) rounds to exactly 1 in "
                f"float32, BCELoss clamps log(1 - 1) at -100, and its slope there is 0: the loss stops falling (it "
                f"stays at {fixed(given[-1])}). BCEWithLogitsLoss works from the logit z itself.")
    if same(_slipped_training(features, labels, sigmoid=False, logits=True, zero_grad=False)):
        return ("They are what the loop gives without optimizer.zero_grad(): PyTorch adds each step's gradients to "
                "the stored ones, so every step is bigger than it should be.")
    if abs(given[0] - expected[0]) > _LOSS_TOLERANCE:
        return (f"The first loss, before any step, is already {fixed(given[0])}, not {fixed(expected[0])}: the model "
                f"does not start from the lesson's first weights (torch.manual_seed(0), then the layer), or its loss "
                f"is not the mean BCE of the logits.")
    return ""


def check_training_with_logits(answer):
    """04, exercise 4: the lesson's training loop with BCEWithLogitsLoss, written as a function
    `train(features, labels)` that returns the 20 losses."""
    hint = ("BCEWithLogitsLoss takes the model's raw scores (logits) and applies the sigmoid itself: what should the "
            "model end in? Then the lesson's four steps, 20 times, keeping each loss.")
    rule = f"Your function's losses count when each is within {_LOSS_TOLERANCE:g} of the right one."
    if answer is None:
        return _unanswered(hint, _train_with_logits, rule=rule)
    if not callable(answer) or isinstance(answer, type):
        return Feedback(False, f"✗ Answer with a function: define it with `def train(features, labels): ...`, then set "
                               f"`answer = train` (no brackets); got {_words(answer)}.", _train_with_logits)
    cases = _training_cases()
    for name, features, labels in cases:
        expected = _train_with_logits(features.clone(), labels.clone())
        try:
            result = answer(features.clone(), labels.clone())
        except Exception as error:  # the student's code: say what it raised, never a traceback
            return Feedback(False, f"✗ On {name} your function raised {type(error).__name__}: {error}.\nHint: {hint}",
                            _train_with_logits)
        try:
            given = [number.value for number in _read(result, (_TRAINING_STEPS,))]
        except _Unreadable as refusal:
            return Feedback(False, f"✗ On {name} your function should return {_wanted((_TRAINING_STEPS,))}, one loss "
                                   f"per step; {refusal}.\nHint: {hint}", _train_with_logits)
        if not np.allclose(given, expected, rtol=0, atol=_LOSS_TOLERANCE):
            diagnosis = _what_went_wrong(given, expected, features, labels)
            return Feedback(False, f"✗ On {name} your losses are {_losses_in_words(given)}; the right ones are "
                                   f"{_losses_in_words(expected)} (within {_LOSS_TOLERANCE:g}).{' ' * bool(diagnosis)}"
                                   f"{diagnosis}\nHint: {hint}", _train_with_logits)
    lesson = _train_with_logits(*cases[0][1:])
    return Feedback(True, f"✓ Right: your losses are right on {len(cases)} data sets, the far-out "
                          f"features included. On the lesson's examples they are the lesson's own, "
                          f"{fixed(lesson[0])} down to {fixed(lesson[-1])}: BCEWithLogitsLoss on the logit z is BCELoss "
                          f"on σ(z), computed without rounding σ(z) to 1. That is why it still trains on the far-out "
                          f"features, where BCELoss gets stuck at its clamp.", _train_with_logits)
