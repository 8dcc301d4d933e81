// The support console's only script (served from /admin/static, CSP script-src 'self'): draws the
// overview's per-day chart from the per-day table on the page (the numbers stay readable as a table)
// and wires the print button. No data comes from anywhere but the page itself.
(function () {
  "use strict";

  var print = document.getElementById("print");
  if (print) print.addEventListener("click", function () { window.print(); });

  var fig = document.getElementById("chart");
  var table = document.getElementById("t-days");
  if (!fig || !table || typeof uPlot === "undefined") return;
  var rows = Array.prototype.slice.call(table.querySelectorAll("tbody tr")).filter(function (tr) { return tr.cells.length > 1; });
  var x = [], conv = [], fb = [], ho = [];
  rows.forEach(function (tr) {
    var t = Date.parse(tr.cells[0].textContent + "T00:00:00Z");
    if (isNaN(t)) return;
    x.push(t / 1000);
    conv.push(Number(tr.cells[1].textContent));
    fb.push(Number(tr.cells[4].textContent));
    ho.push(Number(tr.cells[5].textContent));
  });
  var names = (fig.getAttribute("data-series") || "conversations|fallbacks|handoffs").split("|");
  var caption = document.createElement("figcaption");
  caption.textContent = fig.getAttribute("data-title") || "";
  fig.appendChild(caption);
  if (x.length === 0) return;
  // Told apart without colour: solid, dashed and dotted lines, different point sizes, and a legend
  // whose labels draw the same line styles (uPlot's legend markers show the colour only).
  var opts = {
    width: Math.max(320, Math.min(fig.clientWidth || 800, 1100)),
    height: 260,
    // One day alone would make uPlot stretch the axis over years: give it a day either side.
    scales: { x: x.length > 1 ? { time: true } : { time: true, range: [x[0] - 86400, x[0] + 86400] } },
    series: [
      {},
      { label: "━ " + names[0], stroke: "#1f4e79", width: 2, points: { size: 6 } },
      { label: "╍ " + names[1], stroke: "#b03a2e", width: 2, dash: [8, 4], points: { size: 8 } },
      { label: "┈ " + names[2], stroke: "#4d4d4d", width: 2, dash: [2, 3], points: { size: 10 } },
    ],
    axes: [{}, { label: "" }],
  };
  new uPlot(opts, [x, conv, fb, ho], fig);
})();
