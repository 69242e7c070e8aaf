"""The exercise checks: nothing given away while unanswered, ✓ for the right answer, the slip named for a
wrong one, and a hint (never the solution) with a wrong answer."""

import pathlib
from decimal import Decimal
from fractions import Fraction

import numpy as np
import pytest
import torch

import lossviz as lv
from lossviz import checks

import exercise_answers
import manifest

# Each lesson's answers live in tests/exercise_answers/, one file per lesson of notebooks/lessons.json.
LESSONS = exercise_answers.for_lessons(manifest.load())
EXERCISES = [row for lesson in LESSONS for row in lesson.NUMERIC]


@pytest.mark.parametrize(("check", "right", "wrongs"), EXERCISES, ids=[row[0].__name__ for row in EXERCISES])
def test_unanswered_right_and_wrong(check, right, wrongs):
    unanswered = check(None)
    assert unanswered.correct is None and repr(unanswered).startswith("✎ Not answered yet")
    assert "Hint" not in repr(unanswered), "a notebook stores this output: it must not give the answer away"
    assert check(right).correct is True and repr(check(right)).startswith("✓ Right")
    for wrong, fragment in wrongs:
        feedback = check(wrong)
        assert feedback.correct is False and repr(feedback).startswith("✗")
        assert fragment in feedback.message, feedback.message


def test_answers_may_be_arrays_or_tensors():
    assert checks.check_mse_gradient(np.array([0.0, 0.0, -4 / 3])).correct is True
    assert checks.check_mse_gradient(torch.tensor([0.0, 0.0, -4 / 3])).correct is True
    assert checks.check_mse_value(torch.tensor(4 / 3)).correct is True


def test_an_answer_of_the_wrong_shape_or_kind_says_what_is_wanted():
    assert "3 numbers" in checks.check_mse_gradient(1.0).message
    assert "got one number" in checks.check_mse_gradient(1.0).message
    feedback = checks.check_mse_value("four thirds")
    assert "should be one number" in feedback.message and "'four thirds' is not a number" in feedback.message


def test_choice_exercise():
    assert checks.check_better_prediction(None).correct is None
    assert checks.check_better_prediction(1.3).correct is True  # (0.3)^2 = 0.09 < (0.4)^2 = 0.16
    assert "lower is better" in checks.check_better_prediction(0.6).message
    assert "Choose one of" in checks.check_better_prediction(0.7).message
    assert "That is a squared error" in checks.check_better_prediction(0.09).message


@pytest.mark.parametrize(("check", "right", "wrong"), [
    (checks.check_loss_for_classes, "CrossEntropyLoss", "MSELoss"),
    (checks.check_logits_loss, "BCEWithLogitsLoss", "BCELoss"),
])
def test_choosing_a_pytorch_loss(check, right, wrong):
    assert check(None).correct is None
    assert check(right).correct is True
    assert check(wrong).correct is False and "need" in check(wrong).message


NUMERIC = EXERCISES


@pytest.mark.parametrize(("check", "right", "wrongs"), NUMERIC, ids=[row[0].__name__ for row in NUMERIC])
@pytest.mark.parametrize("decimals", [2, 3])
def test_a_right_answer_rounded_as_a_student_would_is_right_and_says_how_it_was_read(check, right, wrongs, decimals):
    rounded = np.round(np.asarray(right, dtype=float), decimals)
    feedback = check(rounded.tolist())
    assert feedback.correct is True, feedback.message
    inexact = [value for value, exact in zip(rounded.ravel(), np.ravel(right)) if abs(value - exact) > 1e-9]
    if inexact:
        # Python keeps no trailing zeros (0.140 is 0.14), so each number is read at the decimals it
        # prints with, and the message names the coarsest.
        read = min(max(2, len(repr(float(value)).split(".")[1])) for value in inexact)
        tolerance = {2: "0.005", 3: "0.0005"}[read]
        assert feedback.message.startswith(f"✓ Right to {read} decimals (within {tolerance}): "), feedback.message


@pytest.mark.parametrize(("check", "right", "wrongs"), NUMERIC, ids=[row[0].__name__ for row in NUMERIC])
def test_a_flipped_sign_is_named(check, right, wrongs):
    for flipped in (-np.asarray(right, dtype=float), -np.round(np.asarray(right, dtype=float), 2)):
        feedback = check(flipped.tolist())
        assert feedback.correct is False
        assert "sign" in feedback.message or "minus" in feedback.message, feedback.message


def test_every_constant_that_minimises_the_mae_is_accepted():
    # On [1, 2, 3, 100] every c in [2, 3] has two points on each side: the MAE is 25 throughout.
    for constant in np.linspace(2.0, 3.0, 21):
        feedback = checks.check_mae_best_constant(float(constant))
        assert feedback.correct is True, feedback.message
        assert "Every value from 2 to 3" in feedback.message
    assert checks.check_mae_best_constant(3.2).correct is False


def test_the_answer_key_is_the_checks_own_and_covers_every_exercise(tmp_path):
    import build_exercises

    found = build_exercises.exercises()
    assert [title[:2] for title, _ in found] == [lesson.number for lesson in manifest.load()]
    for title, questions in found:
        assert len(questions) >= 2, f"{title} has fewer than two checked exercises"
        for question, check in questions:
            assert question.startswith("**"), f"{check.__name__}: no question found above it"
            feedback = check(check(None).expected)
            assert feedback.correct is True and feedback.message.startswith("✓ Right"), feedback.message
    sheet, key = build_exercises.write(tmp_path, "MathJax.js")
    sheet_text, key_text = sheet.read_text(encoding="utf-8"), key.read_text(encoding="utf-8")
    assert sheet_text.count('class="question"') == key_text.count('class="question"') == sum(len(q) for _, q in found)
    assert "Answer:" not in sheet_text and key_text.count("Answer:") == sum(len(q) for _, q in found)
    assert "<b>Answer: 0.04</b>" in key_text and "<b>Answer: [0, 0, −1.3333]</b>" in key_text


# ------------------------------------------------------------ what counts as right, and what a student is told

EVERY_CHECK = [check for check, _, _ in EXERCISES] + [check for lesson in LESSONS for check in lesson.OTHER_CHECKS]


def test_every_check_is_tested_here():
    defined = {name for name in dir(checks) if name.startswith("check_")}
    assert defined == {check.__name__ for check in EVERY_CHECK}


@pytest.mark.parametrize(("check", "answer"), [
    # Wrong at the decimals written, though a loose relative tolerance would let them through:
    (checks.check_bce_confidently_wrong, 1.205),  # -log(0.3) = 1.20397 is 1.204 at 3 decimals
    (checks.check_uniform_cross_entropy, 1.3855),  # log 4 = 1.38629 is 1.3863 at 4 decimals
    (checks.check_squared_error, 0.0401),  # (0.8 - 1)^2 = 0.04 is 0.0400 at 4 decimals
    (checks.check_uniform_cross_entropy, 1.38),  # 1.39 at 2 decimals: 1.38 is cut off, not rounded
    (checks.check_log_sum_exp, 1002.12),  # 1002.1269 is 1002.13 at 2 decimals
])
def test_an_answer_is_right_only_at_the_precision_it_is_written(check, answer):
    feedback = check(answer)
    assert feedback.correct is False, feedback.message
    assert "within 0.00" in feedback.message  # the tolerance it was read with is said


@pytest.mark.parametrize(("check", "answer", "read"), [
    (checks.check_uniform_cross_entropy, 1.38, "to 2 decimals (within 0.005)"),
    (checks.check_bce_confidently_wrong, 1.205, "to 3 decimals (within 0.0005)"),
    (checks.check_squared_error, 0.0401, "to 4 decimals (within 0.00005)"),
])
def test_a_near_miss_is_told_it_is_close_and_asked_for_4_decimals(check, answer, read):
    message = check(answer).message
    assert message.startswith(f"✗ Close, but not right {read}") and "give 4 decimals" in message, message


def test_the_reading_rule_is_stated_before_answering_and_with_each_verdict():
    for check, _, _ in EXERCISES:
        assert "Give at least 2 decimals" in check(None).message
        assert "2 decimals within 0.005, 4 within 0.00005" in check(None).message
    assert "(within 0.005)" in checks.check_uniform_cross_entropy(1.39).message  # 1.3863 rounded: right
    assert "right answers are within 0.005 of it" in checks.check_uniform_cross_entropy(1.5).message


def right_answer_as_strings(right):
    return [f"{float(value):.6f}" for value in np.ravel(right)]


@pytest.mark.parametrize(("check", "right", "wrongs"), EXERCISES, ids=[row[0].__name__ for row in EXERCISES])
def test_every_exact_or_typed_form_of_a_right_answer_is_right(check, right, wrongs):
    values = np.asarray(right, dtype=float)
    forms = {
        "Python floats": values.tolist(),
        "a string per number": right_answer_as_strings(right) if values.shape else right_answer_as_strings(right)[0],
        "Decimals": [Decimal(text) for text in right_answer_as_strings(right)] if values.shape else
                    Decimal(right_answer_as_strings(right)[0]),
        "a column": values.reshape(-1, 1).tolist() if values.shape else [float(values)],
    }
    for dtype in (np.float16, np.float32, np.float64):
        forms[f"NumPy {dtype.__name__}"] = values.astype(dtype) if values.shape else dtype(values)
    for dtype in (torch.float16, torch.bfloat16, torch.float32, torch.float64):
        forms[str(dtype)] = torch.tensor(values.tolist(), dtype=dtype, requires_grad=True)
    for name, answer in forms.items():
        feedback = check(answer)
        if check is checks.check_log_sum_exp and name in ("NumPy float16", "torch.float16", "torch.bfloat16"):
            # 1002.1269 in a 16-bit float is 1002 or 1004: it cannot be told from the slip "the maximum alone".
            assert feedback.correct is False and "too few digits" in feedback.message, (name, feedback.message)
            continue
        assert feedback.correct is True, (name, feedback.message)
        assert "np." not in feedback.message and "tensor(" not in feedback.message, (name, feedback.message)


def test_exact_forms_are_right():
    assert checks.check_better_prediction(Fraction(13, 10)).correct is True
    assert checks.check_better_prediction(Decimal("1.3")).correct is True
    assert checks.check_mse_value(Fraction(4, 3)).message.startswith("✓ Right: ")  # exactly 4/3
    assert checks.check_mse_gradient([0, 0, Fraction(-4, 3)]).message.startswith("✓ Right: ")
    assert checks.check_chain_rule(-3).message.startswith("✓ Right: ")  # an int
    assert checks.check_mse_value("4/3").correct is True


def test_a_number_is_echoed_as_written_not_as_its_repr():
    assert checks.check_better_prediction(np.float32(1.3)).message.startswith("✓ Right: 1.3. ")
    assert checks.check_squared_error(np.float32(0.04)).message.startswith("✓ Right: 0.04. ")
    assert checks.check_squared_error(torch.tensor(0.04)).message.startswith("✓ Right: 0.04. ")
    assert checks.check_mse_value(np.float64(1.33)).message.startswith("✓ Right to 2 decimals (within 0.005): 1.33;")


def test_numeric_strings_count_in_every_check_alike():
    assert checks.check_squared_error("0.04").correct is True
    assert checks.check_better_prediction("1.3").correct is True
    assert checks.check_better_prediction(" 1.3 ").correct is True
    assert checks.check_bce_gradient("−2").correct is True  # the minus lossviz prints, copied back
    assert checks.check_mse_gradient(["0", "0", "-1.3333"]).correct is True
    assert "decimal point" in checks.check_squared_error("0,04").message


@pytest.mark.parametrize("answer", [0.04 + 5j, 0.04 + 0j, np.complex128(0.04), torch.tensor(0.04 + 5j)],
                         ids=["0.04+5j", "0.04+0j", "numpy", "tensor"])
def test_a_complex_number_is_refused_with_a_message(answer):
    feedback = checks.check_squared_error(answer)
    assert feedback.correct is False and "complex" in feedback.message, feedback.message


@pytest.mark.parametrize("check", [checks.check_mse_value, checks.check_better_prediction, checks.check_chain_rule])
@pytest.mark.parametrize("answer", [True, False, np.bool_(True), torch.tensor(True)], ids=str)
def test_a_yes_no_is_not_a_number(check, answer):
    feedback = check(answer)
    assert feedback.correct is False and "yes/no" in feedback.message and "1.0" not in feedback.message


@pytest.mark.parametrize(("check", "answer", "fragment"), [
    (checks.check_squared_error, 10**400, "401-digit"),
    (checks.check_squared_error, Decimal("1e400"), "larger than any float"),
    (checks.check_squared_error, np.array([0.04, 0.04]), "got 2 numbers"),
    (checks.check_squared_error, torch.tensor([0.04, 0.04]), "got 2 numbers"),
    (checks.check_squared_error, torch.zeros(2, requires_grad=True), "got 2 numbers"),
    (checks.check_squared_error, torch.empty((), device="meta"), "meta tensor"),
    (checks.check_squared_error, float("nan"), "NaN"),
    (checks.check_mse_gradient, [0.0, 0.0, float("nan")], "holds NaN"),
    (checks.check_squared_error, float("inf"), "is an infinity"),
    (checks.check_squared_error, {"answer": 0.04}, "a dict is not a number"),
    (checks.check_squared_error, [None], "None is not a number"),
    (checks.check_mse_gradient, [[0.0], [0.0, -1.33]], "rows have different lengths"),
])
def test_odd_answers_are_told_what_is_wrong_with_them(check, answer, fragment):
    feedback = check(answer)
    assert feedback.correct is False and fragment in feedback.message, feedback.message


def test_a_tensor_that_requires_grad_is_the_number_it_holds():
    assert checks.check_squared_error(torch.tensor(0.04, requires_grad=True)).correct is True
    assert checks.check_mse_gradient([torch.tensor(0.0, requires_grad=True), 0.0, -4 / 3]).correct is True


@pytest.mark.parametrize("answer", [
    "CrossEntropyLoss", "nn.CrossEntropyLoss", "torch.nn.CrossEntropyLoss", "crossentropyloss", "CrossEntropyLoss ",
    " cross_entropy", "nn.CrossEntropyLoss()", torch.nn.CrossEntropyLoss, torch.nn.CrossEntropyLoss(),
    torch.nn.functional.cross_entropy, lv.cross_entropy,
])
def test_a_loss_may_be_named_in_any_way(answer):
    assert checks.check_loss_for_classes(answer).message.startswith("✓ Right: CrossEntropyLoss. ")


def test_a_yes_no_model_may_end_in_two_outputs_and_cross_entropy():
    for answer in ("BCEWithLogitsLoss", torch.nn.BCEWithLogitsLoss, lv.bce_with_logits):
        assert checks.check_logits_loss(answer).correct is True
    feedback = checks.check_logits_loss(torch.nn.CrossEntropyLoss)
    assert feedback.correct is True and "two outputs" in feedback.message
    # Why it is right: for two classes, softmax's second probability is the sigmoid of the logits' difference,
    # so cross-entropy on [z0, z1] is BCE-with-logits on z1 - z0.
    logits, label = torch.tensor([[0.3, 1.7]]), torch.tensor([1])
    assert torch.isclose(torch.nn.functional.cross_entropy(logits, label),
                         torch.nn.functional.binary_cross_entropy_with_logits(logits[:, 1] - logits[:, 0], label.float()))
    for answer in ("BCELoss", torch.nn.BCELoss(), lv.bce):
        assert checks.check_logits_loss(answer).correct is False


@pytest.mark.parametrize(("answer", "fragment"), [
    ("NLLLoss", "got the text 'NLLLoss', which is not one of them"), (lv.mae, "lv.mae, which is not one of them"),
    (3, "got the number 3"),
    ({"loss": "CrossEntropyLoss"}, "got a dict"), (True, "got True, a yes/no"),
])
def test_a_choice_that_is_not_an_option_says_what_came(answer, fragment):
    feedback = checks.check_loss_for_classes(answer)
    assert feedback.correct is False and fragment in feedback.message and "<class" not in feedback.message


class Stubborn:
    """An object whose every conversion fails in its own way."""

    def __float__(self):
        raise RuntimeError("no float for you")

    def __array__(self, *args, **kwargs):
        raise RuntimeError("no array either")

    def __len__(self):
        raise RuntimeError("no length")


def _sparse():
    return torch.tensor([[0.0, 1.0]]).to_sparse()


ODD_ANSWERS = [
    10**400, -(10**400), 2**1100, Fraction(10**400, 3), Decimal("1e400"), Decimal("-inf"), Decimal("nan"),
    Decimal("snan"), float("nan"), float("inf"), -float("inf"), 1e308 * 10, 1e-320, -0.0,
    [1.0, 2.0], (1.0, 2.0, 3.0, 4.0), np.array([1.0, 2.0]), np.zeros((2, 2)), np.array([]), np.empty((0, 3)),
    np.array(None, dtype=object), np.array("abc"), np.array([0.1, "x"], dtype=object), np.datetime64("2024-01-01"),
    torch.tensor([1.0, 2.0]), torch.empty(2, device="meta"), torch.empty((), device="meta"),
    torch.zeros(3, requires_grad=True) * 2, torch.empty(0), torch.tensor(1 + 2j), _sparse(),
    "", " ", "abc", "1,5", "1/0", "0x10", "nan", "inf", "1e400", "4/3/2", "[0.04]", b"0.04",
    {}, {"a": 1}, set(), frozenset({1.0}), [], [[]], [None], (None,), [[0.0], [1.0, 2.0]], [[[[0.5]]]] * 2,
    True, False, np.bool_(False), torch.tensor([True, False]), 0.04 + 5j, 1 + 0j, np.complex64(1),
    object(), Ellipsis, NotImplemented, Stubborn(), [Stubborn()], print, lambda x: x, int, type, torch, np,
    (x for x in range(3)), range(3), memoryview(b"ab"), slice(1), np.ma.masked, np.ma.masked_array([1.0, 2.0, 3.0], [0, 1, 0]),
]


@pytest.mark.parametrize("check", EVERY_CHECK, ids=[check.__name__ for check in EVERY_CHECK])
def test_no_odd_answer_makes_a_check_raise_or_pass(check):
    for answer in ODD_ANSWERS:
        try:
            feedback = check(answer)
        except Exception as error:  # the point of the test: say which answer, not just fail
            pytest.fail(f"{check.__name__}({answer!r:.60}) raised {error!r}")
        assert isinstance(feedback, checks.Feedback), answer
        assert isinstance(feedback.message, str) and feedback.message.strip(), answer
        assert feedback.message[0] == "✗" and feedback.correct is False, (answer, feedback.message)
        assert "Traceback" not in feedback.message and "<class" not in feedback.message, feedback.message


SCALAR_EXERCISES = [row for row in EXERCISES if np.ndim(row[1]) == 0 and row[0] is not checks.check_mae_best_constant]


@pytest.mark.parametrize(("check", "right", "wrongs"), SCALAR_EXERCISES, ids=[row[0].__name__ for row in SCALAR_EXERCISES])
@pytest.mark.parametrize("decimals", [2, 3, 4])
def test_only_the_value_rounded_at_the_decimals_written_is_right(check, right, wrongs, decimals):
    unit = 10.0**-decimals
    for steps in range(-3, 4):
        answer = round(round(right, decimals) + steps * unit, decimals)
        if round(answer, decimals - 1) == answer and steps:
            continue  # 1.30 arrives as 1.3 and is read at fewer decimals: not the case tried here
        feedback = check(answer)
        assert feedback.correct is (steps == 0), (answer, feedback.message)
        if abs(steps) == 1 and "Not quite: you gave" not in feedback.message:  # a slip named says more than "close"
            assert feedback.message.startswith(f"✗ Close, but not right to {decimals} decimals"), feedback.message


@pytest.mark.parametrize(("check", "right", "wrongs"), SCALAR_EXERCISES, ids=[row[0].__name__ for row in SCALAR_EXERCISES])
def test_a_long_answer_is_right_within_half_a_unit_of_the_fourth_decimal(check, right, wrongs):
    assert check(right + 4.9e-5).correct is True and "(within 0.00005)" in check(right + 4.9e-5).message
    assert check(right - 4.9e-5).correct is True
    assert check(right + 5.1e-5).correct is False and check(right - 5.1e-5).correct is False


def test_the_mae_interval_is_read_at_the_decimals_written():
    assert checks.check_mae_best_constant(1.99996).correct is True  # within 0.00005 of 2
    assert checks.check_mae_best_constant(1.9996).correct is False  # 0.0004 below 2, read within 0.00005
    assert checks.check_mae_best_constant(3.00004).correct is True and checks.check_mae_best_constant(3.004).correct is False
    for outside in (1.99, 3.01):  # 0.01 outside [2, 3], read within 0.005: just outside, and said so
        assert checks.check_mae_best_constant(outside).message.startswith("✗ Just outside: every value from 2.0 to 3.0")


def test_an_answer_with_too_few_decimals_is_asked_for_more_and_quoted_as_written():
    # log 4 = 1.3863: 1.4 is it rounded to 1 decimal, but 1.4 is 1.40 to Python, which is wrong to 2 decimals.
    message = checks.check_uniform_cross_entropy(1.4).message
    assert message.startswith("✗ Give at least 2 decimals: 1.4 is the answer rounded to 1 decimal"), message
    assert "read as 1.40" in message
    # 1.3 is wrong even at 1 decimal: no talk of decimals, a plain miss.
    assert checks.check_uniform_cross_entropy(1.3).message.startswith("✗ Not quite")
    # 0.04 as 0.0: the whole array of a gradient, each right at 1 decimal ([0, 0, -4/3] as [0, 0, -1.3]).
    assert "rounded to 1 decimal" in checks.check_mse_gradient([0.0, 0.0, -1.3]).message
    # 1.2 is 1.20 to Python, and 1.2040 rounded to 2 decimals: right.
    assert checks.check_bce_confidently_wrong(1.2).correct is True


@pytest.mark.parametrize(("check", "right", "wrongs"), EXERCISES, ids=[row[0].__name__ for row in EXERCISES])
def test_a_wrong_answer_gets_a_hint_that_does_not_hold_the_answer(check, right, wrongs):
    unrecognised = -987.25 if not isinstance(right, list) else [-987.25] * len(right)
    message = check(unrecognised).message
    assert "Hint: " in message, message
    hint = message.split("Hint: ", 1)[1]
    for value in np.ravel(right):
        for written in {f"{value:.2f}", f"{value:.4f}", f"{value:g}", repr(float(value))}:
            assert written not in hint, f"the hint gives {written}: {hint}"


def test_no_notebook_stores_a_hint_in_a_check_cells_output():
    import nbformat

    for path in sorted((pathlib.Path(__file__).resolve().parent.parent / "notebooks").glob("*.ipynb")):
        for cell in nbformat.read(path, as_version=4).cells:
            if cell.cell_type == "code" and cell.source.startswith("lv.checks."):
                stored = "".join(output.get("text", "") + str(output.get("data", {}).get("text/plain", "")) for output in cell.outputs)
                assert "Not answered yet" in stored and "Hint" not in stored, f"{path.name}: {stored[:200]}"


def test_a_predict_then_run_experiment_waits_for_the_prediction(capsys):
    assert checks.answered(None) is False
    assert capsys.readouterr().out.startswith("Predict first")
    assert checks.answered(0.64) is True and capsys.readouterr().out == ""


def test_no_stored_experiment_gives_a_predict_then_run_answer_away():
    """The cell under a predict-then-run check runs the experiment only once there is an answer: as stored
    (answer = None) it prints only that the student should predict first."""
    import nbformat

    for path in sorted((pathlib.Path(__file__).resolve().parent.parent / "notebooks").glob("*.ipynb")):
        cells = nbformat.read(path, as_version=4).cells
        for check, experiment in zip(cells, cells[1:]):
            if check.cell_type == "code" and check.source.startswith("lv.checks.") and experiment.cell_type == "code" \
                    and "Predict, then run" in "".join(cell.source for cell in cells if cell.cell_type == "markdown"):
                if experiment.source.startswith(("lv.checks.", "answer")):
                    continue
                assert experiment.source.startswith("if lv.checks.answered(answer):"), (path.name, experiment.source)
                shown = "".join(output.get("text", "") for output in experiment.outputs)
                assert shown.startswith("Predict first") and shown.count("\n") == 1, (path.name, shown)
