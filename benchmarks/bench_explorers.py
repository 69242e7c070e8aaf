"""What an explorer costs the kernel now that the browser draws it: the time to build it (its tables
computed once), the bytes sent to the browser (the ES module, the spec and its binary tables), and a
move set from Python (the state, then lossviz's readout). Prints a table; asserts nothing."""

import json
import statistics
import time

import lossviz as lv
from lossviz import explorers

BUILDS = 5
MOVES = 100


def milliseconds(call, repeats):
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        call()
        times.append((time.perf_counter() - started) * 1e3)
    return statistics.median(times)


def sent_bytes(explorer):
    tables = sum(len(value) for value in explorer.spec.values() if isinstance(value, bytes))
    spec = {name: value for name, value in explorer.spec.items() if not isinstance(value, bytes)}
    return len(explorer._esm), len(json.dumps(spec)), tables


def main():
    makers = {**{f"explore({name})": (lambda loss=loss: explorers.explore(loss)) for name, loss in lv.LOSSES.items()},
              "explore_outliers()": explorers.explore_outliers, "explore_descent()": explorers.explore_descent,
              "explore_landscape()": explorers.explore_landscape}
    print(f"an explorer in the kernel: build (median of {BUILDS}), bytes sent once, a move set from Python")
    print(f"{'explorer':<26} {'build ms':>9} {'module kB':>10} {'spec kB':>8} {'tables kB':>10} {'move ms':>8}")
    for label, make in makers.items():
        build = milliseconds(lambda: make().close(), BUILDS)
        explorer = make()
        module, spec, tables = sent_bytes(explorer)
        control = next(iter(explorer.controls.values()))
        positions = control.positions if control.kind == "slider" else [value for _, value in control.options]
        moves = iter(positions[index % len(positions)] for index in range(10**6))
        move = milliseconds(lambda: (control.__setattr__("value", next(moves)), explorer.readout()), MOVES)
        print(f"{label:<26} {build:>9.1f} {module / 1e3:>10.1f} {spec / 1e3:>8.1f} {tables / 1e3:>10.1f} {move:>8.2f}")
        explorer.close()


if __name__ == "__main__":
    main()
