"""An explorer as a person sees it in a page (its controls, readout and picture), and lossviz's own
numbers for what it shows: the same explorer made in Python, set to the values on screen."""

import json
import re

import manifest

import lossviz as lv
from lossviz import explorers

# How each kind of explorer in the notebooks is made (the controls set the rest).
MAKERS = {**{name: (lambda loss=loss: explorers.explore(loss)) for name, loss in lv.LOSSES.items()},
          "outliers": explorers.explore_outliers, "descent": explorers.explore_descent,
          "landscape": explorers.explore_landscape, "training": explorers.explore_training}
EXPLORER = ".lossviz-explorer"
# The explorers each lesson shows, in page order, lessons in reading order: notebooks/lessons.json's.
EXPLORERS = {lesson.file: list(lesson.explorers) for lesson in manifest.load()}


def shown_values(box):
    """{control: (text shown, index of the choice pressed or None)} as the page shows them."""
    return box.evaluate("""box => Object.fromEntries([...box.querySelectorAll('.lossviz-control')].map(row => {
        const output = row.querySelector('output'), buttons = [...row.querySelectorAll('button')];
        return [row.dataset.name, output ? [output.textContent, null]
            : [null, buttons.findIndex(button => button.getAttribute('aria-pressed') === 'true')]];
    }))""")


def settled(box):
    """Once the explorer has drawn what its controls and points now say (a training explorer trains
    again between frames after a move: its data-settled is "no" meanwhile)."""
    box.evaluate("""box => new Promise(resolve => {
        const check = () => box.dataset.settled === 'no' ? setTimeout(check, 5) : resolve();
        check();
    })""")


def shown_readout(box):
    """The readout's "name = value" pairs, as `Explorer.readout()` joins them, once settled."""
    settled(box)
    return "    ".join(box.eval_on_selector_all(".lossviz-readout > span", "spans => spans.map(span => span.textContent)"))


def remade(kind, box):
    """The explorer `box` shows, made again in Python (its controls where they start)."""
    if kind != "training":
        return MAKERS[kind]()
    made, points = json.loads(box.get_attribute("data-made")), json.loads(box.get_attribute("data-points"))
    settings = {"model": made["model"], "hidden": made["hidden"], "seed": made["seed"]}
    if made["data"] is None:
        return explorers.explore_training(None, made["losses"], X=[point[:2] for point in points],
                                          labels=[point[2] for point in points], **settings)
    explorer = explorers.explore_training(made["data"], made["losses"], **settings)
    explorer.points = points
    return explorer


def expected_readout(kind, box):
    """lossviz's readout for the values on screen: the explorer made in Python and set to them."""
    explorer = remade(kind, box)
    values = {}
    for name, (text, pressed) in shown_values(box).items():
        control = explorer.controls[name]
        values[name] = control.options[pressed][1] if text is None else float(text.replace("−", "-"))
    explorer.set(**values)
    readout = explorer.readout()
    explorer.close()
    return readout


def picture(box):
    return box.eval_on_selector("canvas", "canvas => canvas.toDataURL()")


def press(box, control, key):
    """Press `key` on a control: the slider itself, or a choice's next button (Enter)."""
    row = box.query_selector(f".lossviz-control[data-name='{control}']")
    slider = row.query_selector("input[type=range]")
    if slider:
        slider.focus()
        slider.press(key)
    else:
        buttons = row.query_selector_all("button")
        pressed = next(index for index, button in enumerate(buttons) if button.get_attribute("aria-pressed") == "true")
        buttons[(pressed + 1) % len(buttons)].click()


def check_a_key_press(box, kind, key="ArrowRight", control=None):
    """Press a key on the first control (or `control`): the picture must change and the readout must
    be lossviz's for the values now shown. Returns the readout."""
    before_picture, before_readout = picture(box), shown_readout(box)
    control = control or shown_controls(box)[0]
    press(box, control, key)
    after = shown_readout(box)
    assert after != before_readout, f"{kind}: the readout did not change on {key}"
    assert picture(box) != before_picture, f"{kind}: the picture did not change on {key}"
    assert after == expected_readout(kind, box), f"{kind} after {key} on {control}"
    description = box.eval_on_selector(".lossviz-description", "node => node.textContent")
    assert re.search(r"\d", description) and description != "", "no description for screen readers"
    return after


def shown_controls(box):
    return box.eval_on_selector_all(".lossviz-control", "rows => rows.map(row => row.dataset.name)")


def offline_page(browser, url, viewport=None):
    """A page opened from disk with every request that would leave the machine aborted; the page, the
    requests tried and the errors seen are returned."""
    page = browser.new_page(viewport=viewport or {"width": 1280, "height": 900})
    tried, errors = [], []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.route("**/*", lambda route: route.continue_() if route.request.url.startswith(("file:", "data:", "blob:"))
               else (tried.append(route.request.url), route.abort()))
    page.goto(url)
    return page, tried, errors


def to_slide_of(page, index):
    """A deck at the slide that holds its explorer `index` (a subslide too), as the presenter gets there."""
    where = page.evaluate(f"""() => {{
        const section = document.querySelectorAll('{EXPLORER}')[{index}].closest('section');
        const stack = section.parentElement.closest('section');
        const slides = [...document.querySelectorAll('.reveal .slides > section')];
        return stack ? [slides.indexOf(stack), [...stack.children].filter(child => child.tagName === 'SECTION').indexOf(section)]
                     : [slides.indexOf(section), 0];
    }}""")
    page.evaluate(f"() => {{ location.hash = '#/{where[0]}/{where[1]}'; }}")
    page.wait_for_function(f"() => document.querySelectorAll('{EXPLORER}')[{index}].closest('section.present')")
