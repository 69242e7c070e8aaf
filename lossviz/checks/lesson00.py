"""The checks of lesson 00, golf-score intuition."""

from lossviz.checks._reading import _check_number_choice, _check_numbers
from lossviz.losses import mse

__all__ = ["check_squared_error", "check_better_prediction"]


def check_squared_error(answer):
    """00, exercise 1: the squared error of the prediction 0.8 for the target 1.0."""
    expected = mse(0.8, 1.0)
    return _check_numbers(
        answer, expected,
        hint="a loss measures the miss: take prediction minus target, then square it.",
        why="The prediction misses by 0.2, and 0.2 squared is 0.04.",
        slips=[(-0.2, "That is the error itself; a loss squares it, so it is never negative."),
               (0.2, "That is the size of the miss; square it to get the squared error.")],
    )


def check_better_prediction(answer):
    """00, exercise 2: for target 1.0, which is the better prediction, 0.6 or 1.3?"""
    scores = {pred: mse(pred, 1.0) for pred in (0.6, 1.3)}
    best = min(scores, key=scores.get)
    worst = max(scores, key=scores.get)
    return _check_number_choice(
        answer, tuple(scores), best,
        hint="score each prediction by its squared error against the target; like golf, lower is better.",
        why=f"Its score {scores[best]:.2f} beats {scores[worst]:.2f}: overshooting by 0.3 is closer than "
            f"falling short by 0.4. A loss cares how far, not which side.",
        wrong_why=f"Its squared error is {scores[worst]:.2f}, the other's {scores[best]:.2f}; lower is better.",
        slips=[(score, "That is a squared error; answer with the prediction whose squared error is lower.")
               for score in scores.values()],
    )
