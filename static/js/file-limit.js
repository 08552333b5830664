/* File fields with data-max-bytes: a file too large is refused as it is chosen, before upload,
 * so the form and what was typed in it are kept (the server would refuse it too). */
(function () {
  "use strict";

  function note(input) {
    var id = input.id + "-size-error";
    var existing = document.getElementById(id);
    if (existing) return existing;
    var paragraph = document.createElement("p");
    paragraph.className = "field-error";
    paragraph.id = id;
    paragraph.setAttribute("role", "alert");
    paragraph.hidden = true;
    input.insertAdjacentElement("afterend", paragraph);
    return paragraph;
  }

  document.querySelectorAll("input[type=file][data-max-bytes]").forEach(function (input) {
    var limit = Number(input.getAttribute("data-max-bytes"));
    input.addEventListener("change", function () {
      var file = input.files && input.files[0];
      var message = note(input);
      var tooBig = Boolean(file) && file.size > limit;
      message.hidden = !tooBig;
      message.textContent = tooBig
        ? "“" + file.name + "” is " + Math.ceil(file.size / 1024) + " KiB: choose a picture of at most " +
          Math.floor(limit / 1024) + " KiB."
        : "";
      input.toggleAttribute("aria-invalid", tooBig);
      if (tooBig) input.value = ""; // nothing too large is ever sent
    });
  });
})();
