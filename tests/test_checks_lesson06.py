"""Lesson 06's function exercise: a softmax that does not overflow, written by the student."""

import re

import numpy as np
import pytest
import torch

from lossviz import checks


def naive_softmax(z):
    return np.exp(z) / np.exp(z).sum()


def shifted_by_the_largest(z):
    exps = np.exp(z - z.max())
    return exps / exps.sum()


def shifted_by_the_mean(z):  # a shift that leaves exponents above 700 for spread-out logits: overflows
    exps = np.exp(z - z.mean())
    return exps / exps.sum()


@pytest.mark.parametrize("right", [
    shifted_by_the_largest,
    lambda z: torch.softmax(torch.tensor(z), dim=0),  # a tensor back counts
    lambda z: list(shifted_by_the_largest(z)),  # so does a list
    lambda z: np.exp(z - np.logaddexp.reduce(z)),  # the log-sum-exp form
])
def test_every_stable_softmax_is_right(right):
    feedback = checks.check_stable_softmax(right)
    assert feedback.correct is True and feedback.message.startswith("✓ Right"), feedback.message


def test_the_naive_softmax_is_told_which_input_breaks_it_and_gets_a_hint_not_the_solution():
    with np.errstate(all="ignore"):
        feedback = checks.check_stable_softmax(naive_softmax)
        assert feedback.correct is False and "z = [1000.0, 1002.0]" in feedback.message and "nan" in feedback.message
        hint = feedback.message.split("Hint:")[1]
        assert not re.search(r"\bmax|largest|maximum", hint), hint  # the way in, not the solution
        assert checks.check_stable_softmax(shifted_by_the_mean).correct is False  # [10000, 0] still overflows


@pytest.mark.parametrize(("answer", "fragment"), [
    (None, "Not answered yet"),
    (naive_softmax([1.0, 2.0]), "Answer with a function"),  # the result, not the function
    ("softmax", "Answer with a function"),
    (np.exp, "the right values are"),  # not probabilities: the values it gave are named
    (lambda z: 1 / 0, "raised ZeroDivisionError: division by zero"),
    (lambda z: shifted_by_the_largest(z)[:1], "should return"),
    (lambda z: None, "None is not a number"),
    (lambda z: z, "the right values are"),
])
def test_a_wrong_or_odd_function_is_told_what_came_in_words(answer, fragment):
    with np.errstate(all="ignore"):
        feedback = checks.check_stable_softmax(answer)
    assert fragment in feedback.message, feedback.message
    assert "Traceback" not in feedback.message and "<function" not in feedback.message


def test_the_tolerance_is_stated_before_answering():
    assert "within 1e-06" in checks.check_stable_softmax(None).message
