/* Assembly supervision: live dashboard and queue manager over Socket.IO, analytics charts. */
(function () {
  "use strict";

  function readJSON(selector) {
    var element = document.querySelector(selector);
    return element ? JSON.parse(element.textContent) : null;
  }

  function field(root, name) {
    return root.querySelector('[data-field="' + name + '"]');
  }

  function setText(root, name, text) {
    var element = field(root, name);
    if (element) element.textContent = text;
  }

  function clock(seconds) {
    seconds = Math.max(0, Math.floor(seconds));
    var hours = Math.floor(seconds / 3600);
    var minutes = Math.floor((seconds % 3600) / 60);
    var rest = String(seconds % 60).padStart(2, "0");
    if (hours) return hours + ":" + String(minutes).padStart(2, "0") + ":" + rest;
    return minutes + ":" + rest;
  }

  function badge(text, kind) {
    var span = document.createElement("span");
    span.className = "badge badge-" + kind;
    span.textContent = text;
    return span;
  }

  function stepText(run) {
    if (run.status === "review") {
      return "Review (" + run.steps_total + " of " + run.steps_total + " done)";
    }
    var step = run.steps[run.current_step];
    return "Step " + (run.current_step + 1) + " of " + run.steps_total + (step ? " · " + step.name : "");
  }

  function isOpen(run) {
    return run && (run.status === "running" || run.status === "review");
  }

  /* Show {"error", "fields"} next to the fields of a form (or as a form-level message). */
  function showErrors(form, error) {
    clearErrors(form);
    var fields = (error && error.fields) || {};
    var shown = false;
    Object.keys(fields).forEach(function (name) {
      var key = name.split(".")[0];
      var note = form.querySelector('[data-error-for="' + key + '"]');
      var input = form.querySelector('[name="' + key + '"]');
      if (!note && input) {
        note = document.createElement("p");
        note.className = "field-error";
        note.id = (input.id || key) + "-error";
        note.setAttribute("data-error-for", key);
        input.insertAdjacentElement("afterend", note);
        input.setAttribute("aria-describedby", note.id);
      }
      if (!note) return;
      note.textContent = fields[name];
      note.hidden = false;
      if (input) input.setAttribute("aria-invalid", "true");
      shown = true;
    });
    var general = form.querySelector('[data-error-for="form"]');
    if (general && (!shown || error.status >= 500 || !error.fields)) {
      general.textContent = error.message || String(error);
      general.hidden = false;
    }
    var first = form.querySelector('[aria-invalid="true"]');
    if (first) first.focus();
  }

  function clearErrors(form) {
    form.querySelectorAll("[data-error-for]").forEach(function (note) {
      note.hidden = true;
      note.textContent = "";
    });
    form.querySelectorAll('[aria-invalid="true"]').forEach(function (input) {
      input.removeAttribute("aria-invalid");
    });
  }

  /* ---------------- dashboard ---------------- */

  function dashboard(settings) {
    var grid = document.querySelector("[data-stations]");
    var template = document.querySelector("[data-station-template]");
    var today = readJSON("[data-today-data]");
    var todaySection = document.querySelector("[data-today]");
    var counted = new Set(today.ids);
    var counts = {
      finished: Number(todaySection.querySelector('[data-count="finished"]').textContent),
      aborted: Number(todaySection.querySelector('[data-count="aborted"]').textContent),
      cycleTotal: today.cycleTotal,
    };
    var runs = {}; // station id -> open session
    var offset = 0; // server clock minus browser clock, in ms

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

    function countEnded(run) {
      if (counted.has(run.id) || !run.ended_at) return;
      if (run.ended_at.slice(0, 10) !== todaySection.getAttribute("data-day")) return;
      counted.add(run.id);
      if (run.status === "finished") {
        counts.finished += 1;
        counts.cycleTotal += (Date.parse(run.ended_at) - Date.parse(run.started_at)) / 1000;
      } else if (run.status === "aborted") {
        counts.aborted += 1;
      }
      todaySection.querySelector('[data-count="finished"]').textContent = counts.finished;
      todaySection.querySelector('[data-count="aborted"]').textContent = counts.aborted;
      todaySection.querySelector('[data-count="cycle"]').textContent = counts.finished
        ? (counts.cycleTotal / counts.finished).toFixed(1) + " s"
        : "—";
    }

    function onSession(run) {
      if (run.server_now) offset = Date.parse(run.server_now) - Date.now();
      var current = runs[run.station_id];
      // Pushes can cross: never let an older state of the same session overwrite a newer one.
      if (current && current.id === run.id && current.seq > run.seq) return;
      runs[run.station_id] = run;
      showRun(card(run.station_id), run);
      countEnded(run);
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
    function catchUp(socket) {
      ShopTwin.fetchJSON(settings.urls.stations).then(function (list) {
        list.forEach(function (station) {
          // Viewers are not in the supervisors' room: follow each station's own room.
          socket.emit("join", { room: "station:" + station.id });
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
      });
    }

    var socket = ShopTwin.connect(settings.namespace);
    socket.on("connect", function () {
      catchUp(socket);
    });
    socket.on("session", onSession);
    socket.on("queue", onQueue);
    window.setInterval(function () {
      grid.querySelectorAll("[data-station]").forEach(tickCard);
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

  /* ---------------- queue manager ---------------- */

  function queueManager(settings) {
    var template = document.querySelector("[data-job-template]");
    var container = document.querySelector("[data-queues]");
    var announce = document.querySelector("[data-announce]");
    var runs = settings.sessions || {}; // station id -> open session

    function section(stationId) {
      var found = container.querySelector('[data-queue-station="' + CSS.escape(stationId) + '"]');
      if (found) return found;
      var made = document.createElement("section");
      made.className = "card";
      made.setAttribute("data-queue-station", stationId);
      var title = document.createElement("h2");
      title.textContent = stationId;
      var list = document.createElement("ol");
      list.className = "queue-list";
      list.setAttribute("data-queue-list", "");
      var empty = document.createElement("p");
      empty.className = "muted";
      empty.setAttribute("data-queue-empty", "");
      empty.textContent = "No open jobs.";
      var error = document.createElement("p");
      error.className = "field-error";
      error.setAttribute("data-queue-error", "");
      error.setAttribute("role", "alert");
      error.hidden = true;
      made.append(title, list, empty, error);
      container.appendChild(made);
      return made;
    }

    function progressText(job) {
      var run = runs[job.station_id];
      if (!isOpen(run) || run.job_id !== job.id) return "";
      return (run.status === "review" ? "Review" : stepText(run)) + " · " + run.operator.name;
    }

    function row(job) {
      var item = template.content.firstElementChild.cloneNode(true);
      var pending = job.state === "pending";
      item.setAttribute("data-job-id", job.id);
      item.setAttribute("data-state", job.state);
      if (pending) item.setAttribute("draggable", "true");
      else item.removeAttribute("draggable");
      setText(item, "project", job.project.name + " v" + job.version.number);
      setText(item, "stack", job.stack_id);
      setText(item, "quantity", "× " + job.quantity + (job.serials ? " (" + job.serials.join(", ") + ")" : ""));
      setText(item, "priority", "priority " + job.priority);
      field(item, "state").replaceChildren(badge(job.state, job.state === "active" ? "info" : "neutral"));
      setText(item, "progress", progressText(job));
      item.querySelector(".job-actions").hidden = !pending;
      item.querySelector('[data-move="up"]').setAttribute("aria-label", "Move job " + job.stack_id + " up");
      item.querySelector('[data-move="down"]').setAttribute("aria-label", "Move job " + job.stack_id + " down");
      item.querySelector("[data-cancel]").setAttribute("aria-label", "Cancel job " + job.stack_id);
      return item;
    }

    function render(stationId, jobs) {
      var element = section(stationId);
      var list = element.querySelector("[data-queue-list]");
      var focused = document.activeElement && list.contains(document.activeElement) ? document.activeElement : null;
      var keep = focused
        ? { id: focused.closest("[data-job-id]").getAttribute("data-job-id"), what: focused.getAttribute("data-move") }
        : null;
      list.replaceChildren.apply(list, jobs.map(row));
      element.querySelector("[data-queue-empty]").hidden = jobs.length > 0;
      if (keep && keep.what) {
        var again = list.querySelector('[data-job-id="' + keep.id + '"] [data-move="' + keep.what + '"]');
        if (again) again.focus();
      }
    }

    function refresh(stationId) {
      var url = settings.urls.jobs + "?station=" + encodeURIComponent(stationId);
      return ShopTwin.fetchJSON(url).then(function (jobs) {
        render(stationId, jobs);
      });
    }

    function queueError(stationId, error) {
      var note = section(stationId).querySelector("[data-queue-error]");
      note.textContent = error ? error.message : "";
      note.hidden = !error;
    }

    function pendingIds(list) {
      return Array.prototype.map.call(list.querySelectorAll('[data-state="pending"]'), function (item) {
        return Number(item.getAttribute("data-job-id"));
      });
    }

    function saveOrder(stationId, ids, label) {
      queueError(stationId, null);
      return ShopTwin.fetchJSON(settings.urls.reorder, { method: "POST", body: { station_id: stationId, ids: ids } })
        .then(function () {
          if (label) announce.textContent = label;
          return refresh(stationId);
        })
        .catch(function (error) {
          queueError(stationId, error);
          return refresh(stationId);
        });
    }

    container.addEventListener("click", function (event) {
      var button = event.target.closest("button");
      if (!button) return;
      var item = button.closest("[data-job-id]");
      var stationId = button.closest("[data-queue-station]").getAttribute("data-queue-station");
      var jobId = Number(item.getAttribute("data-job-id"));
      var stack = field(item, "stack").textContent;
      if (button.hasAttribute("data-cancel")) {
        if (!window.confirm("Cancel job " + stack + "?")) return;
        var url = settings.urls.cancel.replace(/\/0\/cancel$/, "/" + jobId + "/cancel");
        ShopTwin.fetchJSON(url, { method: "POST" })
          .then(function () {
            announce.textContent = "Job " + stack + " cancelled";
            return refresh(stationId);
          })
          .catch(function (error) {
            queueError(stationId, error);
          });
        return;
      }
      var ids = pendingIds(item.parentElement);
      var at = ids.indexOf(jobId);
      var to = button.getAttribute("data-move") === "up" ? at - 1 : at + 1;
      if (at < 0 || to < 0 || to >= ids.length) return;
      ids.splice(at, 1);
      ids.splice(to, 0, jobId);
      saveOrder(stationId, ids, "Job " + stack + " moved to position " + (to + 1));
    });

    // Drag and drop of pending rows within one station's list.
    var dragged = null;
    container.addEventListener("dragstart", function (event) {
      dragged = event.target.closest('[data-state="pending"]');
      if (!dragged) return;
      dragged.classList.add("dragging");
      event.dataTransfer.effectAllowed = "move";
      event.dataTransfer.setData("text/plain", dragged.getAttribute("data-job-id"));
    });
    container.addEventListener("dragover", function (event) {
      if (!dragged) return;
      var over = event.target.closest('[data-state="pending"]');
      if (!over || over === dragged || over.parentElement !== dragged.parentElement) return;
      event.preventDefault();
      var box = over.getBoundingClientRect();
      var after = event.clientY > box.top + box.height / 2;
      over.parentElement.insertBefore(dragged, after ? over.nextSibling : over);
    });
    container.addEventListener("drop", function (event) {
      if (dragged) event.preventDefault();
    });
    container.addEventListener("dragend", function () {
      if (!dragged) return;
      var list = dragged.parentElement;
      var stationId = list.closest("[data-queue-station]").getAttribute("data-queue-station");
      dragged.classList.remove("dragging");
      dragged = null;
      saveOrder(stationId, pendingIds(list), "Order saved");
    });

    var form = document.querySelector("[data-job-form]");
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      clearErrors(form);
      var data = form.elements;
      var serials = data.serials.value
        .split(/[\n,]/)
        .map(function (value) {
          return value.trim();
        })
        .filter(Boolean);
      var body = {
        version_id: Number(data.version_id.value) || 0,
        station_id: data.station_id.value,
        stack_id: data.stack_id.value,
        priority: data.priority.value === "" ? 0 : Number(data.priority.value),
      };
      if (serials.length) body.serials = serials;
      else body.quantity = data.quantity.value === "" ? null : Number(data.quantity.value);
      ShopTwin.fetchJSON(settings.urls.add, { method: "POST", body: body })
        .then(function (job) {
          announce.textContent = "Job " + job.stack_id + " added";
          data.stack_id.value = "";
          data.serials.value = "";
          return refresh(job.station_id);
        })
        .catch(function (error) {
          showErrors(form, error);
        });
    });

    /* Catch up with what happened while the socket was not connected (page load, reconnect). */
    function catchUp() {
      ShopTwin.fetchJSON(settings.urls.stations)
        .then(function (list) {
          list.forEach(function (station) {
            runs[station.id] = station.session;
          });
          return ShopTwin.fetchJSON(settings.urls.jobs).then(function (jobs) {
            list.forEach(function (station) {
              render(
                station.id,
                jobs.filter(function (job) {
                  return job.station_id === station.id;
                })
              );
            });
          });
        })
        .catch(function () {
          /* the socket's pushes still arrive; the indicator shows the connection */
        });
    }

    var socket = ShopTwin.connect(settings.namespace);
    socket.on("connect", catchUp);
    socket.on("queue", function (data) {
      render(data.station_id, data.jobs);
    });
    socket.on("session", function (run) {
      var current = runs[run.station_id];
      if (current && current.id === run.id && current.seq > run.seq) return;
      runs[run.station_id] = run;
      var item = container.querySelector('[data-job-id="' + run.job_id + '"]');
      if (item) setText(item, "progress", progressText({ id: run.job_id, station_id: run.station_id }));
    });
  }

  /* ---------------- analytics ---------------- */

  function analytics(data) {
    if (!window.echarts) return;
    function chart(element, option) {
      var made = echarts.init(element, null, { renderer: "svg" });
      made.setOption(option);
      window.addEventListener("resize", function () {
        made.resize();
      });
    }
    document.querySelectorAll("[data-boxplot]").forEach(function (element) {
      var project = data.projects[Number(element.getAttribute("data-boxplot"))];
      var labels = project.steps.map(function (step) {
        return step.index + 1 + ". " + step.component_name;
      });
      chart(element, {
        tooltip: { trigger: "item" },
        legend: { data: ["Duration (s)", "Target (s)"] },
        xAxis: { type: "category", data: labels },
        yAxis: { type: "value", name: "s" },
        series: [
          {
            name: "Duration (s)",
            type: "boxplot",
            data: project.steps.map(function (step) {
              return step.count ? [step.min_s, step.q1_s, step.median_s, step.q3_s, step.max_s] : [];
            }),
          },
          {
            name: "Target (s)",
            type: "scatter",
            symbol: "diamond",
            symbolSize: 12,
            data: project.steps.map(function (step) {
              return step.target_s;
            }),
          },
        ],
      });
    });
    document.querySelectorAll("[data-bars]").forEach(function (element) {
      var series = data.per_day[element.getAttribute("data-bars")];
      chart(element, {
        tooltip: { trigger: "axis" },
        legend: { type: "scroll" },
        xAxis: { type: "category", data: data.per_day.days },
        yAxis: { type: "value", minInterval: 1, name: "sessions" },
        series: Object.keys(series).map(function (name) {
          return { name: name, type: "bar", stack: "all", data: series[name] };
        }),
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var settings = readJSON("[data-supervision-settings]");
    if (document.querySelector("[data-stations]")) dashboard(settings);
    if (document.querySelector("[data-job-form]")) queueManager(settings);
    var figures = readJSON("[data-analytics-data]");
    if (figures) analytics(figures);
  });
})();
