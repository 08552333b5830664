// Session detail: the step chart. Its ECharts options are data the page embeds (built in
// assembly/records/chart.py); this only draws them and follows the window's size.
(function () {
  "use strict";

  document.addEventListener("DOMContentLoaded", function () {
    var element = document.querySelector("[data-step-chart]");
    var source = document.querySelector("[data-step-chart-data]");
    if (!element || !source || !window.echarts) {
      return;
    }
    var chart = echarts.init(element, null, { renderer: "svg" });
    chart.setOption(JSON.parse(source.textContent));
    window.addEventListener("resize", function () { chart.resize(); });
  });
})();
