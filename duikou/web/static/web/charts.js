// Grouped bar charts (planned / in place / spent per year or category) from the JSON the page
// embeds next to each chart; the same figures are in a table beside it.
(function () {
  "use strict";
  const COLOURS = ["#9aa5b1", "#b42318", "#18794e"];

  function draw(box) {
    const data = JSON.parse(document.getElementById(box.dataset.chart).textContent);
    const horizontal = box.dataset.horizontal === "true";
    const categoryAxis = { type: "category", data: data.categories };
    const valueAxis = { type: "value", name: data.unit };
    const chart = window.echarts.init(box);
    chart.setOption({
      color: COLOURS,
      tooltip: { trigger: "axis", valueFormatter: (v) => `${v.toLocaleString()} ${data.unit}` },
      legend: { top: 0 },
      grid: { left: 8, right: 24, bottom: 8, top: 36, containLabel: true },
      xAxis: horizontal ? valueAxis : categoryAxis,
      yAxis: horizontal ? { ...categoryAxis, inverse: true } : valueAxis,
      series: data.series.map((s) => ({ type: "bar", name: s.name, data: s.data })),
    });
    window.addEventListener("resize", () => chart.resize());
    box.dataset.ready = "true";
  }

  document.addEventListener("DOMContentLoaded", () => {
    document.querySelectorAll("[data-chart]").forEach(draw);
  });
})();
