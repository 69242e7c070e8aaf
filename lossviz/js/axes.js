// A sharp canvas, its panels, axes that map data to pixels and draw themselves, and lines.

// A canvas at most `width` × `height` CSS pixels (a narrower page shrinks it, keeping its
// proportions), sharp on high-DPI screens. Opaque: a compositor with no GPU copies it onto the
// page each frame instead of blending it over what lies beneath.
function canvasOf(width, height) {
  const canvas = document.createElement("canvas"), ctx = canvas.getContext("2d", { alpha: false });
  Object.assign(canvas.style, { width: "100%", maxWidth: `${width}px`, aspectRatio: `${width} / ${height}` });
  canvas.setAttribute("role", "img");
  sized(canvas, ctx, width, height);
  return { canvas, ctx };
}

// The canvas's pixels for a drawing `width` × `height` CSS pixels large (its drawing is wiped).
function sized(canvas, ctx, width, height) {
  const ratio = window.devicePixelRatio || 1;
  canvas.width = Math.round(width * ratio);
  canvas.height = Math.round(height * ratio);
  ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
}

// The parts of a picture a move leaves alone (its axes, text and curves), drawn once per `key` on a
// canvas of their own and copied under each frame: with no GPU the browser rasterizes every line
// and letter of a canvas again each frame it changes, which made a key's frame miss its paint.
function stillLayer() {
  const layer = document.createElement("canvas"), layerCtx = layer.getContext("2d");
  let drawnKey = null;
  return (ctx, key, draw) => {
    const { width, height } = ctx.canvas;
    if (drawnKey !== key || layer.width !== width || layer.height !== height) {
      [layer.width, layer.height] = [width, height];  // which also wipes it
      layerCtx.setTransform(ctx.getTransform());
      draw(layerCtx);
      drawnKey = key;
    }
    ctx.save();
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.drawImage(layer, 0, 0);
    ctx.restore();
  };
}

// Round tick positions covering [low, high]: steps of 1, 2, 2.5 or 5 times a power of ten.
function ticksOf(low, high, count = 5) {
  const rough = (high - low) / count, power = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 2.5, 5, 10].map((factor) => factor * power).find((each) => each >= rough * 0.999);
  const decimals = Math.max(0, -Math.floor(Math.log10(step) + 1e-9) + (String(step / power).includes(".") ? 1 : 0));
  const ticks = [];
  for (let tick = Math.ceil(low / step - 1e-9) * step; tick <= high + step * 1e-9; tick += step) {
    ticks.push({ at: tick, text: fixed(tick, decimals) });
  }
  return ticks;
}

// Panels side by side, with room around each for its tick labels, axis labels and title at the
// look's font size, whatever the size of the canvas (a picture drawn smaller keeps its text).
function panelsOf(width, height, columns, style) {
  const font = style.font, left = 4 * font, right = 0.97 * width, top = 2 * font, bottom = height - 3 * font;
  const gap = 4.5 * font, panelWidth = (right - left - gap * (columns - 1)) / columns;
  return Array.from({ length: columns }, (_, index) => ({
    left: left + index * (panelWidth + gap), top, width: panelWidth, height: bottom - top,
  }));
}

class Axes {
  constructor(ctx, box, xlim, ylim, style) {
    Object.assign(this, { ctx, box, xlim, ylim, style });
  }

  x(value) { return this.box.left + ((value - this.xlim[0]) / (this.xlim[1] - this.xlim[0])) * this.box.width; }

  y(value) { return this.box.top + ((this.ylim[1] - value) / (this.ylim[1] - this.ylim[0])) * this.box.height; }

  // Grid, ticks, the left and bottom frame, axis labels and title, in the lossviz look.
  frame({ xlabel = "", ylabel = "", title = "", xticks = ticksOf(...this.xlim), yticks = ticksOf(...this.ylim) }) {
    const { ctx, box, style } = this, tickFont = style.font * 0.9;
    ctx.save();
    ctx.lineWidth = 0.8;
    ctx.strokeStyle = "#dddddd";
    for (const { at } of xticks) line(ctx, [[this.x(at), box.top], [this.x(at), box.top + box.height]]);
    for (const { at } of yticks) line(ctx, [[box.left, this.y(at)], [box.left + box.width, this.y(at)]]);
    ctx.strokeStyle = "#000000";
    line(ctx, [[box.left, box.top], [box.left, box.top + box.height], [box.left + box.width, box.top + box.height]]);
    ctx.fillStyle = "#000000";
    ctx.font = `${tickFont}px sans-serif`;
    ctx.textAlign = "center";
    ctx.textBaseline = "top";
    for (const { at, text } of xticks) ctx.fillText(text, this.x(at), box.top + box.height + 5);
    ctx.textAlign = "right";
    ctx.textBaseline = "middle";
    for (const { at, text } of yticks) ctx.fillText(text, box.left - 5, this.y(at));
    ctx.font = `${style.font}px sans-serif`;
    ctx.textAlign = "center";
    ctx.textBaseline = "bottom";
    ctx.fillText(xlabel, box.left + box.width / 2, box.top + box.height + 8 + tickFont + style.font * 1.4);
    ctx.fillText(title, box.left + box.width / 2, box.top - style.font * 0.5);
    // Left of the widest tick label, but never off the canvas.
    const widest = Math.max(...yticks.map(({ text }) => ctx.measureText(text).width));
    ctx.translate(Math.max(box.left - widest - 10 - style.font * 0.4, style.font * 1.1), box.top + box.height / 2);
    ctx.rotate(-Math.PI / 2);
    ctx.fillText(ylabel, 0, 0);
    ctx.restore();
  }

  // Draws inside the panel only (a steep curve leaves by its top edge, as in matplotlib).
  clipped(draw) {
    const { ctx, box } = this;
    ctx.save();
    ctx.beginPath();
    ctx.rect(box.left, box.top, box.width, box.height);
    ctx.clip();
    draw(ctx);
    ctx.restore();
  }

  polyline(xs, ys, colour, width, dash = []) {
    this.clipped((ctx) => {
      ctx.strokeStyle = colour;
      ctx.lineWidth = width;
      ctx.setLineDash(dash);
      line(ctx, xs.map((x, index) => [this.x(x), this.y(ys[index])]));
    });
  }

  dot(x, y, colour, radius) {
    const { ctx } = this;
    ctx.fillStyle = colour;
    ctx.beginPath();
    ctx.arc(this.x(x), this.y(y), radius, 0, 2 * Math.PI);
    ctx.fill();
  }

  // An arrow from (x0, y) to (x1, y) with a filled head: which way is downhill.
  arrow(x0, x1, y, colour, width, head) {
    const { ctx } = this, [from, to, at] = [this.x(x0), this.x(x1), this.y(y)], sign = Math.sign(to - from);
    ctx.strokeStyle = ctx.fillStyle = colour;
    ctx.lineWidth = width;
    line(ctx, [[from, at], [to - sign * head, at]]);
    ctx.beginPath();
    ctx.moveTo(to, at);
    ctx.lineTo(to - sign * head, at - head * 0.45);
    ctx.lineTo(to - sign * head, at + head * 0.45);
    ctx.fill();
  }

  // Text on a white patch (readable over the curve), `raise` pixels above (x, y).
  label(text, x, y, raise) {
    const { ctx, style } = this;
    ctx.font = `${style.font * 0.95}px sans-serif`;
    const width = ctx.measureText(text).width, height = style.font * 1.15;
    const [left, bottom] = [this.x(x) - width / 2, this.y(y) - raise];
    ctx.fillStyle = "rgba(255, 255, 255, 0.8)";
    ctx.fillRect(left - 3, bottom - height, width + 6, height + 2);
    ctx.fillStyle = "#000000";
    ctx.textAlign = "left";
    ctx.textBaseline = "bottom";
    ctx.fillText(text, left, bottom);
  }
}

function line(ctx, points) {
  ctx.beginPath();
  points.forEach(([x, y], index) => (index ? ctx.lineTo(x, y) : ctx.moveTo(x, y)));
  ctx.stroke();
}
