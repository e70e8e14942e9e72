/* One Neuron: the shared plotting layer of the book's kernel-free explorers.
 *
 * Every explorer (book/_static/explorer-KIND.js) builds on this file, which
 * builds on d3 7 (loaded before it from the address pinned in _config.yml):
 * d3's scales, ticks, number formats, axes and contours, and a canvas for heat
 * maps. Every page with a <div class="one-neuron-explorer" data-explorer="KIND">
 * has the loader explorers.js (added by _ext/explorer_data.py), which loads d3,
 * this file, the kind's data and its explorer when the reader nears the div,
 * then calls build(div).
 *
 * API (window.oneNeuronPlots):
 *   register(kind, factory)   factory(root, data) -> instance, called by build(root) for each div of that kind
 *                             when the reader nears it, with data = window.oneNeuronExplorerData[kind] (written from nnlib). The
 *                             instance must have update() (recompute and redraw, synchronously) and controls (its
 *                             inputs and buttons); tests and `make bench` reach it as
 *                             window.oneNeuronExplorers[kind].instances[i].
 *   element(tag, attributes, children)   a DOM node ("text" sets textContent; "class" the class).
 *   Slider({label, values, value, format, onInput})   a labelled <input type=range> offering exactly `values`
 *                             (native min/max/step when they are evenly spaced integers, else the position in
 *                             the list); aria-valuetext and the visible value are format(value). .get(), .set(v),
 *                             .node (label and input), .input.
 *   Button({label, onClick})  a <button type=button>; .node, .setLabel(text).
 *   Readout(rows)             rows [{key, name}] -> a <dl> of numbers; .set(key, text), .node; each value has
 *                             data-quantity=key.
 *   Legend(items)             items [{label, colour, dash: "solid"|"dashed"|"dotted", marker}] -> <ul>.
 *   frame(root, {label, controls, readout, figures, status})   lays out an explorer in root (role=group).
 *   Chart({title, legend, height, square, grid, margin, x: axis, y: axis})   one plot: an SVG (axes, lines, points,
 *                             contours, text) over a canvas (heat maps); grid: false drops the grid lines. axis = {domain: [a, b], log, label,
 *                             ticks: count or values, format}. Methods:
 *       .node                 the <figure> (caption with title and legend, the plot, a text alternative)
 *       .domain(name, [a, b]) change an axis' domain ("x" or "y")
 *       .x(v), .y(v)          data to CSS pixels in the plot (d3 scales; log axes clamp to their domain)
 *       .line(key, {count, x(k), y(k)}, style)   a polyline through points 0..count-1, thinned to at most four
 *                             points per pixel column (first, lowest, highest, last: the same picture)
 *       .points(key, [[x, y], ...], style)       markers (style.radius, style.shape "circle"|"square"|"cross")
 *       .segments(key, [[x0, y0, x1, y1], ...], style)
 *       .heatmap(nx, ny, colour(i, j) -> [r, g, b], extent?)   cells i = 0..nx-1 left to right, j = 0..ny-1
 *                             bottom to top, filling the plot (or extent {x: [a, b], y: [a, b]}); see grid()
 *       .contours(key, values, nx, ny, thresholds, style, extent?)   d3.contours of values[i + j * nx] on the
 *                             same cells as heatmap
 *       .text(key, x, y, text, style)
 *       .hide(key)            hide a keyed element until it is drawn again
 *       .describe(label, description)   the plot's accessible name and its text alternative
 *       .setTitle(text)       change the title above the plot
 *       .onResize(fn)         fn() after the plot's width changes (redraw there)
 *     style: {colour, width, dash ("4 3"), opacity, fill, radius, shape, anchor, className}
 *   grid(extent, nx, ny)      {xs, ys}: the centres of heat-map cells (xs[i], ys[j]).
 *   format: fixed(x, digits), thousands(n), general(x, digits), exponential(x, digits), minus(text)
 *                             numbers with a true minus sign (U+2212), never "−0.000".
 *   colours                   Okabe-Ito: blue, orange, green, vermillion, purple, sky, yellow, black.
 *   diverging(v)              [r, g, b] for v in [0, 1]: vermillion (0) through white (0.5) to blue (1).
 *   sigmoid(z)                nnlib.sigmoid: exp only ever sees -|z|.
 *   neuron.train(inputs, targets, start, rate, steps, visit)   nnlib.train's arithmetic (visit(k, weights) per step)
 *   neuron.meanSquaredError(inputs, targets, weights), neuron.trainLosses(inputs, targets, start, rate, steps),
 *   neuron.firstStepBelow(losses, level)   the first step with a loss below level, or null
 *   onThemeChange(fn)         fn() when the page switches between light and dark.
 */
(function () {
  "use strict";

  var d3 = window.d3;
  // The loader (explorers.js) inserts this file only once d3 has loaded, and says so in the page when it has not.
  if (!d3) return;
  var plots = {};
  var factories = {};
  var counter = 0;

  // ---- Numbers ---------------------------------------------------------------

  var MINUS = "\u2212";

  function minus(text) {
    return String(text).replace(/-/g, MINUS);
  }

  function isNegativeZero(text) {
    return /^-0(\.0*)?(e[+-]?\d+)?$/.test(text);
  }

  function fixed(x, digits) {
    if (!isFinite(x)) return isNaN(x) ? "NaN" : (x < 0 ? MINUS : "") + "\u221e";
    var text = x.toFixed(digits);
    return minus(isNegativeZero(text) ? text.slice(1) : text);
  }

  function thousands(n) {
    return minus(String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ","));
  }

  function general(x, digits) {
    if (!isFinite(x)) return fixed(x, 0);
    var text = String(Number(x.toPrecision(digits === undefined ? 6 : digits)));
    if (/e/.test(text)) return exponential(x, (digits === undefined ? 6 : digits) - 1);
    return minus(isNegativeZero(text) ? text.slice(1) : text);
  }

  var SUPERSCRIPTS = { "-": "\u207b", "+": "", "0": "\u2070", "1": "\u00b9", "2": "\u00b2", "3": "\u00b3",
                       "4": "\u2074", "5": "\u2075", "6": "\u2076", "7": "\u2077", "8": "\u2078", "9": "\u2079" };

  function superscript(n) {
    return String(n).split("").map(function (c) { return SUPERSCRIPTS[c]; }).join("");
  }

  /* 6.46 × 10⁻⁵; 0 as "0". */
  function exponential(x, digits) {
    if (x === 0) return "0";
    if (!isFinite(x)) return fixed(x, 0);
    var parts = x.toExponential(digits === undefined ? 2 : digits).split("e");
    var exponent = Number(parts[1]);
    if (exponent === 0) return minus(parts[0]);
    return minus(parts[0]) + " \u00d7 10" + superscript(exponent);
  }

  plots.format = { fixed: fixed, thousands: thousands, general: general, exponential: exponential, minus: minus,
                   superscript: superscript };

  plots.sigmoid = function (z) {
    var e = Math.exp(-Math.abs(z));
    return z >= 0 ? 1 / (1 + e) : e / (1 + e);
  };

  // ---- nnlib's one neuron, in float64 ------------------------------------------

  /* nnlib.train's loop on floats: the full-batch delta rule from `start` at `rate`,
   *   w_j += sum_i (rate x_ij) (t_i - o_i) o_i (1 - o_i),  o_i = 1 / (1 + exp(-x_i . w)),
   * every sum left to right from its first term, as nnlib adds them (functools.reduce).
   * visit(k, weights) sees the weights after k = 0..steps steps (a Float64Array that the
   * next step overwrites: copy what you keep). Return the last weights. */
  function train(inputs, targets, start, rate, steps, visit) {
    var n = inputs.length, m = start.length;
    var i, j, k, sum, output;
    // As nnlib: the inputs negated (so exp gets -z) and the columns scaled by the learning rate.
    var negated = inputs.map(function (row) { return row.map(function (x) { return -x; }); });
    var scaled = [];
    for (j = 0; j < m; j++) scaled.push(inputs.map(function (row) { return rate * row[j]; }));
    var weights = Float64Array.from(start);
    var slopes = new Float64Array(n);
    for (k = 0; ; k++) {
      if (visit) visit(k, weights);
      if (k === steps) break;
      for (i = 0; i < n; i++) {
        sum = negated[i][0] * weights[0];
        for (j = 1; j < m; j++) sum += negated[i][j] * weights[j];
        // exp(sum) is Infinity above about 709, and 1 / Infinity is the right limit, 0.
        output = 1 / (1 + Math.exp(sum));
        slopes[i] = (targets[i] - output) * output * (1 - output);
      }
      for (j = 0; j < m; j++) {
        sum = scaled[j][0] * slopes[0];
        for (i = 1; i < n; i++) sum += scaled[j][i] * slopes[i];
        weights[j] = weights[j] + sum;
      }
    }
    return weights;
  }

  /* nnlib.mean_squared_error of one weight vector: (sum_i (t_i - sigmoid(x_i . w))^2) / n. */
  function meanSquaredError(inputs, targets, weights) {
    var total = 0;
    for (var i = 0; i < inputs.length; i++) {
      var z = 0;
      for (var j = 0; j < weights.length; j++) z += inputs[i][j] * weights[j];
      var error = targets[i] - plots.sigmoid(z);
      total += error * error;
    }
    return total / inputs.length;
  }

  /* The mean squared error after each step 0..steps of nnlib.train: a Float64Array. */
  function trainLosses(inputs, targets, start, rate, steps) {
    var losses = new Float64Array(steps + 1);
    train(inputs, targets, start, rate, steps, function (k, weights) {
      losses[k] = meanSquaredError(inputs, targets, weights);
    });
    return losses;
  }

  /* The first step at which losses[k] < level; null if there is none. */
  function firstStepBelow(losses, level) {
    for (var k = 0; k < losses.length; k++) if (losses[k] < level) return k;
    return null;
  }

  plots.neuron = { train: train, meanSquaredError: meanSquaredError, trainLosses: trainLosses,
                   firstStepBelow: firstStepBelow };

  // ---- Colours ---------------------------------------------------------------

  plots.colours = { blue: "#0072B2", orange: "#E69F00", green: "#009E73", vermillion: "#D55E00",
                    purple: "#CC79A7", sky: "#56B4E9", yellow: "#F0E442", black: "#000000" };

  var DIVERGING = (function () {
    var low = d3.interpolateRgb(plots.colours.vermillion, "#ffffff");
    var high = d3.interpolateRgb("#ffffff", plots.colours.blue);
    var table = [];
    for (var k = 0; k < 256; k++) {
      var v = k / 255;
      var colour = d3.rgb(v < 0.5 ? low(v * 2) : high(v * 2 - 1));
      table.push([colour.r, colour.g, colour.b]);
    }
    return table;
  })();

  plots.diverging = function (v) {
    var k = Math.round((v < 0 ? 0 : v > 1 ? 1 : v) * 255);
    return DIVERGING[isNaN(k) ? 128 : k];
  };

  // ---- DOM -------------------------------------------------------------------

  function element(tag, attributes, children) {
    var svg = tag.indexOf("svg:") === 0;
    var node = svg ? document.createElementNS("http://www.w3.org/2000/svg", tag.slice(4))
                   : document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (name) {
      var value = attributes[name];
      if (value === undefined || value === null) return;
      if (name === "text") node.textContent = value;
      else node.setAttribute(name, value);
    });
    (children || []).forEach(function (child) {
      if (child) node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    });
    return node;
  }

  plots.element = element;

  function uid(prefix) {
    counter += 1;
    return "one-neuron-" + prefix + "-" + counter;
  }

  plots.uid = uid;

  // ---- Controls --------------------------------------------------------------

  function isArithmetic(values) {
    if (values.length < 2 || !values.every(Number.isInteger)) return false;
    var step = values[1] - values[0];
    if (!(step > 0)) return false;
    return values.every(function (v, i) { return v === values[0] + i * step; });
  }

  function Slider(options) {
    if (!options.values || !options.values.length) throw new RangeError("a slider needs at least one value");
    this.values = options.values;
    this.format = options.format || String;
    this.native = isArithmetic(this.values);
    var id = options.id || uid("slider");
    var input = element("input", { type: "range", id: id, "aria-label": options.label, "data-control": options.label });
    if (this.native) {
      input.min = this.values[0];
      input.max = this.values[this.values.length - 1];
      input.step = this.values[1] - this.values[0];
    } else {
      input.min = 0;
      input.max = this.values.length - 1;
      input.step = 1;
    }
    this.input = input;
    this.valueNode = element("span", { "class": "one-neuron-explorer__value" });
    this.node = element("div", { "class": "one-neuron-explorer__control" }, [
      element("label", { "for": id }, [element("span", { text: options.label + ": " }), this.valueNode]),
      input,
    ]);
    this.set(options.value === undefined ? this.values[0] : options.value);
    var self = this;
    if (options.onInput) {
      var handler = function () { self.label(); options.onInput(self.get()); };
      input.addEventListener("input", handler);
      input.addEventListener("change", handler);
    }
  }

  Slider.prototype.get = function () {
    return this.native ? Number(this.input.value) : this.values[Number(this.input.value)];
  };

  Slider.prototype.set = function (value) {
    var index = this.values.indexOf(value);
    if (index < 0) throw new RangeError(this.input.getAttribute("aria-label") + " offers no " + value);
    this.input.value = this.native ? value : index;
    this.label();
  };

  Slider.prototype.label = function () {
    var text = this.format(this.get());
    this.valueNode.textContent = text;
    this.input.setAttribute("aria-valuetext", text);
  };

  plots.Slider = Slider;

  function Button(options) {
    this.node = element("button", { type: "button", "class": "one-neuron-explorer__button",
                                    "data-control": options.name || options.label, text: options.label });
    this.input = this.node;
    if (options.onClick) this.node.addEventListener("click", options.onClick);
  }

  Button.prototype.setLabel = function (text) { this.node.textContent = text; };

  plots.Button = Button;

  function Readout(rows) {
    var self = this;
    this.values = {};
    this.node = element("dl", { "class": "one-neuron-explorer__numbers" });
    rows.forEach(function (row) {
      var value = element("dd", { "data-quantity": row.key });
      self.values[row.key] = value;
      self.node.appendChild(element("div", {}, [element("dt", { text: row.name }), value]));
    });
    if (window.ResizeObserver) new ResizeObserver(function () { self.balance(); }).observe(this.node);
  }

  /* As many columns as fit (each at least 6.75rem), but never one number alone on the last row: five numbers in
   * two rows of three and two, not four and one. Two columns and an odd count: the last one spans the row. */
  Readout.prototype.balance = function () {
    var cells = this.node.children, n = cells.length, width = this.node.clientWidth;
    if (!n || !width) return;
    var rem = parseFloat(getComputedStyle(document.documentElement).fontSize) || 16;
    var gap = rem, least = 6.75 * rem;
    var fit = Math.max(1, Math.min(n, Math.floor((width + gap) / (least + gap))));
    var columns = fit;
    while (columns > 2 && n % columns === 1) columns -= 1;
    if (columns !== this.columns) {
      this.columns = columns;
      this.node.style.gridTemplateColumns = "repeat(" + columns + ", minmax(0, 1fr))";
    }
    for (var i = 0; i < n; i++) cells[i].style.gridColumn = i === n - 1 && n % columns === 1 && columns > 1 ? "1 / -1" : "";
  };

  Readout.prototype.set = function (key, text) {
    if (!this.values[key]) throw new RangeError("no readout row " + key);
    this.values[key].textContent = text;
  };

  plots.Readout = Readout;

  function Legend(items) {
    return element("ul", { "class": "one-neuron-explorer__legend", "aria-label": "legend" }, items.map(function (item) {
      var swatch = element("span", { "class": "one-neuron-explorer__swatch", "aria-hidden": "true" });
      if (item.marker) {
        swatch.className += " one-neuron-explorer__swatch--marker";
        swatch.style.background = item.colour;
        if (item.marker === "circle") swatch.style.borderRadius = "50%";
      } else {
        swatch.style.borderTopColor = item.colour;
        swatch.style.borderTopStyle = item.dash || "solid";
      }
      return element("li", {}, [swatch, element("span", { text: item.label })]);
    }));
  }

  plots.Legend = Legend;

  /* root: the div; options: {label, controls: [nodes], status, readout, figures: [Chart or node], after, side}.
   * The figures come first and the controls right under them (beside them with side: true, where the explorer is
   * at least 600 px wide), then the status and the readout, then `after`: on a phone the figure and the controls
   * that change it share one screen. */
  plots.frame = function (root, options) {
    root.textContent = "";
    root.setAttribute("role", "group");
    root.setAttribute("aria-label", options.label);
    var plotsNode = element("div", { "class": "one-neuron-explorer__plots" }, (options.figures || []).map(
      function (figure) { return figure.node || figure; }));
    var panel = [element("div", { "class": "one-neuron-explorer__controls" }, options.controls)];
    var readout = [options.status, options.readout && (options.readout.node || options.readout)].filter(Boolean);
    if (readout.length) {
      panel.push(element("div", { "class": "one-neuron-explorer__readout", "aria-live": "polite" }, readout));
    }
    root.appendChild(element("div", { "class": "one-neuron-explorer__main" + (options.side ? " one-neuron-explorer__main--side" : "") },
      [plotsNode, element("div", { "class": "one-neuron-explorer__panel" }, panel)]));
    (options.after || []).forEach(function (node) { root.appendChild(node); });
    if (options.readout && options.readout.balance) options.readout.balance();
  };

  plots.onThemeChange = function (fn) {
    new MutationObserver(function () { fn(); })
      .observe(document.documentElement, { attributes: true, attributeFilter: ["data-theme", "data-mode"] });
  };

  // ---- Charts ----------------------------------------------------------------

  var DEFAULT_MARGIN = { left: 58, right: 16, top: 10, bottom: 44 };

  function styleAttributes(node, style, kind) {
    style = style || {};
    var colour = style.colour || "currentColor";
    if (kind === "line") {
      node.setAttribute("fill", "none");
      node.setAttribute("stroke", colour);
      node.setAttribute("stroke-width", style.width || 2);
      node.setAttribute("stroke-linejoin", "round");
      node.setAttribute("stroke-linecap", "round");
      if (style.dash) node.setAttribute("stroke-dasharray", style.dash); else node.removeAttribute("stroke-dasharray");
    } else if (kind === "area") {
      node.setAttribute("fill", style.fill || "none");
      node.setAttribute("stroke", colour);
      node.setAttribute("stroke-width", style.width || 1);
    } else if (kind === "text") {
      node.setAttribute("fill", colour);
      node.setAttribute("text-anchor", style.anchor || "start");
    } else {
      node.setAttribute("fill", style.fill || colour);
      node.setAttribute("stroke", style.stroke || "none");
      if (style.stroke) node.setAttribute("stroke-width", style.strokeWidth || 1.5);
    }
    if (style.opacity !== undefined) node.setAttribute("opacity", style.opacity);
    if (style.className) node.setAttribute("class", style.className);
  }

  function scaleFor(axis) {
    var scale = axis.log ? d3.scaleLog().clamp(true) : d3.scaleLinear();
    return scale.domain(axis.domain);
  }

  function Chart(options) {
    var self = this;
    this.options = options;
    this.margin = Object.assign({}, DEFAULT_MARGIN, options.margin || {});
    this.axes = { x: Object.assign({}, options.x), y: Object.assign({}, options.y) };
    this.scales = { x: scaleFor(this.axes.x), y: scaleFor(this.axes.y) };
    this.keyed = {};
    this.width = 0;
    this.height = options.height || 260;
    this.axisKey = "";
    this.resizeCallbacks = [];
    var id = uid("chart");
    this.canvas = element("canvas", { "class": "one-neuron-explorer__raster", "aria-hidden": "true" });
    this.svg = d3.create("svg").attr("class", "one-neuron-explorer__svg").attr("role", "img")
      .attr("aria-describedby", id + "-description");
    this.gridLayer = this.svg.append("g").attr("class", "one-neuron-explorer__grid").attr("aria-hidden", "true");
    this.dataLayer = this.svg.append("g").attr("class", "one-neuron-explorer__data").attr("aria-hidden", "true");
    this.clipId = id + "-clip";
    this.clipRect = this.svg.append("clipPath").attr("id", this.clipId).append("rect");
    this.dataLayer.attr("clip-path", "url(#" + this.clipId + ")");
    this.overLayer = this.svg.append("g").attr("aria-hidden", "true");
    this.xAxisLayer = this.svg.append("g").attr("class", "one-neuron-explorer__axis").attr("aria-hidden", "true");
    this.yAxisLayer = this.svg.append("g").attr("class", "one-neuron-explorer__axis").attr("aria-hidden", "true");
    this.frameRect = this.svg.append("rect").attr("fill", "none").attr("stroke", "currentColor")
      .attr("stroke-opacity", 0.6).attr("aria-hidden", "true");
    this.xLabel = this.svg.append("text").attr("class", "one-neuron-explorer__axis-label").attr("text-anchor", "middle")
      .attr("fill", "currentColor").attr("aria-hidden", "true").text(this.axes.x.label || "");
    this.yLabel = this.svg.append("text").attr("class", "one-neuron-explorer__axis-label").attr("text-anchor", "middle")
      .attr("fill", "currentColor").attr("aria-hidden", "true").text(this.axes.y.label || "");
    this.box = element("div", { "class": "one-neuron-explorer__plot" }, [this.canvas, this.svg.node()]);
    this.description = element("p", { id: id + "-description", "class": "one-neuron-explorer__sr-only" });
    var caption = [element("span", { "class": "one-neuron-explorer__title", text: options.title || "" })];
    if (options.legend) caption.push(Legend(options.legend));
    this.node = element("figure", { "class": "one-neuron-explorer__figure" },
      [element("figcaption", {}, caption), this.box, this.description]);
    if (window.ResizeObserver) {
      new ResizeObserver(function () {
        var width = self.box.clientWidth;
        if (width && width !== self.width) {
          self.layout();
          self.resizeCallbacks.forEach(function (fn) { fn(); });
        }
      }).observe(this.box);
    }
  }

  Chart.prototype.onResize = function (fn) { this.resizeCallbacks.push(fn); return this; };

  Chart.prototype.setTitle = function (text) {
    this.node.querySelector(".one-neuron-explorer__title").textContent = text;
    return this;
  };

  Chart.prototype.layout = function () {
    var width = this.box.clientWidth || (this.box.parentNode && this.box.parentNode.clientWidth) || 600;
    var m = this.margin;
    var plotWidth = Math.max(width - m.left - m.right, 20);
    // On a phone a chart of fixed height is made shorter (at most 0.55 times its width, at least 180 px), so that
    // it and its controls share the screen; shrink: false keeps the height the explorer set (a map to scale).
    var height = this.options.square ? Math.round(Math.min(plotWidth, this.options.maxSide || 420)) + m.top + m.bottom
      : this.options.shrink === false ? this.height : Math.min(this.height, Math.max(180, Math.round(width * 0.55)));
    if (this.options.square) {
      plotWidth = height - m.top - m.bottom;
    }
    this.width = width;
    this.fullHeight = height;
    this.plotWidth = plotWidth;
    this.plotHeight = height - m.top - m.bottom;
    this.box.style.height = height + "px";
    this.svg.attr("width", width).attr("height", height).attr("viewBox", "0 0 " + width + " " + height);
    var ratio = window.devicePixelRatio || 1;
    this.ratio = ratio;
    this.canvas.width = Math.round(this.plotWidth * ratio);
    this.canvas.height = Math.round(this.plotHeight * ratio);
    this.canvas.style.left = m.left + "px";
    this.canvas.style.top = m.top + "px";
    this.canvas.style.width = this.plotWidth + "px";
    this.canvas.style.height = this.plotHeight + "px";
    this.scales.x.range([m.left, m.left + this.plotWidth]);
    this.scales.y.range([m.top + this.plotHeight, m.top]);
    this.clipRect.attr("x", m.left).attr("y", m.top).attr("width", this.plotWidth).attr("height", this.plotHeight);
    this.frameRect.attr("x", m.left + 0.5).attr("y", m.top + 0.5).attr("width", this.plotWidth)
      .attr("height", this.plotHeight);
    this.xLabel.attr("x", m.left + this.plotWidth / 2).attr("y", height - 8);
    this.yLabel.attr("transform", "translate(14," + (m.top + this.plotHeight / 2) + ") rotate(-90)");
    this.axisKey = "";
    this.rasterKey = null;
  };

  Chart.prototype.ensure = function () {
    if (!this.width) this.layout();
    var key = [this.width, this.fullHeight, this.scales.x.domain().join(), this.scales.y.domain().join()].join("|");
    if (key !== this.axisKey) {
      this.axisKey = key;
      this.drawAxes();
    }
  };

  function tickFormat(axis, scale) {
    if (axis.format) return axis.format;
    if (axis.log) {
      return function (v) {
        var e = Math.round(Math.log10(v));
        return Math.abs(v - Math.pow(10, e)) < 1e-9 * v ? "10" + superscript(e) : "";
      };
    }
    return function (v) {
      return Math.abs(v) >= 1000 ? thousands(Math.round(v)) : general(v, 6);
    };
  }

  Chart.prototype.tickValues = function (name) {
    var axis = this.axes[name], scale = this.scales[name];
    if (Array.isArray(axis.ticks)) return axis.ticks;
    var length = name === "x" ? this.plotWidth : this.plotHeight;
    var count = axis.ticks || Math.max(2, Math.floor(length / (name === "x" ? 80 : 45)));
    if (axis.log) {
      var domain = scale.domain(), values = [];
      var low = Math.ceil(Math.log10(Math.min(domain[0], domain[1]) * (1 - 1e-12)));
      var high = Math.floor(Math.log10(Math.max(domain[0], domain[1]) * (1 + 1e-12)));
      var every = Math.max(1, Math.ceil((high - low + 1) / Math.max(count, 2)));
      // Counted down from the top, so that 10^0 shows when the axis reaches 1.
      for (var e = high; e >= low; e -= every) values.unshift(Math.pow(10, e));
      return values;
    }
    return scale.ticks(count);
  };

  Chart.prototype.drawAxes = function () {
    var self = this, m = this.margin;
    var xTicks = this.tickValues("x"), yTicks = this.tickValues("y");
    var xFormat = tickFormat(this.axes.x, this.scales.x), yFormat = tickFormat(this.axes.y, this.scales.y);
    this.xAxisLayer.attr("transform", "translate(0," + (m.top + this.plotHeight) + ")")
      .call(d3.axisBottom(this.scales.x).tickValues(xTicks).tickFormat(xFormat).tickSizeOuter(0));
    this.yAxisLayer.attr("transform", "translate(" + m.left + ",0)")
      .call(d3.axisLeft(this.scales.y).tickValues(yTicks).tickFormat(yFormat).tickSizeOuter(0));
    // Keep the last x label inside the figure.
    this.xAxisLayer.selectAll(".tick text").attr("text-anchor", function (v) {
      return self.scales.x(v) > self.width - 24 ? "end" : "middle";
    });
    var lines = [];
    xTicks.forEach(function (v) { var x = Math.round(self.scales.x(v)) + 0.5; lines.push("M" + x + "," + m.top + "V" + (m.top + self.plotHeight)); });
    yTicks.forEach(function (v) { var y = Math.round(self.scales.y(v)) + 0.5; lines.push("M" + m.left + "," + y + "H" + (m.left + self.plotWidth)); });
    var grid = this.gridLayer.selectAll("path").data(this.options.grid === false ? [] : [lines.join("")]);
    grid.exit().remove();
    grid.enter().append("path").merge(grid).attr("d", function (d) { return d; })
      .attr("stroke", "currentColor").attr("stroke-opacity", 0.14).attr("fill", "none");
    var zero = this.gridLayer.selectAll("line.zero")
      .data(!this.axes.y.log && this.axes.y.zero !== false && this.crosses("y", 0) ? [0] : []);
    zero.exit().remove();
    zero.enter().append("line").attr("class", "zero").merge(zero)
      .attr("x1", m.left).attr("x2", m.left + this.plotWidth)
      .attr("y1", Math.round(this.scales.y(0)) + 0.5).attr("y2", Math.round(this.scales.y(0)) + 0.5)
      .attr("stroke", "currentColor").attr("stroke-opacity", 0.45);
  };

  Chart.prototype.crosses = function (name, value) {
    var d = this.scales[name].domain();
    return Math.min(d[0], d[1]) < value && value < Math.max(d[0], d[1]);
  };

  Chart.prototype.domain = function (name, domain) {
    var current = this.scales[name].domain();
    if (current[0] !== domain[0] || current[1] !== domain[1]) {
      this.axes[name].domain = domain;
      this.scales[name].domain(domain);
    }
    return this;
  };

  Chart.prototype.x = function (v) { return this.scales.x(v); };
  Chart.prototype.y = function (v) { return this.scales.y(v); };

  Chart.prototype.keyedNode = function (key, tag, layer) {
    var node = this.keyed[key];
    if (!node) {
      node = element("svg:" + tag, {});
      (layer || this.dataLayer).node().appendChild(node);
      this.keyed[key] = node;
    }
    node.style.display = "";
    return node;
  };

  Chart.prototype.hide = function (key) {
    if (this.keyed[key]) this.keyed[key].style.display = "none";
    return this;
  };

  function round(v) { return Math.round(v * 10) / 10; }

  Chart.prototype.line = function (key, series, style) {
    this.ensure();
    var sx = this.scales.x, sy = this.scales.y;
    var parts = [];
    var column = NaN, first = 0, lowest = 0, highest = 0, lastIndex = 0, lowValue = 0, highValue = 0;
    var started = false;
    function point(k) {
      var x = sx(series.x(k)), y = sy(series.y(k));
      if (!isFinite(x) || !isFinite(y)) { started = false; return; }
      parts.push((started ? "L" : "M") + round(x) + "," + round(y));
      started = true;
    }
    function flush() {
      var order = [first, lowest, highest, lastIndex].sort(function (a, b) { return a - b; });
      for (var p = 0; p < 4; p++) if (p === 0 || order[p] !== order[p - 1]) point(order[p]);
    }
    for (var k = 0; k < series.count; k++) {
      var c = Math.floor(sx(series.x(k)));
      var v = sy(series.y(k));
      if (c !== column) {
        if (k > 0) flush();
        column = c; first = lowest = highest = lastIndex = k; lowValue = highValue = v;
      } else {
        if (v < lowValue) { lowest = k; lowValue = v; }
        if (v > highValue) { highest = k; highValue = v; }
        lastIndex = k;
      }
    }
    if (series.count > 0) flush();
    var node = this.keyedNode(key, "path", style && style.over ? this.overLayer : null);
    node.setAttribute("d", parts.join(""));
    styleAttributes(node, style, "line");
    return this;
  };

  Chart.prototype.points = function (key, points, style) {
    this.ensure();
    style = style || {};
    var sx = this.scales.x, sy = this.scales.y, r = style.radius || 4;
    var parts = [];
    points.forEach(function (p) {
      var x = round(sx(p[0])), y = round(sy(p[1]));
      if (!isFinite(x) || !isFinite(y)) return;
      if (style.shape === "square") {
        parts.push("M" + (x - r) + "," + (y - r) + "h" + 2 * r + "v" + 2 * r + "h" + -2 * r + "Z");
      } else if (style.shape === "cross") {
        parts.push("M" + (x - r) + "," + (y - r) + "L" + (x + r) + "," + (y + r) + "M" + (x - r) + "," + (y + r) +
                   "L" + (x + r) + "," + (y - r));
      } else {
        parts.push("M" + (x - r) + "," + y + "a" + r + "," + r + " 0 1,0 " + 2 * r + ",0a" + r + "," + r + " 0 1,0 " +
                   -2 * r + ",0Z");
      }
    });
    var node = this.keyedNode(key, "path", style.clip ? null : this.overLayer);
    node.setAttribute("d", parts.join(""));
    if (style.shape === "cross") {
      styleAttributes(node, { colour: style.colour, width: style.width || 2.5, opacity: style.opacity }, "line");
    } else {
      styleAttributes(node, style, "marker");
    }
    return this;
  };

  Chart.prototype.segments = function (key, segments, style) {
    this.ensure();
    var sx = this.scales.x, sy = this.scales.y;
    var d = segments.map(function (s) {
      return "M" + round(sx(s[0])) + "," + round(sy(s[1])) + "L" + round(sx(s[2])) + "," + round(sy(s[3]));
    }).join("");
    var node = this.keyedNode(key, "path");
    node.setAttribute("d", d);
    styleAttributes(node, style, "line");
    return this;
  };

  Chart.prototype.text = function (key, x, y, text, style) {
    this.ensure();
    var node = this.keyedNode(key, "text", this.overLayer);
    node.setAttribute("x", round(this.scales.x(x) + ((style && style.dx) || 0)));
    node.setAttribute("y", round(this.scales.y(y) + ((style && style.dy) || 0)));
    node.textContent = text;
    styleAttributes(node, style, "text");
    return this;
  };

  function extentOf(chart, extent) {
    return extent || { x: chart.scales.x.domain(), y: chart.scales.y.domain() };
  }

  /* The centres of heat-map cells over extent {x: [a, b], y: [a, b]}: xs[i], ys[j]. */
  plots.grid = function (extent, nx, ny) {
    var xs = new Float64Array(nx), ys = new Float64Array(ny);
    for (var i = 0; i < nx; i++) xs[i] = extent.x[0] + (i + 0.5) * (extent.x[1] - extent.x[0]) / nx;
    for (var j = 0; j < ny; j++) ys[j] = extent.y[0] + (j + 0.5) * (extent.y[1] - extent.y[0]) / ny;
    return { xs: xs, ys: ys };
  };

  Chart.prototype.heatmap = function (nx, ny, colour, extent) {
    this.ensure();
    extent = extentOf(this, extent);
    if (!this.cells || this.cells.width !== nx || this.cells.height !== ny) {
      this.cells = document.createElement("canvas");
      this.cells.width = nx;
      this.cells.height = ny;
      this.cellImage = this.cells.getContext("2d").createImageData(nx, ny);
    }
    var pixels = this.cellImage.data;
    for (var j = 0; j < ny; j++) {
      var row = (ny - 1 - j) * nx;
      for (var i = 0; i < nx; i++) {
        var c = colour(i, j), p = (row + i) * 4;
        pixels[p] = c[0]; pixels[p + 1] = c[1]; pixels[p + 2] = c[2]; pixels[p + 3] = 255;
      }
    }
    this.cells.getContext("2d").putImageData(this.cellImage, 0, 0);
    var ctx = this.canvas.getContext("2d");
    var m = this.margin;
    var x0 = this.scales.x(extent.x[0]) - m.left, x1 = this.scales.x(extent.x[1]) - m.left;
    var y0 = this.scales.y(extent.y[1]) - m.top, y1 = this.scales.y(extent.y[0]) - m.top;
    ctx.setTransform(this.ratio, 0, 0, this.ratio, 0, 0);
    ctx.clearRect(0, 0, this.plotWidth, this.plotHeight);
    ctx.imageSmoothingEnabled = this.options.smooth !== false;
    ctx.drawImage(this.cells, x0, y0, x1 - x0, y1 - y0);
    return this;
  };

  Chart.prototype.clearRaster = function () {
    if (this.width) this.canvas.getContext("2d").clearRect(0, 0, this.canvas.width, this.canvas.height);
    return this;
  };

  Chart.prototype.contours = function (key, values, nx, ny, thresholds, style, extent) {
    this.ensure();
    extent = extentOf(this, extent);
    var sx = this.scales.x, sy = this.scales.y;
    var dx = (extent.x[1] - extent.x[0]) / nx, dy = (extent.y[1] - extent.y[0]) / ny;
    var polygons = d3.contours().size([nx, ny]).thresholds(thresholds)(values);
    var parts = [];
    polygons.forEach(function (geometry) {
      geometry.coordinates.forEach(function (polygon) {
        polygon.forEach(function (ring) {
          ring.forEach(function (p, index) {
            parts.push((index ? "L" : "M") + round(sx(extent.x[0] + p[0] * dx)) + "," + round(sy(extent.y[0] + p[1] * dy)));
          });
          parts.push("Z");
        });
      });
    });
    var node = this.keyedNode(key, "path");
    node.setAttribute("d", parts.join(""));
    styleAttributes(node, Object.assign({ width: 1 }, style), "area");
    return this;
  };

  Chart.prototype.describe = function (label, description) {
    this.svg.attr("aria-label", label);
    this.description.textContent = description || "";
    return this;
  };

  plots.Chart = Chart;

  // ---- Registration ----------------------------------------------------------

  plots.register = function (kind, factory) {
    factories[kind] = factory;
  };

  /* Build the explorer in `root` (a div with data-explorer="KIND") and return its instance. The loader
   * (explorers.js) calls this when the reader comes near the div, after the kind's data and explorer have loaded. */
  plots.build = function (root) {
    window.oneNeuronExplorers = window.oneNeuronExplorers || {};
    var kind = root.getAttribute("data-explorer");
    var factory = factories[kind];
    var data = (window.oneNeuronExplorerData || {})[kind];
    if (!factory || !data) {
      root.textContent = "This explorer could not load (" + (!factory ? "explorer-" + kind + ".js" :
        "its data, explorer-data/" + kind + ".js") + ").";
      throw new Error("one-neuron explorer " + kind + ": " + (!factory ? "no explorer registered" : "no data"));
    }
    var entry = window.oneNeuronExplorers[kind] = window.oneNeuronExplorers[kind] || { data: data, instances: [] };
    // instances[i] is the i-th div of this kind on the page, whichever the reader reaches first.
    var all = document.querySelectorAll(".one-neuron-explorer[data-explorer]");
    var index = Array.prototype.filter.call(all, function (node) {
      return node.getAttribute("data-explorer") === kind;
    }).indexOf(root);
    var instance = factory(root, data);
    entry.instances[Math.max(index, 0)] = instance;
    root.classList.add("one-neuron-explorer--drawn");
    return instance;
  };

  window.oneNeuronPlots = plots;
})();
