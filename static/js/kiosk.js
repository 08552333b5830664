/* Kiosk status strip: a wall clock that ticks on the second. */
(function () {
  "use strict";

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
