"""Give every widget model in executed notebooks an id that does not change from run to run.

Executing a notebook gives each widget a random model id (a UUID), stored in the cells'
outputs and in the notebook's widget state; re-executing an unchanged notebook would then
rewrite thousands of JSON lines. `make execute` runs this after executing: models are
numbered in the order the notebook shows them (each output's model, then the models it
refers to, depth first), and each number becomes a UUID derived from the notebook's name
and that number, so an unchanged notebook is stored byte for byte the same.

    python scripts/stable_widget_ids.py notebooks/*.ipynb lecture/*.ipynb
"""

import json
import pathlib
import re
import sys
import uuid

import nbformat

VIEW = "application/vnd.jupyter.widget-view+json"
STATE = "application/vnd.jupyter.widget-state+json"
REFERENCE = re.compile(r"IPY_MODEL_([0-9a-f]{32})")
NAMESPACE = uuid.UUID("5f1f8a4e-3b6d-4c1e-9a57-6b0c1d2e3f40")  # lossviz's own: any fixed UUID would do


def _references(state):
    """The models a model's state refers to ("IPY_MODEL_<id>"), in the order its JSON lists them."""
    return REFERENCE.findall(json.dumps(state, sort_keys=True))


def stable_ids(notebook, name):
    """{old id: new id} for every widget model the notebook stores."""
    models = notebook.metadata.get("widgets", {}).get(STATE, {}).get("state", {})
    order = []

    def visit(model_id):
        if model_id in order or model_id not in models:
            return
        order.append(model_id)
        for referred in _references(models[model_id]):
            visit(referred)

    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            view = output.get("data", {}).get(VIEW)
            if view:
                visit(view["model_id"])
    # Models no output shows (none today): after the others, in a content order that does not vary.
    for model_id in sorted(set(models) - set(order), key=lambda key: json.dumps(models[key], sort_keys=True)):
        visit(model_id)
    return {old: uuid.uuid5(NAMESPACE, f"{name}:{index}").hex for index, old in enumerate(order)}


def renumbered(notebook, name):
    """The notebook with every model id replaced by its stable one, the widget state in that order."""
    mapping = stable_ids(notebook, name)
    if not mapping:
        return notebook
    text = re.sub(r"[0-9a-f]{32}", lambda match: mapping.get(match[0], match[0]), nbformat.writes(notebook))
    result = nbformat.reads(text, as_version=4)
    state = result.metadata.widgets[STATE]
    state["state"] = {new: state["state"][new] for new in mapping.values()}
    return result


def main(paths):
    for path in map(pathlib.Path, paths):
        notebook = nbformat.read(path, as_version=4)
        stable = renumbered(notebook, path.name)
        if nbformat.writes(stable) != nbformat.writes(notebook):
            nbformat.write(stable, path)
            print(f"{path}: widget model ids made stable")


if __name__ == "__main__":
    main(sys.argv[1:])
