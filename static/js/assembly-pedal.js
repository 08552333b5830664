/* The kiosk's pedal: Space (the USB foot pedal) and the on-screen buttons, as presses and holds.
 *
 * A release before holdSeconds is a short press; holding to holdSeconds is a hold (abort), with
 * a countdown ring from the first moments. Where there is nothing to abort (the job queue),
 * each second of a hold moves on instead (onCycle) and the release does not press. Auto-repeat
 * is ignored, and losing window focus ends a hold without acting. The touch "Hold to abort"
 * button counts down like the pedal.
 */
(function () {
  "use strict";

  var RING_DELAY_MS = 250; // a tap never flashes the ring; a hold shows it at once
  var RING_LENGTH = 2 * Math.PI * 52;
  var CYCLE_S = 1; // where nothing can be aborted, each second held moves on once
  var AFTER_HOLD_MS = 800; // after lifting the finger that aborted, a tap on what appears is a ghost

  /* options: root, holdSeconds, canHold(), onPress(), onHold(source: "pedal" | "button"),
   * onCycle() while the pedal is held where canHold() is false, and onArrow(step: 1 | -1)
   * for the queue's arrow keys (return true if it used the key). */
  function attach(options) {
    var root = options.root;
    var ring = root.querySelector("[data-ring]");
    var ringBar = root.querySelector("[data-ring-bar]");
    var ringCount = root.querySelector("[data-ring-count]");
    var hold = null; // {started, timer, frame, fired, cycled, source}
    var releasedAt = 0; // when the last hold that fired was let go

    function hideRing() {
      ring.hidden = true;
      ringBar.style.strokeDashoffset = String(RING_LENGTH);
    }

    function drawRing() {
      if (!hold || hold.fired) return;
      var held = (Date.now() - hold.started) / 1000;
      if (options.canHold()) {
        if (held * 1000 >= RING_DELAY_MS) {
          ring.hidden = false;
          ringCount.textContent = String(Math.ceil(Math.max(0, options.holdSeconds - held)));
          var done = Math.min(1, held / options.holdSeconds);
          ringBar.style.strokeDashoffset = String(RING_LENGTH * (1 - done));
        }
      } else if (hold.source === "pedal") {
        for (; hold.cycled < Math.floor(held / CYCLE_S); hold.cycled += 1) options.onCycle();
      }
      hold.frame = window.requestAnimationFrame(drawRing);
    }

    function beginHold(source) {
      if (hold) return;
      hold = { started: Date.now(), fired: false, cycled: 0, source: source, frame: 0, timer: 0 };
      hold.timer = window.setTimeout(function () {
        if (!hold || !options.canHold()) return;
        hold.fired = true;
        hideRing();
        options.onHold(hold.source);
      }, options.holdSeconds * 1000);
      hold.frame = window.requestAnimationFrame(drawRing);
    }

    /* End a hold; a release before the threshold (and before any move) is a short press, a
     * lost focus is not. */
    function endHold(act) {
      if (!hold) return;
      var current = hold;
      hold = null;
      if (current.fired) releasedAt = Date.now();
      window.clearTimeout(current.timer);
      window.cancelAnimationFrame(current.frame);
      hideRing();
      if (act && !current.fired && !current.cycled && current.source === "pedal") options.onPress();
    }

    document.addEventListener("keydown", function (event) {
      if (event.code === "Space") {
        event.preventDefault();
        if (!event.repeat) beginHold("pedal");
      } else if (event.code === "ArrowDown" || event.code === "ArrowUp") {
        if (options.onArrow(event.code === "ArrowDown" ? 1 : -1)) event.preventDefault();
      }
    }, true);

    document.addEventListener("keyup", function (event) {
      if (event.code !== "Space") return;
      event.preventDefault();
      endHold(true);
    }, true);

    window.addEventListener("blur", function () {
      endHold(false);
    });

    root.querySelectorAll("[data-press]").forEach(function (button) {
      button.addEventListener("click", function () {
        if (Date.now() - releasedAt > AFTER_HOLD_MS) options.onPress();
      });
    });
    root.querySelectorAll("[data-abort-button]").forEach(function (button) {
      button.addEventListener("pointerdown", function (event) {
        event.preventDefault();
        // Keep the pointer on the button while the countdown ring covers the screen.
        button.setPointerCapture(event.pointerId);
        beginHold("button");
      });
      ["pointerup", "pointercancel", "lostpointercapture"].forEach(function (name) {
        button.addEventListener(name, function () {
          endHold(false);
        });
      });
    });
  }

  window.ShopTwinPedal = { attach: attach };
})();
