// Numbers as lossviz writes them (its `fixed`), and the tables it sends as float64 bytes.

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

// A table lossviz computed, sent as float64 bytes (a DataView here), as rows of `width` numbers.
function rowsOf(view, width) {
  const numbers = new Float64Array(view.buffer, view.byteOffset, view.byteLength / 8);
  return Array.from({ length: numbers.length / width }, (_, row) => numbers.subarray(row * width, (row + 1) * width));
}
