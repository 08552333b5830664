/* Home page: keep the module and system tiles current.
 *
 * /healthz is plain HTTP (no Socket.IO event carries it), so this page polls it and the module
 * status list every 5 s while the tab is visible; the alerts tile is live over Socket.IO
 * ("count" on /alerts, wired in app.js). */
(function () {
  "use strict";

  var PERIOD_MS = 5000;
  var root = document.querySelector("[data-home]");
  if (!root) return;

  var OK = ["ok", "running", "online", "connected", "active", "ready", "healthy"];
  var WARN = ["warning", "degraded", "minor", "major", "paused", "lagging"];
  var BAD = ["error", "fault", "down", "offline", "critical", "failed", "stopped"];

  function kindOf(state) {
    var word = String(state).toLowerCase();
    if (OK.indexOf(word) !== -1) return "ok";
    if (WARN.indexOf(word) !== -1) return "warn";
    if (BAD.indexOf(word) !== -1) return "bad";
    if (word === "info" || word === "busy") return "info";
    return "neutral";
  }

  function badge(text, kind) {
    return window.ShopTwin.badge(text, kind || kindOf(text));
  }

  function describe(value) {
    if (value === null || value === undefined) return "—";
    if (typeof value === "boolean") return value ? "yes" : "no";
    if (typeof value !== "object") return String(value);
    return Object.keys(value)
      .map(function (key) {
        return key.replace(/_/g, " ") + " " + describe(value[key]);
      })
      .join(", ");
  }

  /* Render a module status dict like the status_line macro does. */
  function statusLine(status) {
    var line = document.createElement("span");
    line.className = "status-line";
    line.setAttribute("data-status-line", "");
    line.append(badge(status.state || "unknown"));
    Object.keys(status).forEach(function (key) {
      if (key === "state") return;
      var item = document.createElement("span");
      item.className = "status-item";
      var name = document.createElement("span");
      name.className = "status-key";
      name.textContent = key.replace(/_/g, " ");
      item.append(name, " " + describe(status[key]));
      line.append(item);
    });
    return line;
  }

  function refreshModules() {
    return window.ShopTwin.fetchJSON(root.getAttribute("data-modules-url")).then(function (list) {
      list.forEach(function (module) {
        var tile = root.querySelector('[data-module="' + module.name + '"] [data-module-status]');
        if (tile) tile.replaceChildren(statusLine(module.status));
      });
    });
  }

  /* Short readings of the parts /healthz knows; anything else is listed as it comes. */
  var SUMMARIES = {
    database: function (part) {
      if (!part.ok) return "down" + (part.error ? " (" + part.error + ")" : "");
      return "ok" + (part.latency_ms != null ? " · " + part.latency_ms + " ms" : "");
    },
    clock: function (part) {
      if (!part.running) return "not running" + (part.reason ? " (" + part.reason + ")" : "");
      var p99 = part.lag_ms && part.lag_ms.p99;
      return "running" + (p99 != null ? " · lag p99 " + p99 + " ms" : "") + " · " + part.ticks + " ticks";
    },
  };

  function summarize(key, value) {
    if (SUMMARIES[key] && value && typeof value === "object") return SUMMARIES[key](value);
    return describe(value);
  }

  function showHealth(ok, body) {
    var state = root.querySelector("[data-health-state]");
    var details = root.querySelector("[data-health-details]");
    var word = body && typeof body.status === "string" ? body.status : ok ? "ok" : "degraded";
    state.replaceChildren(badge(word, ok ? "ok" : kindOf(word) === "neutral" ? "bad" : kindOf(word)));
    var rows = [];
    Object.keys(body || {}).forEach(function (key) {
      if (key === "status" || key === "version") return;
      var term = document.createElement("dt");
      term.textContent = key.replace(/_/g, " ");
      var value = document.createElement("dd");
      value.textContent = summarize(key, body[key]);
      rows.push(term, value);
    });
    details.replaceChildren.apply(details, rows);
  }

  function refreshHealth() {
    return fetch(root.getAttribute("data-health-url"), {
      headers: { Accept: "application/json" },
      credentials: "same-origin",
    })
      .then(function (response) {
        return response.json().then(function (body) {
          showHealth(response.ok, body);
        });
      })
      .catch(function () {
        showHealth(false, { server: "unreachable" });
      });
  }

  function refresh() {
    if (document.hidden) return;
    refreshHealth();
    refreshModules().catch(function () {
      /* the connection indicator and the health tile already say the server is away */
    });
  }

  refresh();
  window.setInterval(refresh, PERIOD_MS);
  document.addEventListener("visibilitychange", refresh);
})();
