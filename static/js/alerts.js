/* Alert centre pages: live open count, row updates and a "new alerts" notice over /alerts. */
(function () {
  "use strict";

  var STATES = {
    ACTIVE_UNACK: ["Active", "bad"],
    ACTIVE_ACK: ["Acknowledged", "warn"],
    CLEARED: ["Cleared", "ok"],
  };
  var badge = window.ShopTwin.badge;
  var SEVERITY_KINDS = { critical: "bad", major: "bad", minor: "warn", warning: "warn", info: "info" };

  function socket() {
    if (window.ShopTwin && window.ShopTwin.connect) return window.ShopTwin.connect("/alerts");
    if (typeof window.io === "function") return window.io("/alerts");
    return null; // no Socket.IO client on this page: the page stays as rendered
  }

  function showCount(open) {
    if (window.ShopTwin && window.ShopTwin.showAlertCount) {
      window.ShopTwin.showAlertCount(open);
      return;
    }
    document.querySelectorAll("[data-alert-count]").forEach(function (element) {
      element.textContent = String(open);
    });
  }

  function updateRow(row, alert) {
    var state = STATES[alert.state] || [alert.state, "neutral"];
    var stateBadge = badge(state[0], state[1]);
    stateBadge.setAttribute("data-alert-state", alert.state);
    row.querySelector('[data-cell="state"]').replaceChildren(stateBadge);
    row
      .querySelector('[data-cell="severity"]')
      .replaceChildren(badge(alert.severity, SEVERITY_KINDS[alert.severity] || "neutral"));
    var link = row.querySelector('[data-cell="title"] a');
    if (link) link.textContent = alert.title;
    row.querySelector('[data-cell="raise_count"]').textContent = String(alert.raise_count);
    var time = document.createElement("time");
    time.setAttribute("datetime", alert.last_raised_at);
    // The server renders UTC as "YYYY-MM-DD HH:MM:SS UTC"; keep rows alike.
    time.textContent = alert.last_raised_at.slice(0, 19).replace("T", " ") + " UTC";
    row.querySelector('[data-cell="last_raised_at"]').replaceChildren(time);
  }

  function onAlert(alert) {
    var detail = document.querySelector("[data-alert-detail]");
    if (detail && detail.getAttribute("data-alert-detail") === String(alert.id)) {
      var state = detail.querySelector("[data-alert-state]");
      var notice = detail.parentElement.querySelector("[data-alert-changed]");
      if (notice && state && state.getAttribute("data-alert-state") !== alert.state) {
        notice.hidden = false; // someone acted on this alert: offer the new history
      }
      return;
    }
    var table = document.querySelector("[data-alerts-table]");
    if (!table) return;
    var row = table.querySelector('tr[data-alert-id="' + alert.id + '"]');
    if (row) {
      updateRow(row, alert);
    } else {
      var notice = document.querySelector("[data-new-alerts]");
      if (notice) notice.hidden = false;
    }
  }

  function start() {
    var live = socket();
    if (!live) return;
    live.on("count", function (data) {
      if (data && typeof data.open === "number") showCount(data.open);
    });
    live.on("alert", onAlert);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
