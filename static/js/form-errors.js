/* Form errors from the API: {"error", "fields"} shown next to each named field. */
(function () {
  "use strict";

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

  window.ShopTwin.showErrors = showErrors;
  window.ShopTwin.clearErrors = clearErrors;
})();
