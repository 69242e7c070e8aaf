// A classifier's scores: the softmax probability of each class as a bar (the true class
// highlighted), the loss written on, and the gradient per class beside it. LOSS, the loss's own
// formula from its definition, is put in front of this module by lossviz.explorers.

function drawBars(axes, heights, trueClass, colours, barWidth) {
  const { ctx } = axes, width = (axes.x(barWidth) - axes.x(0)), base = axes.y(0);
  heights.forEach((height, index) => {
    const colour = index === trueClass ? colours.orange : colours.sky, top = axes.y(height);
    ctx.fillStyle = colour;
    ctx.fillRect(axes.x(index) - width / 2, Math.min(top, base), width, Math.abs(base - top));
    if (index === trueClass) {
      ctx.strokeStyle = colours.black;
      ctx.lineWidth = 1;
      ctx.strokeRect(axes.x(index) - width / 2, Math.min(top, base), width, Math.abs(base - top));
    }
  });
}

export default {
  render({ model, el }) {
    const spec = model.get("spec"), { classes, xlim, labels, colours } = spec;
    return mount({ model, el }, (ctx, values, size) => {
      const [left, right] = panelsOf(size.width, size.height, 2, spec.style);
      const logits = Array.from({ length: classes }, (_, index) => values[`logit ${index}`]);
      const trueClass = values["true class"];
      // The true class is named under its bars, not only coloured (as lossviz's picture does).
      const xticks = Array.from({ length: classes }, (_, index) => ({
        at: index, text: (index === trueClass ? spec.true_names : spec.class_names)[index] }));
      const options = Object.fromEntries(spec.option_names.map((name) => [name, values[name]]));
      const probabilities = softmax(logits), loss = LOSS.value(logits, trueClass, options);
      const gradient = LOSS.grad(logits, trueClass, options);
      const bars = new Axes(ctx, left, xlim, spec.probability_limits, spec.style);
      bars.frame({ ylabel: labels.probability, title: labels.probability_title, xticks });
      drawBars(bars, probabilities, trueClass, colours, spec.bar_width);
      const plain = spec.option_names.every((name) => values[name] === spec.option_defaults[name]);
      // Without options that change it, the loss is the surprise −log p of the true class.
      const text = `L = ${plain ? spec.surprises[trueClass] : ""}${fixed(loss)}`;
      ctx.font = `${spec.style.font}px sans-serif`;
      ctx.fillStyle = colours.black;
      ctx.textAlign = "right";
      ctx.textBaseline = "top";
      ctx.fillText(text, left.left + 0.98 * left.width, left.top + 0.05 * left.height);
      const slopes = new Axes(ctx, right, xlim, spec.gradient_limits, spec.style);
      // With label smoothing the target is no longer one-hot: the label names what the bars are.
      slopes.frame({ ylabel: plain ? labels.gradient_plain : labels.gradient_options, title: labels.gradient_title, xticks });
      slopes.polyline(xlim, [0, 0], colours.black, 0.8);
      drawBars(slopes, gradient, trueClass, colours, spec.bar_width);
      const list = (numbers) => `[${numbers.map((number) => fixed(number)).join(", ")}]`;
      // Downhill is against the gradient: a negative slope raises that class's score, a positive one lowers it.
      const classesWhere = (test) => gradient.map((slope, index) => (test(slope) ? index : null)).filter((index) => index !== null);
      const [raise, lower] = [classesWhere((slope) => slope < 0), classesWhere((slope) => slope > 0)];
      return {
        readout: [["L", fixed(loss)], ["p", list(probabilities)], ["∂L/∂z", list(gradient)]],
        description: `logits z = ${list(logits)}, true class ${trueClass}: probabilities ${list(probabilities)}, `
          + `loss L = ${fixed(loss)}; gradient ${list(gradient)}; downhill raises the score of class `
          + `${raise.join(", ") || "none"} and lowers class ${lower.join(", ") || "none"}.`,
      };
    });
  },
};
