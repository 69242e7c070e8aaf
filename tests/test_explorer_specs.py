"""The JavaScript reads only what Python sends: each key a lossviz/js/*.js file reads from an explorer's
spec (`spec.foo`, `spec.foo.bar`, `const { foo } = spec`, `spec.fits.map(({ label }) => ...)`, and the
names such a destructuring binds, `colours.curve`) is a key of that kind's TypedDict in
lossviz.explorers.specs, and each key a kind sends is read by its picture."""

import pathlib
import re
import typing

import pytest

import lossviz as lv
from lossviz.explorers import specs
from lossviz.explorers.base import PARTS, SHARED

JS = pathlib.Path(lv.__file__).parent / "js"
NAME = r"[A-Za-z_$][\w$]*"

# The shared files read a different spec in each function: an explorer's (mount), a still picture's
# (stillOf), one control's (sliderOf, choiceOf).
COMMON = {"mount": specs._Spec, "stillOf": specs._StillSpec, "sliderOf": specs.SliderSpec, "choiceOf": specs.ChoiceSpec}


def code(text):
    """`text` without its comments (a comment may say spec.foo)."""
    return re.sub(r"(^|\s)//.*$", r"\1", text, flags=re.MULTILINE)


def functions(text):
    """The shared files' top-level functions, by name: each from its `function` to the next top-level line."""
    starts = [(match.start(), match.group(1)) for match in re.finditer(rf"^function ({NAME})\(", text, flags=re.MULTILINE)]
    ends = [match.start() for match in re.finditer(r"^\S", text, flags=re.MULTILINE)]
    return {name: text[start:min(end for end in [*ends, len(text)] if end > start)] for start, name in starts}


def typed_dict(kind):
    """`kind` itself if it is a TypedDict, the TypedDict a list holds, or None (a number, a list of numbers...)."""
    if typing.is_typeddict(kind):
        return kind
    if typing.get_origin(kind) is list and typing.is_typeddict(typing.get_args(kind)[0]):
        return typing.get_args(kind)[0]
    return None


def resolve(root, path, reads, where):
    """Follow `path` (["labels", "x"]) from the TypedDict `root`, recording each (TypedDict, key) read;
    a key that is not there is an error. Past a value that is no TypedDict (a list's `.map`, a
    number's `.toFixed`) the names are JavaScript's own."""
    kind = root
    for name in path:
        if not typing.is_typeddict(kind):
            return None
        hints = typing.get_type_hints(kind)
        assert name in hints, f"{where} reads `{name}`, which {kind.__name__} does not send (it sends {sorted(hints)})"
        reads.add((kind, name))
        kind = hints[name]
    return kind


def destructured(names):
    """The keys and the local names of a destructuring pattern's body: `a, b: c, d = 1` gives
    [("a", "a"), ("b", "c"), ("d", "d")]."""
    pairs = []
    for part in names.split(","):
        part = part.split("=")[0].strip()
        if part:
            key, _, alias = part.partition(":")
            pairs.append((key.strip(), (alias or key).strip()))
    return pairs


def reads_of(text, root, where):
    """The (TypedDict, key) pairs `text` reads from `spec`, a `root`; an error for a key not sent."""
    reads = set()
    assert not re.search(r"\bspec\s*\[(?!\s*[\"'])", text), f"{where} reads spec[...] by a computed key, which cannot be checked"
    aliases = {"spec": root}
    # Destructurings first: `{ style, colours } = spec` makes `colours.curve` a read of the spec too.
    for body, path in re.findall(rf"\{{([^{{}}]*)\}}\s*=(?![=>])\s*spec((?:\.{NAME})*)", text):
        kind = resolve(root, path.split(".")[1:], reads, where)
        for key, alias in destructured(body):
            aliases[alias] = resolve(kind, [key], reads, where)
    for path, body in re.findall(rf"\bspec((?:\.{NAME})+)\.(?:map|forEach|filter|find|some|every)\(\s*\(\s*\{{([^{{}}]*)\}}", text):
        element = typed_dict(resolve(root, path.split(".")[1:], reads, where))
        assert element is not None, f"{where} destructures the items of spec{path}, which are not TypedDicts"
        for key, alias in destructured(body):
            aliases[alias] = resolve(element, [key], reads, where)
    for alias, kind in aliases.items():
        if typing.is_typeddict(kind):
            for chain in re.findall(rf"(?<![\w$.]){re.escape(alias)}((?:\.{NAME})+)", text):
                resolve(kind, chain.split(".")[1:], reads, where)
            for key in re.findall(rf"(?<![\w$.]){re.escape(alias)}\[\s*[\"'](\w+)[\"']\s*\]", text):
                resolve(kind, [key], reads, where)
    return reads


def shared_reads():
    text = code("\n".join((JS / name).read_text(encoding="utf-8") for name in SHARED))
    # A still picture's axes' boxes go to the Axes class, which reads them as it reads a panel's.
    reads = {(specs.Box, key) for key in re.findall(rf"\bbox\.({NAME})", text)}
    for _, key in reads:
        resolve(specs.Box, [key], set(), "axes.js Axes")
    for name, body in functions(text).items():
        if name in COMMON:
            reads |= reads_of(body, COMMON[name], f"{name}()")
        else:
            assert not re.search(r"\bspec\b", body), f"{name}() reads a spec; say which in COMMON"
    return reads


def kind_reads(kind):
    """What a kind's own file reads of its spec, with the files only it is put together with (`PARTS`)."""
    names = [f"{kind}.js", *PARTS.get(kind, ())]
    return reads_of(code("\n".join((JS / name).read_text(encoding="utf-8") for name in names)), specs.SPECS[kind], " + ".join(names))


def test_every_kind_of_picture_has_its_typed_spec():
    parts = [name for names in PARTS.values() for name in names]
    files = {path.stem for path in JS.glob("*.js")} - {pathlib.Path(name).stem for name in [*SHARED, *parts]}
    assert files == set(specs.SPECS)


@pytest.mark.parametrize("kind", sorted(specs.SPECS))
def test_the_javascript_reads_only_keys_its_spec_sends_and_reads_each(kind):
    spec = specs.SPECS[kind]
    reads = kind_reads(kind) | shared_reads()
    # The keys read of this kind's spec: its own, and those the shared files read of the spec every kind
    # (or every kind with a still picture) sends.
    sent = typing.get_type_hints(spec)
    read = {key for owner, key in reads if owner is spec or (owner in COMMON.values() and set(typing.get_type_hints(owner)) <= set(sent))}
    assert set(sent) - read == set(), f"{kind} sends keys its picture never reads"


def test_each_key_of_a_nested_spec_is_read_somewhere():
    """The labels, colours, geometry, styles and fits the specs hold: a key no file reads is sent for nothing."""
    reads = shared_reads().union(*(kind_reads(kind) for kind in specs.SPECS))
    nested, todo = set(), [*specs.SPECS.values(), *COMMON.values()]
    while todo:
        for hint in typing.get_type_hints(todo.pop()).values():
            inner = typed_dict(hint)
            if inner is not None and inner not in nested:
                nested.add(inner)
                todo.append(inner)
    for inner in nested:
        unread = set(typing.get_type_hints(inner)) - {key for owner, key in reads if owner is inner}
        assert unread == set(), f"{inner.__name__}: {sorted(unread)} sent, never read"


@pytest.mark.parametrize("make, kind", [(lambda: lv.explore(lv.mse), "curve"), (lambda: lv.explore(lv.bce), "curve"),
                                        (lambda: lv.explore(lv.nll), "curve"), (lambda: lv.explore(lv.cross_entropy), "classes"),
                                        (lv.explore_outliers, "outliers"), (lv.explore_descent, "descent"),
                                        (lv.explore_landscape, "descent"), (lv.explore_training, "training")])
def test_an_explorer_sends_exactly_the_keys_of_its_kind(make, kind):
    """The TypedDict is what is sent, at run time too (pyright checks the keys where each is built)."""
    explorer = make()
    assert set(explorer.spec) == set(typing.get_type_hints(specs.SPECS[kind]))
    explorer.close()


def test_a_read_of_a_key_not_sent_is_caught():
    with pytest.raises(AssertionError, match="reads `bogus`, which CurveSpec does not send"):
        reads_of("const x = spec.labels.x + spec.bogus;", specs.CurveSpec, "a test")
    with pytest.raises(AssertionError, match="reads `nope`, which CurveColours does not send"):
        reads_of("const { colours } = spec; draw(colours.nope);", specs.CurveSpec, "a test")
    with pytest.raises(AssertionError, match="reads `size`, which Fit does not send"):
        reads_of("spec.fits.map(({ colour, size }) => colour);", specs.OutliersSpec, "a test")
