/* ShopTwin page glue: JSON calls with CSRF, shared Socket.IO sockets, the top bar. */
(function () {
  "use strict";

  var THEME_KEY = "shoptwin.theme";
  var sockets = {};
  var liveCount = 0; // sockets currently connected
  var pending = 0; // sockets trying to (re)connect

  /* An error answered by the API as {"error": ..., "fields": {...}} (some add a "code"). */
  function ApiError(status, message, fields, code) {
    this.name = "ApiError";
    this.status = status;
    this.message = message;
    this.fields = fields || {};
    this.code = code || null;
  }
  ApiError.prototype = Object.create(Error.prototype);
  ApiError.prototype.constructor = ApiError;

  function csrfToken() {
    var meta = document.querySelector('meta[name="csrf-token"]');
    return meta ? meta.getAttribute("content") : "";
  }

  /* Call a JSON endpoint; resolve with the parsed body, reject with an ApiError. */
  function fetchJSON(url, options) {
    options = options || {};
    var method = (options.method || "GET").toUpperCase();
    var headers = { Accept: "application/json" };
    var body = options.body;
    if (method !== "GET" && method !== "HEAD") {
      headers["X-CSRFToken"] = csrfToken();
    }
    if (body !== undefined && !(body instanceof FormData) && typeof body !== "string") {
      headers["Content-Type"] = "application/json";
      body = JSON.stringify(body);
    }
    return fetch(url, {
      method: method,
      headers: headers,
      body: body,
      credentials: "same-origin",
      signal: options.signal,
    }).then(function (response) {
      var type = response.headers.get("Content-Type") || "";
      var parsed = type.indexOf("application/json") !== -1 ? response.json() : response.text();
      return parsed.then(function (data) {
        if (response.ok) {
          return response.status === 204 ? null : data;
        }
        var message = data && data.error ? data.error : response.status + " " + response.statusText;
        throw new ApiError(response.status, message, data && data.fields, data && data.code);
      });
    });
  }

  /* ---- connection indicator ---- */

  var STATE_LABELS = {
    connecting: "Connecting",
    online: "Online",
    reconnecting: "Reconnecting",
    offline: "Offline",
  };

  function connectionState() {
    if (!navigator.onLine) return "offline";
    if (Object.keys(sockets).length === 0) return "online"; // nothing live on this page
    if (liveCount > 0) return "online";
    return pending > 0 ? "reconnecting" : "offline";
  }

  function showConnection() {
    var state = connectionState();
    document.querySelectorAll("[data-conn]").forEach(function (element) {
      if (element.getAttribute("data-state") === "connecting" && state === "reconnecting") {
        return; // first attempt still under way
      }
      element.setAttribute("data-state", state);
      var label = element.querySelector("[data-conn-label]");
      if (label) label.textContent = STATE_LABELS[state];
    });
  }

  /* Return the page's one socket for a namespace, wired to the connection indicator. */
  function connect(namespace) {
    namespace = namespace || "/";
    if (sockets[namespace]) return sockets[namespace];
    var socket = window.io(namespace);
    var connected = false;
    var trying = true;
    pending += 1;
    function mark(isConnected, isTrying) {
      liveCount += (isConnected ? 1 : 0) - (connected ? 1 : 0);
      pending += (isTrying ? 1 : 0) - (trying ? 1 : 0);
      connected = isConnected;
      trying = isTrying;
      showConnection();
    }
    socket.on("connect", function () {
      mark(true, false);
    });
    socket.on("disconnect", function () {
      mark(false, socket.active); // active: the client will retry by itself
    });
    socket.on("connect_error", function () {
      mark(false, socket.active); // refused by the server: not active, no retry
    });
    socket.io.on("reconnect_attempt", function () {
      mark(false, true);
    });
    sockets[namespace] = socket;
    showConnection();
    return socket;
  }

  /* ---- alerts bell ---- */

  function showAlertCount(open) {
    document.querySelectorAll("[data-alert-count]").forEach(function (element) {
      element.textContent = String(open);
      element.hidden = element.hasAttribute("data-keep-zero") ? false : open === 0;
    });
    var bell = document.querySelector("[data-bell]");
    if (bell) bell.setAttribute("aria-label", "Alerts: " + open + " open");
  }

  function watchAlerts() {
    if (!document.querySelector("[data-bell]")) return; // signed out: no live data
    connect("/alerts").on("count", function (data) {
      if (data && typeof data.open === "number") showAlertCount(data.open);
    });
  }

  /* ---- theme, navigation, flash messages ---- */

  function currentTheme() {
    return document.documentElement.getAttribute("data-theme") === "dark" ? "dark" : "light";
  }

  function labelThemeToggle() {
    var next = currentTheme() === "dark" ? "light" : "dark";
    document.querySelectorAll("[data-theme-toggle]").forEach(function (button) {
      button.setAttribute("aria-label", "Switch to " + next + " theme");
    });
  }

  function setTheme(theme) {
    document.documentElement.setAttribute("data-theme", theme);
    try {
      window.localStorage.setItem(THEME_KEY, theme);
    } catch (error) {
      /* storage blocked: the choice lasts for this page only */
    }
    labelThemeToggle();
  }

  function wireTopBar() {
    labelThemeToggle();
    document.querySelectorAll("[data-theme-toggle]").forEach(function (button) {
      button.addEventListener("click", function () {
        setTheme(currentTheme() === "dark" ? "light" : "dark");
      });
    });
    var toggle = document.querySelector("[data-nav-toggle]");
    var nav = document.querySelector("[data-nav]");
    if (toggle && nav) {
      toggle.addEventListener("click", function () {
        var open = toggle.getAttribute("aria-expanded") !== "true";
        toggle.setAttribute("aria-expanded", String(open));
        nav.classList.toggle("open", open);
      });
    }
    var menu = document.querySelector("[data-user-menu]");
    if (menu) {
      document.addEventListener("click", function (event) {
        if (menu.open && !menu.contains(event.target)) menu.open = false;
      });
      document.addEventListener("keydown", function (event) {
        if (event.key === "Escape" && menu.open) {
          menu.open = false;
          menu.querySelector("summary").focus();
        }
      });
    }
    document.addEventListener("click", function (event) {
      var button = event.target.closest("[data-dismiss]");
      if (button) button.parentElement.remove();
    });
    // A form that deletes or revokes asks first (ui.post_button(..., confirm=...)).
    document.addEventListener("submit", function (event) {
      var question = event.target.getAttribute("data-confirm-submit");
      if (question && !window.confirm(question)) event.preventDefault();
    });
  }

  /* Return a coloured status label: kind is ok, warn, bad, info or neutral. */
  function badge(text, kind) {
    var span = document.createElement("span");
    span.className = "badge badge-" + kind;
    span.textContent = text;
    return span;
  }

  /* Show a message in the page's flash area, like a server-side flash. */
  function flash(message, category) {
    var area = document.querySelector("[data-flashes]");
    if (!area) return;
    var item = document.createElement("div");
    category = category || "info";
    item.className = "flash flash-" + category;
    item.setAttribute("role", category === "error" ? "alert" : "status");
    var text = document.createElement("span");
    text.textContent = message;
    var close = document.createElement("button");
    close.type = "button";
    close.className = "flash-close";
    close.setAttribute("data-dismiss", "");
    close.setAttribute("aria-label", "Dismiss");
    close.textContent = "\u00d7";
    item.append(text, close);
    area.append(item);
  }

  window.addEventListener("online", showConnection);
  window.addEventListener("offline", showConnection);

  window.ShopTwin = {
    ApiError: ApiError,
    badge: badge,
    fetchJSON: fetchJSON,
    connect: connect,
    flash: flash,
    setTheme: setTheme,
    showAlertCount: showAlertCount,
    connectionState: connectionState,
  };

  function start() {
    wireTopBar();
    watchAlerts();
    showConnection();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
