// The programme maps (Xinjiang by prefecture or county, Jiangsu supporter cities), drawn from
// the JSON the page embeds. Polygons are matched to regions by code; regions the GeoJSON has
// no polygon for (新星市 659011, 白杨市 659012) are listed under the map instead.
(function () {
  "use strict";
  const geoFiles = {};
  const drawnCodes = {};

  function loadGeo(view, spec) {
    if (!geoFiles[view]) {
      geoFiles[view] = fetch(spec.geo).then((r) => r.json()).then((geo) => {
        const renamed = spec.renamed || {};
        geo.features.forEach((feature) => {
          const code = String(feature.properties.adcode);
          feature.properties.name = renamed[code] || code;
        });
        window.echarts.registerMap(`duikou-${view}`, geo);
        drawnCodes[view] = new Set(geo.features.map((f) => f.properties.name));
      });
    }
    return geoFiles[view];
  }

  function listMissing(box, spec, link) {
    const rows = spec.rows;
    const note = box.querySelector("[data-map-missing]");
    const missing = rows.filter((row) => !drawnCodes[box.dataset.view].has(row.code));
    note.replaceChildren();
    note.hidden = missing.length === 0;
    if (!missing.length) return;
    note.append(note.dataset.label);
    missing.forEach((row, index) => {
      const a = document.createElement("a");
      a.href = link.replace("CODE", row.code);
      a.textContent = spec.simple ? `${row.name}(${row.text})`
        : `${row.name}(${row.planned_text}`
          + `${box.dataset.projectsSep}${row.projects} ${box.dataset.projectsUnit})`;
      note.append(index ? "、" : " ", a);
    });
  }

  async function show(box, chart, data) {
    const view = box.dataset.view;
    const metric = box.dataset.metric;
    const spec = data.views[view];
    await loadGeo(view, spec);
    // A simple map (results) has one value and its text per region; the programme maps
    // switch between money planned and the number of projects.
    const valueOf = (row) => {
      if (spec.simple) return row.value;
      return metric === "projects" ? row.projects : row.planned;
    };
    const values = spec.rows.map((row) => ({ name: row.code, value: valueOf(row), row }));
    const tooltip = (row) => (spec.simple ? `${row.name}<br>${spec.label}: ${row.text}`
      : `${row.name}<br>${box.dataset.plannedLabel}: ${row.planned_text}`
        + `<br>${box.dataset.projectsLabel}: ${row.projects}`);
    let legend = `${box.dataset.unitLabel} (${spec.unit})`;
    if (spec.simple) legend = spec.label;
    else if (metric === "projects") legend = box.dataset.projectsLabel;
    chart.setOption({
      tooltip: { trigger: "item", formatter: (p) => (p.data ? tooltip(p.data.row) : "") },
      visualMap: {
        min: 0, max: Math.max(1, ...values.map((v) => v.value)), calculable: true,
        left: "left", bottom: 10, inRange: { color: ["#fdf1ef", "#b42318"] },
        text: [legend, ""],
        formatter: (v) => Math.round(spec.simple || metric === "projects" ? v
          : v / spec.divisor).toLocaleString(),
      },
      series: [{
        type: "map", map: `duikou-${view}`, roam: false, selectedMode: false,
        label: { show: false }, emphasis: { label: { show: false } }, data: values,
      }],
    }, true);
    listMissing(box, spec, data.link);
    box.dataset.ready = "true";
  }

  function setUp(box) {
    const data = JSON.parse(document.getElementById(box.dataset.map).textContent);
    const canvas = box.querySelector("[data-map-canvas]");
    const chart = window.echarts.init(canvas);
    chart.on("click", (p) => {
      if (p.data) window.location.href = data.link.replace("CODE", p.data.row.code);
    });
    window.addEventListener("resize", () => chart.resize());
    const redraw = () => show(box, chart, data).catch(() => {
      canvas.textContent = box.dataset.error;
    });
    box.addEventListener("change", (event) => {
      const input = event.target;
      if (input.name === "map-view" || input.name === "map-metric") {
        box.dataset.ready = "false";
        box.dataset[input.name === "map-view" ? "view" : "metric"] = input.value;
        redraw();
      }
    });
    redraw();
  }

  document.addEventListener("DOMContentLoaded", () => {
    document.querySelectorAll("[data-map]").forEach(setUp);
  });
})();
