/* Kiosk status strip: a wall clock that ticks on the second, and badge scans that switch user. */
(function () {
  "use strict";

  /* A badge scanner types the badge's characters quickly, then Enter. On a signed-in kiosk
   * page that hands the kiosk to the badge's owner (the server checks the badge); a misread
   * or unknown badge leaves the page as it is and says so. */
  var BADGE_MIN = 4;
  var SCAN_GAP_MS = 1000; // slower typing than this starts a new badge
  var badgeForm = document.querySelector("[data-badge-switch]");
  var typed = "";
  var typedAt = 0;

  var refusedTimer = 0;
  function refused(text) {
    var note = document.querySelector("[data-badge-refused]");
    if (!note) {
      note = document.createElement("p");
      note.className = "kiosk-badge-refused";
      note.setAttribute("data-badge-refused", "");
      note.setAttribute("role", "alert");
      document.body.append(note);
    }
    note.textContent = text;
    note.hidden = false;
    window.clearTimeout(refusedTimer);
    refusedTimer = window.setTimeout(function () { note.hidden = true; }, 4000);
  }

  function switchTo(badge) {
    var data = new FormData(badgeForm);
    data.set("badge-badge", badge);
    window.fetch(badgeForm.action, { method: "POST", body: data, credentials: "same-origin" })
      .then(function (response) {
        if (response.redirected) {
          window.location.assign(response.url); // signed in: the badge's owner takes over
        } else if (response.status === 429) {
          refused("Too many failed badge scans: wait a minute, or sign out and use your PIN.");
        } else {
          refused("Badge not recognised.");
        }
      })
      .catch(function () {
        refused("No connection to the server: scan again once Online.");
      });
  }

  if (badgeForm) {
    document.addEventListener("keydown", function (event) {
      var target = event.target;
      if (target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))) return;
      var now = Date.now();
      if (now - typedAt > SCAN_GAP_MS) typed = "";
      typedAt = now;
      if (event.key === "Enter" && typed.length >= BADGE_MIN) {
        event.preventDefault();
        switchTo(typed);
        typed = "";
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
