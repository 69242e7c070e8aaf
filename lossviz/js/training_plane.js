// The training explorer's plane: where the model's boundary runs (a contour of its grid of scores, or
// the linear model's line), a colour's channels, and each point's mark.

// The 0 contour of `levels` (grid × grid numbers, row by row from the bottom), by marching squares:
// `segment(x0, y0, x1, y1)` in grid units for each piece, with no garbage made (it runs every frame).
const CORNERS = [[0, 0], [1, 0], [1, 1], [0, 1]];
function contourOf(levels, grid, segment) {
  const found = new Float64Array(8), values = new Float64Array(4);
  for (let row = 0; row + 1 < grid; row++) {
    for (let column = 0; column + 1 < grid; column++) {
      for (let corner = 0; corner < 4; corner++) values[corner] = levels[(row + CORNERS[corner][1]) * grid + column + CORNERS[corner][0]];
      let count = 0;
      for (let a = 0; a < 4; a++) {
        const b = (a + 1) % 4, fa = values[a], fb = values[b];
        if ((fa > 0) === (fb > 0)) continue;
        const share = fa / (fa - fb);
        found[count++] = column + CORNERS[a][0] + (CORNERS[b][0] - CORNERS[a][0]) * share;
        found[count++] = row + CORNERS[a][1] + (CORNERS[b][1] - CORNERS[a][1]) * share;
      }
      for (let pair = 0; pair + 3 < count; pair += 4) segment(found[pair], found[pair + 1], found[pair + 2], found[pair + 3]);
    }
  }
}

// The linear model's boundary w₁x + w₂y + b = 0 within the square ±box: the grid's contour would be
// the same line, in pieces. Its ends, or null where it misses the square (or the weights are not finite).
function lineIn(w1, w2, b, box) {
  const norm = w1 * w1 + w2 * w2;
  if (!(norm > 0 && norm < Infinity && Number.isFinite(b))) return null;
  const start = [(-b * w1) / norm, (-b * w2) / norm], along = [-w2, w1];
  let low = -Infinity, high = Infinity;
  for (let axis = 0; axis < 2; axis++) {
    if (along[axis] === 0) {
      if (Math.abs(start[axis]) > box) return null;
      continue;
    }
    const [a, c] = [(-box - start[axis]) / along[axis], (box - start[axis]) / along[axis]];
    [low, high] = [Math.max(low, Math.min(a, c)), Math.min(high, Math.max(a, c))];
  }
  return low < high ? [0, 1].map((axis) => [low, high].map((t) => start[axis] + t * along[axis])) : null;
}

function hexRgb(colour) {
  return [1, 3, 5].map((start) => parseInt(colour.slice(start, start + 2), 16));
}

// A point's mark: a circle, a square or a triangle by its class, its size growing with its loss.
function mark(ctx, x, y, radius, shape) {
  ctx.beginPath();
  if (shape === 0) ctx.arc(x, y, radius, 0, 2 * Math.PI);
  else if (shape === 1) ctx.rect(x - radius * 0.85, y - radius * 0.85, radius * 1.7, radius * 1.7);
  else {
    ctx.moveTo(x, y - radius * 1.1);
    ctx.lineTo(x + radius, y + radius * 0.7);
    ctx.lineTo(x - radius, y + radius * 0.7);
    ctx.closePath();
  }
  ctx.fill();
  ctx.stroke();
}
