/* Draws the charts of indicators/chart.html with the vendored Chart.js (window.Chart).
 *
 * Each <figure data-chart="ID"> names the <script type="application/json" id="ID"> that holds its data
 * (charts.ChartData.data). The figure's buttons toggle the data table, download the PNG (drawn on a white
 * background with the title and caption, so the file explains itself) and, when the page gives no CSV
 * URL, build the CSV from the same data. Loaded once per page even if included several times.
 */
(function () {
  "use strict";
  if (window.DampinganCharts) return;

  var COLORS = ["#1565c0", "#2e7d32", "#6a1b9a", "#ef6c00", "#00838f", "#5d4037"];
  var TARGET_COLOR = "#c62828";

  function locale() {
    return document.documentElement.lang === "en" ? "en-GB" : "id-ID";
  }

  function formatter(decimals) {
    return new Intl.NumberFormat(locale(), { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
  }

  function datasets(data) {
    var lineIndex = 0;
    return data.series.map(function (s) {
      if (s.style === "target") {
        return {
          label: s.label, data: s.values, type: "line", borderColor: TARGET_COLOR, backgroundColor: TARGET_COLOR,
          borderDash: [6, 4], borderWidth: 2, pointStyle: "crossRot", pointRadius: 6, pointBorderWidth: 2,
          spanGaps: true, order: 0
        };
      }
      var color = COLORS[lineIndex++ % COLORS.length];
      if (s.style === "bar") {
        return { label: s.label, data: s.values, type: "bar", backgroundColor: color, order: 1 };
      }
      // A missing year stays a gap: the line does not pretend to know it.
      return {
        label: s.label, data: s.values, type: "line", borderColor: color, backgroundColor: color,
        borderWidth: 3, pointRadius: 4, spanGaps: false, order: 0
      };
    });
  }

  function draw(figure) {
    var block = document.getElementById(figure.dataset.chart);
    var canvas = figure.querySelector("canvas");
    if (!block || !canvas || !window.Chart) return null;
    var data = JSON.parse(block.textContent);
    var numbers = formatter(data.decimals);
    var hasBars = data.series.some(function (s) { return s.style === "bar"; });
    var chart = new window.Chart(canvas, {
      type: hasBars ? "bar" : "line",
      data: { labels: data.labels, datasets: datasets(data) },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        interaction: { mode: "index", intersect: false },
        scales: {
          x: { title: { display: false } },
          y: {
            beginAtZero: hasBars,
            title: { display: Boolean(data.unit), text: data.unit },
            ticks: { callback: function (value) { return numbers.format(value); } }
          }
        },
        plugins: {
          legend: { position: "bottom", labels: { usePointStyle: true } },
          tooltip: {
            callbacks: {
              label: function (item) {
                if (item.raw === null || item.raw === undefined) return null;
                return item.dataset.label + ": " + numbers.format(item.raw) + (data.unit ? " " + data.unit : "");
              }
            }
          }
        }
      }
    });
    return { chart: chart, data: data };
  }

  function save(blob, name) {
    var url = URL.createObjectURL(blob);
    var link = document.createElement("a");
    link.href = url;
    link.download = name;
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(function () { URL.revokeObjectURL(url); }, 1000);
  }

  function png(drawn) {
    var source = drawn.chart.canvas;
    var scale = source.width / source.clientWidth || 1;
    var pad = 16 * scale, titleHeight = 30 * scale, captionHeight = drawn.data.caption ? 24 * scale : 0;
    var out = document.createElement("canvas");
    out.width = source.width + 2 * pad;
    out.height = source.height + titleHeight + captionHeight + 2 * pad;
    var ctx = out.getContext("2d");
    ctx.fillStyle = "#ffffff";
    ctx.fillRect(0, 0, out.width, out.height);
    ctx.fillStyle = "#1f2933";
    ctx.font = "bold " + 16 * scale + "px sans-serif";
    ctx.fillText(drawn.data.title + (drawn.data.unit ? " (" + drawn.data.unit + ")" : ""), pad, pad + 16 * scale);
    ctx.drawImage(source, pad, pad + titleHeight);
    if (drawn.data.caption) {
      ctx.fillStyle = "#52606d";
      ctx.font = 12 * scale + "px sans-serif";
      ctx.fillText(drawn.data.caption, pad, out.height - pad, out.width - 2 * pad);
    }
    out.toBlob(function (blob) { save(blob, drawn.data.filename + ".png"); }, "image/png");
  }

  function csvCell(value) {
    var text = value === null || value === undefined ? "" : String(value);
    if (/^[=+\-@\t\r]/.test(text) && isNaN(Number(text))) text = "'" + text; // spreadsheets would run it
    return /[",\n]/.test(text) ? '"' + text.replace(/"/g, '""') + '"' : text;
  }

  function csv(data) {
    var lines = [[data.labelHeading].concat(data.series.map(function (s) { return s.label; }))];
    data.labels.forEach(function (label, i) {
      lines.push([label].concat(data.series.map(function (s) { return s.values[i]; })));
    });
    var text = lines.map(function (line) { return line.map(csvCell).join(","); }).join("\r\n") + "\r\n";
    save(new Blob(["\ufeff" + text], { type: "text/csv;charset=utf-8" }), data.filename + ".csv");
  }

  function wire(figure, drawn) {
    var toggle = figure.querySelector("[data-chart-toggle]");
    var table = toggle && document.getElementById(toggle.getAttribute("aria-controls"));
    if (toggle && table) {
      toggle.addEventListener("click", function () {
        var show = table.hidden;
        table.hidden = !show;
        toggle.setAttribute("aria-expanded", String(show));
        toggle.textContent = show ? toggle.dataset.labelHide : toggle.dataset.labelShow;
      });
    }
    var pngButton = figure.querySelector("[data-chart-png]");
    if (pngButton) {
      if (drawn) pngButton.addEventListener("click", function () { png(drawn); });
      else pngButton.hidden = true;
    }
    var csvButton = figure.querySelector("button[data-chart-csv]");
    if (csvButton && drawn) csvButton.addEventListener("click", function () { csv(drawn.data); });
  }

  function init(root) {
    (root && root.querySelectorAll ? root : document).querySelectorAll("figure[data-chart]").forEach(function (figure) {
      if (figure.dataset.chartReady) return;
      figure.dataset.chartReady = "1";
      var drawn = draw(figure);
      figure.chart = drawn && drawn.chart;
      // What a page test waits for (the Content-Security-Policy forbids it to poll with evaluated script).
      if (figure.chart) figure.dataset.chartDrawn = "1";
      wire(figure, drawn);
    });
  }

  window.DampinganCharts = { init: init };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", function () { init(); });
  else init();
  document.addEventListener("htmx:afterSettle", function (event) { init(event.target); });
})();
