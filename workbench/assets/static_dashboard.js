/* The static COPIL dashboard: switches precomputed figures, tables and texts when a filter changes.
 * Everything comes from the JSON payload embedded in the page (gzip + base64 when compressed).
 * Free text (verbatims, readings, table cells) is always written with textContent: never parsed
 * as HTML. No network access of any kind. */
(function () {
  "use strict";

  function decode(node) {
    var text = node.textContent;
    if (node.getAttribute("data-encoding") !== "gzip+base64") {
      return Promise.resolve(JSON.parse(text));
    }
    if (typeof DecompressionStream === "undefined") {
      return Promise.reject(new Error("DecompressionStream"));
    }
    var raw = atob(text.trim());
    var bytes = new Uint8Array(raw.length);
    for (var i = 0; i < raw.length; i += 1) { bytes[i] = raw.charCodeAt(i); }
    var stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
    return new Response(stream).text().then(JSON.parse);
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    return node;
  }

  function start(payload) {
    var state = {};
    var figures = payload.figures;
    var texts = payload.texts;
    Object.keys(payload.defaults).forEach(function (k) { state[k] = payload.defaults[k]; });

    function note(target, message) {
      target.replaceChildren(el("p", "wb-note", message));
    }

    function drawFigure(target, ref) {
      if (target._wbRef === ref) { return; }
      target._wbRef = ref;
      var fig = JSON.parse(JSON.stringify(figures[ref]));  /* plotly mutates what it draws */
      window.Plotly.react(target, fig.data || [], fig.layout || {}, payload.config);
    }

    function drawTable(target, table) {
      var wrap = el("table", "wb-table");
      if (table.caption) { wrap.appendChild(el("caption", null, table.caption)); }
      var head = el("thead");
      var row = el("tr");
      table.columns.forEach(function (c) { row.appendChild(el("th", null, c)); });
      head.appendChild(row);
      wrap.appendChild(head);
      var body = el("tbody");
      table.rows.forEach(function (cells, i) {
        var tr = el("tr", table.masked && table.masked[i] ? "wb-masked" : null);
        cells.forEach(function (c) {
          tr.appendChild(el("td", c === texts.masked ? "wb-masked" : null, c));
        });
        body.appendChild(tr);
      });
      wrap.appendChild(body);
      target.replaceChildren(wrap);
    }

    function drawQuotes(target, refs) {
      if (!refs.length) { note(target, texts.no_quotes); return; }
      var list = el("ul", "wb-quotes");
      refs.forEach(function (ref) {
        var q = payload.quotes[ref];
        var item = el("li", "wb-quote");
        item.appendChild(el("blockquote", "wb-quote-text", q.text));
        item.appendChild(el("div", "wb-quote-context", q.context));
        list.appendChild(item);
      });
      target.replaceChildren(list);
    }

    function drawReadings(target, refs) {
      if (!refs.length) { note(target, texts.no_readings.replace("{wave}", state.wave)); return; }
      var list = el("ul", "wb-readings");
      refs.forEach(function (ref) {
        var r = payload.readings[ref];
        var item = el("li", "wb-reading");
        item.appendChild(el("div", "wb-reading-head", r.head));
        [["interpretation", texts.interpretation], ["action", texts.action]].forEach(
          function (pair) {
            if (!r[pair[0]]) { return; }
            var line = el("div", "wb-reading-" + pair[0]);
            line.appendChild(el("b", null, pair[1] + " : "));
            line.appendChild(el("span", "wb-pre", r[pair[0]]));
            item.appendChild(line);
          });
        list.appendChild(item);
      });
      target.replaceChildren(list);
    }

    /* What a view shows for the filters chosen: the chosen QPV, group and wave where the view
     * follows them, else what it covers instead (« toutes vagues », the whole territory…). */
    function shows(view) {
      var fixed = view.fixed || {};
      var parts = [];
      [["qpv", texts.all_qpv], ["group", texts.all_groups], ["wave", texts.all_waves]].forEach(
        function (pair) {
          var dim = pair[0];
          if (view.dims.indexOf(dim) >= 0) {
            var name = dim === "wave" ? texts.wave_prefix + " " + state.wave
              : payload.names[dim][state[dim]];
            parts.push(name);
          } else {
            parts.push(fixed[dim] || pair[1]);
          }
        });
      return texts.shows + " " + parts.join(" · ");
    }

    function caption(target, view) {
      var line = target.previousElementSibling;
      if (!line || !line.classList.contains("wb-shows")) {
        line = el("p", "wb-shows");
        target.parentNode.insertBefore(line, target);
      }
      line.textContent = shows(view);
    }

    function refresh() {
      document.querySelectorAll("[data-view]").forEach(function (target) {
        var view = payload.views[target.getAttribute("data-view")];
        if (!view) { return; }
        if (view.kind !== "text") { caption(target, view); }
        var key = view.dims.map(function (d) { return state[d]; }).join("|");
        var ref = view.items[key];
        if (ref === undefined || ref === null) {
          if (view.kind === "figure" && target._wbRef !== undefined) {
            window.Plotly.purge(target);
            target._wbRef = undefined;
          }
          note(target, texts.no_data);
          return;
        }
        if (view.kind === "figure") { drawFigure(target, ref); }
        else if (view.kind === "table") { drawTable(target, payload.tables[ref]); }
        else if (view.kind === "quotes") { drawQuotes(target, ref); }
        else if (view.kind === "readings") { drawReadings(target, ref); }
        else { target.replaceChildren(el("p", "wb-note", ref)); }
      });
      var scope = document.getElementById("wb-scope");
      if (scope) {
        scope.textContent = texts.scope.replace("{qpv}", payload.names.qpv[state.qpv])
          .replace("{group}", payload.names.group[state.group]).replace("{wave}", state.wave);
      }
    }

    document.querySelectorAll("select[data-filter]").forEach(function (select) {
      select.value = state[select.getAttribute("data-filter")];
      select.addEventListener("change", function () {
        state[select.getAttribute("data-filter")] = select.value;
        refresh();
        document.body.setAttribute("data-refreshed", String(Number(
          document.body.getAttribute("data-refreshed") || "0") + 1));
      });
    });
    window.addEventListener("beforeprint", function () {
      document.querySelectorAll(".js-plotly-plot").forEach(function (gd) {
        window.Plotly.Plots.resize(gd);
      });
    });
    refresh();
    document.body.setAttribute("data-ready", "1");
  }

  decode(document.getElementById("wb-data")).then(start, function () {
    var box = document.getElementById("wb-fatal");
    if (box) { box.hidden = false; }
  });
}());
