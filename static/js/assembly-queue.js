/* Assembly queue manager: add, reorder and cancel jobs; every station's queue live. */
(function () {
  "use strict";

  var A = window.ShopTwinAssembly;
  var field = A.field, setText = A.setText, badge = A.badge, stepText = A.stepText, isOpen = A.isOpen, showErrors = window.ShopTwin.showErrors, clearErrors = window.ShopTwin.clearErrors;

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

    function quantityText(job) {
      var done = job.units_done ? ", " + job.units_done + " done" : "";
      return "× " + job.quantity + done + (job.serials ? " (" + job.serials.join(", ") + ")" : "");
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
      setText(item, "quantity", quantityText(job));
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
    /* Serials set the quantity: one unit each. */
    form.elements.serials.addEventListener("input", function () {
      var count = readSerials().length;
      form.elements.quantity.readOnly = count > 0;
      if (count) form.elements.quantity.value = String(count);
    });

    function readSerials() {
      return form.elements.serials.value
        .split(/[\n,]/)
        .map(function (value) {
          return value.trim();
        })
        .filter(Boolean);
    }

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      clearErrors(form);
      var data = form.elements;
      var serials = readSerials();
      var body = {
        version_id: Number(data.version_id.value) || 0,
        station_id: data.station_id.value,
        stack_id: data.stack_id.value,
        priority: data.priority.value === "" ? 0 : Number(data.priority.value),
      };
      if (serials.length) {
        body.serials = serials;
      } else if (data.quantity.value === "") {
        showErrors(form, { fields: { quantity: "Give the number of units to build." } });
        return;
      } else {
        body.quantity = Number(data.quantity.value);
      }
      ShopTwin.fetchJSON(settings.urls.add, { method: "POST", body: body })
        .then(function (job) {
          announce.textContent = "Job " + job.stack_id + " added";
          data.stack_id.value = "";
          data.serials.value = "";
          data.quantity.readOnly = false;
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

  document.addEventListener("DOMContentLoaded", function () {
    queueManager(A.readJSON("[data-supervision-settings]"));
  });
})();
