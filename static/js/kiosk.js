/* Kiosk status strip: a wall clock that ticks on the second, and badge scans that switch user. */
(function () {
  "use strict";

  /* A badge scanner types the badge's characters quickly, then Enter. On a signed-in kiosk
   * page that hands the kiosk to the badge's owner (the server checks the badge). */
  var BADGE_MIN = 4;
  var SCAN_GAP_MS = 1000; // slower typing than this starts a new badge
  var badgeForm = document.querySelector("[data-badge-switch]");
  var typed = "";
  var typedAt = 0;

  if (badgeForm) {
    document.addEventListener("keydown", function (event) {
      var target = event.target;
      if (target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))) return;
      var now = Date.now();
      if (now - typedAt > SCAN_GAP_MS) typed = "";
      typedAt = now;
      if (event.key === "Enter" && typed.length >= BADGE_MIN) {
        event.preventDefault();
        badgeForm.elements["badge-badge"].value = typed;
        typed = "";
        badgeForm.submit();
      } else if (event.key.length === 1 && /[A-Za-z0-9-]/.test(event.key)) {
        typed += event.key;
      } else if (event.key !== "Shift") {
        typed = "";
      }
    });
  }

  var clocks = document.querySelectorAll("[data-clock]");
  if (clocks.length === 0) return;

  function pad(number) {
    return number < 10 ? "0" + number : String(number);
  }

  function tick() {
    var now = new Date();
    var text = pad(now.getHours()) + ":" + pad(now.getMinutes()) + ":" + pad(now.getSeconds());
    var iso = now.toISOString();
    clocks.forEach(function (clock) {
      clock.textContent = text;
      clock.setAttribute("datetime", iso);
    });
    window.setTimeout(tick, 1000 - (Date.now() % 1000) + 5);
  }

  tick();
})();
