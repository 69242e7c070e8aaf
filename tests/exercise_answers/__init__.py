"""Each lesson's exercise answers, one module a lesson: tests/exercise_answers/lessonNN.py, with NUMERIC (each numeric
check, its right answer and wrong ones with what the check says) and OTHER_CHECKS (the checks with tests of their own)."""

import importlib


def for_lessons(lessons):
    """Every lesson's answers module, in reading order."""
    modules = []
    for lesson in lessons:
        name = f"{__name__}.lesson{lesson.number}"
        try:
            modules.append(importlib.import_module(name))
        except ModuleNotFoundError as error:
            if error.name != name:
                raise
            raise LookupError(f"lesson {lesson.number} has no exercise answers: add tests/exercise_answers/lesson{lesson.number}.py"
                              " with NUMERIC and OTHER_CHECKS, as the other lessons' files have them") from None
    return modules
