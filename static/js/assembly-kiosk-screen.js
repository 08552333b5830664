/* The kiosk's screen pieces that hold no state: a queue entry, a step's picture and fitted
 * text, the table of step times, the summary's words, the offline message, the timer's m:ss
 * and the page turning of a list too long for the screen (assembly-kiosk.js holds the state). */
(function () {
  "use strict";

  function formatSeconds(seconds) {
    seconds = Math.max(0, Math.floor(seconds));
    var minutes = Math.floor(seconds / 60);
    var rest = seconds % 60;
    return minutes + ":" + (rest < 10 ? "0" : "") + rest;
  }

  /* ---- fitting the step's text: the name shrinks a little first, then the label to a
   * readable size, then the name, then the label; the note keeps its first lines and the timer
   * and "Next" always stay in view. A word breaks only if it cannot fit. */

  var NAME_MIN_PX = 28;
  var NOTE_MIN_PX = 56; // below this the note is squeezed to its first lines
  var LABEL_READABLE_PX = 22;
  var LABEL_MIN_PX = 16;

  function fits(name, label, column) {
    return name.scrollWidth <= name.clientWidth + 1 &&
      column.scrollHeight <= column.clientHeight + 1 &&
      label.scrollHeight <= label.clientHeight + 1;
  }

  /* Lower element's font size step by step down to `minimum` until fits(); return the size. */
  function shrink(element, minimum, fitted) {
    var size = parseFloat(window.getComputedStyle(element).fontSize);
    while (size > minimum && !fitted()) {
      size = Math.max(minimum, Math.floor(size * 0.93));
      element.style.fontSize = size + "px";
    }
    return size;
  }

  /* Fit the step section's name, label and note into its text column. */
  function fitStep(section) {
    var name = section.querySelector("[data-component]");
    var column = section.querySelector("[data-text]");
    var label = column.querySelector("[data-label]");
    var fitted = function () { return fits(name, label, column); };
    column.removeAttribute("data-squeezed");
    name.removeAttribute("data-break");
    label.removeAttribute("data-clamped");
    name.style.fontSize = "";
    label.style.fontSize = "";
    label.style.webkitLineClamp = "";
    if (shrink(name, NOTE_MIN_PX, fitted) <= NOTE_MIN_PX && !fitted() &&
        column.querySelector("[data-note]").textContent) {
      column.setAttribute("data-squeezed", "");
    }
    // The name is what the operator looks for: the label gives way to a still readable size
    // before the name shrinks further, and only then to its smallest.
    shrink(label, LABEL_READABLE_PX, fitted);
    shrink(name, NAME_MIN_PX, fitted);
    if (name.scrollWidth > name.clientWidth + 1) name.setAttribute("data-break", "");
    shrink(label, LABEL_MIN_PX, fitted);
    if (label.scrollHeight > label.clientHeight + 1) {
      // Still too long: end on the last whole line that fits, with an ellipsis, not mid-line.
      var line = parseFloat(window.getComputedStyle(label).lineHeight);
      label.style.webkitLineClamp = String(Math.max(1, Math.floor(label.clientHeight / line)));
      label.setAttribute("data-clamped", "");
    }
  }

  /* Return a queue entry: project and version, stack, units, steps, and a touch "Take". */
  function jobItem(job, highlight, onTake) {
    var item = document.createElement("li");
    item.className = "ak-job" + (highlight ? " ak-highlight" : "");
    item.setAttribute("data-job", String(job.id));
    if (highlight) item.setAttribute("aria-current", "true");
    var text = document.createElement("span");
    text.className = "ak-job-text";
    var title = document.createElement("strong");
    title.textContent = job.project.name + " v" + job.version.number;
    var detail = document.createElement("span");
    detail.textContent =
      job.stack_id + " · " + (job.units_done
        ? "unit " + (job.units_done + 1) + " of " + job.quantity
        : job.quantity + (job.quantity === 1 ? " unit" : " units")) +
      " · " + job.version.steps + " steps";
    text.append(title, detail);
    var take = document.createElement("button");
    take.type = "button";
    take.className = "button ak-take";
    take.textContent = "Take";
    take.addEventListener("click", function () {
      onTake(job.id);
    });
    item.append(text, take);
    return item;
  }

  /* Show a step's colour block, with its picture on it when there is one. */
  function showVisual(visual, step) {
    visual.replaceChildren();
    visual.style.backgroundColor = step.colour;
    if (!step.image_url) return;
    var image = document.createElement("img");
    image.src = step.image_url;
    image.alt = "";
    image.addEventListener("error", function () {
      image.remove(); // the colour block alone rather than a broken picture
    });
    visual.append(image);
  }

  /* Return the summary's title and line: unit, steps done (or kept), where and why it aborted. */
  function summaryText(state) {
    var unit = state.unit_serial || state.stack_id;
    if (state.status === "finished") {
      var all = state.steps_total;
      return { title: "Finished", detail: unit + " · " + all + " of " + all + " steps" };
    }
    // Every step before the abort was completed (the aborted one has its time, not done).
    return {
      title: "Aborted",
      detail: unit + " · aborted at " + state.abort_place + " (" + state.abort_reason_text + ") · " +
        state.abort_step + " of " + state.steps_total + " steps kept",
    };
  }

  /* What the operator must know when the server could not be reached: nothing was recorded. */
  function lostMessage(body) {
    if (body.action === "abort") {
      return "No connection to the server. The abort was not recorded: " +
        "wait for Online, then hold again.";
    }
    var what = body.job_id ? "The job was not taken" : "This press was not recorded";
    return "No connection to the server. " + what + ": wait for Online, then press again.";
  }

  /* Fill `table` with one row per step of a session's state: component, label, time, target. */
  function stepTimes(table, state) {
    table.replaceChildren();
    var head = table.createTHead().insertRow();
    ["#", "Component", "Step", "Time", "Target"].forEach(function (name) {
      var cell = document.createElement("th");
      cell.textContent = name;
      head.append(cell);
    });
    var body = table.createTBody();
    state.steps.forEach(function (step) {
      var row = body.insertRow();
      var over = step.seconds !== null && step.target_seconds && step.seconds > step.target_seconds;
      if (over) row.className = "ak-over";
      [
        String(step.index + 1),
        step.name,
        step.label,
        step.seconds === null ? "—" : step.seconds.toFixed(1) + " s",
        step.target_seconds ? step.target_seconds + " s" : "—",
      ].forEach(function (text) {
        row.insertCell().textContent = text;
      });
    });
  }

  /* Turn a list too long for the screen on by one page, or back to its top from the end
   * (called every PAGE_S seconds: the pedal cannot scroll). */
  function turnPage(box) {
    if (!box || box.scrollHeight <= box.clientHeight + 1) return;
    var atEnd = box.scrollTop + box.clientHeight >= box.scrollHeight - 1;
    box.scrollTop = atEnd ? 0 : box.scrollTop + box.clientHeight * 0.9;
  }

  window.ShopTwinKioskScreen = {
    PAGE_S: 4,
    fitStep: fitStep,
    formatSeconds: formatSeconds,
    jobItem: jobItem,
    lostMessage: lostMessage,
    showVisual: showVisual,
    stepTimes: stepTimes,
    summaryText: summaryText,
    turnPage: turnPage,
  };
})();
