// A loss's curve over the prediction, the current point with its tangent and downhill arrow, and
// (unless spec.gradient_panel is false) the gradient beside it. LOSS, the loss's own formula from
// its definition, is put in front of this module by lossviz.explorers.

function curveOf(spec, target, options) {
  const [low, high] = spec.pred_range, xs = [], losses = [], slopes = [];
  for (let index = 0; index < spec.points; index += 1) {
    const x = low + ((high - low) * index) / (spec.points - 1);
    xs.push(x);
    losses.push(LOSS.value(x, target, options));
    slopes.push(LOSS.grad(x, target, options));
  }
  // The limits lossviz's matplotlib pictures take (spec.geometry): room under the curve for the
  // arrow, and a gradient that blows up (BCE's 1/p) cut at the loss's gradient_limits.
  // The loss axis spans 0 (or the lowest value, where a loss goes below 0) to the highest, as lossviz's loss_axis_span.
  const { loss_room: room, gradient_margin: gradientMargin } = spec.geometry, floor = Math.min(...losses, 0);
  const top = Math.max(...losses, floor + 1e-9), lossRoom = room * (top - floor);
  let [bottom, ceiling] = [Math.min(...slopes, 0), Math.max(...slopes, 0)];
  if (spec.gradient_limits) [bottom, ceiling] = [Math.max(bottom, spec.gradient_limits[0]), Math.min(ceiling, spec.gradient_limits[1])];
  const margin = gradientMargin * (ceiling - bottom) || gradientMargin;
  return { xs, losses, slopes, floor, lossLimits: [floor - lossRoom, top + lossRoom], slopeLimits: [bottom - margin, ceiling + margin] };
}

// The dashed line's name at its top, beside it on its wider side (the right one when both are as wide),
// as lossviz's LossCurve writes it: a loss is lowest near its target, so its curve leaves room there.
function nameTargetLine(axes, text, at, [low, high]) {
  const { ctx, style, box } = axes, right = at - low <= high - at, gap = 5, pad = 2;
  ctx.save();
  ctx.font = `${style.font * 0.9}px sans-serif`;
  const width = ctx.measureText(text).width, height = style.font * 1.15;
  const left = right ? axes.x(at) + gap : axes.x(at) - gap - width, top = box.top + 4;
  ctx.fillStyle = "rgba(255, 255, 255, 0.8)";
  ctx.fillRect(left - pad, top - pad, width + 2 * pad, height + 2 * pad);
  ctx.fillStyle = "#000000";
  ctx.textAlign = "left";
  ctx.textBaseline = "top";
  ctx.fillText(text, left, top);
  ctx.restore();
}

// The loss panel's still parts: its frame, the dashed line at the target and the curve.
function drawLossStill(axes, spec, curve, point) {
  const { style, colours, labels } = spec, [low, high] = spec.pred_range, [bottom, top] = axes.ylim;
  axes.frame({ xlabel: labels.x, ylabel: "loss L", title: labels.title });
  if (point.perfect !== null) {
    axes.polyline([point.perfect, point.perfect], [bottom, top], colours.grey, style.line * 0.6, [6, 4]);
    if (point.lineName !== null) nameTargetLine(axes, point.lineName, point.perfect, [low, high]);
  }
  axes.polyline(curve.xs, curve.losses, colours.curve, style.line);
}

// The loss panel's moving parts: the point, its tangent, the downhill arrow and the loss's value.
function drawLossPoint(axes, spec, point, floor) {
  const { style, colours, geometry } = spec, [bottom, top] = axes.ylim;
  // The tangent, kept short enough to stay on screen where the curve is steep.
  const half = Math.min(geometry.tangent_half, (geometry.tangent_rise * (top - bottom)) / Math.max(Math.abs(point.slope), 1e-12));
  const ends = [point.pred - half, point.pred + half];
  axes.polyline(ends, ends.map((x) => point.value + point.slope * (x - point.pred)), colours.orange, style.line * 0.8);
  axes.clipped(() => axes.dot(point.pred, point.value, colours.vermillion, style.marker));
  // Along the prediction axis, in the strip under the curve: downhill is -sign(slope).
  const direction = -Math.sign(point.slope);
  if (direction) {
    const height = floor + geometry.arrow_height * (bottom - floor);
    axes.arrow(point.pred, point.pred + direction * geometry.arrow, height, colours.vermillion, style.line * 0.8, style.marker * 2.2);
  }
  axes.label(`L = ${fixed(point.value)}`, point.pred, point.value, style.marker + 8);
}

function drawGradientStill(axes, spec, curve) {
  const { style, colours, labels } = spec;
  axes.frame({ xlabel: labels.x, ylabel: labels.gradient, title: "its gradient: the slope of the loss" });
  axes.polyline(spec.pred_range, [0, 0], colours.black, 0.8);
  axes.polyline(curve.xs, curve.slopes, colours.curve, style.line);
}

function downhill(spec, slope) {
  const symbol = spec.labels.pred_text;
  if (slope < 0) return `downhill is to the right: increase ${symbol}`;
  if (slope > 0) return `downhill is to the left: decrease ${symbol}`;
  return "the slope is 0: no way is downhill";
}

export default {
  render({ model, el }) {
    const spec = model.get("spec"), count = spec.target_line_names.length;
    const [targets, lineAt] = [rowsOf(spec.targets, count)[0], rowsOf(spec.target_line_at, count)[0]];
    let drawn = { key: null, curve: null };
    const still = stillLayer();
    return mount({ model, el }, (ctx, values, size) => {
      const panels = panelsOf(size.width, size.height, spec.gradient_panel ? 2 : 1, spec.style);
      const target = "target" in values ? values.target : spec.target;
      const options = Object.fromEntries(spec.option_names.map((name) => [name, values[name]]));
      const key = JSON.stringify([target, options]);
      if (drawn.key !== key) drawn = { key, curve: curveOf(spec, target, options) };  // only a new target or option
      const { curve } = drawn, pred = values.prediction;
      // The dashed line at the target's best prediction (none for a class), named where lossviz named it.
      const at = targets.indexOf(target), perfect = Number.isNaN(lineAt[at]) ? null : lineAt[at];
      const lineName = spec.target_line_names[at] || null;
      const point = { pred, value: LOSS.value(pred, target, options), slope: LOSS.grad(pred, target, options), perfect, lineName };
      const lossAxes = (on) => new Axes(on, panels[0], spec.pred_range, curve.lossLimits, spec.style);
      const gradientAxes = (on) => new Axes(on, panels[1], spec.pred_range, curve.slopeLimits, spec.style);
      still(ctx, JSON.stringify([key, size.width, size.height]), (on) => {
        drawLossStill(lossAxes(on), spec, curve, point);
        if (spec.gradient_panel) drawGradientStill(gradientAxes(on), spec, curve);
      });
      drawLossPoint(lossAxes(ctx), spec, point, curve.floor);
      if (spec.gradient_panel) {
        const gradient = gradientAxes(ctx);
        gradient.clipped(() => gradient.dot(pred, point.slope, spec.colours.vermillion, spec.style.marker));
      }
      const slopeName = `∂L/∂${spec.labels.pred_text}`;
      const targetText = "target" in values ? `target y = ${fixed(target, spec.target_decimals)}` : spec.labels.target;
      return {
        readout: [["L", fixed(point.value)], [slopeName, fixed(point.slope)]],
        description: `${spec.labels.pred_words} ${spec.labels.pred_text} = ${fixed(pred, spec.pred_decimals)}, `
          + `${targetText}: loss L = ${fixed(point.value)}, slope ${slopeName} = ${fixed(point.slope)}; `
          + `${downhill(spec, point.slope)}.`,
      };
    });
  },
};
