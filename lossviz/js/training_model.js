// Training in the page: the model's scores, each loss's value and gradient through it, and runs of
// gradient descent that end as lossviz.training.train's do. A key or a drag trains again from the start
// to the step shown (up to a thousand steps on hundreds of points) within a frame, so the inner loops
// make no garbage: one model's buffers, reused for every point.

// The model of `spec` (K scores per point, H hidden tanh units; 0: linear), with buffers for one point.
function modelOf(spec) {
  const K = spec.outputs, H = spec.hidden, out = 3 * H;
  const scores = new Float64Array(K), hidden = new Float64Array(H), slopes = new Float64Array(K);
  // Fills `scores` (and `hidden`) for the point (x, y), in the order of lossviz.training's matrix products.
  const forward = (params, x, y) => {
    if (!H) {
      for (let k = 0; k < K; k++) scores[k] = x * params[k] + y * params[K + k] + params[2 * K + k];
      return;
    }
    for (let j = 0; j < H; j++) hidden[j] = Math.tanh(x * params[j] + y * params[H + j] + params[2 * H + j]);
    for (let k = 0; k < K; k++) {
      let sum = 0;
      for (let j = 0; j < H; j++) sum += hidden[j] * params[out + j * K + k];
      scores[k] = sum + params[out + H * K + k];
    }
  };
  // Adds the point's share of dL/d(params) to `gradient`, from dL/d(scores) in `slopes` (already / N).
  const backward = (params, x, y, gradient) => {
    if (!H) {
      for (let k = 0; k < K; k++) {
        gradient[k] += x * slopes[k];
        gradient[K + k] += y * slopes[k];
        gradient[2 * K + k] += slopes[k];
      }
      return;
    }
    for (let j = 0; j < H; j++) {
      let back = 0;
      for (let k = 0; k < K; k++) {
        back += slopes[k] * params[out + j * K + k];
        gradient[out + j * K + k] += hidden[j] * slopes[k];
      }
      const pre = back * (1 - hidden[j] ** 2);  // tanh' = 1 - tanh²
      gradient[j] += x * pre;
      gradient[H + j] += y * pre;
      gradient[2 * H + j] += pre;
    }
    for (let k = 0; k < K; k++) gradient[out + H * K + k] += slopes[k];
  };
  return { K, H, scores, slopes, forward, backward };
}

// The point's loss under a training loss, from the model's `scores`; sets the model's `slopes` to
// dL/d(scores) divided by `count` (N, for a mean) when `count` is not 0. The loss's own formula
// (LOSS[registry]) takes the score z, σ(z) or the three scores, and the label's target.
function pointLoss(model, loss, options, label, count) {
  const formula = LOSS[loss.registry], { scores, slopes } = model;
  if (model.K > 1) {
    const z = Array.from(scores);
    if (count) formula.grad(z, label, options).forEach((slope, k) => { slopes[k] = slope / count; });
    return formula.value(z, label, options);
  }
  const z = scores[0], target = loss.targets[label];
  if (!loss.sigmoid) {
    if (count) slopes[0] = formula.grad(z, target, options) / count;
    return formula.value(z, target, options);
  }
  const p = Math.exp(logSigmoid(z)), notP = Math.exp(logSigmoid(-z));  // σ(z) and 1 - σ(z), each stable
  if (count) slopes[0] = (formula.grad(p, target, options) / count) * (p * notP);  // σ'(z) = σ(z) σ(-z)
  return formula.value(p, target, options);
}

// Whether the model's scores class the point right: the highest score (the first on a tie), or one
// score above 0 for class 1.
function classedRight(model, label) {
  const { scores } = model;
  if (model.K === 1) return (scores[0] > 0 ? 1 : 0) === label;
  let top = 0;
  for (let k = 1; k < model.K; k++) if (scores[k] > scores[top]) top = k;
  return top === label;
}

// The mean loss on `points` and the accuracy, with the gradient added into `gradient` (if given) and
// each point's loss written into `each` (if given); a text saying why not, where the scores or the
// loss are not finite.
function numbersAt(model, loss, options, params, points, gradient = null, each = null) {
  const n = points.length, count = gradient ? n : 0;
  let total = 0, right = 0;
  for (let i = 0; i < n; i++) {
    const point = points[i], x = point[0], y = point[1], label = point[2];
    model.forward(params, x, y);
    for (let k = 0; k < model.K; k++) if (!Number.isFinite(model.scores[k])) return "the scores overflowed";
    const value = pointLoss(model, loss, options, label, count);
    total += value;
    if (each) each[i] = value;
    if (classedRight(model, label)) right += 1;
    if (gradient) model.backward(params, x, y, gradient);
  }
  const value = total / n;
  return Number.isFinite(value) ? { value, accuracy: right / n } : "the loss overflowed";
}

const HELDOUT_EVERY = 5;

// The held-out loss at a step the run has taken (its parameters' scores are finite there: the points
// lie in the training points' box).
function heldoutAt(spec, run, step) {
  if (run.heldout[step] === undefined || run.heldout[step] === null) {
    const numbers = numbersAt(run.model, run.loss, run.options, run.params[step], spec.heldout);
    run.heldout[step] = typeof numbers === "string" ? NaN : numbers.value;
  }
  return run.heldout[step];
}

// A run: every step taken so far, ended by divergence as lossviz.training.train ends one.
function runOf(spec, loss, options, lr, points) {
  return { loss, options, lr, points, model: modelOf(spec), next: Float64Array.from(spec.initial), params: [], losses: [],
           accuracy: [], heldout: [], diverged: null };
}

function advance(spec, run, upto) {
  while (run.diverged === null && run.losses.length <= upto) {
    const step = run.losses.length, params = run.next, gradient = new Float64Array(params.length);
    let numbers = params.every(Number.isFinite) ? numbersAt(run.model, run.loss, run.options, params, run.points, gradient)
      : "the weights overflowed";
    let heldout = null;
    // The held-out loss at every HELDOUT_EVERY-th step (a curve fewer pixels wide than steps long looks
    // the same), and at any step shown on demand (`heldoutAt`): a third less work on a preset with one.
    if (typeof numbers !== "string" && spec.heldout && step % HELDOUT_EVERY === 0) {
      heldout = numbersAt(run.model, run.loss, run.options, params, spec.heldout);
      if (typeof heldout === "string") numbers = heldout;
    }
    if (typeof numbers !== "string" && step > 0 && !(numbers.value <= spec.growth_limit * run.losses[0])) numbers = "it grew";
    if (typeof numbers === "string") {
      run.diverged = `diverged at step ${step}: the loss passed ${spec.growth_limit} × its start or stopped being finite`;
      break;
    }
    run.params.push(params);
    run.losses.push(numbers.value);
    run.accuracy.push(numbers.accuracy);
    run.heldout[step] = heldout === null ? null : heldout.value;
    run.next = params.map((value, index) => value - run.lr * gradient[index]);
  }
}

// Trains `run` on towards step `upto` until `deadline` (performance.now()'s): whether it got there (or
// diverged on the way). With `whole`, only if its pace says all of it fits (a frame waits for no part
// of a training it cannot finish); otherwise in pieces that fit, at least a step. `pace.ms`, the time
// a step takes per point (0: not yet known), is shared by an explorer's runs and learned as they train.
function trainUntil(spec, run, upto, deadline, pace, whole) {
  const first = run.losses.length;
  while (run.diverged === null && run.losses.length <= upto) {
    const started = performance.now(), before = run.losses.length;
    const fit = deadline === Infinity ? Infinity : pace.ms ? Math.floor((deadline - started) / (pace.ms * run.points.length)) : 8;
    if (whole && fit <= upto - before) return false;
    const steps = Math.max(fit, !whole && before === first ? 1 : 0);  // a task takes a step at least once, not each turn
    if (steps < 1) return false;
    advance(spec, run, Math.min(upto, before - 1 + steps));
    const took = performance.now() - started, taken = run.losses.length - before;
    if (took >= 0.5 && taken > 0) pace.ms = took / (taken * run.points.length);  // timers here tick in 0.1 ms
  }
  return true;
}
