// The explorable theory (cmo explore): clicks, search, filters and the panel, on the
// Graphviz SVG cmo draws. No framework, nothing fetched. Every node's <title> is its
// element's id in the theory graph, every line's is "tail->head": data.nodes and
// data.edges say which configurations each runs through.
"use strict";
(function () {
  const data = JSON.parse(document.getElementById("cmo-data").textContent);
  const byId = new Map(data.configurations.map((c) => [c.id, c]));
  const byNumber = new Map(data.configurations.map((c) => [String(c.number), c]));
  const byName = new Map(data.configurations.map((c) => [c.name, c]));
  const changes = data.changes || {};
  // Configurations the initial version had and this one dropped: drawn (dashed) in the
  // diagram of what changed, and listed while it is shown.
  const removed = data.removed || [];
  const removedIds = new Set(removed.map((c) => c.id));
  for (const c of removed) {
    byId.set(c.id, c);
    if (!byName.has(c.name)) byName.set(c.name, c);
    if (!byNumber.has(String(c.number))) byNumber.set(String(c.number), c);
  }
  const everyone = [...data.configurations, ...removed];
  const changeViews = new Set(Object.values(data.changes_of || {}));
  const showingChanges = () => figures.some((f) => !f.hidden && changeViews.has(f.dataset.view));
  const labelOf = (node) => (data.nodes[node] || (data.removed_nodes || {})[node] || {}).label;
  const state = { focus: null, query: "", filters: {} };
  const $ = (id) => document.getElementById(id);

  function el(tag, attributes, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes || {})) {
      if (value !== null && value !== undefined) node.setAttribute(name, value);
    }
    for (const child of children.flat()) {
      if (child !== null && child !== undefined) {
        node.append(typeof child === "string" ? document.createTextNode(child) : child);
      }
    }
    return node;
  }

  // Chains: configurations linked to each by an outcome that is another's context.
  const linked = new Map(data.configurations.map((c) => [c.id, new Set()]));
  for (const [up, down] of data.chains) {
    linked.get(up).add(down);
    linked.get(down).add(up);
  }
  function chainOf(ids) {
    const seen = new Set(ids);
    const todo = [...ids];
    while (todo.length) {
      for (const next of linked.get(todo.pop()) || []) {
        if (!seen.has(next)) { seen.add(next); todo.push(next); }
      }
    }
    return seen;
  }

  // What can be searched and filtered, per configuration.
  const haystack = new Map(everyone.map((c) => [c.id, [
    c.name, c.id, c.sentence, c.theme || "",
    ...c.elements.map(labelOf),
    ...c.evidence.map((e) => e.quote || ""),
  ].join("\n").toLowerCase()]));
  const filters = {
    theme: (c) => [c.theme || "(no theme)"],
    status: (c) => [c.status],
    stance: (c) => c.evidence.map((e) => e.stance),
    wave: (c) => c.evidence.map((e) => e.wave).filter((v) => v),
    site: (c) => c.evidence.map((e) => e.site).filter((v) => v),
  };
  for (const [name, values] of Object.entries(filters)) {
    const options = new Set(data.configurations.flatMap(values));
    const select = $("filter-" + name);
    select.append(el("option", { value: "" }, "Any " + name));
    for (const value of [...options].sort()) select.append(el("option", { value }, value));
    if (!options.size) select.hidden = true;
    select.addEventListener("change", () => {
      state.filters[name] = select.value;
      if (name === "theme" && data.theme_views) showView(data.theme_views[select.value] || "summary");
      paint();
    });
  }

  // The list of configurations beside the diagram.
  const items = new Map();
  for (const c of everyone) {
    const button = el("button", { type: "button", class: "cmoc", "data-id": c.id }, c.name);
    if (removedIds.has(c.id)) button.append(" (removed)");
    button.addEventListener("click", () => openConfiguration(c.id));
    const doubtful = c.evidence.filter((e) => unverified(e)).length;
    const item = el("li", { "data-id": c.id, class: removedIds.has(c.id) ? "removed" : null }, button, " ", el("span", {}, c.sentence),
      doubtful ? el("mark", { class: "unverified" }, ` ⚠ ${doubtful} quote` +
        `${doubtful === 1 ? "" : "s"} not verbatim`) : null);
    items.set(c.id, item);
    $("list").append(item);
  }

  // The diagrams: each node and line knows its element or pair.
  const figures = [...document.querySelectorAll("figure.view")];
  const shapes = [];
  // A removed configuration's element whose id the new version reuses is "<id>.removed".
  const unrenamed = (key) => key.split("->").map((n) => n.replace(/\.removed$/, "")).join("->");
  for (const figure of figures) {
    const withRemoved = changeViews.has(figure.dataset.view);
    for (const g of figure.querySelectorAll("g.node, g.edge")) {
      const title = g.querySelector("title");
      const key = title ? title.textContent : "";
      const isNode = g.classList.contains("node");
      let ids = (isNode ? (data.nodes[key] || {}).configurations : data.edges[key]) || [];
      if (withRemoved) {
        ids = ids.concat((isNode ? ((data.removed_nodes || {})[unrenamed(key)] || {}).configurations
          : (data.removed_edges || {})[unrenamed(key)]) || []);
      }
      const label = isNode ? labelOf(key) || labelOf(unrenamed(key)) : null;
      if (data.summary && data.summary[key]) {
        g.classList.add("theme-box");
        g.addEventListener("click", () => showView(data.theme_views[data.summary[key]]));
        continue;
      }
      if (!ids.length) continue;
      g.dataset[isNode ? "node" : "edge"] = key;
      g.classList.add("clickable");
      shapes.push({ g, ids, key, isNode });
      // Keyboard: Tab reaches each element and line, Enter or Space clicks it.
      g.setAttribute("tabindex", "0");
      g.setAttribute("role", "button");
      g.setAttribute("aria-label", isNode ? label
        : "Line of " + ids.map((id) => byId.get(id).name).join(", "));
      g.addEventListener("keydown", (event) => {
        if (event.key === "Enter" || event.key === " ") {
          event.preventDefault();
          g.dispatchEvent(new MouseEvent("click", { bubbles: true }));
        }
      });
      g.addEventListener("click", (event) => {
        event.stopPropagation();
        // A mechanism's badge names its configurations ("CMOC 7", "CMOC 2, CMOC 8").
        const badge = event.target.closest("text");
        const named = badge ? badge.textContent.split(", ").map((n) => byName.get(n)) : [];
        if (named.length && named.every((c) => c)) {
          if (named.length === 1) openConfiguration(named[0].id);
          else {
            state.focus = { kind: "line", ids: new Set(named.map((c) => c.id)), key };
            paint();
          }
        } else if (isNode) selectElement(key, ids, label);
        else if (ids.length === 1) openConfiguration(ids[0]);
        else { state.focus = { kind: "line", ids: new Set(ids), key }; paint(); }
      });
    }
  }

  // A theme's own diagram (a large theory) lists that theme's configurations only.
  const themeOfView = new Map(Object.entries(data.theme_views || {}).map(([t, v]) => [v, t]));
  // The diagram chosen (the theory, the summary or a theme); with "What changed" ticked,
  // its diagram of what changed since the initial version is shown instead, if it has one.
  let chosen = null;
  function showView(key) {
    if (!key) return;
    chosen = key;
    const shown = ($("changes") && $("changes").checked && data.changes_of[key]) || key;
    for (const figure of figures) figure.hidden = figure.dataset.view !== shown;
    $("view").value = key;
    if (data.theme_views) {
      state.filters.theme = themeOfView.get(key) || "";
      $("filter-theme").value = state.filters.theme;
      paint();
    }
  }
  $("size").addEventListener("click", () => {
    const actual = $("diagrams").classList.toggle("actual");
    $("size").textContent = actual ? "Fit to width" : "Actual size";
    $("size").setAttribute("aria-pressed", String(actual));
  });
  $("view").addEventListener("change", () => showView($("view").value));
  if ($("changes")) {
    $("changes").addEventListener("change", () => {
      showView(chosen);
      paint();
    });
  }

  function selectElement(node, ids, label) {
    state.focus = { kind: "element", node, ids: new Set(ids), label };
    paint();
  }

  function visible(c) {
    if (removedIds.has(c.id) && !showingChanges()) return false;
    for (const [name, value] of Object.entries(state.filters)) {
      if (value && !filters[name](c).includes(value)) return false;
    }
    return !state.query || haystack.get(c.id).includes(state.query);
  }

  // Classes: "hit" (the focus), "chained" (on its chains), "match" (search), "dim" (others).
  function paint() {
    const pool = showingChanges() ? everyone : data.configurations;
    const shown = new Set(pool.filter(visible).map((c) => c.id));
    const hits = state.focus ? new Set([...state.focus.ids].filter((id) => shown.has(id))) : null;
    const chained = hits ? chainOf(hits) : null;
    for (const { g, ids, key, isNode } of shapes) {
      const hit = hits && ids.some((id) => hits.has(id));
      const onChain = !hit && chained && ids.some((id) => chained.has(id));
      const anyShown = ids.some((id) => shown.has(id));
      g.classList.toggle("hit", Boolean(hit));
      g.classList.toggle("chained", Boolean(onChain));
      g.classList.toggle("match", Boolean(state.query && anyShown));
      g.classList.toggle("dim", hits ? !hit && !onChain : !anyShown);
      g.classList.toggle("selected", Boolean(isNode && state.focus && state.focus.node === key));
    }
    for (const [id, item] of items) {
      item.hidden = !shown.has(id);
      item.classList.toggle("hit", Boolean(hits && hits.has(id)));
      item.classList.toggle("chained", Boolean(chained && !hits.has(id) && chained.has(id)));
    }
    // Names in the list's order; past a dozen, how many more (a large theory's chains).
    const names = (ids) => {
      const named = everyone.filter((c) => ids.has(c.id)).map((c) => c.name);
      return named.length > 12 ? `${named.slice(0, 12).join(", ")} and ${named.length - 12} more`
        : named.join(", ");
    };
    let said = `${shown.size} of ${pool.length} configurations`;
    if (state.focus && state.focus.kind !== "line") {
      const what = state.focus.kind === "element" ? state.focus.label : "Open";
      said = `${what}: ${names(hits) || "no configuration shown"}`;
      const along = new Set([...chained].filter((id) => !hits.has(id)));
      if (along.size) said += `; on its chains: ${names(along)}`;
    } else if (state.focus && state.focus.kind === "line") {
      said = `This line: ${names(hits)}`;
    }
    $("hits").textContent = said;
  }

  // What a quote check says of a quote not found word for word in its source (else "").
  function unverified(e) {
    const check = e.check;
    if (!check || check.status.startsWith("exact")) return "";
    if (check.status === "near") return `⚠ not verbatim: a near match (${Math.round(check.score)}/100)`;
    if (check.status === "not found") return "⚠ not found in its source";
    return "⚠ not checked: no text of its source";
  }

  function field(name, value) {
    return value === null || value === undefined || value === "" ? [] :
      [el("dt", {}, name), el("dd", {}, String(value))];
  }

  function openConfiguration(id, keepHash) {
    const c = byId.get(id);
    if (!c) return;
    if (removedIds.has(id) && !$("changes").checked) {  // drawn only in what changed
      $("changes").checked = true;
      showView(chosen);
    }
    if (data.theme_views) showView(data.theme_views[c.theme || "(no theme)"]);
    state.focus = { kind: "configuration", ids: new Set([id]) };
    paint();
    const rigour = Object.entries(c.rigour).filter(([, n]) => n)
      .map(([level, n]) => `${n} ${level.replace("_", " ")}`).join(", ");
    const log = c.retroduction;
    const panel = $("panel");
    panel.replaceChildren(...[
      el("button", { type: "button", class: "close", "aria-label": "Close" }, "×"),
      el("h2", {}, `${c.name} · ${c.id}`),
      el("p", { class: "sentence" }, c.sentence),
      el("dl", {},
        field("Theme", c.theme), field("Status", c.status), field("Rationale", c.rationale),
        field("Changed", changes[id]),
        field("Support", `${c.supports} supporting, ${c.refutes} refuting, ` +
              `${c.refines} refining, from ${c.sources} source${c.sources === 1 ? "" : "s"}`),
        field("Rigour", rigour)),
      log ? el("section", { class: "retroduction" }, el("h3", {}, "Retroduction"),
        el("ol", {}, log.steps.map((s) => el("li", {}, el("b", {}, s.move + ": "), s.inference,
          s.excerpts.length ? ` (${s.excerpts.join(", ")})` : ""))),
        log.alternatives.length ? el("ul", {}, log.alternatives.map((a) => el("li", {},
          el("b", {}, "Set aside: "), a.mechanism, " ",
          el("b", {}, "Why: "), a.set_aside_because))) : null)
        : null,
      el("h3", {}, `Evidence (${c.evidence.length})`),
      el("ul", { class: "evidence" }, c.evidence.map((e) => el("li", { class: e.stance },
        el("span", { class: "stance" }, e.stance), " ",
        e.quote === null ? el("i", {}, "[quote withheld]") : el("q", {}, e.quote),
        unverified(e) ? el("mark", { class: "unverified" }, unverified(e)) : null,
        el("small", {}, [e.source, e.participant, e.wave && "wave " + e.wave, e.site]
          .filter((v) => v).join(" · ") + ` (${e.excerpt})`))))].filter((part) => part));
    panel.querySelector(".close").addEventListener("click", closePanel);
    panel.hidden = false;
    panel.focus();
    if (!keepHash) history.replaceState(null, "", "#cmoc-" + c.number);
  }

  function closePanel() {
    $("panel").hidden = true;
    state.focus = null;
    paint();
    history.replaceState(null, "", location.pathname + location.search);
  }

  function fromHash() {
    const match = /^#cmoc-(.+)$/.exec(decodeURIComponent(location.hash));
    const c = match && (byNumber.get(match[1]) || byId.get(match[1]));
    if (c) openConfiguration(c.id, true);
  }

  $("search").addEventListener("input", () => {
    state.query = $("search").value.trim().toLowerCase();
    paint();
  });
  $("clear").addEventListener("click", () => {
    state.query = ""; $("search").value = "";
    for (const name of Object.keys(filters)) {
      state.filters[name] = "";
      $("filter-" + name).value = "";
    }
    if (data.theme_views) showView("summary");
    closePanel();
  });
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && !$("panel").hidden) closePanel();
  });
  window.addEventListener("hashchange", fromHash);
  showView($("view").value);
  paint();
  fromHash();
})();
