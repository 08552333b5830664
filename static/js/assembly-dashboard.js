/* Assembly dashboard: every station live over Socket.IO, today's counts, force abort. */
(function () {
  "use strict";

  var A = window.ShopTwinAssembly;
  var readJSON = A.readJSON, field = A.field, setText = A.setText, clock = A.clock, badge = A.badge, stepText = A.stepText, isOpen = A.isOpen, showErrors = window.ShopTwin.showErrors, clearErrors = window.ShopTwin.clearErrors;

  function dashboard(settings) {
    var grid = document.querySelector("[data-stations]");
    var template = document.querySelector("[data-station-template]");
    var todaySection = document.querySelector("[data-today]");
    var todayTimer = 0;
    var askedDay = null;
    var runs = {}; // station id -> open session
    var offset = Date.parse(settings.serverNow) - Date.now(); // server minus browser clock, ms

    function card(stationId) {
      var found = grid.querySelector('[data-station="' + CSS.escape(stationId) + '"]');
      if (found) return found;
      var empty = grid.querySelector("[data-no-stations]");
      if (empty) empty.remove();
      var made = template.content.firstElementChild.cloneNode(true);
      made.setAttribute("data-station", stationId);
      setText(made, "name", stationId);
      grid.appendChild(made);
      return made;
    }

    function showRun(element, run) {
      var open = isOpen(run);
      if (open) element.setAttribute("data-session-id", run.id);
      else element.removeAttribute("data-session-id");
      var status = field(element, "status");
      status.replaceChildren(
        badge(open ? run.status : "idle", open ? (run.status === "review" ? "warn" : "info") : "neutral")
      );
      setText(element, "operator", open ? run.operator.name : "—");
      var unit = run && run.unit_serial ? " / " + run.unit_serial : "";
      setText(
        element,
        "project",
        open ? run.project.name + " v" + run.version.number + " · " + run.stack_id + unit : "—"
      );
      setText(element, "step", open ? stepText(run) : "Idle");
      var button = element.querySelector("[data-force-abort]");
      if (button) button.hidden = !open;
      tickCard(element);
    }

    function tickCard(element) {
      var run = runs[element.getAttribute("data-station")];
      var stuck = field(element, "stuck");
      if (!isOpen(run)) {
        setText(element, "step-elapsed", "—");
        setText(element, "total-elapsed", "—");
        stuck.hidden = true;
        return;
      }
      var now = Date.now() + offset;
      var onStep = (now - Date.parse(run.step_started_at)) / 1000;
      setText(element, "step-elapsed", clock(onStep));
      setText(element, "total-elapsed", clock((now - Date.parse(run.started_at)) / 1000));
      var step = run.status === "running" ? run.steps[run.current_step] : null;
      var limit = step && step.target_seconds ? step.target_seconds * settings.stuckFactor : settings.stuckSeconds;
      stuck.hidden = onStep <= limit;
    }

    function showToday(counts) {
      todaySection.setAttribute("data-day", counts.day);
      todaySection.querySelector('[data-count="day"]').textContent = counts.day;
      todaySection.querySelector('[data-count="finished"]').textContent = counts.finished;
      todaySection.querySelector('[data-count="aborted"]').textContent = counts.aborted;
      todaySection.querySelector('[data-count="cycle"]').textContent =
        counts.average_cycle_s === null ? "—" : counts.average_cycle_s.toFixed(1) + " s";
    }

    /* Ask the server for today's counts (soon, once for a burst of ended sessions). */
    function refreshToday() {
      window.clearTimeout(todayTimer);
      todayTimer = window.setTimeout(function () {
        ShopTwin.fetchJSON(settings.urls.today).then(showToday).catch(function () {});
      }, 300);
    }

    function serverDay() {
      return new Date(Date.now() + offset).toISOString().slice(0, 10);
    }

    function onSession(run) {
      if (run.server_now) offset = Date.parse(run.server_now) - Date.now();
      var current = runs[run.station_id];
      // Pushes can cross: never let an older state of the same session overwrite a newer one.
      if (current && current.id === run.id && current.seq > run.seq) return;
      runs[run.station_id] = run;
      showRun(card(run.station_id), run);
      if (!isOpen(run)) refreshToday();
    }

    function onQueue(data) {
      var pending = data.jobs.filter(function (job) {
        return job.state === "pending";
      }).length;
      setText(card(data.station_id), "pending", String(pending));
    }

    grid.querySelectorAll("[data-station]").forEach(function (element) {
      var id = element.getAttribute("data-station");
      runs[id] = (settings.stations || {})[id] || null;
    });
    Object.keys(settings.stations || {}).forEach(function (id) {
      var run = settings.stations[id];
      if (run && run.server_now) offset = Date.parse(run.server_now) - Date.now();
    });

    /* Catch up with what happened while the socket was not connected (page load, reconnect). */
    function catchUp() {
      refreshToday();
      ShopTwin.fetchJSON(settings.urls.stations).then(function (list) {
        list.forEach(function (station) {
          var element = card(station.id);
          setText(element, "name", station.name);
          setText(element, "pending", String(station.pending));
          if (station.session) {
            onSession(station.session);
          } else if (isOpen(runs[station.id])) {
            runs[station.id] = null;
            showRun(element, null);
          }
        });
      }).catch(function () {
        /* offline again: the next connect catches up; the indicator shows the connection */
      });
    }

    var socket = ShopTwin.connect(settings.namespace);
    socket.on("connect", function () {
      catchUp();
    });
    socket.on("session", onSession);
    socket.on("queue", onQueue);
    window.setInterval(function () {
      grid.querySelectorAll("[data-station]").forEach(tickCard);
      var day = serverDay();
      if (day !== todaySection.getAttribute("data-day") && day !== askedDay) {
        askedDay = day; // midnight UTC: ask once for the new day's counts
        refreshToday();
      }
    }, 1000);
    grid.querySelectorAll("[data-station]").forEach(tickCard);

    var dialog = document.querySelector("[data-abort-dialog]");
    if (!dialog) return;
    var form = dialog.querySelector("[data-abort-form]");
    var target = null;
    grid.addEventListener("click", function (event) {
      var button = event.target.closest("[data-force-abort]");
      if (!button) return;
      target = Number(button.closest("[data-station]").getAttribute("data-session-id"));
      dialog.querySelector("[data-abort-session]").textContent = "#" + target;
      clearErrors(form);
      form.reset();
      dialog.showModal();
    });
    dialog.querySelector("[data-abort-close]").addEventListener("click", function () {
      dialog.close();
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var url = settings.urls.abort.replace(/\/0\/abort$/, "/" + target + "/abort");
      ShopTwin.fetchJSON(url, { method: "POST", body: { reason: form.elements.reason.value } })
        .then(function (answer) {
          onSession(answer.session);
          dialog.close();
        })
        .catch(function (error) {
          showErrors(form, error);
        });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    dashboard(A.readJSON("[data-supervision-settings]"));
  });
})();
