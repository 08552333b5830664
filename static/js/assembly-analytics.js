/* Assembly analytics: the charts of the figures the page was rendered with. */
(function () {
  "use strict";

  var A = window.ShopTwinAssembly;
  var readJSON = A.readJSON;

  function analytics(data) {
    if (!window.echarts) return;
    function chart(element, option) {
      var made = echarts.init(element, null, { renderer: "svg" });
      made.setOption(option);
      window.addEventListener("resize", function () {
        made.resize();
      });
    }
    document.querySelectorAll("[data-boxplot]").forEach(function (element) {
      var project = data.projects[Number(element.getAttribute("data-boxplot"))];
      var labels = project.steps.map(function (step) {
        return step.index + 1 + ". " + step.component_name;
      });
      chart(element, {
        tooltip: { trigger: "item" },
        legend: { data: ["Duration (s)", "Target (s)"] },
        xAxis: { type: "category", data: labels },
        yAxis: { type: "value", name: "s" },
        series: [
          {
            name: "Duration (s)",
            type: "boxplot",
            data: project.steps.map(function (step) {
              return step.count ? [step.min_s, step.q1_s, step.median_s, step.q3_s, step.max_s] : [];
            }),
          },
          {
            name: "Target (s)",
            type: "scatter",
            symbol: "diamond",
            symbolSize: 12,
            data: project.steps.map(function (step) {
              return step.target_s;
            }),
          },
        ],
      });
    });
    document.querySelectorAll("[data-bars]").forEach(function (element) {
      var series = data.per_day[element.getAttribute("data-bars")];
      chart(element, {
        tooltip: { trigger: "axis" },
        legend: { type: "scroll" },
        xAxis: { type: "category", data: data.per_day.days },
        yAxis: { type: "value", minInterval: 1, name: "sessions" },
        series: Object.keys(series).map(function (name) {
          return { name: name, type: "bar", stack: "all", data: series[name] };
        }),
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var figures = readJSON("[data-analytics-data]");
    if (figures) analytics(figures);
  });
})();
