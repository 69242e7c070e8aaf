"""Interaction timing as the web measures it, for bench_browser.py.

The browser's Event Timing API (PerformanceObserver type "event", what Chrome's tooling and the
web-vitals library read for Interaction to Next Paint) gives each slow input its `duration`: from
the input's hardware time stamp to the next paint after its handlers ran, in steps of 8 ms. It
reports only inputs of at least `durationThreshold`, and 16 ms is the smallest threshold allowed, so
an input with no entry took under 16 ms: it is counted as "< 16" (below both goals), never as 0.
Beside it, a timer of our own: from the input's time stamp to the second animation frame after it
(the frame that drew the change has been produced by then), an upper bound on the paint.
"""

import math
import os
import statistics
import time

import numpy as np

THRESHOLD = 16  # ms, the smallest durationThreshold the Event Timing API accepts
# Goals for key → next paint, p90 (printed, not asserted): a frame at 60 Hz, two frames on a slow laptop.
GOAL_P90 = {1: 16.7, 4: 33.0}
GOAL_USABLE = 1000.0  # ms, a page from disk with every explorer drawn and answering a key, unthrottled

# Installed before any of the page's own scripts, so its listeners hear each input first: each
# key press and pointer input of a drag with its time stamp and the moment of the second animation
# frame after it; every Event Timing entry the browser reports.
INSTRUMENT = """(() => {
    const bench = window.lossvizBench = {inputs: [], entries: []};
    const stamp = event => {
        if (event.type === 'pointermove' && !event.buttons) return;  // a drag's moves only
        if (['Shift', 'Control', 'Alt', 'Meta'].includes(event.key)) return;
        const input = {kind: event.type, start: event.timeStamp, painted: null};
        bench.inputs.push(input);
        requestAnimationFrame(() => requestAnimationFrame(() => { input.painted = performance.now(); }));
    };
    for (const type of ['keydown', 'pointerdown', 'pointermove', 'pointerup']) window.addEventListener(type, stamp, true);
    new PerformanceObserver(list => bench.entries.push(...list.getEntries().map(entry => ({
        name: entry.name, start: entry.startTime, duration: entry.duration, interactionId: entry.interactionId,
        processingStart: entry.processingStart, processingEnd: entry.processingEnd}))))
        .observe({type: 'event', durationThreshold: %d, buffered: true});
})();""" % THRESHOLD

# The slider a benchmark moves: a training explorer's step (its first, the learning rate, changes
# nothing the page shows at step 0), any other explorer's first.
TIMED_SLIDER = "[data-name='step'] input[type=range]"
TIMED_SLIDER_JS = f"box => box.querySelector(\"{TIMED_SLIDER}\") || box.querySelector('input[type=range]')"

# Resolves once the last input's second animation frame has come, with what the explorer `box` then
# says (its readout and its description: a learning rate's converged runs can share a readout).
SETTLE = """box => new Promise(resolve => {
    const last = window.lossvizBench.inputs.at(-1);
    const said = () => [...box.querySelectorAll('.lossviz-readout, .lossviz-description')].map(node => node.textContent).join(' | ');
    // A training explorer that trains on between frames says what it shows once it has settled.
    const check = () => (!last || last.painted !== null) && box.dataset.settled !== 'no' ? resolve(said()) : requestAnimationFrame(check);
    check();
})"""

# A person presses a key with no regard to the screen's frames, and how long the key waits for its
# paint depends on where in a frame it comes: just after a frame began, the page has most of a frame
# to draw it; just before the next, hardly any. Inputs given as soon as the last one's frames came
# would all fall at one moment of the frame, and which moment would change from run to run (the
# same page measured 16 ms in one run, 24 in the next). So each input waits for an animation frame
# and then one of `count` waits spread evenly over a 60 Hz frame, in a seeded order.
FRAME_MS = 1000 / 60
AT_PHASE = "ms => new Promise(resolve => requestAnimationFrame(() => setTimeout(resolve, ms)))"


def phases(count, seed=0):
    """`count` waits (ms) from 0 to just under a frame, evenly spaced, in a seeded order."""
    return (np.random.default_rng(seed).permutation(count) * FRAME_MS / count).tolist()


def paced(page, inputs):
    """Each of `inputs` (callables, each giving one input), once the page's next animation frame has
    begun and its own wait of `phases` more has passed: the caller gives it then."""
    for give, wait in zip(inputs, phases(len(inputs))):
        page.evaluate(AT_PHASE, wait)
        yield give


# Time to usable, installed before the page's scripts: from navigation start (performance.now()'s
# origin) until the page has loaded, every explorer is drawn (data-ready: its still image decoded)
# and each answers a key (a keydown on its first slider changes what it says), to the frame after.
# Also when the load event ended and when the explorers were first all drawn.
USABLE = """(() => {
    let drawn = null;
    const said = box => [...box.querySelectorAll('.lossviz-readout, .lossviz-description')].map(node => node.textContent).join(' | ');
    const look = () => {
        const expected = document.querySelectorAll('script[type="application/vnd.jupyter.widget-view+json"]').length;
        const boxes = [...document.querySelectorAll('.lossviz-explorer')];
        // Until the document is parsed, its explorers' scripts are not all there to count.
        const all = document.readyState !== 'loading' && boxes.length === expected && boxes.every(box => box.dataset.ready === 'yes');
        if (drawn === null && all) drawn = performance.now();
        if (drawn === null || document.readyState !== 'complete') {
            requestAnimationFrame(look);
            return;
        }
        const deaf = boxes.filter(box => {
            const slider = (""" + TIMED_SLIDER_JS + """)(box), before = said(box);
            const key = Number(slider.value) < Number(slider.max) ? 'ArrowRight' : 'ArrowLeft';
            slider.dispatchEvent(new KeyboardEvent('keydown', {key, bubbles: true, cancelable: true}));
            return said(box) === before && box.dataset.settled !== 'no';  // or training towards the key's step
        }).length;
        const loaded = performance.getEntriesByType('navigation')[0].loadEventEnd;
        requestAnimationFrame(() => { window.lossvizUsable = {at: performance.now(), loaded, drawn, explorers: boxes.length, deaf}; });
    };
    requestAnimationFrame(look);
})();"""


class ImpossibleFigure(ValueError):
    pass


def checked(values, wall, what):
    """`values` (ms, None for "< 16") unchanged, or ImpossibleFigure if one is below zero or longer
    than `wall`, the wall time of the run that measured it."""
    for value in values:
        if value is not None and not 0 <= value <= wall:
            raise ImpossibleFigure(f"{what}: {value:.1f} ms cannot be right (a figure must lie in 0 … {wall:.0f} ms, "
                                   "the wall time of its run); the benchmark is wrong, not the page")
    return values


def per_input(inputs, entries, end):
    """For each input: its longest Event Timing entry (None if none reached the threshold), found
    between its time stamp and the next input's (the last: until `end`)."""
    starts = [each["start"] for each in inputs] + [end]
    longest = []
    for start, stop in zip(starts, starts[1:]):
        # Entries start at their event's time stamp, rounded to the millisecond or finer.
        own = [entry for entry in entries if start - 1 <= entry["start"] < stop - 1]
        longest.append(max(own, key=lambda entry: entry["duration"]) if own else None)
    return longest


def parts(entry):
    """An entry's input delay, processing and presentation (ms). `duration` comes in steps of 8 ms,
    so its end may fall up to 4 ms before processing ended: presentation is then within rounding
    of zero and is shown as 0."""
    delay = entry["processingStart"] - entry["start"]
    processing = entry["processingEnd"] - entry["processingStart"]
    presentation = entry["start"] + entry["duration"] - entry["processingEnd"]
    if -4 <= presentation < 0:
        presentation = 0.0
    return delay, processing, presentation


def nearest_rank(values, fraction):
    """The `fraction` percentile by nearest rank of values where None is "under THRESHOLD"
    (they sort first); None when that rank falls among them."""
    ordered = sorted(values, key=lambda value: -math.inf if value is None else value)
    return ordered[max(math.ceil(fraction * len(ordered)) - 1, 0)]


def shown(value, width=6):
    return f"{'<' + str(THRESHOLD):>{width}}" if value is None else f"{value:>{width}.0f}"


class Series:
    """One run of inputs on one explorer: Event Timing per input and our own double-rAF timer."""

    def __init__(self, inputs, entries, end, wall, what):
        self.what = what
        longest = per_input(inputs, entries, end)
        self.durations = checked([entry and entry["duration"] for entry in longest], wall, f"{what}, Event Timing duration")
        self.parts = [checked(parts(entry), wall, f"{what}, Event Timing parts") for entry in longest if entry]
        self.frames = checked([each["painted"] - each["start"] for each in inputs], wall, f"{what}, key → second frame")

    def summary(self, cpu):
        """Key presses: count, reported ≥ 16, median, p90, goal, whether met, part medians, own timer."""
        p90 = nearest_rank(self.durations, 0.9)
        met = p90 is None or p90 <= GOAL_P90[cpu]
        if self.parts:
            delay, processing, presentation = (statistics.median(column) for column in zip(*self.parts))
            split = f"{delay:>6.1f} {processing:>6.1f} {presentation:>6.1f}"
        else:
            split = f"{'—':>6} {'—':>6} {'—':>6}"
        reported = sum(value is not None for value in self.durations)
        return (f"{len(self.durations):>4} {reported:>4} {shown(nearest_rank(self.durations, 0.5))} {shown(p90)}"
                f"  ≤{GOAL_P90[cpu]:<5} {'yes' if met else 'NO':<4} {split}"
                f" {statistics.median(self.frames):>7.1f} {np.percentile(self.frames, 90):>7.1f}"), met

    def drag_summary(self, kinds, cpu):
        """A drag (`kinds`: each input's event type): Event Timing has no entry for a move (its list of
        events has no pointermove, and Chrome gives none for the slider's input event a move causes),
        so the moves are timed by our own timer only; the drag's own interaction, its pointerdown
        and its pointerup (with the click after it), by Event Timing against the goal."""
        moves = [frame for frame, kind in zip(self.frames, kinds) if kind == "pointermove"]
        down, up = (self.durations[kinds.index(kind)] for kind in ("pointerdown", "pointerup"))
        met = all(value is None or value <= GOAL_P90[cpu] for value in (down, up))
        return (f"{len(moves):>5} {statistics.median(moves):>7.1f} {np.percentile(moves, 90):>7.1f} {max(moves):>7.1f}"
                f"   {shown(down)} {shown(up)}  ≤{GOAL_P90[cpu]:<5} {'yes' if met else 'NO':<4}"), met


def closing_lines(name, missed, started, load):
    """What every browser bench ends with: the goals it missed, and how long it ran at what load (other work
    on the machine delays every frame: these figures are of this machine at this load)."""
    print("\nmissing a goal:")
    for what in missed or ["none"]:
        print(f"  {what}")
    print(f"\n({name} ran {time.perf_counter() - started:.0f} s on {os.cpu_count()} cores; load average "
          f"{load:.1f} at its start, {os.getloadavg()[0]:.1f} at its end)")


# MathJax goes on typesetting a page or deck, and checking its fonts, for up to a second or two after
# the explorers are drawn, in tasks of 10 to 40 ms: keys pressed meanwhile time its loading, not the
# explorer (a deck's first dozen presses took 32 ms, the rest 16). So keys are pressed once the page
# has been QUIET_MS with no task of over 8 ms (a chain of messages, each on the heels of the last,
# sees any gap). Loading is bench_browser.py's time to usable.
QUIET_MS = 500
QUIET = f"""() => new Promise((resolve) => {{
  const channel = new MessageChannel();
  let last = performance.now(), quietSince = last;
  channel.port1.onmessage = () => {{
    const now = performance.now();
    if (now - last > 8) quietSince = now;
    last = now;
    if (now - quietSince >= {QUIET_MS}) resolve(now);
    else channel.port2.postMessage(null);
  }};
  channel.port2.postMessage(null);
}})"""


def quiet(page):
    """Once MathJax has typeset the page and nothing else runs: it has loaded."""
    page.wait_for_function("() => !window.MathJax || (MathJax.Hub.queue.pending === 0 && MathJax.Hub.queue.running === 0)", timeout=30_000)
    page.evaluate(QUIET)
