// What every lossviz explorer shares: numbers as the readouts write them, the maths helpers the
// losses' own formulas call, axes on a canvas, and the controls. lossviz.explorers puts this file in
// front of each kind's module (curve.js, classes.js, ...), so these names are in scope there.

const MINUS = "\u2212";

// Python's f"{x:.4f}" with the typographic minus and no "−0.0000", as lossviz's `fixed` writes it.
function fixed(x, decimals = 4) {
  if (!Number.isFinite(x)) return Number.isNaN(x) ? "nan" : x > 0 ? "inf" : `${MINUS}inf`;
  const scale = 10 ** decimals, size = Math.abs(x), whole = Math.floor(size * scale);
  let text = x.toFixed(decimals);
  // toFixed rounds an exact tie (0.03125 to 4 decimals) up, Python to even; a tie is exact
  // only where 5^decimals divides 2 * whole + 1.
  const exactTie = (2 * whole + 1) % 5 ** decimals === 0 && size === (whole + 0.5) / scale;
  if (exactTie && whole % 2 === 0) text = ((Math.sign(x) * whole) / scale).toFixed(decimals);
  if (Number(text) === 0) text = text.replace("-", "");
  return text.replace("-", MINUS);
}

const logSigmoid = (z) => Math.min(z, 0) - Math.log1p(Math.exp(-Math.abs(z)));

function logSumExp(z) {
  const top = Math.max(...z);
  return top + Math.log(z.reduce((sum, each) => sum + Math.exp(each - top), 0));
}

const softmax = (z) => { const top = logSumExp(z); return z.map((each) => Math.exp(each - top)); };

// A table lossviz computed, sent as float64 bytes (a DataView here), as rows of `width` numbers.
function rowsOf(view, width) {
  const numbers = new Float64Array(view.buffer, view.byteOffset, view.byteLength / 8);
  return Array.from({ length: numbers.length / width }, (_, row) => numbers.subarray(row * width, (row + 1) * width));
}

// ------------------------------------------------------------------------------ drawing

// A canvas at most `width` × `height` CSS pixels (a narrower page shrinks it, keeping its
// proportions), sharp on high-DPI screens.
function canvasOf(width, height) {
  const canvas = document.createElement("canvas"), ctx = canvas.getContext("2d");
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

// ------------------------------------------------------------------------------ controls

// Keys a slider answers, in positions of its grid: arrows move a coarse step (about a tenth of
// the range, so ten presses cross it), Shift + arrow one position, Home and End to its ends, and
// PageUp/PageDown as the arrows, except in a deck, where a clicker sends them to turn the slide.
function keyMove(event, coarse, count, inDeck) {
  const paging = inDeck ? {} : { PageUp: 1, PageDown: -1 };
  const steps = { ArrowRight: 1, ArrowUp: 1, ArrowLeft: -1, ArrowDown: -1, ...paging }[event.key];
  if (steps !== undefined) return (event.shiftKey && event.key.startsWith("Arrow") ? 1 : coarse) * steps;
  return { Home: -count, End: count }[event.key];
}

function sliderOf(spec, onMove) {
  const row = element("div", "lossviz-control");
  row.dataset.name = spec.name;
  const input = element("input");
  Object.assign(input, { type: "range", min: 0, max: spec.positions.length - 1, step: 1 });
  input.setAttribute("aria-label", spec.label);
  const shown = element("output");
  row.append(element("label", "", spec.label), input, shown);
  const positionOf = (value) => {
    let best = 0;
    spec.positions.forEach((each, index) => { if (Math.abs(each - value) < Math.abs(spec.positions[best] - value)) best = index; });
    return best;
  };
  const show = (value) => {
    input.value = positionOf(value);
    shown.textContent = fixed(value, spec.decimals);
    input.setAttribute("aria-valuetext", shown.textContent);
  };
  const moveTo = (position) => onMove(spec.name, spec.positions[Math.min(Math.max(position, 0), spec.positions.length - 1)]);
  input.addEventListener("input", () => moveTo(Number(input.value)));
  // Whether the slider took the key.
  const onKey = (event, inDeck) => {
    const move = keyMove(event, spec.coarse, spec.positions.length, inDeck);
    if (move === undefined) return false;
    event.preventDefault();
    moveTo(Number(input.value) + move);
    return true;
  };
  return { row, show, onKey };
}

function choiceOf(spec, onMove) {
  const row = element("div", "lossviz-control");
  row.dataset.name = spec.name;
  const group = element("span", "lossviz-choices");
  group.setAttribute("role", "group");
  group.setAttribute("aria-label", spec.label);
  const buttons = spec.options.map(([text, value]) => {
    const button = element("button", "lossviz-choice", text);
    button.type = "button";
    button.addEventListener("click", () => onMove(spec.name, value));
    return button;
  });
  group.append(...buttons);
  row.append(element("label", "", spec.label), group);
  const show = (value) => spec.options.forEach(([, option], index) => buttons[index].setAttribute("aria-pressed", option === value));
  // Enter and Space press the button (the browser's own action); the arrows are not a choice's.
  const onKey = (event) => event.key === "Enter" || event.key === " ";
  return { row, show, onKey };
}

function element(tag, className = "", text = "") {
  const made = document.createElement(tag);
  if (className) made.className = className;
  if (text) made.textContent = text;
  return made;
}

// ------------------------------------------------------------------------------ an explorer

// The controls, the readout and the picture, kept in step with the model's `values`. `picture`
// draws the values at a size ({width, height}, CSS pixels) and says what it shows:
// `{readout: [[name, text], ...], description}`. A move draws at once in the browser, then tells
// Python. A picture drawn whole in the browser is laid out again at the size it is shown (its text
// keeps its size); one drawn over a `still` image keeps its layout and is scaled with the page,
// and is drawn again once the image is decoded.
function mount({ model, el }, picture, still = null) {
  const spec = model.get("spec");
  let values = { ...model.get("state") };
  let size = { width: spec.style.width, height: spec.style.height };
  const root = element("div", "lossviz-explorer");
  root.style.fontSize = `${Math.round(spec.style.font * 0.9)}px`;  // the controls as large as the picture's text
  const { canvas, ctx } = canvasOf(size.width, size.height);
  // The smallest text on the picture, for a drawing `drawnWidth` CSS pixels wide: what a page
  // that shows the picture smaller (a slide shrunk to fit) can check is still readable.
  canvas.dataset.textPx = spec.style.text;
  canvas.dataset.drawnWidth = size.width;
  if (!still) root.dataset.resizable = "yes";
  const readout = element("div", "lossviz-readout");
  const description = element("div", "lossviz-description");
  description.setAttribute("aria-live", "polite");
  const move = (name, value) => {
    if (values[name] === value) return;
    values = { ...values, [name]: value };
    show();
    model.set("state", values);
    model.save_changes();
  };
  const controls = spec.controls.map((control) => (control.kind === "choice" ? choiceOf : sliderOf)(control, move));
  root.append(...controls.map(({ row }) => row), readout, canvas, description);
  el.append(root);

  function show() {
    controls.forEach((control, index) => control.show(values[spec.controls[index].name]));
    ctx.clearRect(0, 0, size.width, size.height);
    const shown = picture(ctx, values, size);
    readout.replaceChildren(...shown.readout.map(([name, text]) => {
      const pair = element("span", "", `${name} = `);
      pair.append(element("b", "", text));
      return pair;
    }));
    description.textContent = shown.description;
    canvas.setAttribute("aria-label", shown.description);
  }

  const fromPython = () => {
    const now = model.get("state");
    if (Object.keys(now).every((name) => now[name] === values[name])) return;  // our own move, echoed
    values = { ...now };
    show();
  };
  // JupyterLab, Notebook 7 and reveal.js act on keys themselves (the next cell, the next slide),
  // listening on the document before the control hears them: a key pressed on a control is
  // looked at here first, from the window.
  const inDeck = () => el.closest(".reveal") !== null;
  const onKey = (event) => {
    const control = controls.find(({ row }) => row.contains(event.target));
    if (!control) return;
    if (!inDeck()) {
      // In a notebook or a page every key stays with the control; Escape hands the keys back
      // to the page (the next cell).
      event.stopPropagation();
      if (event.key === "Escape") event.target.blur();
      else control.onKey(event, false);
      return;
    }
    // In a deck the control keeps only its own keys (a slider's arrows, Home and End; a button's
    // Enter and Space), Tab moves on, and every other key is the deck's: PageDown from a clicker,
    // b, s, Escape. reveal.js ignores keys while an <input> has focus, so the slider lets go first.
    if (control.onKey(event, true)) event.stopPropagation();
    else if (!["Tab", "Shift", "Control", "Alt", "Meta"].includes(event.key) && event.target.matches("input")) event.target.blur();
  };
  window.addEventListener("keydown", onKey, true);
  // A control dragged or clicked in a deck gives the keys back to the deck when the pointer lets
  // go (the presenter's next PageDown turns the slide); one reached with Tab keeps them.
  const letGo = () => {
    if (inDeck() && root.contains(document.activeElement)) document.activeElement.blur();
  };
  window.addEventListener("pointerup", letGo, true);
  window.addEventListener("pointercancel", letGo, true);
  model.on("change:state", fromPython);
  const resized = new ResizeObserver(() => {
    const [width, height] = [canvas.clientWidth, canvas.clientHeight];
    if (!width || !height || (width === size.width && height === size.height)) return;  // hidden, or as drawn
    size = { width, height };
    sized(canvas, ctx, width, height);
    canvas.dataset.drawnWidth = width;
    show();
  });
  if (!still) resized.observe(canvas);
  show();
  // "ready" once fully drawn (a still image decoded): what a printed handout waits for.
  root.dataset.ready = still ? "no" : "yes";
  if (still) still.ready.then(() => { show(); root.dataset.ready = "yes"; });
  return () => {
    model.off("change:state", fromPython);
    window.removeEventListener("keydown", onKey, true);
    window.removeEventListener("pointerup", letGo, true);
    window.removeEventListener("pointercancel", letGo, true);
    resized.disconnect();
  };
}

// The still parts of a picture, drawn by matplotlib in Python (at twice the CSS size, for
// high-DPI screens): `draw(ctx)` paints them and gives each of its axes, to draw the moving
// parts on; `ready` settles once the image is decoded.
function stillOf(spec) {
  const image = new Image();
  image.src = `data:image/png;base64,${spec.still}`;
  return {
    ready: image.decode(),
    draw(ctx) {
      if (image.complete) ctx.drawImage(image, 0, 0, spec.style.width, spec.style.height);
      return spec.axes.map(({ box, xlim, ylim }) => new Axes(ctx, box, xlim, ylim, spec.style));
    },
  };
}
