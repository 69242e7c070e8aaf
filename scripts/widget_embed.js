// lossviz's explorers drawn in a page that has no kernel (the site's pages, the decks), from the
// widget state nbconvert stored in it. Every model there is an anywidget, and an explorer's ES
// module asks its model only for get, set, save_changes, on and off (Python computed everything
// it draws), so this page-sized stand-in replaces the widget manager and anywidget's front end
// (3.7 MB, which drew only after the page's load event). Inlined in each page by its template.
(function () {
  "use strict";
  const VIEW = 'script[type="application/vnd.jupyter.widget-view+json"]';
  const STATE = 'script[type="application/vnd.jupyter.widget-state+json"]';

  // A model as anywidget hands one to render(): the saved state, changes told to "change:NAME"
  // listeners. With no kernel there is nothing to save to.
  function modelOf(saved) {
    const values = { ...saved };
    const listeners = new Map();
    return {
      get: (name) => values[name],
      set(name, value) {
        values[name] = value;
        (listeners.get(`change:${name}`) || []).forEach((listener) => listener());
      },
      save_changes() {},
      send() {},
      on(event, listener) {
        listeners.set(event, [...(listeners.get(event) || []), listener]);
      },
      off(event, listener) {
        listeners.set(event, (listeners.get(event) || []).filter((each) => each !== listener));
      },
    };
  }

  // A model's state with its binary parts put back where they were taken from: ipywidgets stores
  // bytes (lossviz's tables of numbers) apart, base64-encoded, each with its path in the state;
  // the explorer reads each as a DataView, as a kernel's widget manager hands them over.
  function stateOf(saved) {
    const state = structuredClone(saved.state);
    for (const { path, data } of saved.buffers || []) {
      const bytes = Uint8Array.from(atob(data), (character) => character.charCodeAt(0));
      const parent = path.slice(0, -1).reduce((object, key) => object[key], state);
      parent[path.at(-1)] = new DataView(bytes.buffer);
    }
    return state;
  }

  const modules = new Map();  // one import per module source: a page's explorers of one loss share it
  function moduleOf(source) {
    if (!modules.has(source)) {
      const url = URL.createObjectURL(new Blob([source], { type: "text/javascript" }));
      modules.set(source, import(url));
    }
    return modules.get(source);
  }

  const styled = new Set();
  function style(css) {
    if (!css || styled.has(css)) return;
    styled.add(css);
    const element = document.createElement("style");
    element.textContent = css;
    document.head.append(element);
  }

  // Each widget view in the page drawn just after its script element, in page order. A view that
  // cannot be drawn says so in the page, where the explorer would be, and in the console.
  async function render() {
    const stored = document.querySelector(STATE);
    const models = stored ? JSON.parse(stored.textContent).state : {};
    for (const view of document.querySelectorAll(VIEW)) {
      const el = document.createElement("div");
      el.className = "lossviz-widget";
      view.after(el);
      try {
        const { model_id: id } = JSON.parse(view.textContent);
        const saved = models[id];
        if (!saved || saved.model_name !== "AnyModel") throw new Error(`no anywidget's state for model ${id}`);
        const state = stateOf(saved);
        style(state._css);
        const module = await moduleOf(state._esm);
        const widget = module.default || module;
        await widget.render({ model: modelOf(state), el });
      } catch (error) {
        el.textContent = `This explorer could not be drawn here: ${error.message}`;
        console.error(error);
      }
    }
  }

  window.lossvizRenderWidgets = render;
})();
