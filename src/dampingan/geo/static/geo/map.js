/* Kelurahan maps (geo/map.html): the value of a tapped kelurahan, and PNG and CSV downloads.
   No library and no network: the PNG draws the page's own SVGs onto a canvas. Loaded once or several
   times per page; listeners are attached once, by delegation, so maps swapped in by htmx work too. */
(function () {
  "use strict";
  if (window.dampinganMaps) return;
  window.dampinganMaps = true;

  var SCALE = 2; // PNG pixels per CSS pixel: sharp enough to print on A4

  function save(blob, name) {
    var link = document.createElement("a");
    link.href = URL.createObjectURL(blob);
    link.download = name;
    document.body.appendChild(link);
    link.click();
    setTimeout(function () { URL.revokeObjectURL(link.href); link.remove(); }, 1000);
  }

  function csvField(text) {
    text = String(text);
    // A leading =, +, - or @ would run as a formula in a spreadsheet; an apostrophe keeps it text.
    if (/^[=+\-@]/.test(text) && !/^-?[0-9.]+$/.test(text)) text = "'" + text;
    return /[",\n;]/.test(text) ? '"' + text.replace(/"/g, '""') + '"' : text;
  }

  function downloadCsv(figure) {
    var table = figure.querySelector("[data-map-table]");
    var lines = Array.prototype.map.call(table.rows, function (row) {
      return Array.prototype.map.call(row.cells, function (cell) {
        var raw = cell.getAttribute("data-csv");
        return csvField(raw !== null ? raw : cell.textContent.trim());
      }).join(",");
    });
    // The byte-order mark lets Excel read the names as UTF-8.
    save(new Blob(["\ufeff" + lines.join("\r\n") + "\r\n"], { type: "text/csv;charset=utf-8" }),
      figure.dataset.file + ".csv");
  }

  function loadSvg(svg, width, height) {
    var copy = svg.cloneNode(true);
    copy.setAttribute("width", width);
    copy.setAttribute("height", height);
    var text = new XMLSerializer().serializeToString(copy);
    var url = URL.createObjectURL(new Blob([text], { type: "image/svg+xml;charset=utf-8" }));
    return new Promise(function (resolve, reject) {
      var image = new Image();
      image.onload = function () { resolve(image); URL.revokeObjectURL(url); };
      image.onerror = reject;
      image.src = url;
    });
  }

  function wrap(context, text, width) {
    var lines = [""];
    text.split(/\s+/).forEach(function (word) {
      var candidate = lines[lines.length - 1] ? lines[lines.length - 1] + " " + word : word;
      if (context.measureText(candidate).width <= width || !lines[lines.length - 1]) {
        lines[lines.length - 1] = candidate;
      } else {
        lines.push(word);
      }
    });
    return lines;
  }

  function downloadPng(figure, button) {
    var parts = Array.prototype.slice.call(figure.querySelectorAll("svg[data-map-part]"));
    var boxes = parts.map(function (svg) { return svg.getBoundingClientRect(); });
    var left = Math.min.apply(null, boxes.map(function (b) { return b.left; }));
    var top = Math.min.apply(null, boxes.map(function (b) { return b.top; }));
    var right = Math.max.apply(null, boxes.map(function (b) { return b.right; }));
    var bottom = Math.max.apply(null, boxes.map(function (b) { return b.bottom; }));
    var margin = 16, width = right - left;
    var canvas = document.createElement("canvas");
    var context = canvas.getContext("2d");
    var titleFont = "bold 16px system-ui, sans-serif", noteFont = "12px system-ui, sans-serif";
    context.font = titleFont;
    var titleLines = wrap(context, figure.dataset.title, width);
    context.font = noteFont;
    var noteLines = figure.dataset.note ? wrap(context, figure.dataset.note, width) : [];
    var header = 14 + 20 * titleLines.length, footer = 8 + 16 * noteLines.length;
    canvas.width = Math.ceil((width + 2 * margin) * SCALE);
    canvas.height = Math.ceil((bottom - top + header + footer + margin) * SCALE);
    context.scale(SCALE, SCALE);
    context.fillStyle = "#ffffff";
    context.fillRect(0, 0, canvas.width, canvas.height);
    context.fillStyle = "#1a1a1a";
    context.font = titleFont;
    titleLines.forEach(function (line, i) { context.fillText(line, margin, 24 + 20 * i); });
    button.disabled = true;
    Promise.all(parts.map(function (svg, i) { return loadSvg(svg, boxes[i].width, boxes[i].height); }))
      .then(function (images) {
        images.forEach(function (image, i) {
          context.drawImage(image, boxes[i].left - left + margin, boxes[i].top - top + header,
            boxes[i].width, boxes[i].height);
        });
        context.fillStyle = "#555555";
        context.font = noteFont;
        noteLines.forEach(function (line, i) { context.fillText(line, margin, bottom - top + header + 18 + 16 * i); });
        canvas.toBlob(function (blob) { save(blob, figure.dataset.file + ".png"); });
      })
      .finally(function () { button.disabled = false; });
  }

  function showInfo(area) {
    var figure = area.closest("[data-map]");
    var info = figure && figure.querySelector("[data-map-info]");
    var title = area.querySelector("title");
    if (info && title) info.textContent = title.textContent;
  }

  function reveal(root) {
    root.querySelectorAll("[data-map-actions]").forEach(function (el) { el.hidden = false; });
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-map-action]");
    if (button) {
      var figure = button.closest("[data-map]");
      if (button.dataset.mapAction === "png") downloadPng(figure, button);
      if (button.dataset.mapAction === "csv") downloadCsv(figure);
      return;
    }
    var area = event.target.closest("[data-map] [data-code]");
    if (area && area.querySelector("title")) showInfo(area);
  });
  ["mouseover", "focusin"].forEach(function (kind) {
    document.addEventListener(kind, function (event) {
      var area = event.target.closest && event.target.closest("[data-map] svg [data-code]");
      if (area) showInfo(area);
    });
  });
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { reveal(document); });
  } else {
    reveal(document);
  }
  document.addEventListener("htmx:afterSwap", function (event) { reveal(event.target); });
})();
