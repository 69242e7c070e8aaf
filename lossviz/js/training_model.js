// Training in the page: the model's scores, each loss's value and gradient through it, and runs of
// gradient descent that end as lossviz.training.train's do.

// The model's scores for one point (x, y): K numbers, and the hidden layer's tanh (null: linear).
function scoresOf(params, x, y, K, H) {
  const scores = new Float64Array(K);
  if (!H) {
    for (let k = 0; k < K; k++) scores[k] = x * params[k] + y * params[K + k] + params[2 * K + k];
    return { scores, hidden: null };
  }
  const hidden = new Float64Array(H), out = 3 * H;
  for (let j = 0; j < H; j++) hidden[j] = Math.tanh(x * params[j] + y * params[H + j] + params[2 * H + j]);
  for (let k = 0; k < K; k++) {
    let sum = 0;
    for (let j = 0; j < H; j++) sum += hidden[j] * params[out + j * K + k];
    scores[k] = sum + params[out + H * K + k];
  }
  return { scores, hidden };
}

// What a training loss makes of one point's scores: its loss, dL/d(scores), and its share of the count
// of right answers. `target` is the class, or the loss's target value for it.
function pointLoss(loss, options, scores, label) {
  const formula = LOSS[loss.registry];
  if (scores.length > 1) {
    const top = scores.indexOf(Math.max(...scores));
    return { value: formula.value(Array.from(scores), label, options), slopes: formula.grad(Array.from(scores), label, options),
             right: top === label };
  }
  const z = scores[0], target = loss.targets[label], right = (z > 0 ? 1 : 0) === label;
  if (!loss.sigmoid) return { value: formula.value(z, target, options), slopes: [formula.grad(z, target, options)], right };
  const p = Math.exp(logSigmoid(z)), notP = Math.exp(logSigmoid(-z));
  return { value: formula.value(p, target, options), slopes: [formula.grad(p, target, options) * p * notP], right };
}

// The mean loss on `points`, its gradient (flat, in the parameters' order), the accuracy and each
// point's loss; a text saying why not, where the scores or the loss are not finite.
function numbersAt(spec, loss, options, params, points, withGradient) {
  const K = spec.outputs, H = spec.hidden, gradient = new Float64Array(params.length), n = points.length;
  let total = 0, right = 0;
  const each = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const [x, y, label] = points[i], { scores, hidden } = scoresOf(params, x, y, K, H);
    if (!scores.every(Number.isFinite)) return "the scores overflowed";
    const point = pointLoss(loss, options, scores, label);
    total += point.value;
    each[i] = point.value;
    right += point.right ? 1 : 0;
    if (!withGradient) continue;
    const slopes = point.slopes.map((slope) => slope / n);
    if (!H) {
      for (let k = 0; k < K; k++) {
        gradient[k] += x * slopes[k];
        gradient[K + k] += y * slopes[k];
        gradient[2 * K + k] += slopes[k];
      }
      continue;
    }
    const out = 3 * H;
    for (let j = 0; j < H; j++) {
      let back = 0;
      for (let k = 0; k < K; k++) {
        back += slopes[k] * params[out + j * K + k];
        gradient[out + j * K + k] += hidden[j] * slopes[k];
      }
      const pre = back * (1 - hidden[j] ** 2);
      gradient[j] += x * pre;
      gradient[H + j] += y * pre;
      gradient[2 * H + j] += pre;
    }
    for (let k = 0; k < K; k++) gradient[out + H * K + k] += slopes[k];
  }
  const value = total / n;
  if (!Number.isFinite(value)) return "the loss overflowed";
  return { value, gradient, accuracy: right / n, each };
}

// A run: every step taken so far, ended by divergence as lossviz.training.train ends one.
function runOf(spec, loss, options, lr, points) {
  return { loss, options, lr, points, next: Float64Array.from(spec.initial), params: [], losses: [], accuracy: [],
           heldout: [], gradients: [], diverged: null };
}

function advance(spec, run, upto) {
  while (run.diverged === null && run.losses.length <= upto) {
    const step = run.losses.length, params = run.next;
    let numbers = params.every(Number.isFinite) ? numbersAt(spec, run.loss, run.options, params, run.points, true) : "the weights overflowed";
    let heldout = null;
    if (typeof numbers !== "string" && spec.heldout) {
      heldout = numbersAt(spec, run.loss, run.options, params, spec.heldout, false);
      if (typeof heldout === "string") numbers = heldout;
    }
    if (typeof numbers !== "string" && step > 0 && !(numbers.value <= spec.growth_limit * run.losses[0])) numbers = "grew";
    if (typeof numbers === "string") {
      run.diverged = `diverged at step ${step}: the loss passed ${spec.growth_limit} × its start or stopped being finite`;
      break;
    }
    run.params.push(params);
    run.losses.push(numbers.value);
    run.accuracy.push(numbers.accuracy);
    run.heldout.push(heldout === null ? null : heldout.value);
    run.gradients.push(numbers.gradient);
    run.next = params.map((value, index) => value - run.lr * numbers.gradient[index]);
  }
}
