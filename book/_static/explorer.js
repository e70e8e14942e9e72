/* One Neuron: the kernel-free explorer of the rendered training chapter.
 *
 * Every <div class="one-neuron-explorer"> becomes three sliders (seed,
 * iterations, learning rate), the weights, prediction for the new example and
 * mean squared error after the chosen step, and two plots of the run up to
 * that step. In Jupyter the same div is empty and nnlib.convergence_explorer()
 * is the live explorer; this file is its stand-in where there is no kernel.
 *
 * The data comes from window.oneNeuronExplorerData, which _ext/explorer_data.py
 * writes from nnlib when the book is built: the slider values of nnlib.explorer
 * and the starting weights of every seed, drawn by nnlib.init_weights (numpy's
 * generator is never re-implemented here). Training repeats nnlib's arithmetic
 * in float64: full-batch delta rule,
 *   weights += learning_rate * inputs.T @ ((targets - output) * output * (1 - output)),
 * summed in the same order as nnlib's loop on floats. Each (seed, learning rate)
 * run is trained once and cached; moving the iterations slider only indexes it.
 *
 * No dependencies; tests reach the model through window.oneNeuronExplorer.
 */
(function () {
  "use strict";

  var SUBSCRIPTS = ["\u2081", "\u2082", "\u2083", "\u2084", "\u2085", "\u2086", "\u2087", "\u2088", "\u2089"];
  var LOSS_COLOUR = "#D55E00"; // Okabe-Ito vermillion
  var PREDICTION_COLOUR = "#CC79A7"; // Okabe-Ito reddish purple
  var WEIGHT_DASHES = [[], [7, 4], [2, 3]]; // a second cue besides colour
  var PLOT_HEIGHT = 260; // CSS pixels
  var counter = 0;

  // ---- The model: nnlib's arithmetic, in float64 --------------------------

  function sigmoid(z) {
    // nnlib.sigmoid: exp only ever sees -|z|, so it cannot overflow.
    var e = Math.exp(-Math.abs(z));
    return z >= 0 ? 1 / (1 + e) : e / (1 + e);
  }

  function Model(data) {
    this.data = data;
    this.inputs = data.inputs;
    this.targets = data.targets;
    this.nInputs = data.inputs[0].length;
    this.steps = data.maxIterations;
    this.cache = new Map();
  }

  /* Return the run of one seed and learning rate for every step 0..maxIterations:
   * weights (row k at k * nInputs), loss (mean squared error) and prediction for
   * the new example, each a Float64Array; cached. */
  Model.prototype.run = function (seed, learningRate) {
    var key = seed + "|" + learningRate;
    var cached = this.cache.get(key);
    if (cached) return cached;
    var index = this.data.seeds.indexOf(seed);
    if (index < 0) throw new RangeError("seed " + seed + " is not one the explorer offers");
    var result = this.train(this.data.initialWeights[index], learningRate);
    this.cache.set(key, result);
    return result;
  };

  Model.prototype.train = function (start, learningRate) {
    var m = this.nInputs;
    var n = this.inputs.length;
    var steps = this.steps;
    var i, j, k, sum, output;
    // As in nnlib: the inputs negated (so exp gets -z) and the columns scaled by the learning rate.
    var negated = this.inputs.map(function (row) { return row.map(function (x) { return -x; }); });
    var scaled = [];
    for (j = 0; j < m; j++) {
      scaled.push(this.inputs.map(function (row) { return learningRate * row[j]; }));
    }
    var targets = this.targets;
    var weights = new Float64Array((steps + 1) * m);
    var slopes = new Float64Array(n);
    for (j = 0; j < m; j++) weights[j] = start[j];
    var diverged = false;
    for (k = 0; k < steps; k++) {
      var base = k * m;
      for (i = 0; i < n; i++) {
        sum = 0;
        for (j = 0; j < m; j++) sum += negated[i][j] * weights[base + j];
        // exp(sum) is Infinity above about 709, and 1 / Infinity is the right limit, 0.
        output = 1 / (1 + Math.exp(sum));
        slopes[i] = (targets[i] - output) * output * (1 - output);
      }
      for (j = 0; j < m; j++) {
        sum = 0;
        for (i = 0; i < n; i++) sum += scaled[j][i] * slopes[i];
        weights[base + m + j] = weights[base + j] + sum;
      }
    }
    // Loss and prediction for every step: nnlib.mean_squared_error and nnlib.predict.
    var loss = new Float64Array(steps + 1);
    var prediction = new Float64Array(steps + 1);
    var newInput = this.data.newInput;
    var low = Infinity, high = -Infinity, lowestLoss = 1;
    for (k = 0; k <= steps; k++) {
      var total = 0;
      for (i = 0; i < n; i++) {
        var z = 0;
        for (j = 0; j < m; j++) z += this.inputs[i][j] * weights[k * m + j];
        var error = targets[i] - sigmoid(z);
        total += error * error;
      }
      loss[k] = total / n;
      if (loss[k] > 0 && loss[k] < lowestLoss) lowestLoss = loss[k];
      var zNew = 0;
      for (j = 0; j < m; j++) zNew += newInput[j] * weights[k * m + j];
      prediction[k] = sigmoid(zNew);
      for (j = 0; j < m; j++) {
        var w = weights[k * m + j];
        if (!isFinite(w)) diverged = true;
        if (w < low) low = w;
        if (w > high) high = w;
      }
    }
    return { weights: weights, loss: loss, prediction: prediction, low: low, high: high, lowestLoss: lowestLoss,
             diverged: diverged };
  };

  // ---- Formatting ----------------------------------------------------------

  function fixed8(x) {
    var text = x.toFixed(8);
    return text === "-0.00000000" ? "0.00000000" : text;
  }

  function thousands(x) {
    return String(x).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  }

  function rateText(rate) {
    // Python's repr of the learning rates: 1.0, 0.1, 10.0.
    return Number.isInteger(rate) ? rate.toFixed(1) : String(rate);
  }

  function lossText(x) {
    if (x === 0) return "0";
    if (x >= 1e-3) return x.toPrecision(3);
    // Python's style, 6.46e-05, which is how the chapters print it.
    return x.toExponential(2).replace(/e([+-])(\d)$/, function (_, sign, digit) { return "e" + sign + "0" + digit; });
  }

  function superscript(n) {
    var map = { "-": "\u207b", "0": "\u2070", "1": "\u00b9", "2": "\u00b2", "3": "\u00b3", "4": "\u2074",
                "5": "\u2075", "6": "\u2076", "7": "\u2077", "8": "\u2078", "9": "\u2079" };
    return String(n).split("").map(function (c) { return map[c]; }).join("");
  }

  function weightName(j) {
    return "w" + (SUBSCRIPTS[j] || "_" + (j + 1));
  }

  // ---- Drawing -------------------------------------------------------------

  function niceStep(span, count) {
    var raw = span / Math.max(count, 1);
    var power = Math.pow(10, Math.floor(Math.log10(raw)));
    var unit = raw / power;
    return (unit <= 1 ? 1 : unit <= 2 ? 2 : unit <= 5 ? 5 : 10) * power;
  }

  function linearTicks(low, high, count) {
    var step = niceStep(high - low, count);
    var ticks = [];
    for (var t = Math.ceil(low / step - 1e-9) * step; t <= high + step * 1e-9; t += step) {
      ticks.push(Math.abs(t) < step * 1e-9 ? 0 : t);
    }
    return ticks;
  }

  function tickText(t) {
    var text = Math.abs(t) >= 1000 ? thousands(Math.round(t)) : String(Number(t.toPrecision(6)));
    return text.replace("-", "\u2212");
  }

  /* Draw the polyline through points 0..last of one series, keeping per pixel
   * column the first, lowest, highest and last point (M4): the same picture as
   * every point, at a fraction of the cost. */
  function traceSeries(ctx, count, xAt, yAt, value) {
    var column = -1, first = 0, lowest = 0, highest = 0, lastIndex = 0;
    var started = false;
    function flush() {
      var points = [first, lowest, highest, lastIndex].sort(function (a, b) { return a - b; });
      for (var p = 0; p < 4; p++) {
        if (p > 0 && points[p] === points[p - 1]) continue;
        var x = xAt(points[p]), y = yAt(value(points[p]));
        if (!started) { ctx.moveTo(x, y); started = true; } else { ctx.lineTo(x, y); }
      }
    }
    for (var k = 0; k < count; k++) {
      var c = Math.floor(xAt(k));
      var v = value(k);
      if (c !== column) {
        if (column >= 0) flush();
        column = c; first = lowest = highest = lastIndex = k;
      } else {
        if (v < value(lowest)) lowest = k;
        if (v > value(highest)) highest = k;
        lastIndex = k;
      }
    }
    if (column >= 0) flush();
  }

  function Panel(canvas, options) {
    this.canvas = canvas;
    this.options = options;
    this.ctx = canvas.getContext("2d");
    this.width = 0;
  }

  Panel.prototype.resize = function () {
    var ratio = window.devicePixelRatio || 1;
    var width = this.canvas.clientWidth || this.canvas.parentNode.clientWidth || 600;
    this.width = width;
    this.ratio = ratio;
    this.canvas.width = Math.round(width * ratio);
    this.canvas.height = Math.round(PLOT_HEIGHT * ratio);
  };

  /* series: [{colour, dash, value(k)}]; domain: {low, high, log}; upTo: last step drawn. */
  Panel.prototype.draw = function (series, domain, upTo, steps) {
    if (!this.width) this.resize();
    var ctx = this.ctx;
    var style = getComputedStyle(this.canvas);
    var ink = style.color || "#222";
    var font = "12px " + (style.fontFamily || "sans-serif");
    var width = this.width, height = PLOT_HEIGHT;
    var left = 58, right = 22, top = 10, bottom = 44;
    var plotWidth = Math.max(width - left - right, 10), plotHeight = height - top - bottom;
    var log = domain.log;
    var low = log ? Math.log10(domain.low) : domain.low;
    var high = log ? Math.log10(domain.high) : domain.high;
    function xAt(k) { return left + (k / steps) * plotWidth; }
    function yAt(v) {
      var t = log ? Math.log10(Math.max(v, domain.low)) : v;
      return top + (1 - (t - low) / (high - low)) * plotHeight;
    }
    ctx.setTransform(this.ratio, 0, 0, this.ratio, 0, 0);
    ctx.clearRect(0, 0, width, height);
    ctx.font = font;
    ctx.lineWidth = 1;
    ctx.setLineDash([]);

    // Grid and tick labels.
    ctx.strokeStyle = ink;
    ctx.fillStyle = ink;
    ctx.globalAlpha = 0.15;
    ctx.beginPath();
    var yTicks = [];
    if (log) {
      for (var e = Math.ceil(low); e <= Math.floor(high); e++) yTicks.push(e);
    } else {
      yTicks = linearTicks(low, high, Math.max(2, Math.floor(plotHeight / 45)));
    }
    var xTicks = linearTicks(0, steps, Math.max(2, Math.floor(plotWidth / 90)));
    yTicks.forEach(function (t) {
      var y = Math.round(top + (1 - (t - low) / (high - low)) * plotHeight) + 0.5;
      ctx.moveTo(left, y); ctx.lineTo(left + plotWidth, y);
    });
    xTicks.forEach(function (t) {
      var x = Math.round(xAt(t)) + 0.5;
      ctx.moveTo(x, top); ctx.lineTo(x, top + plotHeight);
    });
    ctx.stroke();
    ctx.globalAlpha = 1;
    if (!log && low < 0 && high > 0) {
      ctx.globalAlpha = 0.5;
      ctx.beginPath();
      var zero = Math.round(yAt(0)) + 0.5;
      ctx.moveTo(left, zero); ctx.lineTo(left + plotWidth, zero);
      ctx.stroke();
      ctx.globalAlpha = 1;
    }
    ctx.strokeRect(left + 0.5, top + 0.5, plotWidth, plotHeight);
    ctx.textAlign = "right";
    ctx.textBaseline = "middle";
    yTicks.forEach(function (t) {
      var y = top + (1 - (t - low) / (high - low)) * plotHeight;
      ctx.fillText(log ? "10" + superscript(t) : tickText(t), left - 6, y);
    });
    ctx.textAlign = "center";
    ctx.textBaseline = "top";
    xTicks.forEach(function (t) {
      // Keep the last label inside the canvas.
      var x = Math.min(xAt(t), width - ctx.measureText(tickText(t)).width / 2 - 2);
      ctx.fillText(tickText(t), x, top + plotHeight + 5);
    });
    // Axis labels.
    ctx.fillText(this.options.xLabel, left + plotWidth / 2, height - 16);
    ctx.save();
    ctx.translate(13, top + plotHeight / 2);
    ctx.rotate(-Math.PI / 2);
    ctx.textBaseline = "middle";
    ctx.fillText(this.options.yLabel, 0, 0);
    ctx.restore();

    // The series up to the chosen step, and a dot at that step.
    ctx.save();
    ctx.beginPath();
    ctx.rect(left, top, plotWidth, plotHeight);
    ctx.clip();
    ctx.lineWidth = 2;
    ctx.lineJoin = "round";
    series.forEach(function (s) {
      ctx.strokeStyle = s.colour;
      ctx.setLineDash(s.dash || []);
      ctx.beginPath();
      traceSeries(ctx, upTo + 1, xAt, yAt, s.value);
      ctx.stroke();
    });
    ctx.setLineDash([]);
    series.forEach(function (s) {
      ctx.fillStyle = s.colour;
      ctx.beginPath();
      ctx.arc(xAt(upTo), yAt(s.value(upTo)), 4, 0, 2 * Math.PI);
      ctx.fill();
    });
    ctx.restore();
  };

  // ---- The explorer --------------------------------------------------------

  function element(tag, attributes, children) {
    var node = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (name) {
      if (name === "text") node.textContent = attributes[name];
      else node.setAttribute(name, attributes[name]);
    });
    (children || []).forEach(function (child) { node.appendChild(child); });
    return node;
  }

  function isArithmetic(values) {
    if (values.length < 2) return false;
    var step = values[1] - values[0];
    if (!(step > 0) || !values.every(Number.isInteger)) return false;
    return values.every(function (v, i) { return v === values[0] + i * step; });
  }

  /* A range input offering exactly `values`: native min/max/step when they are
   * evenly spaced integers, else the position in the list. */
  function Slider(id, name, values, initial, describe) {
    this.values = values;
    this.native = isArithmetic(values);
    this.describe = describe;
    var input = element("input", { type: "range", id: id, "aria-label": name, "data-control": name });
    if (this.native) {
      input.min = values[0];
      input.max = values[values.length - 1];
      input.step = values[1] - values[0];
    } else {
      input.min = 0;
      input.max = values.length - 1;
      input.step = 1;
    }
    this.input = input;
    this.valueNode = element("span", { "class": "one-neuron-explorer__value" });
    this.node = element("div", { "class": "one-neuron-explorer__control" }, [
      element("label", { "for": id }, [element("span", { text: name + ": " }), this.valueNode]),
      input,
    ]);
    this.set(initial);
  }

  Slider.prototype.get = function () {
    return this.native ? Number(this.input.value) : this.values[Number(this.input.value)];
  };

  Slider.prototype.set = function (value) {
    this.input.value = this.native ? value : this.values.indexOf(value);
    this.label();
  };

  Slider.prototype.label = function () {
    var text = this.describe(this.get());
    this.valueNode.textContent = text;
    this.input.setAttribute("aria-valuetext", text);
  };

  function Explorer(root, model) {
    var data = model.data;
    var id = "one-neuron-explorer-" + (++counter);
    var m = model.nInputs;
    this.root = root;
    this.model = model;
    this.steps = data.maxIterations;
    var iterations = [];
    for (var k = 0; k <= data.maxIterations; k += data.iterationStep) iterations.push(k);
    this.seed = new Slider(id + "-seed", "seed", data.seeds, data.defaults.seed, String);
    this.iterations = new Slider(id + "-iterations", "iterations", iterations, data.defaults.iterations, thousands);
    this.rate = new Slider(id + "-rate", "learning rate", data.learningRates, data.defaults.learningRate, rateText);

    this.status = element("p", { "class": "one-neuron-explorer__status" });
    this.numbers = {};
    var rows = [];
    for (var j = 0; j < m; j++) rows.push(["w" + (j + 1), weightName(j)]);
    rows.push(["prediction", "prediction for [" + data.newInput.join(", ") + "]"]);
    rows.push(["loss", "mean squared error"]);
    var list = element("dl", { "class": "one-neuron-explorer__numbers" });
    rows.forEach(function (row) {
      var value = element("dd", { "data-quantity": row[0] });
      this.numbers[row[0]] = value;
      list.appendChild(element("div", {}, [element("dt", { text: row[1] }), value]));
    }, this);

    var weightSeries = [], weightLegend = [];
    for (j = 0; j < m; j++) {
      weightSeries.push({ colour: data.weightColours[j % data.weightColours.length], dash: WEIGHT_DASHES[j % 3], index: j });
      weightLegend.push([weightName(j) + " (input " + (j + 1) + ")", weightSeries[j].colour, WEIGHT_DASHES[j % 3]]);
    }
    this.weightSeries = weightSeries;
    this.weightPanel = this.panel(id + "-weights", "Weights", weightLegend, { xLabel: "training step", yLabel: "weight value" });
    this.lossPanel = this.panel(id + "-loss", "Error and prediction", [
      ["mean squared error", LOSS_COLOUR, []],
      ["prediction for [" + data.newInput.join(", ") + "]", PREDICTION_COLOUR, [7, 4]],
    ], { xLabel: "training step", yLabel: "value (log scale)" });

    root.textContent = "";
    root.setAttribute("role", "group");
    root.setAttribute("aria-label", "Explorer: train the neuron in your browser");
    root.appendChild(element("div", { "class": "one-neuron-explorer__controls" },
      [this.seed.node, this.iterations.node, this.rate.node]));
    root.appendChild(element("div", { "class": "one-neuron-explorer__readout", "aria-live": "polite" },
      [this.status, list]));
    root.appendChild(element("div", { "class": "one-neuron-explorer__plots" },
      [this.weightPanel.figure, this.lossPanel.figure]));

    var self = this;
    [this.seed, this.iterations, this.rate].forEach(function (slider) {
      slider.input.addEventListener("input", function () { slider.label(); self.update(); });
      slider.input.addEventListener("change", function () { slider.label(); self.update(); });
    });
    if (window.ResizeObserver) {
      var observer = new ResizeObserver(function () {
        var panels = [self.weightPanel.panel, self.lossPanel.panel];
        if (panels.some(function (p) { return p.canvas.clientWidth && p.canvas.clientWidth !== p.width; })) {
          panels.forEach(function (p) { p.resize(); });
          self.update();
        }
      });
      observer.observe(root);
    }
    // Redraw when the theme switches between light and dark: the axes take the text colour.
    new MutationObserver(function () { self.update(); })
      .observe(document.documentElement, { attributes: true, attributeFilter: ["data-theme", "data-mode"] });
    this.update();
  }

  Explorer.prototype.panel = function (id, title, legend, options) {
    var canvas = element("canvas", { id: id, role: "img", "class": "one-neuron-explorer__canvas" });
    canvas.style.height = PLOT_HEIGHT + "px";
    var description = element("p", { id: id + "-description", "class": "one-neuron-explorer__sr-only" });
    canvas.setAttribute("aria-describedby", description.id);
    var items = legend.map(function (item) {
      var swatch = element("span", { "class": "one-neuron-explorer__swatch", "aria-hidden": "true" });
      swatch.style.borderTopColor = item[1];
      swatch.style.borderTopStyle = item[2].length === 0 ? "solid" : item[2][0] > 3 ? "dashed" : "dotted";
      return element("li", {}, [swatch, element("span", { text: item[0] })]);
    });
    var figure = element("figure", { "class": "one-neuron-explorer__figure" }, [
      element("figcaption", {}, [element("span", { "class": "one-neuron-explorer__title", text: title }),
        element("ul", { "class": "one-neuron-explorer__legend", "aria-label": "legend" }, items)]),
      canvas,
      description,
    ]);
    return { figure: figure, panel: new Panel(canvas, options), canvas: canvas, description: description };
  };

  Explorer.prototype.update = function () {
    var seed = this.seed.get(), step = this.iterations.get(), rate = this.rate.get();
    var run = this.model.run(seed, rate);
    var m = this.model.nInputs, steps = this.steps;
    var stepsText = thousands(step) + (step === 1 ? " step" : " steps");
    var setting = "seed " + seed + ", learning rate " + rateText(rate);
    this.status.textContent = "After " + stepsText + " (" + setting + "):";
    if (run.diverged) {
      this.status.textContent += " training diverged: the weights overflowed float64.";
    }
    for (var j = 0; j < m; j++) this.numbers["w" + (j + 1)].textContent = fixed8(run.weights[step * m + j]);
    this.numbers.prediction.textContent = fixed8(run.prediction[step]);
    this.numbers.loss.textContent = lossText(run.loss[step]);

    // Weights: the axes fit the whole run, so they stay put while the iterations slider moves.
    var span = Math.max(run.high - run.low, 1e-9);
    var weightDomain = { low: run.low - 0.05 * span, high: run.high + 0.05 * span, log: false };
    var series = this.weightSeries.map(function (s) {
      var offset = s.index;
      return { colour: s.colour, dash: s.dash, value: function (k) { return run.weights[k * m + offset]; } };
    });
    this.weightPanel.panel.draw(series, weightDomain, step, steps);
    var lossDomain = { low: Math.min(1e-5, Math.pow(10, Math.floor(Math.log10(run.lowestLoss)))), high: 1.5, log: true };
    this.lossPanel.panel.draw([
      { colour: LOSS_COLOUR, dash: [], value: function (k) { return run.loss[k]; } },
      { colour: PREDICTION_COLOUR, dash: [7, 4], value: function (k) { return run.prediction[k]; } },
    ], lossDomain, step, steps);

    // The plots' text alternative: what they show, in words and numbers.
    var moves = [];
    for (j = 0; j < m; j++) {
      moves.push(weightName(j) + " from " + run.weights[j].toFixed(2) + " to " + run.weights[step * m + j].toFixed(2));
    }
    this.weightPanel.canvas.setAttribute("aria-label",
      "Line chart of the " + m + " weights against the training step, from step 0 to " + thousands(step) +
      " of " + thousands(steps) + " (" + setting + ")");
    this.weightPanel.description.textContent = "The weights move as follows: " + moves.join("; ") + ".";
    this.lossPanel.canvas.setAttribute("aria-label",
      "Line chart, log scale, of the mean squared error and the prediction for [" + this.model.data.newInput.join(", ") +
      "] against the training step, from step 0 to " + thousands(step) + " (" + setting + ")");
    this.lossPanel.description.textContent = "The mean squared error goes from " + lossText(run.loss[0]) + " to " +
      lossText(run.loss[step]) + "; the prediction from " + run.prediction[0].toFixed(4) + " to " +
      run.prediction[step].toFixed(4) + ".";
  };

  function start() {
    var data = window.oneNeuronExplorerData;
    var roots = document.querySelectorAll(".one-neuron-explorer");
    if (!roots.length) return;
    if (!data) {
      roots.forEach(function (root) {
        root.textContent = "The explorer could not load its data (one-neuron-explorer-data.js).";
      });
      throw new Error("one-neuron-explorer: window.oneNeuronExplorerData is missing");
    }
    var model = new Model(data);
    var instances = [];
    roots.forEach(function (root) { instances.push(new Explorer(root, model)); });
    window.oneNeuronExplorer = {
      data: data,
      instances: instances,
      /* The cached run of (seed, learningRate): {weights, loss, prediction} as Float64Arrays. */
      run: function (seed, learningRate) { return model.run(seed, learningRate); },
      format: { fixed8: fixed8, loss: lossText },
    };
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
