// One outlier among the data, and the constant each loss fits to it: lossviz computed each fit at
// every position of the slider (spec.constants, a row per fit); the browser draws the one at hand.

const DASHES = { "-": [], "--": [10, 6], "-.": [10, 5, 2, 5], ":": [2, 5] };

// A fit's marker (matplotlib's "s", "^", "v" or "o"), `half` pixels from its centre to its edge.
function marker(ctx, shape, x, y, half, colour) {
  ctx.fillStyle = colour;
  ctx.beginPath();
  if (shape === "s") ctx.rect(x - half, y - half, 2 * half, 2 * half);
  else if (shape === "o") ctx.arc(x, y, half, 0, 2 * Math.PI);
  else {
    const tip = shape === "^" ? -half : half;
    ctx.moveTo(x, y + tip);
    ctx.lineTo(x + half, y - tip);
    ctx.lineTo(x - half, y - tip);
  }
  ctx.fill();
}

export default {
  render({ model, el }) {
    const spec = model.get("spec"), still = stillOf(spec), positions = spec.positions;
    const constants = rowsOf(spec.constants, positions.length);
    return mount({ model, el }, (ctx, values) => {
      const [axes] = still.draw(ctx), at = positions.indexOf(values.outlier), { style, colours } = spec;
      const readout = spec.fits.map(({ colour, dash, marker: shape, marks, label }, index) => {
        const constant = constants[index][at];
        axes.polyline(axes.xlim, [constant, constant], colour, style.line, DASHES[dash]);
        // Its markers tell it from a fit a pixel away (the median and Huber's).
        axes.clipped((ctx) => marks.forEach((x) => marker(ctx, shape, axes.x(x), axes.y(constant), style.marker * 0.9, colour)));
        return [label, fixed(constant)];
      });
      // The outlier, a diamond as in the snapshots.
      const [x, y, half] = [axes.x(spec.outlier_at), axes.y(values.outlier), style.marker * 1.3];
      ctx.fillStyle = colours.vermillion;
      ctx.beginPath();
      ctx.moveTo(x, y - half);
      ctx.lineTo(x + half * 0.75, y);
      ctx.lineTo(x, y + half);
      ctx.lineTo(x - half * 0.75, y);
      ctx.fill();
      return {
        readout,
        description: `outlier at ${fixed(values.outlier, spec.decimals)}: ${readout.map(([name, text]) => `${name} ${text}`).join(", ")}.`,
      };
    }, still);
  },
};
