"""The lessons in reading order, read from their manifest, notebooks/lessons.json: the one file a new lesson is added to.

Each lesson has its number ("07"), its notebook (a file beside the manifest), its title (the notebook's first
heading after "07 · "), its explorers (their kinds in page order: a loss's name, or "outliers", "descent",
"landscape"), its exercises (its checks' names in `lv.checks`, in order) and, if the 50-minute lecture
teaches it, `lecture`: the lecture's slides that do (headings as in `lecture_plan.PACE`) and the explorers
they show. The site, the decks, the handouts and the tests read it; tests/test_manifest.py checks that the
notebooks, the README and the lecture agree with it.
"""

import dataclasses
import json
import pathlib

ROOT = pathlib.Path(__file__).resolve().parent.parent
MANIFEST = ROOT / "notebooks" / "lessons.json"
FIELDS = {"number": str, "file": str, "title": str, "explorers": list, "exercises": list}
OPTIONAL = {"lecture": dict}  # a lesson the lecture does not teach has none
LECTURE_FIELDS = {"slides": list, "explorers": list}


@dataclasses.dataclass(frozen=True)
class Lesson:
    number: str
    file: str
    title: str
    explorers: tuple[str, ...]
    exercises: tuple[str, ...]
    lecture_slides: tuple[str, ...]
    lecture_explorers: tuple[str, ...]
    path: pathlib.Path  # the notebook: `file`, beside the manifest

    @property
    def stem(self):
        return self.path.stem

    @property
    def heading(self):
        """The notebook's title as its first heading writes it: "01 · Mean squared error"."""
        return f"{self.number} · {self.title}"


def _checked(entry, fields, where, optional=None):
    """`entry`, its fields each of its type; a missing, unknown or mistyped field is named."""
    optional = optional or {}
    if not isinstance(entry, dict):
        raise ValueError(f"{where}: expected an object with {', '.join(fields)}, got {entry!r:.80}")
    missing = [key for key in fields if key not in entry]
    unknown = [key for key in entry if key not in fields and key not in optional]
    if missing or unknown:
        raise ValueError(f"{where}: " + "; ".join(filter(None, [missing and f"add {', '.join(missing)}",
                                                                   unknown and f"unknown field {', '.join(unknown)}"])))
    for key, kind in {**fields, **optional}.items():
        value = entry.get(key, kind())
        if not isinstance(value, kind) or (kind is list and not all(isinstance(item, str) for item in value)):
            raise ValueError(f"{where}: {key} should be {dict(str='a string', list='a list of strings', dict='an object')[kind.__name__]},"
                             f" got {value!r:.80}")
    return entry


def load(path=MANIFEST):
    """[Lesson] in reading order, from the manifest at `path` (the repository's by default)."""
    path = pathlib.Path(path)
    lessons = []
    for place, entry in enumerate(json.loads(path.read_text(encoding="utf-8"))["lessons"]):
        where = f"{path.name}, lesson {entry.get('number', place) if isinstance(entry, dict) else place}"
        entry = _checked(entry, FIELDS, where, OPTIONAL)
        lecture = _checked(entry.get("lecture", {"slides": [], "explorers": []}), LECTURE_FIELDS, f"{where}, lecture")
        lessons.append(Lesson(entry["number"], entry["file"], entry["title"], tuple(entry["explorers"]), tuple(entry["exercises"]),
                              tuple(lecture["slides"]), tuple(lecture["explorers"]), path.parent / entry["file"]))
    return lessons
