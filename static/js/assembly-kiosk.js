/* Assembly kiosk: the station's queue, then one session step by step, driven by a foot pedal.
 *
 * The pedal (assembly-pedal.js) gives short presses and holds. A short press is "next" (or
 * take / finish / back, by screen); a hold aborts hands-free. The server guards every press
 * with the step index, so a stale or doubled press changes nothing.
 */
(function () {
  "use strict";

  var root = document.querySelector("[data-assembly-kiosk]");
  if (!root) return;

  var settings = JSON.parse(root.getAttribute("data-settings"));
  var screen = window.ShopTwinKioskScreen;

  var view = "loading";
  var run = null; // the session state last received
  var queue = [];
  var highlighted = 0;
  var busy = false;
  var clockOffset = 0; // server time minus browser time, ms

  function $(selector, scope) {
    return (scope || root).querySelector(selector);
  }

  function $all(selector, scope) {
    return Array.prototype.slice.call((scope || root).querySelectorAll(selector));
  }

  var shownAt = Date.now(); // when the current screen appeared

  function show(name) {
    if (name !== view) {
      shownAt = Date.now();
      $all("[data-scroll]").forEach(function (box) { box.scrollTop = 0; }); // a new list: its top
    }
    view = name;
    $all("[data-view]").forEach(function (section) {
      section.hidden = section.getAttribute("data-view") !== name;
    });
    root.setAttribute("data-current-view", name);
    if (name === "step") fitName();
  }

  var messageTimer = null;
  /* Show a transient message (an error); a new session state or step clears it. */
  function say(text) {
    var message = $("[data-message]");
    message.textContent = text;
    message.hidden = !text;
    window.clearTimeout(messageTimer);
    if (text) {
      messageTimer = window.setTimeout(function () {
        message.hidden = true;
      }, 4000);
    }
  }

  function serverNow() {
    return Date.now() + clockOffset;
  }

  function setText(selector, text, scope) {
    $all(selector, scope).forEach(function (element) {
      element.textContent = text;
    });
  }

  var fitFrame = 0;

  function fitName() {
    fitFrame = 0;
    if (view === "step") screen.fitStep($('[data-view="step"]'));
  }

  function scheduleFit() {
    if (!fitFrame) fitFrame = window.requestAnimationFrame(fitName);
  }

  /* ---- queue ---- */

  function renderQueue() {
    var list = $("[data-queue]");
    list.replaceChildren();
    if (highlighted >= queue.length) highlighted = 0;
    queue.forEach(function (job, index) {
      var item = screen.jobItem(job, index === highlighted, take_);
      list.append(item);
      if (index === highlighted) item.scrollIntoView({ block: "nearest" });
    });
    $("[data-queue-empty]").hidden = queue.length > 0;
  }

  function showQueue(jobs) {
    if (jobs) queue = jobs.filter(function (job) { return job.state === "pending"; });
    if (view !== "queue") say("");
    run = null;
    $("[data-owner]").hidden = true;
    renderQueue();
    show("queue");
  }

  /* ---- session ---- */

  function renderStep(state) {
    var step = state.steps[state.current_step];
    var section = $('[data-view="step"]');
    setText("[data-project]", state.project.name + " v" + state.version.number);
    setText("[data-stack]", state.unit_serial || state.stack_id);
    setText("[data-step-count]", "Step " + (state.current_step + 1) + " of " + state.steps_total, section);
    setText("[data-component]", step.name, section);
    setText("[data-label]", step.label, section);
    setText("[data-note]", step.note || "", section);
    $("[data-critical]", section).hidden = !step.critical;
    screen.showVisual($("[data-visual]", section), step);
    var upcoming = state.steps[state.current_step + 1];
    setText("[data-next]", upcoming ? upcoming.name + " (" + upcoming.label + ")" : "Review", section);
    setText("[data-target]", step.target_seconds ? " / " + screen.formatSeconds(step.target_seconds) : "", section);
    root.style.setProperty("--component", step.colour);
    tick();
  }

  function renderSummary(state) {
    var section = $('[data-view="summary"]');
    var text = screen.summaryText(state);
    setText("[data-summary-title]", text.title, section);
    setText("[data-summary-detail]", text.detail, section);
    screen.stepTimes($("[data-times]", section), state);
  }

  function render(state) {
    var previous = run;
    if (!previous || previous.id !== state.id || previous.status !== state.status ||
        previous.current_step !== state.current_step) {
      say(""); // a message about the last step or screen is stale now
    }
    run = state;
    var foreign = (state.status === "running" || state.status === "review") &&
      state.operator.id !== settings.userId;
    $("[data-owner]").hidden = !foreign;
    $("[data-owner]").textContent = foreign
      ? "This session is " + state.operator.name + "'s: scan their badge to go on, " +
        "or ask a supervisor to abort it."
      : "";
    clockOffset = Date.parse(state.server_now) - Date.now();
    root.setAttribute("data-status", state.status);
    root.setAttribute("data-step", String(state.current_step));
    if (state.status === "running") {
      renderStep(state);
      show("step");
    } else if (state.status === "review") {
      setText("[data-project]", state.project.name + " v" + state.version.number);
      setText("[data-stack]", state.unit_serial || state.stack_id);
      screen.stepTimes($('[data-view="review"] [data-times]'), state);
      show("review");
    } else {
      renderSummary(state);
      show("summary");
    }
  }

  /* Accept a pushed or answered state unless it is older than the one shown. */
  function receive(state) {
    if (!state || state.station_id !== settings.station) return;
    if (run && run.id === state.id && state.seq < run.seq) return;
    if (!run && (state.status === "finished" || state.status === "aborted") && view === "queue") {
      return; // an old session ending elsewhere: stay on the queue
    }
    render(state);
  }

  function tick() {
    if (!run || run.status !== "running" || view !== "step") return;
    var step = run.steps[run.current_step];
    var elapsed = (serverNow() - Date.parse(run.step_started_at)) / 1000;
    $("[data-elapsed]").textContent = screen.formatSeconds(elapsed);
    var level = "ok";
    if (step.target_seconds) {
      if (elapsed > step.target_seconds) level = "over";
      else if (elapsed >= 0.8 * step.target_seconds) level = "near";
    }
    $("[data-timer]").setAttribute("data-level", level);
    var confirm = $("[data-confirm]");
    var left = run.confirm_pending_at
      ? settings.confirmSeconds - (serverNow() - Date.parse(run.confirm_pending_at)) / 1000
      : 0;
    var confirming = left > 0;
    if (confirm.hidden === confirming) {
      confirm.hidden = !confirming;
      var section = $('[data-view="step"]');
      section.toggleAttribute("data-confirming", confirming);
      $("[data-press]", section).textContent = confirming ? "Confirm" : "Next";
    }
    if (confirming) $("[data-confirm-left]").textContent = String(Math.ceil(left));
  }

  /* ---- server calls ---- */

  function refresh() {
    return window.ShopTwin.fetchJSON(settings.currentUrl).then(function (data) {
      if (data.session) {
        render(data.session);
      } else if (run && (run.status === "running" || run.status === "review")) {
        // The session shown ended while this kiosk was away (a force-abort): say how.
        queue = data.queue.filter(function (job) { return job.state === "pending"; });
        var url = settings.sessionUrl.replace("/sessions/0", "/sessions/" + run.id);
        return window.ShopTwin.fetchJSON(url).then(function (ended) {
          render(ended.session);
        });
      } else if (view !== "summary") {
        showQueue(data.queue);
      } else {
        queue = data.queue.filter(function (job) { return job.state === "pending"; });
      }
    }).catch(function (error) {
      say(error.message);
    });
  }

  function call(url, body) {
    if (busy) return Promise.resolve();
    busy = true;
    return window.ShopTwin.fetchJSON(url, { method: "POST", body: body })
      .then(function (data) {
        receive(data.session); // a critical step's prompt shows from its confirm_pending_at
      })
      .catch(function (error) {
        // A press within the minimum dwell is a pedal bounce or a double press: ignore it
        // quietly, unless a critical step waits for its confirming press (say when it counts).
        if (error.code === "too_soon") {
          if (run && run.confirm_pending_at) {
            say("Too quick: wait a moment, then press again to confirm.");
          }
          return null;
        }
        if (error.status === undefined) {
          say(screen.lostMessage(body));
          // The live link may look up while the server is gone (a stopping or hung server keeps
          // it open a while): start it over, so the indicator says so until the server is back.
          socket.disconnect().connect();
          return null;
        }
        say(error.message);
        if (error.status === 409) return refresh();
        return null;
      })
      .finally(function () {
        busy = false;
      });
  }

  function take_(jobId) {
    return call(settings.startUrl, { job_id: jobId });
  }

  function progress(action, reason) {
    var url = settings.progressUrl.replace("/sessions/0/", "/sessions/" + run.id + "/");
    var body = { action: action, step: run.current_step };
    if (reason) body.reason = reason;
    return call(url, body);
  }

  /* A short press: what it does depends on the screen. The summary ignores presses for the
   * minimum dwell after it appears (and the server refuses a take that soon after the end),
   * so a burst of presses that finished a unit cannot run on into the next job. */
  function press() {
    if (view === "summary" && Date.now() - shownAt < settings.minStepSeconds * 1000) return;
    if (view === "queue") {
      if (queue.length > 0) take_(queue[highlighted].id);
    } else if (view === "step") {
      progress("next");
    } else if (view === "review") {
      progress("finish");
    } else if (view === "summary") {
      showQueue();
      refresh();
    }
  }

  /* Move the queue's highlight by `step` jobs (round the list); tell whether it applied. */
  function moveHighlight(step) {
    if (view !== "queue") return false;
    highlighted = (highlighted + step + queue.length) % Math.max(queue.length, 1);
    renderQueue();
    return true;
  }

  function abortable() {
    return run && (view === "step" || view === "review");
  }

  window.ShopTwinPedal.attach({
    root: root,
    holdSeconds: settings.holdSeconds,
    canHold: abortable,
    onPress: press,
    onHold: function (source) {
      busy = false; // an abort is never dropped behind a press in flight
      progress("abort", source === "pedal" ? "hold" : "button");
    },
    onCycle: function () {
      moveHighlight(1);
    },
    onArrow: moveHighlight,
  });

  /* A review or summary longer than the screen turns its own pages (the pedal cannot scroll). */
  window.setInterval(function () {
    if (view === "review" || view === "summary") {
      screen.turnPage($('[data-view="' + view + '"] [data-scroll]'));
    }
  }, screen.PAGE_S * 1000);
  window.setInterval(tick, 250);
  if (window.ResizeObserver) new window.ResizeObserver(scheduleFit).observe($("[data-main]"));
  if (document.fonts) document.fonts.ready.then(scheduleFit);

  var socket = window.ShopTwin.connect(settings.namespace);
  socket.on("connect", function () {
    socket.emit("join", { room: "station:" + settings.station });
    refresh();
  });
  socket.on("session", receive);
  /* The GPIO foot switch, pressed with no session open: act as the space bar would here. */
  socket.on("pedal", function (data) {
    if (data.station_id !== settings.station) return;
    if (data.hold) moveHighlight(1);
    else if (view === "queue" || view === "summary") press();
  });
  socket.on("queue", function (data) {
    if (data.station_id !== settings.station) return;
    queue = data.jobs.filter(function (job) { return job.state === "pending"; });
    if (view === "queue") renderQueue();
  });

  refresh();
})();
