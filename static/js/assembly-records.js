// Session detail: bar chart of each step's duration against its target (ECharts, vendored).
(function () {
  "use strict";

  function drawStepChart(element, data) {
    var chart = echarts.init(element, null, { renderer: "svg" });
    chart.setOption({
      tooltip: { trigger: "axis" },
      legend: { data: ["Duration (s)", "Target (s)"] },
      grid: { left: 48, right: 16, bottom: 64 },
      xAxis: { type: "category", data: data.labels, axisLabel: { rotate: 30 } },
      yAxis: { type: "value", name: "s" },
      series: [
        {
          name: "Duration (s)",
          type: "bar",
          data: data.durations.map(function (value, i) {
            var target = data.targets[i];
            var over = value !== null && target !== null && value > target;
            return { value: value, itemStyle: { color: over ? "#dc2626" : "#2563eb" } };
          }),
        },
        { name: "Target (s)", type: "line", step: "middle", data: data.targets, symbol: "none" },
      ],
    });
    window.addEventListener("resize", function () { chart.resize(); });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var element = document.querySelector("[data-step-chart]");
    var source = document.querySelector("[data-step-chart-data]");
    if (element && source && window.echarts) {
      drawStepChart(element, JSON.parse(source.textContent));
    }
  });
})();
