// A model learning to split points in the plane, trained here by gradient descent with each loss's own
// formula (LOSS[registry]: its value and gradient per point), as lossviz.training.train trains it: the
// same seeded start (spec.initial), the same order of parameters, the same rule for divergence. The
// picture is the model after `step` steps on the points as they are: a run keeps every step it has
// taken, so play and the step slider only take the steps not yet taken, and a moved point, loss, option
// or learning rate trains again from the start. Play stops when paused, out of view or in a hidden tab.
// Training again can take longer than a frame (a thousand steps, a network, a slow laptop): the frame
// after the input then shows the points where they are now over the last picture drawn (kept without
// its points), the training goes on in short tasks between frames, and the model it ends with is drawn
// then (the root's data-settled is "no" meanwhile). A run still training when the next input comes
// ends first, so a long drag still shows the boundary follow it.

// Text wrapped to `width` on a white patch, at the top of a panel.
function notice(ctx, text, box, style) {
  ctx.font = `${style.font * 0.9}px sans-serif`;
  const lines = [];
  for (const word of text.split(" ")) {
    const last = lines.length ? `${lines[lines.length - 1]} ${word}` : word;
    if (lines.length && ctx.measureText(last).width <= box.width - 12) lines[lines.length - 1] = last;
    else lines.push(word);
  }
  const height = style.font * 1.15;
  ctx.fillStyle = "rgba(255, 255, 255, 0.9)";
  ctx.fillRect(box.left + 2, box.top + 2, box.width - 4, height * lines.length + 6);
  ctx.fillStyle = "#000000";
  ctx.textAlign = "left";
  ctx.textBaseline = "top";
  lines.forEach((line, index) => ctx.fillText(line, box.left + 6, box.top + 5 + index * height));
}

// How long a frame may train before it is drawn (a longer training is left to tasks between frames),
// and how long each of those tasks trains: short enough that a key pressed meanwhile waits little.
const FRAME_MS = 3, TASK_MS = 6;

const hintFor = (classes) => `Drag a point to move it; click to add a class 0 point, Shift+click class 1${classes > 2 ? " (Alt+click class 2)" : ""}; `
  + "right-click a point to remove it. Keys on the picture (click a point, or Tab to the picture): N picks the next point, arrows move it, Delete removes it.";

export default {
  render({ model, el }) {
    const spec = model.get("spec"), { style, box: BOX, grid: GRID } = spec;
    let points = model.get("points").map((point) => [...point]), pointsVersion = 0, selected = -1;
    const runs = spec.panels.map(() => null);
    let frames = 0;
    const ends = [-BOX, 0, BOX].map((at) => ({ at, text: fixed(at, 0) }));
    const boxOf = ([left, top, width, height]) => ({ left, top, width, height });
    const nodes = Array.from({ length: GRID }, (_, index) => -BOX + (2 * BOX * index) / (GRID - 1));
    const shadeImage = document.createElement("canvas");
    shadeImage.width = shadeImage.height = GRID;
    const shadeCtx = shadeImage.getContext("2d"), classRgb = spec.colours.classes.map(hexRgb);

    const optionsOf = (values, loss) => Object.fromEntries(loss.options.map((option) => [option, values[option]]));
    const keyOf = (index, values) => {
      const name = values[spec.panels[index]], options = optionsOf(values, spec.losses[name]);
      return { name, options, key: JSON.stringify([name, options, values["learning rate"], pointsVersion]) };
    };
    // What each panel's last whole picture showed: its run, the step and whether it had diverged.
    const drawn = spec.panels.map(() => null);
    // The panel's run for the loss, options, learning rate and points of `values`; but a run begun
    // for an earlier input and not drawn yet stays, to end first.
    const runFor = (index, values) => {
      const { name, options, key } = keyOf(index, values), run = runs[index];
      const unfinished = run && drawn[index] && drawn[index].run !== run;
      if (!run || (run.key !== key && !unfinished)) runs[index] = { key, name, ...runOf(spec, spec.losses[name], options, values["learning rate"], points) };
      return runs[index];
    };
    const pace = { ms: 0 };
    // Trains every panel's run towards the step of `values` until `deadline`: whether each got there.
    const trainAll = (values, deadline, whole) => spec.panels
      .map((_, index) => trainUntil(spec, runFor(index, values), values.step, deadline, pace, whole)).every(Boolean);

    // The grid's levels, one per boundary (the score z, or each class's score above the others'), reused;
    // none for the linear model of two classes, whose boundary is drawn as its line.
    const linear = spec.outputs === 1 && !spec.hidden;
    const levels = Array.from({ length: linear ? 0 : spec.outputs }, () => new Float64Array(GRID * GRID));
    const image = shadeCtx.createImageData(GRID, GRID), probabilities = new Float64Array(spec.outputs);
    // Two classes: a pixel is the first class's colour washed out, plus σ(z) times the step to the
    // second's, looked up by σ(z) in SHADES steps (a step moves no channel by a quarter of a level):
    // one exp and one 4-byte store a pixel.
    const SHADES = 1024, pixels = new Uint32Array(image.data.buffer), palette = new Uint32Array(SHADES + 1);
    const paletteBytes = new Uint8ClampedArray(palette.buffer);
    for (let shade = 0; shade <= SHADES; shade++) {
      classRgb[0].forEach((value, channel) => {
        paletteBytes[4 * shade + channel] = Math.round(255 * (1 - spec.shade) + spec.shade * (value + (shade / SHADES) * (classRgb[1][channel] - value)));
      });
      paletteBytes[4 * shade + 3] = 255;
    }
    // σ(z)'s colour (exp(-z) overflowing to Infinity gives σ = 0, as it should).
    const shadeOf = (z) => palette[(SHADES / (1 + Math.exp(-z)) + 0.5) | 0];
    function drawPlane(ctx, plane, run, at) {
      const params = run.params[at], model = run.model, K = spec.outputs, { scores } = model, { data } = image;
      for (let row = 0; row < GRID; row++) {
        const rowStart = (GRID - 1 - row) * GRID;
        if (linear) {
          // The score along a row: its first node's, plus the same step for each node after.
          const start = nodes[0] * params[0] + nodes[row] * params[1] + params[2], across = (nodes[1] - nodes[0]) * params[0];
          for (let column = 0; column < GRID; column++) pixels[rowStart + column] = shadeOf(start + column * across);
          continue;
        }
        for (let column = 0; column < GRID; column++) {
          model.forward(params, nodes[column], nodes[row]);
          const node = row * GRID + column, pixel = (rowStart + column) * 4;
          if (K === 1) {
            levels[0][node] = scores[0];
            pixels[rowStart + column] = shadeOf(scores[0]);
            continue;
          }
          data[pixel + 3] = 255;
          let top = -Infinity, sum = 0;
          for (let k = 0; k < K; k++) top = Math.max(top, scores[k]);
          for (let k = 0; k < K; k++) sum += (probabilities[k] = Math.exp(scores[k] - top));
          for (let k = 0; k < K; k++) {
            probabilities[k] /= sum;
            let others = -Infinity;
            for (let j = 0; j < K; j++) if (j !== k) others = Math.max(others, scores[j]);
            levels[k][node] = scores[k] - others;
          }
          for (let channel = 0; channel < 3; channel++) {
            let mix = 0;
            for (let k = 0; k < K; k++) mix += probabilities[k] * classRgb[k][channel];
            data[pixel + channel] = Math.round(255 * (1 - spec.shade) + spec.shade * mix);
          }
        }
      }
      shadeCtx.putImageData(image, 0, 0);
      // Each of the image's pixels centred on its node: the centres of its first and last pixels on the
      // box's edges. Drawn with no clip, whose mask made this image most of what a frame rasterizes.
      ctx.imageSmoothingEnabled = true;
      ctx.drawImage(shadeImage, 0.5, 0.5, GRID - 1, GRID - 1, plane.box.left, plane.box.top, plane.box.width, plane.box.height);
      plane.frame({ xlabel: "x₁", ylabel: "x₂", title: spec.losses[run.name].label,
                    xticks: ends, yticks: ends });
      const step = (2 * BOX) / (GRID - 1), toX = (c) => plane.x(-BOX + c * step), toY = (r) => plane.y(-BOX + r * step);
      plane.clipped((ctx) => {
        ctx.strokeStyle = spec.colours.black;
        ctx.lineWidth = style.line * 0.8;
        ctx.beginPath();
        const boundary = linear ? lineIn(params[0], params[1], params[2], BOX) : null;
        if (boundary) {
          ctx.moveTo(plane.x(boundary[0][0]), plane.y(boundary[1][0]));
          ctx.lineTo(plane.x(boundary[0][1]), plane.y(boundary[1][1]));
        }
        for (const level of levels) {
          contourOf(level, GRID, (x0, y0, x1, y1) => {
            ctx.moveTo(toX(x0), toY(y0));
            ctx.lineTo(toX(x1), toY(y1));
          });
        }
        ctx.stroke();
      });
    }

    // Each point, sized by its loss under the model `run` has after `at` steps, and the one picked.
    function drawMarks(ctx, plane, run, at) {
      const each = new Float64Array(points.length);
      const counted = numbersAt(run.model, spec.losses[run.name], run.options, run.params[at], points, null, each);
      plane.clipped((ctx) => {
        ctx.strokeStyle = "#ffffff";
        ctx.lineWidth = 0.8;
        points.forEach(([x, y, label], index) => {
          const loss = typeof counted === "string" ? 4 : Math.min(each[index], 4);
          ctx.fillStyle = spec.colours.classes[label];
          mark(ctx, plane.x(x), plane.y(y), style.marker * (0.55 + 0.75 * Math.sqrt(loss)), label);
          if (index === selected) {
            ctx.save();
            ctx.strokeStyle = spec.colours.black;
            ctx.lineWidth = 2;
            ctx.beginPath();
            ctx.arc(plane.x(x), plane.y(y), style.marker * 2.4, 0, 2 * Math.PI);
            ctx.stroke();
            ctx.restore();
          }
        });
      });
    }

    function drawCurve(ctx, curve, run, at, diverged) {
      const steps = Array.from({ length: at + 1 }, (_, index) => index), losses = run.losses.slice(0, at + 1);
      curve.xlim = [0, Math.max(spec.min_curve_steps, at)];
      curve.ylim = [0, Math.max(0.1, 1.1 * Math.max(...losses))];
      curve.frame({ xlabel: "step", ylabel: "loss", title: diverged ? "diverged" : `L = ${fixed(losses[at])}`,
                    xticks: ticksOf(...curve.xlim, curve.box.width < 8 * style.font ? 2 : 4).filter(({ at: tick }) => Number.isInteger(tick)) });
      curve.polyline(steps, losses, spec.colours.black, style.line * 0.8);
      curve.dot(at, losses[at], spec.colours.black, style.marker * 0.5);  // where the picture above is
      const shownSteps = spec.heldout ? steps.filter((step) => step % HELDOUT_EVERY === 0 || step === at) : [];
      if (spec.heldout) curve.polyline(shownSteps, shownSteps.map((step) => heldoutAt(spec, run, step)), spec.colours.black, style.line * 0.8, [8, 4]);
      // The accuracy on the right-hand scale, 0 to 105%: a staircase, where the loss is smooth.
      // Its corners only: a flat run of steps is one segment, not one a step.
      const toLoss = (share) => (share / 1.05) * curve.ylim[1], stairs = [0], shares = [run.accuracy[0]];
      for (let step = 1; step <= at; step++) {
        if (run.accuracy[step] === run.accuracy[step - 1]) continue;
        stairs.push(step, step);
        shares.push(run.accuracy[step - 1], run.accuracy[step]);
      }
      stairs.push(at);
      shares.push(run.accuracy[at]);
      curve.polyline(stairs, shares.map(toLoss), spec.colours.orange, style.line * 0.7);
      ctx.font = `${style.font * 0.9}px sans-serif`;
      ctx.fillStyle = spec.colours.orange;
      ctx.textAlign = "left";
      ctx.textBaseline = "middle";
      if (spec.heldout) {
        ctx.fillStyle = spec.colours.black;
        ctx.textAlign = "right";
        // A legend for the dashed curve, a piece of its line and its name, at the right-hand end of the
        // panel where the fewest of the curves' points are (as matplotlib's "best"): a quarter, half or
        // three quarters down, or near the top or the bottom.
        const right = curve.box.left + curve.box.width - 4, start = right - ctx.measureText("held-out").width - 6;
        const [left, half] = [start - 28, style.font * 0.7], { box } = curve;
        const middles = [0.1, 0.25, 0.5, 0.75, 0.9].map((share) => box.top + share * box.height), crowds = middles.map(() => 0);
        const count = (x, value) => {
          if (x < left) return;
          middles.forEach((middle, index) => { if (Math.abs(curve.y(value) - middle) <= half) crowds[index] += 1; });
        };
        steps.forEach((step) => { count(curve.x(step), losses[step]); count(curve.x(step), toLoss(run.accuracy[step])); });
        shownSteps.forEach((step) => count(curve.x(step), heldoutAt(spec, run, step)));
        const middle = middles[crowds.indexOf(Math.min(...crowds))];
        ctx.fillStyle = "rgba(255, 255, 255, 0.85)";  // readable where a curve still passes under it
        ctx.fillRect(left, middle - half, right - left + 2, 2 * half);
        ctx.fillStyle = spec.colours.black;
        ctx.fillText("held-out", right, middle);
        ctx.save();
        ctx.strokeStyle = spec.colours.black;
        ctx.lineWidth = style.line * 0.8;
        ctx.setLineDash([8, 4]);
        line(ctx, [[start - 24, middle], [start, middle]]);
        ctx.restore();
        ctx.fillStyle = spec.colours.orange;
        ctx.textAlign = "left";
      }
      for (const share of [0, 0.5, 1]) {
        ctx.textBaseline = share ? "middle" : "bottom";  // 0% above the axis, clear of the last step's tick
        ctx.fillText(`${fixed(100 * share, 0)}%`, curve.box.left + curve.box.width + 5, curve.y(toLoss(share)));
      }
    }

    const rootOf = () => el.querySelector(".lossviz-explorer");
    // Whether it plays, and the steps play has sent Python meanwhile: their echoes are not news (set by `interact`).
    const playing = { echoed: () => false, on: () => false };
    // The picture of each panel's run at the step of `values` (or at `panels`' steps): the planes'
    // shading and boundary and the curves, drawn in `under` and copied onto the canvas; then the
    // points over them. Its readout. (Drawing them on the canvas and copying that into `under` made
    // each frame of play a quarter slower on a slow laptop.)
    const under = document.createElement("canvas"), underCtx = under.getContext("2d");
    const copyUnder = (ctx) => {
      ctx.save();
      ctx.setTransform(1, 0, 0, 1, 0, 0);
      ctx.drawImage(under, 0, 0);
      ctx.restore();
    };
    const planeOf = (ctx, index) => new Axes(ctx, boxOf(spec.boxes[2 * index]), [-BOX, BOX], [-BOX, BOX], style);
    function drawAll(ctx, values, panels = runs.map((run) => ({
      run, at: Math.min(values.step, run.losses.length - 1), diverged: run.diverged !== null && values.step >= run.losses.length,
    }))) {
      if (under.width !== ctx.canvas.width || under.height !== ctx.canvas.height) [under.width, under.height] = [ctx.canvas.width, ctx.canvas.height];
      underCtx.setTransform(1, 0, 0, 1, 0, 0);
      underCtx.clearRect(0, 0, under.width, under.height);
      underCtx.setTransform(ctx.getTransform());  // the canvas's scale (its device pixels)
      panels.forEach(({ run, at, diverged }, index) => {
        drawn[index] = { run, at, diverged };
        drawPlane(underCtx, planeOf(underCtx, index), run, at);
        drawCurve(underCtx, new Axes(underCtx, boxOf(spec.boxes[2 * index + 1]), [0, 1], [0, 1], style), run, at, diverged);
      });
      copyUnder(ctx);
      drawOver(ctx);
      rootOf().dataset.shown = JSON.stringify(drawn.map(({ run, at }) => ({ weights: Array.from(run.params[at]), loss: run.losses[at], step: at })));
      return readoutOf(drawn);
    }
    // The points where they are now, over the last whole picture's planes, and any divergence's notice.
    function drawOver(ctx) {
      drawn.forEach(({ run, at, diverged }, index) => {
        const plane = planeOf(ctx, index);
        drawMarks(ctx, plane, run, at);
        if (diverged) notice(ctx, `${run.diverged}: the picture is step ${at}.`, plane.box, style);
      });
    }
    function readoutOf(panels) {
      const readout = [], described = [], two = panels.length === 2;
      panels.forEach(({ run, at, diverged }) => {
        const prefix = two ? `${spec.losses[run.name].label} ` : "";
        if (diverged) {
          readout.push([`${prefix}status`.trim(), run.diverged]);
          described.push(`${spec.losses[run.name].label}: ${run.diverged}`);
          return;
        }
        readout.push([`${prefix}L`, fixed(run.losses[at])], [`${prefix}accuracy`, `${fixed(100 * run.accuracy[at], 0)}%`]);
        if (spec.heldout) readout.push([`${prefix}held-out L`, fixed(heldoutAt(spec, run, at))]);
        if (!two) {  // the weights and their gradient, where a line has room for them
          const gradient = new Float64Array(run.params[at].length), written = (numbers) => Array.from(numbers, (each) => fixed(each)).join(", ");
          numbersAt(run.model, spec.losses[run.name], run.options, run.params[at], run.points, gradient);
          if (spec.outputs === 1 && !spec.hidden) readout.push(["w₁, w₂, b", written(run.params[at])], ["∂L/∂(w₁, w₂, b)", written(gradient)]);
          else readout.push(["gradient size", fixed(Math.hypot(...gradient))]);
        }
        described.push(`${spec.losses[run.name].label} after ${at} step${at === 1 ? "" : "s"}: loss ${fixed(run.losses[at])}, `
          + `${fixed(100 * run.accuracy[at], 0)}% of the points right`);
      });
      return { readout, description: `${described.join(". ")}.` };
    }

    // Training on between frames, in tasks of TASK_MS; the picture drawn again once every run is there.
    const channel = new MessageChannel();
    let queued = false, latest = null, lastValues = null;
    const catchUp = () => {
      if (queued) return;
      queued = true;
      channel.port2.postMessage(null);
    };
    channel.port1.onmessage = () => {
      queued = false;
      if (trainAll(lastValues, performance.now() + TASK_MS, false)) ended.redraw();
      else catchUp();
    };

    const ended = mount({ model, el }, (ctx, values) => {
      const root = rootOf();
      frames += 1;
      root.dataset.frames = frames;
      lastValues = values;
      // The first picture is drawn whole, however long its training; later ones only with what fits in FRAME_MS.
      const ready = trainAll(values, latest ? performance.now() + FRAME_MS : Infinity, true);
      if (ready) latest = drawAll(ctx, values);
      else if (under.width === ctx.canvas.width && under.height === ctx.canvas.height) {
        copyUnder(ctx);
        drawOver(ctx);
      } else drawAll(ctx, values, [...drawn]);  // the canvas resized: the last picture again, at its new size
      const settled = ready && runs.every((run, index) => run.key === keyOf(index, values).key);
      root.dataset.settled = settled ? "yes" : "no";
      if (!settled) catchUp();
      const used = new Set(spec.panels.flatMap((panel) => spec.losses[values[panel]].options));
      for (const row of root.querySelectorAll(".lossviz-control[data-name]")) {
        const option = row.dataset.name;
        if (Object.values(spec.losses).some((loss) => loss.options.includes(option))) row.style.display = used.has(option) ? "" : "none";
      }
      // While it plays, a screen reader is told nothing new each frame (it would only queue them);
      // what the picture shows when it stops. The controls and readout follow a few times a second.
      return playing.on() ? { readout: latest.readout, changing: true } : latest;
    }, { ready: Promise.resolve() }, (state) => playing.echoed(state));
    const root = rootOf(), canvas = root.querySelector("canvas");
    root.classList.add("lossviz-training");
    // What the page trains on, and how the explorer was made: what a test or a reader can remake it from.
    Object.assign(root.dataset, { points: JSON.stringify(points), made: JSON.stringify(spec.made) });
    const grid = element("div", "lossviz-controls");
    root.querySelector(".lossviz-control").before(grid);
    grid.append(...root.querySelectorAll(".lossviz-control"));
    const finished = Object.assign(() => { channel.port1.close(); ended(); }, ended);  // with mount's redraw, setState and showText
    return interact(model, spec, root, canvas, finished, {
      points: () => points,
      setPoints: (moved) => { points = moved; pointsVersion += 1; root.dataset.points = JSON.stringify(points); },
      selected: () => selected,
      select: (index) => { selected = index; },
      runs,
      playing,
    });
  },
};
