"""In the real browser: the training explorer (`lv.explore_training`) while it trains, and its points
moved by key and by drag, as bench_browser.py measures the other explorers.

Debian's headless Chromium, driven by Playwright. Two explorers, each as a student first meets it (one
loss, BCE with logits, learning rate 0.1): the linear model on the 200 points of the "imbalanced" preset
(the issue's case: two weights and a bias, the boundary's 81 × 81 grid), and the network (4 tanh units)
on the "xor" preset. Each in a page opened from disk with no network (built as the site builds its
pages), in a deck opened from disk (built as the decks are, at the classroom size, each explorer on a
slide of its own) and in JupyterLab on 127.0.0.1 (a notebook of the two, run in a kernel); each
unthrottled and then with the CPU slowed 4× (Chrome DevTools Protocol Emulation.setCPUThrottlingRate,
as Lighthouse does for mobile): a student's slow laptop. Beside them, the floor: a bare canvas that
fills a square in the next animation frame after a key or a move.
- Playing: the step slider at 0 (reset), the speed at 1 (a step per frame), play; after 0.4 s, for 2.5 s,
  the steps gained (the step in the root's data-shown), the frames drawn (its data-frames) and, by a
  counter of our own, the animation frames the browser made meanwhile (the ceiling at speed 1), the
  gaps between them, and those after which the step shown stood still or went back.
- Keys: the step slider at 200, the picture focused, "n" (the first point is picked), then 30 arrow
  presses (right and left in turn: the point moves 0.1 and back), each retraining 200 steps from the
  seeded start on the moved points and drawing the picture again.
- A drag: the pointer down on the first point (its place: the data's coordinates through the plane's
  box in the explorer's spec, onto the canvas as the page lays it out), 20 moves (10 out, 10 back),
  up; each move retrains 200 steps and draws.
Each input is given at its own moment of a frame (event_timing.py's phases, as a person's keys come)
and waits for the last one's frames; in JupyterLab also for the kernel's reply to it (an
arrow sends the moved points to Python, which sends them back): a newer move's points overwritten by
the reply to an older one unpick the point, and the next arrow is JupyterLab's, not the explorer's.
Keys and drags are timed by the browser's Event Timing entries (event_timing.py: the input's time
stamp to the next paint after its handlers, in steps of 8 ms; a press with no entry took under
16 ms), by bench_browser.py's own timer (to the second animation frame after), and by a finer timer
of this file's: from the input's time stamp to a task queued by the first animation frame after it,
which runs once that frame, the explorer's redraw in it, has been produced (before the screen shows
it, to the millisecond). A retraining longer than a frame goes on between frames (that first frame shows
the point moved over the last picture): each key and move is also timed to the frame that showed the
model retrained on the moved point, and the next input waits for it (a student who moves a point, then
looks). Goals (issue 22) are printed beside the figures, not asserted: ≥ 60 steps
per second with the boundary redrawn (at 4×, a step each 33 ms frame); key or drag to painted frame
≤ 16.7 ms median unthrottled, ≤ 33 ms at 4×. Any figure below zero or longer than the run that
measured it, or counts that cannot all be true, stop the benchmark with an error instead of being
printed.

Run with ``make bench``, or ``.venv/bin/python benchmarks/bench_training_browser.py`` (about 2 minutes).
"""

import json
import os
import pathlib
import statistics
import sys
import tempfile
import time
import urllib.parse

import nbformat
import numpy as np
from event_timing import closing_lines, INSTRUMENT, paced, quiet, THRESHOLD, Series, checked, nearest_rank
from playwright.sync_api import sync_playwright

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "tests" / "e2e"), str(ROOT / "scripts")]
from explorers import to_slide_of  # noqa: E402
from lab_driver import CHROMIUM, CHROMIUM_ARGS, KernelMessages, open_and_run, running_jupyter  # noqa: E402

import lossviz as lv  # noqa: E402
from lossviz import training  # noqa: E402
from lossviz.pictures import style  # noqa: E402

LOSS = "bce_with_logits"
CASES = [("linear, 200 points", "imbalanced"), ("network, xor", "xor")]  # (what, preset)
KEY_STEP = 200  # the step each moved point retrains to
PRESSES = 30
DRAG_MOVES = 20  # half out, half back
DRAG_PIXELS = 4  # CSS px per move
WARM_UP, PLAYED = 0.4, 2.5  # seconds of play before counting, and counted
CPU_RATES = (1, 4)
GOAL_STEPS = {1: 60, 4: 30}  # per second at speed 1: a step each 16.7 ms frame unthrottled, each 33 ms frame at 4×
GOAL_MEDIAN = {1: 16.7, 4: 33.0}  # ms, key or drag → painted frame, median
TRAINING = ".lossviz-explorer.lossviz-training"
STARTED = time.perf_counter()

# After INSTRUMENT (one init script, so its listeners hear each input first): each recorded input's
# `framed`, when a task queued by the first animation frame after it runs, which is once that frame
# (every animation frame callback in it, the explorer's redraw among them) has been produced.
FRAMED = INSTRUMENT + """
(() => {
    const bench = window.lossvizBench;
    const stamp = event => {
        if (event.type === 'pointermove' && !event.buttons) return;
        if (['Shift', 'Control', 'Alt', 'Meta'].includes(event.key)) return;
        const input = bench.inputs.at(-1);
        input.framed = input.retrained = null;
        let firstFrame = false, settledInIt = false;
        const afterFrame = done => {
            const channel = new MessageChannel();
            channel.port1.onmessage = () => done(performance.now());
            channel.port2.postMessage(null);
        };
        requestAnimationFrame(() => {
            firstFrame = true;
            afterFrame(time => {
                firstFrame = false;
                input.framed = time;
                if (settledInIt) input.retrained = time;
            });
        });
        // The explorer settled (its picture of the model trained on the moved points drawn): in the first
        // frame after the input, or in a task after it, painted with the next frame.
        input.settled = () => {
            if (input.retrained !== null || settledInIt) return;
            if (firstFrame) settledInIt = true;
            else requestAnimationFrame(() => afterFrame(time => { input.retrained = time; }));
        };
    };
    for (const type of ['keydown', 'pointerdown', 'pointermove', 'pointerup']) window.addEventListener(type, stamp, true);
    new MutationObserver(records => {
        if (records.some(record => record.target.dataset.settled === 'yes')) bench.inputs.at(-1)?.settled?.();
    }).observe(document, {subtree: true, attributes: true, attributeFilter: ['data-settled']});
})();"""

# Resolves once the last input's second animation frame and its `framed` task have come (and, with
# `retrains`, after a key or a move, the frame with its retrained picture), with the explorer's count of
# frames drawn.
SETTLE = """([root, retrains]) => new Promise(resolve => {
    const last = window.lossvizBench.inputs.at(-1);
    const waits = retrains && last && ['keydown', 'pointermove'].includes(last.kind);
    const check = () => !last || (last.painted !== null && last.framed !== null && (!waits || last.retrained !== null))
        ? resolve(Number(root.dataset.frames)) : requestAnimationFrame(check);
    check();
})"""

# Moves a slider of the explorer to the position `value`, as a drag on it would.
SET_SLIDER = """(root, [name, value]) => {
    const slider = root.querySelector(`.lossviz-control[data-name="${name}"] input[type=range]`);
    slider.value = value;
    slider.dispatchEvent(new Event('input', {bubbles: true}));
}"""

# Reset, then play for WARM_UP + PLAYED seconds; the frames, the step and the time at the start and
# end of the counted PLAYED seconds, and the animation frames the browser made meanwhile.
PLAY = """async (root, [warmUp, played]) => {
    const button = text => [...root.querySelectorAll('.lossviz-buttons button')].find(each => each.textContent === text);
    const stepShown = () => JSON.parse(root.dataset.shown)[0].step;
    const read = () => ({frames: Number(root.dataset.frames), step: stepShown(), at: performance.now()});
    button('reset').click();
    button('play').click();
    await new Promise(resolve => setTimeout(resolve, warmUp * 1000));
    // Each animation frame (after the explorer's own, which it schedules first): the time and the step shown.
    const ticks = [];
    let counting = true;
    const tick = time => {
        if (!counting) return;
        ticks.push([time, stepShown()]);
        requestAnimationFrame(tick);
    };
    const start = read();
    requestAnimationFrame(tick);
    await new Promise(resolve => setTimeout(resolve, played * 1000));
    const end = read();
    counting = false;
    const playing = button('pause') !== undefined;
    if (playing) button('pause').click();
    return {start, end, ticks, playing};
}"""


def throttle(page, rate):
    session = page.context.new_cdp_session(page)
    session.send("Emulation.setCPUThrottlingRate", {"rate": rate})
    return session


class KernelReplies:
    """In JupyterLab: the kernel's messages as the page receives them, to wait for its reply to an input."""

    def __init__(self, page):
        self.messages = KernelMessages(page).messages

    def idle(self):
        """How many times the kernel has said it is idle (once it has handled each message from the page)."""
        return sum(1 for message in self.messages if message and message["header"]["msg_type"] == "status"
                   and message["content"].get("execution_state") == "idle")

    def wait(self, page, before):
        """Until the kernel has said it is idle more than `before` times (at most 2 s: an input with no
        message to the kernel), then until the page has handled what came with it (two animation frames)."""
        deadline = time.monotonic() + 2
        while time.monotonic() < deadline and self.idle() <= before:
            page.wait_for_timeout(10)
        page.evaluate("() => new Promise(resolve => requestAnimationFrame(() => requestAnimationFrame(resolve)))")


def series(page, root, inputs, kernel=None, retrains=True):
    """Run `inputs` (callables, each giving one input) on the explorer `root`, each after the last
    one's second frame and its retrained picture (not `retrains`: the floor's canvas, which has none;
    with a `kernel`, after its reply too); returns (the inputs recorded, the Event Timing entries, the
    end, the wall time of the run, how many inputs drew a frame)."""
    first, started = page.evaluate("() => [window.lossvizBench.inputs.length, performance.now()]")
    before, drawn = page.evaluate(SETTLE, [root, False]), 0
    for give in paced(page, inputs):
        idle = kernel.idle() if kernel else 0
        give()
        after = page.evaluate(SETTLE, [root, retrains])
        if kernel:
            kernel.wait(page, idle)
        drawn += after > before
        before = after
    page.wait_for_timeout(300)  # the last entries reach the observer after their paint
    recorded, entries, end = page.evaluate(f"""() => [window.lossvizBench.inputs.slice({first}),
        window.lossvizBench.entries.filter(entry => entry.start >= {started}), performance.now()]""")
    return recorded, entries, end, end - started, drawn


def framed(inputs, wall, what):
    """Each input's time stamp → the task after its first animation frame (ms)."""
    return checked([each["framed"] - each["start"] for each in inputs], wall, f"{what}, input → frame produced")


def retrained(inputs, wall, what, explorer):
    """Each input's time stamp → the task after the frame that showed the model trained on the moved
    points (ms), or None for the floor's canvas, which trains nothing."""
    if not explorer:
        return None
    return checked([each["retrained"] - each["start"] for each in inputs], wall, f"{what}, input → retrained picture")


def median_goal(value, rate):
    """Whether a median (None: under THRESHOLD) meets issue 22's goal."""
    return value is None or value <= GOAL_MEDIAN[rate]


KEY_ROWS, DRAG_ROWS, PLAY_ROWS = [], [], []


def keys(page, root, what, rate, picked, kernel, explorer=True):
    """PRESSES arrows on the focused picture, the first point picked, at step KEY_STEP (not `explorer`:
    the floor's canvas, as it is)."""
    if explorer:
        root.evaluate(SET_SLIDER, ["step", KEY_STEP])
    canvas = root.query_selector("canvas")
    canvas.focus()
    if explorer and not picked:
        page.keyboard.press("n")
    presses = [lambda key=("ArrowRight", "ArrowLeft")[press % 2]: page.keyboard.press(key) for press in range(PRESSES)]
    recorded, entries, end, wall, drawn = series(page, root, presses, kernel, retrains=explorer)
    presses = [each for each in recorded if each["kind"] == "keydown"]
    if drawn != PRESSES or len(presses) != PRESSES:
        state = root.evaluate("root => [root.isConnected, document.activeElement.tagName, root.dataset.frames]")
        raise RuntimeError(f"{what}: {drawn} of {PRESSES} arrow presses drew a frame ({len(presses)} recorded; the explorer in the"
                           f" page, the focus, its frames: {state}); nothing to time")
    timed = Series(presses, entries, end, wall, what)
    shown_step = json.loads(root.get_attribute("data-shown"))[0]["step"] if explorer else KEY_STEP
    if shown_step != KEY_STEP:
        raise RuntimeError(f"{what}: the keys were timed at step {shown_step}, not {KEY_STEP}")
    fine = framed(presses, wall, what)
    median = nearest_rank(timed.durations, 0.5)
    KEY_ROWS.append((what, rate, timed.summary(rate)[0], fine, median_goal(median, rate), retrained(presses, wall, what, explorer)))


def point_on_screen(root, spec, point):
    """The pixel (page coordinates) of the data point `point` on the first plane."""
    left, top, width, height = spec["boxes"][0]
    box = spec["box"]
    x = left + (point[0] + box) / (2 * box) * width
    y = top + (box - point[1]) / (2 * box) * height
    rect = root.query_selector("canvas").bounding_box()
    scale = rect["width"] / spec["style"]["width"]
    return rect["x"] + x * scale, rect["y"] + y * scale


def drag(page, root, what, rate, at, kernel, explorer=True):
    """Down at `at` (x, y: a point's pixel), DRAG_MOVES moves (half right, half back), up, at step
    KEY_STEP (not `explorer`: the floor's canvas, as it is)."""
    if explorer:
        root.evaluate(SET_SLIDER, ["step", KEY_STEP])
    x0, y0 = at
    out = DRAG_MOVES // 2
    xs = [x0 + DRAG_PIXELS * (step if step <= out else DRAG_MOVES - step) for step in range(1, DRAG_MOVES + 1)]
    page.mouse.move(x0, y0)
    inputs = [page.mouse.down, *[lambda at=at: page.mouse.move(at, y0) for at in xs], page.mouse.up]
    # Only the pointer's release sends the points to Python: the kernel's reply is waited for after it.
    idle = kernel.idle() if kernel else 0
    recorded, entries, end, wall, drawn = series(page, root, inputs, retrains=explorer)
    if kernel:
        kernel.wait(page, idle)
    kinds = [each["kind"] for each in recorded]
    if kinds != ["pointerdown", *["pointermove"] * DRAG_MOVES, "pointerup"] or drawn < DRAG_MOVES:
        raise RuntimeError(f"{what}: the drag gave {kinds} and drew {drawn} frames (the point missed?)")
    summary, _ = Series(recorded, entries, end, wall, what).drag_summary(kinds, rate)
    moves = [value for value, kind in zip(framed(recorded, wall, what), kinds) if kind == "pointermove"]
    trained = retrained([each for each in recorded if each["kind"] == "pointermove"], wall, what, explorer)
    DRAG_ROWS.append((what, rate, summary, moves, statistics.median(moves) <= GOAL_MEDIAN[rate], trained))


def play(page, root, what, rate):
    """Steps and frames per second while playing at speed 1."""
    root.evaluate(SET_SLIDER, ["speed", 0])
    started = time.perf_counter()
    result = root.evaluate(PLAY, [WARM_UP, PLAYED])
    wall = (time.perf_counter() - started) * 1e3
    start, end, ticks = result["start"], result["end"], result["ticks"]
    seconds = (end["at"] - start["at"]) / 1e3
    steps, frames = end["step"] - start["step"], end["frames"] - start["frames"]
    gaps = [later[0] - earlier[0] for earlier, later in zip(ticks, ticks[1:])]
    moves = [later[1] - earlier[1] for earlier, later in zip(ticks, ticks[1:])]
    checked([seconds * 1e3, *gaps], wall, f"{what}, play")
    # At speed 1 each animation frame asks for one step more, and each frame drawn shows one step more at most:
    # more steps than frames drawn, or than animation frames, cannot be. (Two steps between animation frames
    # can: a frame whose training ran past its time shows the last picture, and a task between frames then
    # draws its step, before the next frame's.)
    if not result["playing"] or steps > frames + 1 or steps > len(ticks) + 1:
        raise RuntimeError(f"{what}: {steps} steps in {frames} frames drawn and {len(ticks)} animation frames"
                           f" (still playing: {result['playing']}): these cannot all be true")
    PLAY_ROWS.append((what, rate, steps / seconds, frames / seconds, len(ticks) / seconds,
                      sum(move == 0 for move in moves), sum(move < 0 for move in moves), gaps))


def measure(page, root, what, spec, point, kernel=None):
    print(f"  timing {what} ({time.perf_counter() - STARTED:.0f} s)", file=sys.stderr, flush=True)
    root.scroll_into_view_if_needed()
    picked = False
    for rate in CPU_RATES:
        session = throttle(page, rate)
        keys(page, root, what, rate, picked, kernel)
        picked = True
        drag(page, root, what, rate, point_on_screen(root, spec, point), kernel)
        play(page, root, what, rate)
        session.send("Emulation.setCPUThrottlingRate", {"rate": 1})
        session.detach()


# No explorer: a canvas the size of the notebook's picture that, on a key or a move of a drag, fills a
# square in the next animation frame: what this browser takes from an input to a painted frame when
# a page draws nearly nothing (the floor under every figure).
FLOOR = "data:text/html," + urllib.parse.quote("""<!doctype html>
<div class="lossviz-explorer lossviz-training" data-frames="0"><canvas width="700" height="390" tabindex="0"></canvas></div>
<script>
const canvas = document.querySelector('canvas'), ctx = canvas.getContext('2d'), root = canvas.parentElement;
let x = 0;
const draw = () => {
    ctx.clearRect(0, 0, 700, 390);
    ctx.fillRect(x, 100, 50, 50);
    root.dataset.frames = Number(root.dataset.frames) + 1;
};
const moved = () => { x = x > 600 ? 0 : x + 10; requestAnimationFrame(draw); };
canvas.addEventListener('keydown', event => { event.preventDefault(); moved(); });
canvas.addEventListener('pointerdown', moved);
canvas.addEventListener('pointermove', event => { if (event.buttons) moved(); });
</script>""")


def floor_case(browser):
    what = "no explorer: a canvas (the floor)"
    print(f"  timing {what} ({time.perf_counter() - STARTED:.0f} s)", file=sys.stderr, flush=True)
    page = offline_page(browser)
    page.goto(FLOOR)
    root = page.query_selector(TRAINING)
    box = root.query_selector("canvas").bounding_box()
    for rate in CPU_RATES:
        session = throttle(page, rate)
        keys(page, root, what, rate, True, None, explorer=False)
        drag(page, root, what, rate, (box["x"] + box["width"] / 3, box["y"] + box["height"] / 2), None, explorer=False)
        session.send("Emulation.setCPUThrottlingRate", {"rate": 1})
        session.detach()
    page.close()


def code(preset):
    return f'lv.explore_training("{preset}", "{LOSS}")'


def notebook(slides=False):
    """A notebook of the CASES' explorers (in a deck, each on a slide of its own)."""
    book = nbformat.v4.new_notebook(metadata={"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}})
    book.cells = [nbformat.v4.new_markdown_cell("# The training explorer, timed"), nbformat.v4.new_code_cell("import lossviz as lv")]
    for what, preset in CASES:
        book.cells += [nbformat.v4.new_markdown_cell(f"## {what}"), nbformat.v4.new_code_cell(code(preset))]
    if slides:
        for cell in book.cells:
            if cell.cell_type == "markdown":
                cell.metadata["slideshow"] = {"slide_type": "slide"}
    return book


def specs(size):
    """Each case's spec and its first point, as the kernel makes them at `size`."""
    made = []
    with style.sized(size):
        for _, preset in CASES:
            explorer = eval(code(preset), {"lv": lv})
            made.append((explorer.spec, training.dataset(preset, seed=0).X[0].tolist()))
            if explorer.points[0][:2] != made[-1][1]:
                raise RuntimeError(f"{preset}: the explorer's first point is not the preset's")
            explorer.close()
    return made


def offline_page(browser):
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    page.add_init_script(FRAMED)
    page.route("**/*", lambda route: route.continue_() if route.request.url.startswith(("file:", "data:", "blob:")) else route.abort())
    return page


def built(folder, slides):
    """The CASES' notebook run in a kernel and exported as a site page or a deck, beside the offline assets."""
    import build_site
    import build_slides
    import notebook_export
    import offline_assets

    source = folder / ("training_deck.ipynb" if slides else "training_page.ipynb")
    nbformat.write(notebook(slides), source)
    offline_assets.copy_into(folder)
    exporter, suffix, size = (build_slides.exporter(), ".slides.html", "classroom") if slides else (build_site.exporter(), ".html", "notebook")
    page, _ = notebook_export.export(source, folder, exporter, suffix, size=size)
    return page


def site_cases(browser, file):
    page = offline_page(browser)
    page.goto(file.as_uri())
    page.wait_for_function(f"() => document.querySelectorAll('{TRAINING}[data-ready=yes]').length === {len(CASES)}", timeout=30_000)
    quiet(page)
    for (what, _), root, (spec, point) in zip(CASES, page.query_selector_all(TRAINING), specs("notebook")):
        measure(page, root, f"{what}, page from disk", spec, point)
    page.close()


def deck_cases(browser, file):
    page = offline_page(browser)
    page.goto(file.as_uri() + "?transition=none")
    page.wait_for_function("() => document.querySelector('.reveal.ready') !== null", timeout=30_000)
    page.wait_for_function(f"() => document.querySelectorAll('{TRAINING}[data-ready=yes]').length === {len(CASES)}", timeout=30_000)
    for index, ((what, _), (spec, point)) in enumerate(zip(CASES, specs("classroom"))):
        to_slide_of(page, index)
        quiet(page)
        measure(page, page.query_selector_all(TRAINING)[index], f"{what}, deck from disk", spec, point)
    page.close()


def lab_cases(browser, folder):
    book = notebook()
    (folder / "source").mkdir()
    nbformat.write(book, folder / "source" / "bench_training.ipynb")
    with running_jupyter(folder / "source", folder / "home") as server:
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.add_init_script(FRAMED)
        kernel = KernelReplies(page)
        open_and_run(page, server.url("lab/workspaces/benchtraining/tree/bench_training.ipynb", reset=""),
                     sum(cell.cell_type == "code" for cell in book.cells))
        page.wait_for_function(f"() => document.querySelectorAll('.jp-OutputArea-output {TRAINING}[data-ready=yes]').length === {len(CASES)}",
                               timeout=60_000)
        for (what, _), root, (spec, point) in zip(CASES, page.query_selector_all(f".jp-OutputArea-output {TRAINING}"), specs("notebook")):
            measure(page, root, f"{what}, JupyterLab", spec, point, kernel)
        page.close()


def ms(value):
    return f"{value:>6.1f}"


def spread(values):
    """The median and p90 of `values` in two columns, or dashes where there are none."""
    if values is None:
        return f"{'—':>9} {'—':>9}"
    return f"{statistics.median(values):>9.1f} {np.percentile(values, 90):>9.1f}"


def tables():
    print(f"\ntraining explorer playing at speed 1 (a step per frame; the shading, the boundary, the points and the loss curve"
          f" drawn again each frame), {PLAYED:g} s counted after {WARM_UP:g} s of play")
    print("  steps/s: steps gained (data-shown's step); frames/s: frames the explorer drew (data-frames); rAF/s: animation")
    print("  frames the browser made meanwhile (the ceiling at speed 1: a display's 60 Hz); still: animation frames after which")
    print("  the step shown had not moved on; back: those after which it had gone back; gap50, gap90, gapmax: ms between")
    print("  animation frames. Goal (issue 22): ≥ 60 steps per second unthrottled; at 4×, where the issue asks for a frame")
    print("  ≤ 33 ms, ≥ 30 (a step each frame of 33 ms). Met within 2 %: a display's 60 Hz allows no more than 60.")
    print(f"  {'explorer, where':<36} {'CPU':<3} {'steps/s':>7} {'frames/s':>8} {'rAF/s':>6} {'still':>5} {'back':>4}"
          f" {'gap50':>6} {'gap90':>6} {'gapmax':>6}  {'goal':<5} {'met':<4}")
    missed = []
    for what, rate, steps, frames, ticks, still, back, gaps in PLAY_ROWS:
        met = steps >= 0.98 * GOAL_STEPS[rate]
        if not met:
            missed.append(f"steps/s, {what}, {rate}× CPU: {steps:.1f}")
        print(f"  {what:<36} {rate}×  {steps:>7.1f} {frames:>8.1f} {ticks:>6.1f} {still:>5} {back:>4} {ms(statistics.median(gaps))}"
              f" {ms(np.percentile(gaps, 90))} {ms(max(gaps))}  ≥{GOAL_STEPS[rate]:<4} {'yes' if met else 'NO':<4}")
    print(f"\nkey → painted frame, ms: the picture focused, 'n' (the first point picked), then {PRESSES} arrows (right, left in turn),")
    print(f"  each moving the point 0.1, retraining {KEY_STEP} steps from the start and drawing again. Columns as bench_browser.py's")
    print("  (n, ≥16, median, p90: Event Timing; goal on p90 as issue 23's; delay, proc, pres; 2rAF); then frame50, frame90: the")
    print("  key's time stamp → the task after its first animation frame (the redrawn frame produced), and goal on the median")
    print(f"  (issue 22: ≤ {GOAL_MEDIAN[1]} ms unthrottled, ≤ {GOAL_MEDIAN[4]:.0f} ms at 4×),")
    print(f"  judged on Event Timing's median ('<{THRESHOLD}' meets both); trained50, trained90: the key's time stamp → the task")
    print("  after the frame that showed the model retrained on the moved point (a retraining longer than a frame goes on")
    print("  between frames; the frame after the key shows the point moved over the last picture). No goal: none was set.")
    print(f"  {'explorer, where':<36} {'CPU':<3} {'n':>4} {'≥16':>4} {'median':>6} {'p90':>6}  {'goal':<6} {'met':<4}"
          f" {'delay':>6} {'proc':>6} {'pres':>6} {'2rAF50':>7} {'2rAF90':>7}  {'frame50':>7} {'frame90':>7}  {'median':<6} {'met':<4}"
          f"  {'trained50':>9} {'trained90':>9}")
    for what, rate, summary, fine, met, trained in KEY_ROWS:
        if not met:
            missed.append(f"key median, {what}, {rate}× CPU")
        print(f"  {what:<36} {rate}×  {summary}  {statistics.median(fine):>7.1f} {np.percentile(fine, 90):>7.1f}"
              f"  ≤{GOAL_MEDIAN[rate]:<5} {'yes' if met else 'NO':<4}  {spread(trained)}")
    print(f"\npointer drag of the first point (down on it, {DRAG_MOVES} moves of {DRAG_PIXELS} px, half out and half back, up), ms; each move")
    print(f"  retrains {KEY_STEP} steps and draws. Columns as bench_browser.py's (moves by our 2rAF timer; down and up by Event Timing,")
    print("  goal on them as issue 23's); then frame50, frame90, framemax: each move's time stamp → the task after its first")
    print("  animation frame, and goal on its median (issue 22); trained50, trained90: each move's time stamp → the task after")
    print("  the frame that showed the model retrained on the moved point.")
    print(f"  {'explorer, where':<36} {'CPU':<3} {'moves':>5} {'2rAF50':>7} {'2rAF90':>7} {'max':>7}   {'down':>6} {'up':>6}  {'goal':<6} {'met':<4}"
          f"  {'frame50':>7} {'frame90':>7} {'max':>7}  {'median':<6} {'met':<4}  {'trained50':>9} {'trained90':>9}")
    for what, rate, summary, moves, met, trained in DRAG_ROWS:
        if not met:
            missed.append(f"drag median, {what}, {rate}× CPU")
        print(f"  {what:<36} {rate}×  {summary}  {statistics.median(moves):>7.1f} {np.percentile(moves, 90):>7.1f} {max(moves):>7.1f}"
              f"  ≤{GOAL_MEDIAN[rate]:<5} {'yes' if met else 'NO':<4}  {spread(trained)}")
    return missed


def main():
    started, load = time.perf_counter(), os.getloadavg()[0]
    with tempfile.TemporaryDirectory() as work, sync_playwright() as playwright:
        work = pathlib.Path(work)
        (work / "site").mkdir()
        (work / "slides").mkdir()
        print("  running and exporting the notebooks", file=sys.stderr, flush=True)
        site, deck = built(work / "site", slides=False), built(work / "slides", slides=True)
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        floor_case(browser)
        site_cases(browser, site)
        deck_cases(browser, deck)
        lab_cases(browser, work)
        browser.close()
        missed = tables()
    closing_lines("bench_training_browser.py", missed, started, load)

if __name__ == "__main__":
    main()
