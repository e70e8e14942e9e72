/* One Neuron: the kernel-free explorer of the rendered delta-rule chapter.
 *
 * The map is the chapter's loss landscape: the loss E = ½ Σ (t − o)² over the
 * weight of input 1, w₁, and the bias weight, w₃, with w₂ held at its seed-1
 * value. Sliders choose the starting w₁ and w₃ and the learning rate; "Step"
 * takes one step of the delta rule, "10 steps" ten, "Reset" goes back to the
 * start (moving a slider does too). The map shows the path so far, the
 * current weights and, dashed, the next step; a table shows what each example
 * adds to that step (folded away on a phone, where the map and the controls
 * take the screen). In Jupyter the same div is empty and
 * nnlib.landscape_explorer.landscape_explorer() is the live explorer; this
 * file is its stand-in where there is no kernel.
 *
 * The data (window.oneNeuronExplorerData["delta-rule"]) comes from
 * nnlib.landscape_explorer.book_data(): the map's extent, grid and colour
 * levels, the sliders' values and defaults, the examples and w₂. The
 * arithmetic is nnlib's, in float64, in nnlib's order: the sigmoid as
 * nnlib.sigmoid computes it (oneNeuronPlots.sigmoid), weighted sums left to
 * right, δₖ = (tₖ − oₖ) · oₖ · (1 − oₖ), the step
 * wⱼ + η · (Σₖ xₖⱼ δₖ) of nnlib.delta_rule_step with w₂ put back, and
 * E = (n / 2) · (Σₖ (tₖ − oₖ)² / n), nnlib's mean squared error times n / 2.
 */
(function () {
  "use strict";

  var plots = window.oneNeuronPlots;
  if (!plots) return; // d3 did not load: plots.js has said so in the page
  var d3 = window.d3; // only for the viridis colours of the map
  var format = plots.format;
  var element = plots.element;
  var W1 = "w\u2081", W2 = "w\u2082", W3 = "w\u2083";
  var MAX_PLOT_WIDTH = 640; // CSS pixels: wider than this, the map would be taller than a laptop screen

  // ---- The model: nnlib's arithmetic, in float64 ------------------------------------------------

  function Model(data) {
    this.inputs = data.inputs;
    this.targets = data.targets;
    this.w2 = data.frozenW2;
    this.paths = new Map();
  }

  /* Everything the table needs at weights w = [w1, w2, w3]: outputs, deltas, contributions, sums, loss. */
  Model.prototype.at = function (w) {
    var inputs = this.inputs, targets = this.targets, n = inputs.length;
    var deltas = [], products = [], squares = 0;
    for (var k = 0; k < n; k++) {
      var x = inputs[k];
      var output = plots.sigmoid(x[0] * w[0] + x[1] * w[1] + x[2] * w[2]);
      var error = targets[k] - output;
      deltas.push(error * output * (1 - output));
      products.push([x[0] * deltas[k], x[1] * deltas[k], x[2] * deltas[k]]);
      squares += error * error;
    }
    var sums = [0, 0, 0];
    for (var j = 0; j < 3; j++) {
      for (k = 0; k < n; k++) sums[j] += products[k][j];
    }
    return { deltas: deltas, products: products, sums: sums, loss: (n / 2) * (squares / n) };
  };

  /* The loss alone, for the map: the same arithmetic as at(). */
  Model.prototype.loss = function (w1, w3) {
    var inputs = this.inputs, targets = this.targets, n = inputs.length, w2 = this.w2, squares = 0;
    for (var k = 0; k < n; k++) {
      var x = inputs[k];
      var error = targets[k] - plots.sigmoid(x[0] * w1 + x[1] * w2 + x[2] * w3);
      squares += error * error;
    }
    return (n / 2) * (squares / n);
  };

  /* The path from (w1, w3) with this rate, at least `steps` steps long: {w1: [...], w3: [...]}; cached and grown. */
  Model.prototype.path = function (start1, start3, rate, steps) {
    var key = start1 + "|" + start3 + "|" + rate;
    var path = this.paths.get(key);
    if (!path) {
      path = { w1: [start1], w3: [start3] };
      this.paths.set(key, path);
    }
    while (path.w1.length <= steps) {
      var last = path.w1.length - 1;
      var sums = this.at([path.w1[last], this.w2, path.w3[last]]).sums;
      // nnlib.delta_rule_step: weights + learning_rate * adjustment; then w2 is put back
      path.w1.push(path.w1[last] + rate * sums[0]);
      path.w3.push(path.w3[last] + rate * sums[2]);
    }
    return path;
  };

  // ---- Text -----------------------------------------------------------------------------------

  /* nnlib.landscape_explorer.number_text: 8 decimals, a true minus, 0 for zero, never −0.00000000. */
  function numberText(x) { return x === 0 ? "0" : format.fixed(x, 8); }

  /* nnlib.landscape_explorer.value_text: Python's format "g". */
  function valueText(x) { return format.general(x, 6); }

  function pairText(a, b, digits) { return "(" + format.fixed(a, digits) + ", " + format.fixed(b, digits) + ")"; }

  function stepsText(k) { return format.thousands(k) + (k === 1 ? " step" : " steps"); }

  /* A heading like x_k1 δ_k, as the chapter's table writes it. */
  function symbol(parts) {
    return parts.map(function (part) {
      if (typeof part === "string") return part;
      return element(part[0], {}, [part[1]]);
    });
  }

  /* The map's colour bar, as under the chapter's Fig. 3.2: the bands between the loss levels, in viridis (dark is
   * low), ticked every second level, under the plot and as wide. Hidden from screen readers: the map's text
   * alternative says what the colours mean. */
  function colourScale(levels, bandColours, margin) {
    var low = levels[0], high = levels[levels.length - 1];
    var at = function (v) { return (100 * (v - low) / (high - low)) + "%"; };
    var stops = bandColours.map(function (c, b) {
      var colour = "rgb(" + c.join(",") + ")";
      return colour + " " + at(levels[b]) + " " + at(levels[b + 1]);
    });
    var bar = element("div", { "class": "one-neuron-explorer__colour-scale-bar" });
    bar.style.left = margin.left + "px";
    bar.style.right = margin.right + "px";
    bar.style.background = "linear-gradient(to right, " + stops.join(", ") + ")";
    var ticks = element("div", {});
    ticks.style.cssText = "position:absolute;top:0;bottom:0;left:" + margin.left + "px;right:" + margin.right + "px";
    levels.forEach(function (v, index) {
      if (index % 2) return;
      var tick = element("span", { "class": "one-neuron-explorer__colour-scale-tick", text: format.general(v, 6) });
      tick.style.left = at(v);
      ticks.appendChild(tick);
    });
    return element("div", { "class": "one-neuron-explorer__colour-scale", "aria-hidden": "true" }, [
      element("span", { "class": "one-neuron-explorer__colour-scale-name", text: "loss E" }), bar, ticks]);
  }

  // ---- The explorer ---------------------------------------------------------------------------

  function factory(root, data) {
    var model = new Model(data);
    var n = data.inputs.length;
    var nx = data.gridPoints[0], ny = data.gridPoints[1];
    var w1Range = data.w1Range, w3Range = data.w3Range;
    var levels = data.levels;
    var seedStart = data.seedStart;
    var colours = data.colours;

    // The map, computed once: E at the chapter's grid points (numpy.linspace's), row j = w3 value j.
    var dx = (w1Range[1] - w1Range[0]) / (nx - 1), dy = (w3Range[1] - w3Range[0]) / (ny - 1);
    var w1Grid = [], w3Grid = [];
    for (var i = 0; i < nx; i++) w1Grid.push(i === nx - 1 ? w1Range[1] : i * dx + w1Range[0]);
    for (var j = 0; j < ny; j++) w3Grid.push(j === ny - 1 ? w3Range[1] : j * dy + w3Range[0]);
    var landscape = new Float64Array(nx * ny);
    for (j = 0; j < ny; j++) {
      for (i = 0; i < nx; i++) landscape[i + j * nx] = model.loss(w1Grid[i], w3Grid[j]);
    }
    // For the contour lines each grid point is the centre of a cell, so the cells reach half a cell past the edges.
    var extent = { x: [w1Range[0] - dx / 2, w1Range[1] + dx / 2], y: [w3Range[0] - dy / 2, w3Range[1] + dy / 2] };
    // Colour bands between the chapter's levels, viridis as in its figure: dark is low, bright is high.
    var bandColours = [];
    for (var b = 0; b + 1 < levels.length; b++) {
      var middle = ((levels[b] + levels[b + 1]) / 2 - levels[0]) / (levels[levels.length - 1] - levels[0]);
      var c = d3.rgb(d3.interpolateViridis(middle));
      bandColours.push([c.r, c.g, c.b]);
    }
    function bandOf(value) {
      var band = 0;
      while (band + 2 < levels.length && value >= levels[band + 1]) band++;
      return band;
    }
    // The heat map has one cell per pixel of the plot, so that the bands have sharp edges like the chapter's;
    // it is computed again only when the plot changes size.
    var pixels = { width: 0, height: 0, bands: null };
    function pixelBands(width, height) {
      if (pixels.width === width && pixels.height === height) return pixels;
      var cells = plots.grid({ x: w1Range, y: w3Range }, width, height);
      var bands = new Uint8Array(width * height);
      for (var cj = 0; cj < height; cj++) {
        for (var ci = 0; ci < width; ci++) bands[ci + cj * width] = bandOf(model.loss(cells.xs[ci], cells.ys[cj]));
      }
      pixels = { width: width, height: height, bands: bands };
      return pixels;
    }
    var contourLevels = levels.filter(function (_, index) { return index > 0 && index % data.contourEvery === 0; });

    // ---- Controls
    function startText(seedValue) {
      return function (v) { return v === seedValue ? format.fixed(v, 8) + " (seed " + data.seed + ")" : valueText(v); };
    }
    var w1Slider = new plots.Slider({ label: "start " + W1, values: data.startW1, value: data.defaults.startW1,
                                      format: startText(seedStart[0]), onInput: function () { update(); } });
    var w3Slider = new plots.Slider({ label: "start " + W3, values: data.startW3, value: data.defaults.startW3,
                                      format: startText(seedStart[1]), onInput: function () { update(); } });
    var rateSlider = new plots.Slider({ label: "learning rate", values: data.learningRates,
                                        value: data.defaults.learningRate, format: valueText,
                                        onInput: function () { update(); } });
    var stepButtons = data.stepCounts.map(function (count) {
      return new plots.Button({ label: count === 1 ? "Step" : count + " steps",
                                onClick: function () { takeSteps(count); } });
    });
    var resetButton = new plots.Button({ label: "Reset", onClick: function () { reset(); } });
    var buttons = element("div", { "class": "one-neuron-explorer__buttons" },
      stepButtons.map(function (button) { return button.node; }).concat([resetButton.node]));
    buttons.style.gridColumn = "1 / -1"; // a row of their own, under the sliders

    // ---- Readout: the numbers, then the table of each example's part of the next step
    var status = element("p", { "class": "one-neuron-explorer__status" });
    var readout = new plots.Readout([
      { key: "steps", name: "steps taken" },
      { key: "w1", name: W1 },
      { key: "w3", name: W3 },
      { key: "loss", name: "loss E" },
    ]);
    var cells = {};
    var numberStyle = "padding: 0.15em 0.35em; text-align: right; white-space: nowrap; " +
      "font-family: var(--pst-font-family-monospace, monospace); font-variant-numeric: tabular-nums";
    var headStyle = "padding: 0.15em 0.35em; text-align: right; white-space: nowrap; font-weight: 600";
    function quantityCell(key, strong) {
      var cell = element("td", { "data-quantity": key, style: numberStyle + (strong ? "; font-weight: 700" : "") });
      cells[key] = cell;
      return cell;
    }
    function head(children, attributes) {
      return element("th", Object.assign({ scope: "col", style: headStyle }, attributes || {}), children);
    }
    var headings = [
      head(symbol([["i", "k"]])),
      head(symbol([["b", "x"], ["sub", "k"]])),
      head(symbol(["\u03b4", ["sub", "k"]])),
      head(symbol([["i", "x"], ["sub", "k1"], "\u03b4", ["sub", "k"]])),
      head(symbol([["i", "x"], ["sub", "k3"], "\u03b4", ["sub", "k"]])),
    ];
    var body = [];
    for (var k = 0; k < n; k++) {
      body.push(element("tr", {}, [
        element("th", { scope: "row", style: headStyle, text: String(k + 1) }),
        element("td", { style: headStyle.replace("font-weight: 600", "font-weight: 400"),
                        text: "[" + data.inputs[k].join(", ") + "]" }),
        quantityCell("delta-" + (k + 1)),
        quantityCell("contribution-" + (k + 1) + "-w1"),
        quantityCell("contribution-" + (k + 1) + "-w3"),
      ]));
    }
    var ruled = "; border-top: 1px solid var(--pst-color-border, #ccc)";
    body.push(element("tr", {}, [
      element("th", { scope: "row", colspan: "3", style: headStyle + ruled, text: "sum" }),
      quantityCell("sum-w1", true), quantityCell("sum-w3", true),
    ]));
    body.push(element("tr", {}, [
      element("th", { scope: "row", colspan: "3", style: headStyle.replace("nowrap", "normal"),
                      text: "next step: \u03b7 \u00d7 sum" }),
      quantityCell("step-w1", true), quantityCell("step-w3", true),
    ]));
    body[n].querySelectorAll("td").forEach(function (cell) { cell.style.borderTop = "1px solid var(--pst-color-border, #ccc)"; });
    var table = element("table", { style: "border-collapse: collapse; margin: 0; font-size: 0.9em" }, [
      element("thead", {}, [element("tr", {}, headings)]),
      element("tbody", {}, body),
    ]);
    // On a narrow screen the table drops the δₖ column when it repeats the xₖ₃δₖ column (every xₖ₃ is 1).
    var narrowNote = element("span", { text: "The \u03b4\u2096 column is left out here: every x\u2096\u2083 is 1, " +
                                             "so it is the x\u2096\u2083\u03b4\u2096 column." });
    var tableFigure = element("figure", { "class": "one-neuron-explorer__figure" }, [
      element("figcaption", {}, [element("span", { text: "(" + W2 + " is held, so its column is left out.) " }),
                                 narrowNote]),
      table,
    ]);
    // Folded on a phone (the map and the controls need the screen), open where it fits beside them.
    var details = element("details", { "class": "one-neuron-explorer__details" }, [
      element("summary", { text: "What each example adds to the next step of " + W1 + " and " + W3 }),
      tableFigure,
    ]);
    var deltaRepeats = data.inputs.every(function (x) { return x[2] === 1; });
    var deltaNodes = [headings[2]];
    for (k = 0; k < n; k++) deltaNodes.push(cells["delta-" + (k + 1)]);
    var spanning = [body[n].firstChild, body[n + 1].firstChild];
    function showDeltas(shown) {
      deltaNodes.forEach(function (node) { node.style.display = shown ? "" : "none"; });
      spanning.forEach(function (node) { node.setAttribute("colspan", shown ? "3" : "2"); });
      narrowNote.style.display = shown ? "none" : "";
    }
    function fitTable() {
      showDeltas(true);
      // A folded table has no width of its own to compare: it keeps the narrow form until it is opened.
      if (deltaRepeats && (!details.open || table.scrollWidth > tableFigure.clientWidth)) showDeltas(false);
    }
    details.addEventListener("toggle", fitTable);

    // ---- The map
    var chart = new plots.Chart({
      title: "The loss E over " + W1 + " and " + W3 + ", with " + W2 + " held at " + numberText(data.frozenW2),
      legend: [
        { label: "start", colour: colours.start, marker: "circle" },
        { label: "steps", colour: colours.step, marker: "circle" },
        { label: "now", colour: "#ffffff", marker: "circle" },
        { label: "next step", colour: colours.next, dash: "dashed" },
      ],
      margin: { left: 52, right: 12 },
      x: { domain: w1Range.slice(), label: W1 + ", the weight of input 1" },
      y: { domain: w3Range.slice(), label: W3 + ", the bias weight", zero: false },
    });
    // The "now" swatch is white: ring it, as on the map.
    var swatches = chart.node.querySelectorAll(".one-neuron-explorer__swatch");
    swatches[2].style.border = "2px solid #000";
    swatches[2].style.boxSizing = "border-box";
    swatches[1].style.border = "1px solid #000";
    swatches[1].style.boxSizing = "border-box";
    chart.node.style.maxWidth = MAX_PLOT_WIDTH + chart.margin.left + chart.margin.right + "px";
    chart.options.shrink = false; // its height follows its width: both axes at the same scale
    chart.node.insertBefore(colourScale(levels, bandColours, chart.margin), chart.description);

    plots.frame(root, {
      label: "Explorer: step down the loss landscape with the delta rule",
      controls: [w1Slider.node, w3Slider.node, rateSlider.node, buttons],
      status: status,
      readout: readout,
      figures: [chart],
      after: [details],
      side: true,
    });
    // Open where the controls sit beside the map (explorer.css decides, by the explorer's width): there the table
    // fits on the screen under them.
    var sides = root.querySelector(".one-neuron-explorer__main").children;
    details.open = Math.abs(sides[0].getBoundingClientRect().top - sides[1].getBoundingClientRect().top) < 1;

    // Both axes at the same scale, as in the chapter's figure, so that the steps cross the contours at right angles.
    var aspect = (w3Range[1] - w3Range[0]) / (w1Range[1] - w1Range[0]);
    var mapDrawn = false;
    var layout = chart.layout;
    chart.layout = function () {
      layout.call(chart);
      mapDrawn = false; // a new size clears the canvas
    };
    function fitHeight() {
      var width = chart.box.clientWidth || 600;
      var plotWidth = Math.max(width - chart.margin.left - chart.margin.right, 20);
      var height = Math.round(plotWidth * aspect) + chart.margin.top + chart.margin.bottom;
      if (height !== chart.height || !chart.width) {
        chart.height = height;
        chart.layout();
      }
    }
    chart.onResize(function () { fitHeight(); update(); });
    if (window.ResizeObserver) {
      // Fit again when the column's width changes, or the table's (when the monospace font arrives).
      var widths = "";
      var tableObserver = new ResizeObserver(function () {
        var now = tableFigure.clientWidth + "|" + table.scrollWidth;
        if (now !== widths) {
          fitTable();
          widths = tableFigure.clientWidth + "|" + table.scrollWidth;
        }
      });
      tableObserver.observe(tableFigure);
      tableObserver.observe(table);
    }

    // ---- State and drawing
    var steps = 0;
    var setting = "";

    function takeSteps(count) {
      steps += count;
      update();
    }

    function reset() {
      steps = 0;
      update();
    }

    function current() {
      var start1 = w1Slider.get(), start3 = w3Slider.get(), rate = rateSlider.get();
      var key = start1 + "|" + start3 + "|" + rate;
      if (key !== setting) { // a moved slider starts again
        setting = key;
        steps = 0;
      }
      var path = model.path(start1, start3, rate, steps);
      var w = [path.w1[steps], model.w2, path.w3[steps]];
      var at = model.at(w);
      return { start1: start1, start3: start3, rate: rate, path: path, w: w, at: at,
               next: [rate * at.sums[0], rate * at.sums[2]] };
    }

    function drawMap() {
      var map = pixelBands(Math.max(1, Math.round(chart.plotWidth)), Math.max(1, Math.round(chart.plotHeight)));
      chart.heatmap(map.width, map.height, function (ci, cj) { return bandColours[map.bands[ci + cj * map.width]]; });
      chart.contours("contours", landscape, nx, ny, contourLevels, { colour: "#ffffff", width: 0.8, opacity: 0.8 },
                     extent);
      mapDrawn = true;
    }

    function update() {
      if (!chart.width) fitHeight();
      if (!mapDrawn) drawMap();
      var s = current();
      var path = s.path, w = s.w, at = s.at;
      var count = steps + 1;
      var onMap = w1Range[0] <= w[0] && w[0] <= w1Range[1] && w3Range[0] <= w[2] && w[2] <= w3Range[1];
      var startText = "(" + (s.start1 === seedStart[0] ? numberText(s.start1) : valueText(s.start1)) + ", " +
        (s.start3 === seedStart[1] ? numberText(s.start3) : valueText(s.start3)) + ")";
      // Short enough for the lines explorer.css keeps for it: w2 is in the map's title, the rest on the sliders.
      status.textContent = "After " + stepsText(steps) + " from (" + W1 + ", " + W3 + ") = " + startText +
        ", \u03b7 = " + valueText(s.rate) + "." + (onMap ? "" : " The weights are off the map.");
      readout.set("steps", format.thousands(steps));
      readout.set("w1", numberText(w[0]));
      readout.set("w3", numberText(w[2]));
      readout.set("loss", numberText(at.loss));
      for (var k = 0; k < n; k++) {
        cells["delta-" + (k + 1)].textContent = numberText(at.deltas[k]);
        cells["contribution-" + (k + 1) + "-w1"].textContent = numberText(at.products[k][0]);
        cells["contribution-" + (k + 1) + "-w3"].textContent = numberText(at.products[k][2]);
      }
      cells["sum-w1"].textContent = numberText(at.sums[0]);
      cells["sum-w3"].textContent = numberText(at.sums[2]);
      cells["step-w1"].textContent = numberText(s.next[0]);
      cells["step-w3"].textContent = numberText(s.next[1]);

      // The path: a white line with a black edge, so that it shows on dark and bright ground alike.
      var series = { count: count, x: function (q) { return path.w1[q]; }, y: function (q) { return path.w3[q]; } };
      chart.line("casing", series, { colour: "#000000", width: 3.5 });
      chart.line("path", series, { colour: "#ffffff", width: 1.5 });
      // A marker per step, left out where it would sit within 4 pixels of the last one drawn (the steps shrink).
      var points = [], lastX = chart.x(path.w1[0]), lastY = chart.y(path.w3[0]);
      for (var q = 1; q < count; q++) {
        var px = chart.x(path.w1[q]), py = chart.y(path.w3[q]);
        if (q === count - 1 || (px - lastX) * (px - lastX) + (py - lastY) * (py - lastY) >= 16) {
          points.push([path.w1[q], path.w3[q]]);
          lastX = px; lastY = py;
        }
      }
      chart.points("steps", points, { colour: colours.step, radius: 3, stroke: "#000000", strokeWidth: 0.75,
                                      clip: true });
      var next = [[w[0], w[2], w[0] + s.next[0], w[2] + s.next[1]]];
      chart.segments("next-casing", next, { colour: "#000000", width: 4 });
      chart.segments("next", next, { colour: colours.next, width: 2, dash: "5 4" });
      chart.points("start", [[path.w1[0], path.w3[0]]], { colour: colours.start, radius: 6, stroke: "#ffffff",
                                                         strokeWidth: 1.5, clip: true });
      chart.points("now", [[w[0], w[2]]], { colour: "#ffffff", radius: 6, stroke: "#000000", strokeWidth: 2,
                                            clip: true });

      var lossAtStart = model.loss(path.w1[0], path.w3[0]);
      chart.describe("Map of the loss E over " + W1 + " and " + W3 + ", with the path of " + stepsText(steps) +
                     " of the delta rule",
        "The loss E is shown in colour over " + W1 + " from " + valueText(w1Range[0]) + " to " +
        valueText(w1Range[1]) + " and " + W3 + " from " + valueText(w3Range[0]) + " to " + valueText(w3Range[1]) +
        ", with " + W2 + " held at " + format.fixed(model.w2, 2) + ": dark is low, bright is high, and the loss " +
        "falls towards a valley at large " + W1 + " and negative " + W3 + ". The path starts at " +
        pairText(path.w1[0], path.w3[0], 2) + ", where E = " + format.fixed(lossAtStart, 4) +
        ", with learning rate " + valueText(s.rate) + ". After " + stepsText(steps) + " the weights are at " +
        pairText(w[0], w[2], 2) + (onMap ? "" : ", off the map") + ", where E = " + format.fixed(at.loss, 4) +
        ". The next step goes by " + pairText(s.next[0], s.next[1], 3) + ".");
    }

    fitTable();
    update();

    return {
      root: root,
      controls: [w1Slider.input, w3Slider.input, rateSlider.input].concat(
        stepButtons.map(function (button) { return button.node; }), [resetButton.node]),
      update: update,
      /* Press the step buttons `count` steps' worth (for tests), then redraw. */
      step: function (count) { takeSteps(count === undefined ? 1 : count); },
      reset: reset,
      /* The current state in full precision, as plain numbers and arrays. */
      state: function () {
        var s = current();
        return {
          startW1: s.start1, startW3: s.start3, learningRate: s.rate, steps: steps,
          weights: s.w.slice(), loss: s.at.loss,
          deltas: s.at.deltas.slice(),
          contributions: s.at.products.map(function (row) { return [row[0], row[2]]; }),
          sums: [s.at.sums[0], s.at.sums[2]],
          step: s.next.slice(),
          path: s.path.w1.slice(0, steps + 1).map(function (v, q) { return [v, s.path.w3[q]]; }),
        };
      },
    };
  }

  plots.register("delta-rule", factory);
})();
