// Gradient descent at a learning rate, for a number of steps: its path over the picture (the loss
// curve of one weight, or the loss landscape of a line's w and b), where it ends, and (for the
// line) the line it has reached beside the data. lossviz ran each learning rate once for the most
// steps (spec.runs, with spec.lengths and spec.diverged); a run of fewer steps is the start of it.
// Every text but the numbers the steps reach is lossviz's (spec.rate_texts, spec.diverged).

function visiblePath(axes, xs, ys) {
  // Up to its first point out of view: beyond, a diverging path only scribbles.
  const [[left, right], [bottom, top]] = [axes.xlim, axes.ylim];
  const out = xs.findIndex((x, index) => x < left || x > right || ys[index] < bottom || ys[index] > top);
  return out < 0 ? xs.length : out + 1;
}

export default {
  render({ model, el }) {
    const spec = model.get("spec"), still = stillOf(spec), { rates, series } = spec;
    const rows = rowsOf(spec.runs, spec.max_steps + 1);
    // Run i: its path's coordinates, then its losses, each as long as the run went.
    const runOf = (i) => rows.slice(i * series, (i + 1) * series).map((row) => Array.from(row.subarray(0, spec.lengths[i])));
    return mount({ model, el }, (ctx, values) => {
      const axes = still.draw(ctx), lr = values["learning rate"], steps = values.steps, { style, colours } = spec;
      const index = rates.indexOf(lr), run = runOf(index), taken = Math.min(steps, spec.lengths[index] - 1);
      const diverged = spec.diverged[index] && spec.lengths[index] - 1 <= steps;
      const path = run.slice(0, -1).map((each) => each.slice(0, taken + 1)), loss = run[run.length - 1][taken];
      const onPicture = axes[spec.path_axes], end = visiblePath(onPicture, ...path);
      const [xs, ys] = path.map((each) => each.slice(0, end));
      onPicture.polyline(xs, ys, colours.vermillion, style.line * 0.7);
      onPicture.clipped(() => xs.forEach((x, index) => onPicture.dot(x, ys[index], colours.vermillion, style.marker * 0.6)));
      const parameters = spec.parameters.map((name, index) => [name, fixed(path[index][taken])]);
      const named = parameters.filter(([name]) => spec.status_parameters.includes(name)).map(([name, text]) => `${name} = ${text}, `);
      const status = diverged ? spec.diverged[index] : `${spec.rate_texts[index]}, ${steps} steps: ${named.join("")}loss ${fixed(loss)}`;
      if (spec.fit_axes !== null) {
        const fit = axes[spec.fit_axes], [w, b] = [path[0][taken], path[1][taken]];
        fit.polyline(fit.xlim, fit.xlim.map((x) => w * x + b), colours.vermillion, style.line);
      }
      ctx.font = `${style.font * 0.9}px sans-serif`;
      const box = onPicture.box, width = ctx.measureText(status).width, height = style.font * 1.2;
      const [left, top] = [box.left + 0.02 * box.width, spec.status_top ? box.top + 0.05 * box.height : box.top + 0.97 * box.height - height];
      ctx.fillStyle = "rgba(255, 255, 255, 0.85)";
      ctx.fillRect(left, top, width + 8, height);
      ctx.fillStyle = colours.black;
      ctx.textAlign = "left";
      ctx.textBaseline = "middle";
      ctx.fillText(status, left + 4, top + height / 2);
      const readout = diverged ? [["L", fixed(loss)], ["status", spec.diverged_readings[index]]] : [...parameters, ["L", fixed(loss)]];
      return { readout, description: `${status}.` };
    }, still);
  },
};
