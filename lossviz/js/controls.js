// The controls: a slider or a row of choices, with the keys they answer, and the page's elements.

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
  let current;
  const show = (value) => {
    if (value === current) return;  // unchanged: nothing for the page to lay out again (play shows every frame)
    current = value;
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
  let current;
  const show = (value) => {
    if (value === current) return;
    current = value;
    spec.options.forEach(([, option], index) => buttons[index].setAttribute("aria-pressed", option === value));
  };
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
