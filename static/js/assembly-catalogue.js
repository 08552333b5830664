/* Steps editor of the assembly catalogue: add, remove and reorder rows by drag or buttons. */
(function () {
  "use strict";

  var form = document.querySelector("[data-steps-form]");
  if (!form) return;
  var list = form.querySelector("[data-steps-list]");
  var template = form.querySelector("[data-step-template]");
  var status = form.querySelector("[data-steps-status]");
  var dragged = null;

  function rows() {
    return Array.prototype.slice.call(list.querySelectorAll("[data-step-row]"));
  }

  /* Give every row's fields the names WTForms expects for its position: steps-<i>-<field>. */
  function renumber() {
    rows().forEach(function (row, index) {
      row.querySelectorAll("[data-name]").forEach(function (input) {
        var name = "steps-" + index + "-" + input.getAttribute("data-name");
        var label = row.querySelector('label[for="' + input.id + '"]');
        input.name = name;
        input.id = name;
        if (label) label.htmlFor = name;
      });
      row.setAttribute("aria-label", "Step " + (index + 1));
    });
  }

  function announce(text) {
    if (status) status.textContent = text;
  }

  function describe(row) {
    var select = row.querySelector('[data-name="component_id"]');
    var option = select && select.options[select.selectedIndex];
    return option && option.value ? option.text : "step";
  }

  function move(row, direction) {
    var sibling = direction === "up" ? row.previousElementSibling : row.nextElementSibling;
    if (!sibling) return;
    if (direction === "up") list.insertBefore(row, sibling);
    else list.insertBefore(sibling, row);
    renumber();
    var button = row.querySelector('[data-move="' + direction + '"]');
    if (button) button.focus();
    announce(describe(row) + " is now step " + (rows().indexOf(row) + 1));
  }

  function addRow() {
    var html = template.innerHTML.replace(/__index__/g, String(rows().length));
    list.insertAdjacentHTML("beforeend", html);
    renumber();
    var added = rows()[rows().length - 1];
    added.querySelector("select").focus();
    announce("Step " + rows().length + " added");
  }

  function removeRow(row) {
    var next = row.nextElementSibling || row.previousElementSibling;
    row.remove();
    renumber();
    var focus = next ? next.querySelector("[data-remove]") : form.querySelector("[data-add-step]");
    if (focus) focus.focus();
    announce("Step removed");
  }

  list.addEventListener("click", function (event) {
    var button = event.target.closest("button");
    if (!button) return;
    var row = button.closest("[data-step-row]");
    if (button.hasAttribute("data-move")) move(row, button.getAttribute("data-move"));
    else if (button.hasAttribute("data-remove")) removeRow(row);
  });

  form.querySelector("[data-add-step]").addEventListener("click", addRow);

  /* Drag and drop (mouse); the arrow buttons do the same from the keyboard. */
  list.addEventListener("dragstart", function (event) {
    var row = event.target.closest && event.target.closest("[data-step-row]");
    if (!row) return;
    dragged = row;
    row.classList.add("dragging");
    event.dataTransfer.effectAllowed = "move";
    event.dataTransfer.setData("text/plain", "step");
  });

  list.addEventListener("dragover", function (event) {
    var target = event.target.closest("[data-step-row]");
    if (!dragged || !target || target === dragged) return;
    event.preventDefault();
    rows().forEach(function (row) { row.classList.toggle("drop-target", row === target); });
  });

  list.addEventListener("drop", function (event) {
    var target = event.target.closest("[data-step-row]");
    if (!dragged || !target || target === dragged) return;
    event.preventDefault();
    var before = rows().indexOf(dragged) > rows().indexOf(target);
    list.insertBefore(dragged, before ? target : target.nextElementSibling);
    renumber();
    announce(describe(dragged) + " is now step " + (rows().indexOf(dragged) + 1));
  });

  list.addEventListener("dragend", function () {
    rows().forEach(function (row) { row.classList.remove("dragging", "drop-target"); });
    dragged = null;
  });

  /* Inputs inside a draggable row must stay selectable with the mouse. */
  list.addEventListener("mousedown", function (event) {
    var row = event.target.closest("[data-step-row]");
    if (row) row.draggable = !event.target.closest("input, select, button");
  });

  form.addEventListener("submit", renumber);
  renumber();
})();
