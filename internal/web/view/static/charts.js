// charts.js draws every <canvas data-chart="…"> with Chart.js. The server
// writes the whole chart (view.Chart in Go): labels, values, colours, the
// link behind each label and the unit. Nothing is computed here.
(function () {
  "use strict";
  var palette = {
    good: "#1a7f37", warn: "#b7791f", bad: "#c0392b",
    brand: "#2563eb", muted: "#9aa4b2", ink: "#1f2937"
  };
  var lang = document.documentElement.lang || "vi";
  var locale = lang === "vi" ? "vi-VN" : "en-GB";

  function colour(c) { return palette[c] || c || palette.brand; }

  // format writes a value the way the page writes numbers: 1.250.000 ₫ in
  // Vietnamese, 1,250,000 ₫ in English, 42,5 % for a percentage.
  function format(unit, v) {
    if (v === null || v === undefined) { return "—"; }
    if (Array.isArray(v)) { return format(unit, v[0]) + " – " + format(unit, v[1]); }
    if (typeof v === "object") { v = v.y; }
    if (unit === "percent") {
      return new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(v) + " %";
    }
    if (unit) {
      return new Intl.NumberFormat(locale, { maximumFractionDigits: 0 }).format(v) + (unit === "VND" ? " ₫" : " " + unit);
    }
    return new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(v);
  }

  function config(spec) {
    var sets = spec.datasets.map(function (s) {
      var one = colour(s.color);
      var many = s.colors ? s.colors.map(colour) : null;
      return {
        label: s.label, type: s.type || undefined, data: s.data,
        backgroundColor: many || (s.type === "line" || spec.type === "line" || !/^#[0-9a-f]{6}$/i.test(one) ? one : one + "cc"),
        borderColor: many || one, borderWidth: spec.type === "line" || s.type === "line" ? 2 : 0,
        pointRadius: spec.type === "scatter" ? 6 : 3, spanGaps: false, tension: 0.25
      };
    });
    var valueAxis = {
      min: spec.min === undefined ? undefined : spec.min,
      max: spec.max === undefined ? undefined : spec.max,
      stacked: !!spec.stacked, beginAtZero: spec.min === undefined,
      ticks: { callback: function (v) { return format(spec.unit, v); } }
    };
    var labelAxis = { stacked: !!spec.stacked, offset: spec.offset || undefined, ticks: { autoSkip: true, maxRotation: 0 } };
    var scales = {};
    if (spec.type === "doughnut" || spec.type === "pie") {
      scales = undefined;
    } else if (spec.type === "scatter") {
      scales = { x: { ticks: { callback: function (v) { return format("", v); } } }, y: valueAxis };
    } else if (spec.horizontal) {
      scales = { x: valueAxis, y: labelAxis };
    } else {
      scales = { x: labelAxis, y: valueAxis };
    }
    // Axis titles, when the server names the axes.
    if (scales && spec.x_title && scales.x) { scales.x.title = { display: true, text: spec.x_title }; }
    if (scales && spec.y_title && scales.y) { scales.y.title = { display: true, text: spec.y_title }; }
    return {
      type: spec.type,
      data: { labels: spec.labels || [], datasets: sets },
      options: {
        animation: false, responsive: true, maintainAspectRatio: false,
        indexAxis: spec.horizontal ? "y" : "x",
        locale: locale,
        scales: scales,
        plugins: {
          legend: { display: sets.length > 1, position: "bottom" },
          tooltip: { callbacks: { label: function (ctx) {
            var p = ctx.raw;
            var text = format(spec.unit, p);
            if (p && typeof p === "object" && !Array.isArray(p) && p.label) { text = p.label + ": " + text; }
            return (ctx.dataset.label ? ctx.dataset.label + ": " : "") + text;
          } } }
        },
        onClick: function (evt, items) {
          if (!spec.links || !items.length) { return; }
          var href = spec.links[items[0].index];
          if (href) { window.location.href = href; }
        },
        onHover: function (evt, items) {
          evt.native.target.style.cursor = spec.links && items.length && spec.links[items[0].index] ? "pointer" : "default";
        }
      }
    };
  }

  function draw() {
    if (!window.Chart) { return; }
    document.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
      if (canvas.dataset.drawn) { return; }
      try {
        new window.Chart(canvas, config(JSON.parse(canvas.dataset.chart)));
        canvas.dataset.drawn = "1";
      } catch (e) {
        canvas.dataset.drawn = "error";
        if (window.console) { console.warn("chart " + canvas.id + ": " + e.message); }
      }
    });
  }

  // A download button names its canvas: data-chart-png="nps-trend".
  document.addEventListener("click", function (e) {
    var btn = e.target.closest("[data-chart-png]");
    if (!btn) { return; }
    var chart = window.Chart && window.Chart.getChart(btn.dataset.chartPng);
    if (!chart) { return; }
    var a = document.createElement("a");
    a.href = chart.toBase64Image("image/png", 1);
    a.download = btn.dataset.chartFile || "chart.png";
    document.body.appendChild(a);
    a.click();
    a.remove();
  });

  // Printing redraws the charts at the paper's size.
  window.addEventListener("beforeprint", function () {
    Object.values(window.Chart ? window.Chart.instances : {}).forEach(function (c) { c.resize(); });
  });

  document.addEventListener("DOMContentLoaded", draw);
  document.addEventListener("htmx:afterSettle", draw);
}());
