// An explorer on the page: its controls, readout and picture kept in step with the model, and a
// picture's still parts drawn by matplotlib.

// How long the moves must pause before Python hears them, in ms.
const QUIET_MS = 200;
// While the picture changes every frame (a training explorer playing), how far apart in ms the page's
// text follows it: the controls and the readout, laid out and painted again, took a slow laptop's
// frame as long as the picture.
const TEXT_MS = 100;

// A state as text, whatever the order of its names: Python's echo of one has them in its own order.
const canonical = (state) => JSON.stringify(Object.keys(state).sort().map((name) => [name, state[name]]));

// The controls, the readout and the picture, kept in step with the model's `values`. `picture`
// draws the values at a size ({width, height}, CSS pixels) and says what it shows:
// `{readout: [[name, text], ...], description}` (with no description, the last one stays; with
// `changing`, the picture changes every frame and the text may wait TEXT_MS to follow it). A move
// draws at once in the browser, then tells Python once the moves pause. A picture drawn whole in
// the browser is laid out again at the size it is shown (its text keeps its size); one drawn over a
// `still` image keeps its layout and is scaled with the page, and is drawn again once the image is
// decoded. Returns what ends it, with `redraw`.
// `echoed(state)`, if given, says whether a state from Python is only the echo of one this page sent
// before (a training explorer playing on sends its step once a second, and ipywidgets hands the
// echo of an older one back): it is not drawn.
function mount({ model, el }, picture, still = null, echoed = () => false) {
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
  let readoutShown = null, readoutNames = null;
  description.setAttribute("aria-live", "polite");
  // Python hears the moves once they pause or the control is let go, not every frame of a held key
  // or a drag: in JupyterLab each message, its echo and the kernel's busy light cost the page work
  // that delays the next frames (a slow laptop's key waited 8 ms more for its paint). Kept: the moves
  // made here and not sent yet, by control (an echo of an older one must not undo them), and the
  // state sent last (its echo comes after what the page has shown since: play's steps).
  let unsent = {}, sending = null, lastSent = null;
  const send = () => {
    clearTimeout(sending);
    sending = null;
    unsent = {};
    lastSent = canonical(model.get("state"));
    model.save_changes();
  };
  const sendNow = () => { if (sending !== null) send(); };
  const move = (name, value) => {
    if (values[name] === value) return;
    values = { ...values, [name]: value };
    unsent[name] = value;
    show(true);
    model.set("state", values);
    clearTimeout(sending);
    sending = setTimeout(send, QUIET_MS);
  };
  const controls = spec.controls.map((control) => (control.kind === "choice" ? choiceOf : sliderOf)(control, move));
  root.append(...controls.map(({ row }) => row), readout, canvas, description);
  el.append(root);

  // The text of the picture last drawn, if it has not followed yet, when it last did, and the timer
  // that makes it follow even if no frame comes (play gone out of view). A control moved by hand
  // shows its text at once (`textNow`).
  let textHeld = null, textAt = -Infinity, textTimer = null;
  function show(textNow = false) {
    ctx.fillStyle = "#ffffff";  // the canvas is opaque (canvasOf): white, as the page under it
    ctx.fillRect(0, 0, size.width, size.height);
    const shown = picture(ctx, values, size), waited = performance.now() - textAt;
    textHeld = shown;
    if (textNow || !shown.changing || waited >= TEXT_MS) showText();
    else if (textTimer === null) textTimer = setTimeout(showText, Math.ceil(TEXT_MS - waited));
  }
  function showText() {
    if (!textHeld) return;  // shown already
    const shown = textHeld, pairs = JSON.stringify(shown.readout);
    clearTimeout(textTimer);
    textHeld = textTimer = null;
    textAt = performance.now();
    controls.forEach((control, index) => control.show(values[spec.controls[index].name]));
    // Unchanged text is left alone, and new numbers go into the elements there: the page need not
    // lay out or style anything else again before the next paint.
    if (pairs !== readoutShown) {
      const names = JSON.stringify(shown.readout.map(([name]) => name));
      if (names !== readoutNames) {
        readout.replaceChildren(...shown.readout.map(([name]) => {
          const pair = element("span", "", `${name} = `);
          pair.append(element("b"));
          return pair;
        }));
        readoutNames = names;
      }
      shown.readout.forEach(([, text], index) => {
        const number = readout.children[index].lastChild;
        if (number.textContent !== text) number.textContent = text;
      });
      readoutShown = pairs;
    }
    if (shown.description !== undefined && description.textContent !== shown.description) {
      description.textContent = shown.description;
      canvas.setAttribute("aria-label", shown.description);
    }
  }

  const fromPython = () => {
    const now = model.get("state");
    if (Object.keys(now).every((name) => now[name] === values[name])) return;  // our own move, echoed
    // What the page shows goes back on once ipywidgets is done with the update (so that it counts
    // as changed, to be sent), over Python's echo of the state sent last, or of an older move than
    // those made here and not sent yet.
    const echo = echoed(now), ours = canonical(now) === lastSent;
    if (ours) {
      lastSent = null;
      queueMicrotask(() => model.set("state", { ...model.get("state"), ...values }));
      return;
    }
    if (Object.keys(unsent).some((name) => now[name] !== unsent[name])) {
      queueMicrotask(() => model.set("state", { ...model.get("state"), ...unsent }));
      return;
    }
    if (echo) return;
    values = { ...now };
    show();
  };
  // A state set by the explorer's own module (a training explorer's step as it plays): what it
  // changes is newer than a move made here and not sent yet.
  const setState = (state) => {
    unsent = Object.fromEntries(Object.entries(unsent).filter(([name, value]) => state[name] === value));
    model.set("state", state);
  };
  // JupyterLab, Notebook 7 and reveal.js act on keys themselves (the next cell, the next slide),
  // listening on the document before the control hears them: a key pressed on a control is
  // looked at here first, from the window.
  const inDeck = () => el.closest(".reveal") !== null;
  const onKey = (event) => {
    const control = controls.find(({ row }) => row.contains(event.target));
    if (!control) return;
    showText();  // a slider's key moves on from the position the picture shows
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
    sendNow();
    if (inDeck() && root.contains(document.activeElement)) document.activeElement.blur();
  };
  root.addEventListener("focusout", sendNow);
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
  // What an explorer's own module may add: draw again (its picture changed with no control moved),
  // set the state itself, and show the text held back now (a button pressed while it plays).
  return Object.assign(() => {
    model.off("change:state", fromPython);
    window.removeEventListener("keydown", onKey, true);
    window.removeEventListener("pointerup", letGo, true);
    window.removeEventListener("pointercancel", letGo, true);
    resized.disconnect();
    clearTimeout(textTimer);
    sendNow();  // last: with the kernel gone it throws
  }, { redraw: show, setState, showText });
}

// The still parts of a picture, drawn by matplotlib in Python (at twice the CSS size, for
// high-DPI screens): `draw(ctx)` paints them and gives each of its axes, to draw the moving
// parts on; `ready` settles once the image is decoded. The image is scaled to the canvas's pixels
// once, then copied pixel for pixel each frame: scaled each frame, a key filtered all its pixels
// again (a landscape's 2030 × 792 into 1015 × 396), in software on a laptop with no GPU.
function stillOf(spec) {
  const image = new Image();
  image.src = `data:image/png;base64,${spec.still}`;
  const fitted = document.createElement("canvas");
  let fittedFrom = null;
  return {
    ready: image.decode(),
    draw(ctx) {
      if (image.complete) {
        const transform = ctx.getTransform(), from = `${ctx.canvas.width} ${ctx.canvas.height} ${transform}`;
        if (fittedFrom !== from) {
          [fitted.width, fitted.height] = [ctx.canvas.width, ctx.canvas.height];
          const fittedCtx = fitted.getContext("2d");
          fittedCtx.setTransform(transform);
          fittedCtx.drawImage(image, 0, 0, spec.style.width, spec.style.height);
          fittedFrom = from;
        }
        ctx.save();
        ctx.setTransform(1, 0, 0, 1, 0, 0);
        ctx.drawImage(fitted, 0, 0);
        ctx.restore();
      }
      return spec.axes.map(({ box, xlim, ylim }) => new Axes(ctx, box, xlim, ylim, spec.style));
    },
  };
}
