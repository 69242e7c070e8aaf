"""The checks of lesson 00, golf-score intuition."""

from lossviz.checks._reading import _check_number_choice, _check_numbers
from lossviz.losses import mse

__all__ = ["check_squared_error", "check_better_prediction", "check_one_big_miss", "check_squared_error_in_centimetres"]


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
    best = min(scores, key=scores.__getitem__)
    worst = max(scores, key=scores.__getitem__)
    return _check_number_choice(
        answer, tuple(scores), best,
        hint="score each prediction by its squared error against the target; like golf, lower is better.",
        why=f"Its score {scores[best]:.2f} beats {scores[worst]:.2f}: overshooting by 0.3 is closer than "
            f"falling short by 0.4. A loss cares how far, not which side.",
        wrong_why=f"Its squared error is {scores[worst]:.2f}, the other's {scores[best]:.2f}; lower is better.",
        slips=[(score, "That is a squared error; answer with the prediction whose squared error is lower.")
               for score in scores.values()],
    )


# Exercise 3's two models, as their misses (prediction minus target): the same average miss, 0.4.
_SMALL_MISSES, _ONE_BIG_MISS = [0.4, 0.4, 0.4, 0.4], [0.0, 0.0, 0.0, 1.6]
_NO_MISS = [0.0, 0.0, 0.0, 0.0]


def check_one_big_miss(answer):
    """00, exercise 3 (predict, then run): model 2's average squared error, three predictions exact and one 1.6 off."""
    expected, small = mse(_ONE_BIG_MISS, _NO_MISS), mse(_SMALL_MISSES, _NO_MISS)
    big_alone = mse(max(_ONE_BIG_MISS), 0.0)
    return _check_numbers(
        answer, expected,
        hint="square each of model 2's four misses, then average the four squares: does one miss of 1.6 cost "
             "the same as four misses of 0.4?",
        why=f"The miss of 1.6 alone costs {big_alone:.2f}, and the three perfect predictions add 0: the average is "
            f"{expected:.2f}, four times model 1's {small:.2f}, though both miss by 0.4 on average. Squaring "
            f"makes one big miss cost more than several small ones.",
        slips=[(small, "That is model 1's average squared error. Both miss by 0.4 on average, but the squares "
                       "of their misses are not the same: work out model 2's own."),
               (big_alone, "That is the squared error of the one big miss; average it over all four predictions."),
               (0.4, "That is the average miss, the same for both models; square each miss before averaging.")],
    )


def check_squared_error_in_centimetres(answer):
    """00, exercise 4: an average squared error of 0.09 (in metres), once every number is in centimetres."""
    per_metre = 100
    expected = 0.09 * per_metre**2  # each miss is 100 times larger, so each squared miss 100² times
    return _check_numbers(
        answer, expected,
        hint="try it on one miss: how does its squared error change when the miss is written in centimetres?",
        why="Each miss is 100 times larger in centimetres, and squaring makes each squared miss 100² = 10,000 times "
            "larger, so their average too. A loss's size depends on the units: compare losses on the same data, "
            "in the same units.",
        slips=[(0.09 * per_metre, "That is 100 times larger, as each miss is; but the loss squares each miss."),
               (0.09, "The loss changes with the units: every miss is now 100 times larger."),
               (0.09 / per_metre**2, "Centimetres make every number larger, not smaller."),
               (0.3 * per_metre, "That is 0.3 m, the miss whose square is 0.09, in centimetres; the question "
                                 "asks for the average squared error.")],
    )
