/* Assembly pages: helpers shared by the live dashboard, the queue manager and analytics. */
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

  window.ShopTwinAssembly = {
    readJSON: readJSON,
    field: field,
    setText: setText,
    clock: clock,
    badge: window.ShopTwin.badge,
    stepText: stepText,
    isOpen: isOpen,
  };
})();
