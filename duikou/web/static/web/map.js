// The Xinjiang map of the overview: money planned per prefecture (and XPCC city), from the
// statistics API. Regions without a polygon (新星市, 白杨市) are still listed in the table.
(function () {
  "use strict";
  function wan(value) {
    return (Number(value) / 10000).toLocaleString(undefined, { maximumFractionDigits: 2 });
  }
  async function draw(box) {
    const [geo, stats] = await Promise.all([
      fetch(box.dataset.geo).then((r) => r.json()),
      fetch(box.dataset.stats, { credentials: "same-origin" }).then((r) => r.json()),
    ]);
    window.echarts.registerMap("xinjiang", geo);
    const rows = stats.by_region.filter((row) => row.region);
    // Polygons are named as the statistics' regions are (same official names); the code is
    // kept for the link.
    const codes = Object.fromEntries(rows.map((row) => [row.name, row.region]));
    const values = rows.map((row) => ({ name: row.name, value: Number(row.planned) }));
    const chart = window.echarts.init(box);
    chart.setOption({
      tooltip: {
        trigger: "item",
        formatter: (p) => `${p.name}<br>${box.dataset.label}: ${
          Number.isFinite(p.value) ? wan(p.value) : 0} ${box.dataset.unit}`,
      },
      visualMap: {
        min: 0, max: Math.max(1, ...values.map((v) => v.value)), calculable: true,
        left: "left", bottom: 10, inRange: { color: ["#fde8e6", "#b42318"] },
        formatter: (v) => wan(v),
      },
      series: [{
        type: "map", map: "xinjiang", roam: false,
        emphasis: { label: { show: false } }, data: values,
      }],
    });
    chart.on("click", (p) => {
      const code = codes[p.name] || (p.data && p.data.code);
      if (code) window.location.href = `${box.dataset.link}?region=${code}`;
    });
    window.addEventListener("resize", () => chart.resize());
    box.dataset.ready = "true";
  }
  document.addEventListener("DOMContentLoaded", () => {
    document.querySelectorAll("[data-map]").forEach((box) => {
      draw(box).catch(() => { box.textContent = box.dataset.error; });
    });
  });
})();
