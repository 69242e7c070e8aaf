// The maths helpers the losses' own formulas (`js=` in each definition) call, written stably as lossviz's.

const logSigmoid = (z) => Math.min(z, 0) - Math.log1p(Math.exp(-Math.abs(z)));

function logSumExp(z) {
  const top = Math.max(...z);
  return top + Math.log(z.reduce((sum, each) => sum + Math.exp(each - top), 0));
}

const softmax = (z) => { const top = logSumExp(z); return z.map((each) => Math.exp(each - top)); };
