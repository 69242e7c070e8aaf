// Play, pause, one step and reset; points dragged, added and removed with the pointer or the keys; the
// points sent to Python when a move ends. Play draws a frame only while the explorer is on screen.
function interact(model, spec, root, canvas, ended, data) {
  const last = Math.max(...spec.controls.find((control) => control.name === "step").positions);
  let playing = false, onScreen = true, scheduled = false, savedAt = 0, pending = false;
  const buttons = element("div", "lossviz-buttons");
  const [play, once, reset] = ["play", "step", "reset"].map((text) => {
    const button = element("button", "lossviz-choice", text);
    button.type = "button";
    buttons.append(button);
    return button;
  });
  play.setAttribute("aria-pressed", "false");
  root.prepend(buttons);
  root.append(element("div", "lossviz-hint", hintFor(Math.max(2, spec.outputs))));
  const values = () => model.get("state");
  // The states play has sent: while it plays, Python's echo of an older one would step back.
  const sent = new Set();
  let latest = 0;
  // ipywidgets has already put the echo in the model: the step play has reached goes back in, unsaved.
  data.playing.echoed = (state) => {
    if (!playing || !sent.has(canonical(state))) return false;
    queueMicrotask(() => model.set("state", { ...values(), step: latest }));
    return true;
  };
  const setStep = (step, save) => {
    latest = step;
    ended.setState({ ...values(), step });
    if (!save) return;
    if (playing) sent.add(canonical(values()));
    model.save_changes();
  };
  data.playing.on = () => playing;
  const playOrPause = (on) => {
    playing = on;
    play.textContent = on ? "pause" : "play";
    play.setAttribute("aria-pressed", String(on));
    if (on) schedule();
    else {
      sent.clear();
      model.save_changes();
      ended.redraw();  // the description, which play leaves alone
    }
  };
  // Whether every loss has stopped (diverged) before `step`: playing on would show nothing new.
  const stopped = (step) => data.runs.every((run) => run && run.diverged !== null && run.losses.length <= step);
  // In a deck, a slide not shown is out of view though it may lie where the page shows it.
  const slide = root.closest(".reveal .slides section"), onSlide = () => !slide || slide.classList.contains("present");
  const frame = (time) => {
    scheduled = false;
    if (!playing || !onScreen || document.hidden || !onSlide()) return;
    const now = values(), next = Math.min(now.step + now.speed, last);
    // Python hears the step once a second, not every frame: in JupyterLab each message, its echo and
    // the kernel's busy light take the page a frame of a slow laptop.
    const save = time - savedAt > 1000;
    if (save) savedAt = time;
    setStep(next, save);
    if (next >= last || stopped(next)) playOrPause(false);
    else schedule();
  };
  function schedule() {
    if (!scheduled && playing && onScreen && !document.hidden && onSlide()) {
      scheduled = true;
      requestAnimationFrame(frame);
    }
  }
  play.addEventListener("click", () => playOrPause(!playing));
  once.addEventListener("click", () => {
    setStep(Math.min(values().step + 1, last), true);
    ended.showText();  // pressed while it plays, its step shows at once
  });
  reset.addEventListener("click", () => { playOrPause(false); setStep(0, true); });
  const seen = new IntersectionObserver((entries) => { onScreen = entries[entries.length - 1].isIntersecting; schedule(); });
  seen.observe(root);
  document.addEventListener("visibilitychange", schedule);
  const turned = new MutationObserver(schedule);  // the slide shown again: play goes on
  if (slide) turned.observe(slide, { attributes: true, attributeFilter: ["class"] });

  // The points: where the pointer is on the planes, in the data's coordinates.
  const redraw = () => {
    if (pending) return;
    pending = true;
    requestAnimationFrame(() => { pending = false; ended.redraw(); });
  };
  const movePoints = (moved) => { data.setPoints(moved); redraw(); };
  const sendPoints = () => { model.set("points", data.points().map((point) => [...point])); model.save_changes(); };
  const clamp = (value) => Math.min(Math.max(value, -spec.box), spec.box);
  // The pointer's place in the data's coordinates, on the plane under it (or on `plane`, where a drag
  // began, even once the pointer has left it), and how near a point must be to be taken.
  const where = (event, plane = -1) => {
    const rect = canvas.getBoundingClientRect(), scale = spec.style.width / rect.width;
    const [px, py] = [(event.clientX - rect.left) * scale, (event.clientY - rect.top) * scale];
    const planes = spec.boxes.filter((_, index) => index % 2 === 0);
    const chosen = plane >= 0 ? plane : planes.findIndex(([left, top, width, height]) => px >= left && px <= left + width && py >= top && py <= top + height);
    if (chosen < 0) return null;
    const [left, top, width, height] = planes[chosen];
    return { plane: chosen, x: -spec.box + ((px - left) / width) * 2 * spec.box, y: spec.box - ((py - top) / height) * 2 * spec.box,
             reach: (2 * spec.box * (spec.style.marker * 2 + 4)) / width };
  };
  const nearest = ({ x, y, reach }) => {
    let best = -1, distance = reach;
    data.points().forEach(([px, py], index) => {
      const away = Math.hypot(px - x, py - y);
      if (away <= distance) [best, distance] = [index, away];
    });
    return best;
  };
  let dragging = -1, dragPlane = -1;
  const onDown = (event) => {
    const at = where(event);
    if (!at || event.button !== 0) return;
    event.preventDefault();  // no text selected by a drag; and so no focus given: taken here, for the keys
    canvas.focus({ preventScroll: true });
    const index = nearest(at);
    if (index >= 0) {
      [dragging, dragPlane] = [index, at.plane];
      data.select(index);
      canvas.setPointerCapture(event.pointerId);
      redraw();
      return;
    }
    if (data.points().length >= spec.max_points) return;
    const label = event.altKey && spec.outputs === 3 ? 2 : event.shiftKey ? 1 : 0;
    movePoints([...data.points(), [at.x, at.y, label]]);
    data.select(data.points().length - 1);
    sendPoints();
  };
  const onMove = (event) => {
    if (dragging < 0) return;
    const at = where(event, dragPlane), moved = data.points().map((point) => [...point]);
    moved[dragging] = [clamp(at.x), clamp(at.y), moved[dragging][2]];
    movePoints(moved);
  };
  const onUp = () => {
    if (dragging < 0) return;
    dragging = -1;
    sendPoints();
  };
  const remove = (index) => {
    if (index < 0 || data.points().length <= 2) return;
    movePoints(data.points().filter((_, each) => each !== index));
    data.select(-1);
    sendPoints();
  };
  const onMenu = (event) => {
    const at = where(event);
    if (!at) return;
    event.preventDefault();
    remove(nearest(at));
  };
  // Keys on the picture: N picks the next point, the arrows move it (Shift: a tenth as far), Delete removes it.
  const onKey = (event) => {
    if (buttons.contains(event.target) && (event.key === "Enter" || event.key === " ")) {
      event.stopPropagation();  // the button's own click, not the notebook's or the deck's
      return;
    }
    if (event.target !== canvas) return;
    const count = data.points().length, chosen = data.selected(), size = event.shiftKey ? 0.01 : 0.1;
    const moves = { ArrowLeft: [-size, 0], ArrowRight: [size, 0], ArrowUp: [0, size], ArrowDown: [0, -size] }[event.key];
    if (event.key === "n" || event.key === "N") data.select((chosen + 1) % count);
    else if (moves && chosen >= 0) {
      const moved = data.points().map((point) => [...point]);
      moved[chosen] = [clamp(moved[chosen][0] + moves[0]), clamp(moved[chosen][1] + moves[1]), moved[chosen][2]];
      movePoints(moved);
      sendPoints();
    } else if ((event.key === "Delete" || event.key === "Backspace") && chosen >= 0) remove(chosen);
    else return;
    event.preventDefault();
    event.stopPropagation();
    redraw();
  };
  canvas.tabIndex = 0;
  canvas.addEventListener("pointerdown", onDown);
  canvas.addEventListener("pointermove", onMove);
  canvas.addEventListener("pointerup", onUp);
  canvas.addEventListener("pointercancel", onUp);
  canvas.addEventListener("contextmenu", onMenu);
  window.addEventListener("keydown", onKey, true);
  const fromPython = () => {
    const now = model.get("points");
    if (JSON.stringify(now) === JSON.stringify(data.points())) return;  // our own, echoed
    data.setPoints(now.map((point) => [...point]));
    data.select(-1);
    ended.redraw();
  };
  model.on("change:points", fromPython);
  return () => {
    playing = false;
    seen.disconnect();
    turned.disconnect();
    document.removeEventListener("visibilitychange", schedule);
    window.removeEventListener("keydown", onKey, true);
    model.off("change:points", fromPython);
    ended();
  };
}
