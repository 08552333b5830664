/* Apply the saved light/dark theme before the first paint (loaded blocking in <head>). */
(function () {
  "use strict";
  var saved = null;
  try {
    saved = window.localStorage.getItem("shoptwin.theme");
  } catch (error) {
    saved = null; // storage blocked: follow the system preference
  }
  var dark = window.matchMedia && window.matchMedia("(prefers-color-scheme: dark)").matches;
  var theme = saved === "light" || saved === "dark" ? saved : dark ? "dark" : "light";
  document.documentElement.setAttribute("data-theme", theme);
})();
