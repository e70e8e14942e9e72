/* One Neuron: the hidden-layer chapter's explorer (kind "xor").
 *
 * A network with one hidden layer learns XOR while the reader watches: sliders
 * for the number of hidden neurons, the seed of the starting weights and the
 * learning rate; Play, Pause, "10 steps" and Reset. Each animation frame of
 * Play trains STEPS_PER_FRAME steps (data.stepsPerFrame, 10) and redraws the
 * network's output over the square of inputs 1 and 2, each hidden neuron's
 * output, and the mean squared error so far. Play paces itself to what can
 * be seen: while a frame changes the picture by less than half a colour step
 * and half a pixel of the loss curve, the next frame trains twice as many
 * steps (up to MAX_PACE); when it changes by more than two, half as many. So
 * a run is over in a few seconds, not 2,000 frames (33 s), most of which
 * showed nothing new; the status line says how fast it goes and why. The
 * maps use cividis (dark blue is 0, yellow is 1), the colours of the
 * chapter's Fig. 5.4. Moving a slider starts again from
 * step 0 with the new starting weights. In Jupyter, nnlib.xor_explorer() is the
 * same explorer, driven by the kernel.
 *
 * The data comes from nnlib.xor_explorer.book_data() (written into the page
 * when the book is built): the sliders' values, the XOR examples and, for every
 * seed and number of hidden neurons, the starting weights that
 * nnlib.train_network draws (numpy's generator is never re-implemented here).
 * A step is train_network's, in float64 and in its order (nnlib/network.py,
 * _backpropagate):
 *   hidden_output = 1 / (1 + exp(-(inputs @ hidden_weights)))
 *   output        = 1 / (1 + exp(-(hidden_output @ output_weights)))
 *   loss          = mean((targets - output) ** 2)          (before the step)
 *   output_delta  = (1 - output) * output * (targets - output)
 *   hidden_delta  = (output_delta @ output_weights.T) * ((1 - hidden_output) * hidden_output)
 *   output_step   = hidden_output.T @ output_delta,  hidden_step = inputs.T @ hidden_delta
 *   both steps times the learning rate, only when it is not 1; then both layers move.
 * Sums run left to right. The outputs shown for the four examples are
 * NetworkResult.predict's, with nnlib.sigmoid (plots.sigmoid).
 *
 * The instance (window.oneNeuronExplorers.xor.instances[0]) has play(), pause(),
 * step(n), reset(), update(), state() (plain numbers and arrays) and frames
 * (how many times it has redrawn).
 */
(function () {
  "use strict";

  var plots = window.oneNeuronPlots;
  if (!plots) return; // d3 did not load: plots.js has said so in the page
  var format = plots.format;
  var element = plots.element;
  var SUBSCRIPTS = ["\u2081", "\u2082"];
  var BLACK = "#000000";
  var MAX_PACE = 640; // steps a frame at most: 20,000 steps then take about 30 frames once nothing moves
  // Below this (colour steps of 255, or pixels of the loss curve) a frame shows nothing to see: go faster.
  var UNSEEN = 0.5, SEEN = 2;
  // cividis, as matplotlib's "cividis" in Fig. 5.4, looked up once: 256 colours for outputs 0 to 1.
  var CIVIDIS = [];
  for (var level = 0; level < 256; level++) {
    var rgb = window.d3.rgb(window.d3.interpolateCividis(level / 255));
    CIVIDIS.push([rgb.r, rgb.g, rgb.b]);
  }
  function cividis(v) { return CIVIDIS[Math.max(0, Math.min(255, Math.round(v * 255)))]; }

  // ---- The model: nnlib.train_network's arithmetic, in float64 ----------------

  function Run(data, hidden, seed, learningRate) {
    var h = data.hiddenSizes.indexOf(hidden), s = data.seeds.indexOf(seed);
    if (h < 0) throw new RangeError("the explorer offers no " + hidden + " hidden neurons");
    if (s < 0) throw new RangeError("the explorer offers no seed " + seed);
    var start = data.startingWeights[h][s];
    var n = data.inputs.length, m = data.inputs[0].length, i, j, k;
    this.hidden = hidden;
    this.seed = seed;
    this.learningRate = learningRate;
    this.n = n;
    this.m = m;
    this.inputs = new Float64Array(n * m);
    this.targets = Float64Array.from(data.targets);
    for (k = 0; k < n; k++) for (i = 0; i < m; i++) this.inputs[k * m + i] = data.inputs[k][i];
    // hiddenWeights[i * hidden + j]: from input i to hidden neuron j, as the rows of nnlib's (m, hidden) array.
    this.hiddenWeights = new Float64Array(m * hidden);
    for (i = 0; i < m; i++) for (j = 0; j < hidden; j++) this.hiddenWeights[i * hidden + j] = start.hidden[i][j];
    this.outputWeights = Float64Array.from(start.output);
    this.hiddenOutput = new Float64Array(n * hidden);
    this.hiddenDelta = new Float64Array(n * hidden);
    this.output = new Float64Array(n);
    this.error = new Float64Array(n);
    this.outputDelta = new Float64Array(n);
    this.hiddenStep = new Float64Array(m * hidden);
    this.outputStep = new Float64Array(hidden);
    this.loss = new Float64Array(data.maxSteps + 1);
    this.maxSteps = data.maxSteps;
    this.steps = 0;
    this.diverged = false;
    this.loss[0] = this.backpropagate();
  }

  /* One forward and one backward pass at the current weights, into the work arrays (nnlib's _backpropagate);
   * return the mean squared error. */
  Run.prototype.backpropagate = function () {
    var n = this.n, m = this.m, H = this.hidden;
    var x = this.inputs, t = this.targets, w1 = this.hiddenWeights, w2 = this.outputWeights;
    var ho = this.hiddenOutput, o = this.output, e = this.error, od = this.outputDelta, hd = this.hiddenDelta;
    var i, j, k, z, sum = 0;
    for (k = 0; k < n; k++) {
      for (j = 0; j < H; j++) {
        z = 0;
        for (i = 0; i < m; i++) z += x[k * m + i] * w1[i * H + j];
        // exp(-z) is Infinity below z = -709, and 1 / Infinity is the sigmoid's limit there, 0.
        ho[k * H + j] = 1 / (1 + Math.exp(-z));
      }
      z = 0;
      for (j = 0; j < H; j++) z += ho[k * H + j] * w2[j];
      o[k] = 1 / (1 + Math.exp(-z));
      e[k] = t[k] - o[k];
    }
    for (k = 0; k < n; k++) sum += e[k] * e[k];
    // the delta rule on the output neuron, then its delta sent back through the output weights
    for (k = 0; k < n; k++) od[k] = (1 - o[k]) * o[k] * e[k];
    for (k = 0; k < n; k++) {
      for (j = 0; j < H; j++) hd[k * H + j] = od[k] * w2[j] * ((1 - ho[k * H + j]) * ho[k * H + j]);
    }
    for (j = 0; j < H; j++) {
      z = 0;
      for (k = 0; k < n; k++) z += ho[k * H + j] * od[k];
      this.outputStep[j] = z;
    }
    for (i = 0; i < m; i++) {
      for (j = 0; j < H; j++) {
        z = 0;
        for (k = 0; k < n; k++) z += x[k * m + i] * hd[k * H + j];
        this.hiddenStep[i * H + j] = z;
      }
    }
    return sum / n;
  };

  /* Train `count` more steps (fewer at the end of the run); the work arrays already hold the current steps. */
  Run.prototype.train = function (count) {
    var rate = this.learningRate, w1 = this.hiddenWeights, w2 = this.outputWeights;
    var s1 = this.hiddenStep, s2 = this.outputStep, q;
    var end = Math.min(this.steps + count, this.maxSteps);
    while (this.steps < end && !this.diverged) {
      if (rate !== 1) {
        for (q = 0; q < s1.length; q++) s1[q] *= rate;
        for (q = 0; q < s2.length; q++) s2[q] *= rate;
      }
      for (q = 0; q < w1.length; q++) w1[q] += s1[q];
      for (q = 0; q < w2.length; q++) w2[q] += s2[q];
      this.steps += 1;
      this.loss[this.steps] = this.backpropagate();
      if (!isFinite(this.loss[this.steps])) this.diverged = true;
    }
  };

  /* NetworkResult.predict on one example: nnlib.sigmoid of left-to-right sums. */
  Run.prototype.predict = function (input) {
    var H = this.hidden, m = this.m, w1 = this.hiddenWeights, z, i, j, out = 0;
    for (j = 0; j < H; j++) {
      z = 0;
      for (i = 0; i < m; i++) z += input[i] * w1[i * H + j];
      out += plots.sigmoid(z) * this.outputWeights[j];
    }
    return plots.sigmoid(out);
  };

  // ---- Maps over the square of inputs 1 and 2 ----------------------------------

  /* The cells of the maps: `resolution` per side over data.extent, plus one beyond each edge, so that the
   * curves of output 0.5 leave the plot instead of running along its frame. */
  function Maps(data) {
    var low = data.extent[0], high = data.extent[1], cell = (high - low) / data.resolution;
    this.size = data.resolution + 2;
    this.extent = { x: [low - cell, high + cell], y: [low - cell, high + cell] };
    var centres = plots.grid(this.extent, this.size, this.size);
    this.xs = centres.xs;
    this.ys = centres.ys;
    this.count = this.size * this.size;
    this.hidden = [];
    var most = data.hiddenSizes[data.hiddenSizes.length - 1];
    for (var j = 0; j < most; j++) this.hidden.push(new Float64Array(this.count));
    this.output = new Float64Array(this.count);
    this.sums = new Float64Array(this.count);
    this.column = new Float64Array(this.size);
    this.row = new Float64Array(this.size);
    // the cells of the unit square, where the examples live
    this.inside = [];
    for (var c = 0; c < this.count; c++) {
      var x = this.xs[c % this.size], y = this.ys[Math.floor(c / this.size)];
      if (x >= 0 && x <= 1 && y >= 0 && y <= 1) this.inside.push(c);
    }
  }

  /* Fill hidden[j][i + k * size] and output[...] for the run's current weights (input 3 = 1). */
  Maps.prototype.compute = function (run) {
    var size = this.size, H = run.hidden, w1 = run.hiddenWeights, w2 = run.outputWeights;
    var sums = this.sums, c, i, k;
    sums.fill(0);
    for (var j = 0; j < H; j++) {
      var values = this.hidden[j];
      for (i = 0; i < size; i++) this.column[i] = this.xs[i] * w1[j];
      for (k = 0; k < size; k++) this.row[k] = this.ys[k] * w1[H + j] + w1[2 * H + j];
      for (k = 0; k < size; k++) {
        for (i = 0; i < size; i++) {
          c = i + k * size;
          values[c] = 1 / (1 + Math.exp(-(this.column[i] + this.row[k])));
          sums[c] += values[c] * w2[j];
        }
      }
    }
    for (c = 0; c < this.count; c++) this.output[c] = 1 / (1 + Math.exp(-sums[c]));
  };

  Maps.prototype.shareAbove = function (values) {
    var above = 0;
    for (var q = 0; q < this.inside.length; q++) if (values[this.inside[q]] > 0.5) above += 1;
    return above / this.inside.length;
  };

  // ---- Words and numbers -------------------------------------------------------

  function rateText(rate) { return format.general(rate); }

  function lossText(loss) { return format.exponential(loss, 2); }

  function stepsText(steps) { return format.thousands(steps) + (steps === 1 ? " step" : " steps"); }

  function neuronsText(hidden) { return hidden + (hidden === 1 ? " hidden neuron" : " hidden neurons"); }

  function pointText(input) { return "(" + input[0] + ",\u00a0" + input[1] + ")"; }  // never broken

  /* "3.12 x₁ − 2.05 x₂ + 0.51": hidden neuron j's weighted sum with input 3 = 1. */
  function sumText(run, j) {
    var H = run.hidden, w = run.hiddenWeights;
    var text = format.fixed(w[j], 2) + " x" + SUBSCRIPTS[0];
    text += (w[H + j] < 0 ? " \u2212 " : " + ") + format.fixed(Math.abs(w[H + j]), 2) + " x" + SUBSCRIPTS[1];
    text += (w[2 * H + j] < 0 ? " \u2212 " : " + ") + format.fixed(Math.abs(w[2 * H + j]), 2);
    return text;
  }

  function percent(share) { return Math.round(share * 100) + "%"; }

  /* Hidden neuron j's line of output 0.5, where w1 x1 + w2 x2 + w3 = 0 (input 3 = 1), as a segment across
   * `extent` (the plot clips it); null if the neuron's output does not depend on inputs 1 and 2. */
  function halfLine(run, j, extent) {
    var H = run.hidden, a = run.hiddenWeights[j], b = run.hiddenWeights[H + j], c = run.hiddenWeights[2 * H + j];
    var low = extent.x[0], high = extent.x[1];
    if (a === 0 && b === 0) return null;
    if (Math.abs(b) >= Math.abs(a)) return [low, -(a * low + c) / b, high, -(a * high + c) / b];
    return [-(b * low + c) / a, low, -(b * high + c) / a, high];
  }

  /* The loss curve, thinned as plots.Chart.line thins it (per pixel column the first, lowest, highest and last
   * point) but kept from frame to frame: a frame adds only its new steps, not the whole history again. */
  function LossTrace(chart) {
    this.chart = chart;
    this.run = null;
    this.key = "";
  }

  LossTrace.prototype.reset = function (run, key) {
    this.run = run;
    this.key = key;
    this.kept = [];  // steps of the finished columns
    this.done = 0;   // steps 1..done are in
    this.column = NaN;
  };

  LossTrace.prototype.flush = function (into) {
    var order = [this.first, this.lowest, this.highest, this.last].sort(function (p, q) { return p - q; });
    for (var p = 0; p < 4; p++) if (p === 0 || order[p] !== order[p - 1]) into.push(order[p]);
  };

  /* Return the steps to draw: every step's loss is at x = step, from step 1 on. */
  LossTrace.prototype.steps = function (run) {
    var chart = this.chart, key = chart.x(1) + "|" + chart.x(run.maxSteps);
    if (run !== this.run || key !== this.key || run.steps < this.done) this.reset(run, key);
    var loss = run.loss;
    for (var k = this.done + 1; k <= run.steps; k++) {
      var c = Math.floor(chart.x(k)), v = loss[k];
      if (c !== this.column) {
        if (!isNaN(this.column)) this.flush(this.kept);
        this.column = c;
        this.first = this.lowest = this.highest = this.last = k;
      } else {
        if (v < loss[this.lowest]) this.lowest = k;
        if (v > loss[this.highest]) this.highest = k;
        this.last = k;
      }
    }
    this.done = run.steps;
    var all = this.kept.slice();
    if (!isNaN(this.column)) this.flush(all);
    return all;
  };

  // ---- The explorer --------------------------------------------------------------

  /* The legend's marker swatches get the markers' outline (plots.Legend draws a plain square or disc). */
  function outlineMarkers(node) {
    var swatches = node.querySelectorAll(".one-neuron-explorer__swatch--marker");
    swatches[0].style.border = "1.5px solid " + BLACK;
    swatches[1].style.border = "1.5px solid currentColor";
    Array.prototype.forEach.call(swatches, function (swatch) { swatch.style.boxSizing = "border-box"; });
    // the black line of output 0.5, with a white rim so that it shows in the dark theme too
    var lines = node.querySelectorAll(".one-neuron-explorer__swatch:not(.one-neuron-explorer__swatch--marker)");
    lines[0].style.boxShadow = "0 -1px 0 1px #ffffff";
  }

  /* A key to the colours of the maps: 0 (dark blue) through 0.5 (grey) to 1 (yellow). */
  function colourKey() {
    var bar = element("span", { "aria-hidden": "true" });
    var stops = [0, 0.25, 0.5, 0.75, 1].map(function (v) { return "rgb(" + cividis(v).join(",") + ")"; });
    bar.style.cssText = "display:inline-block;width:6rem;height:0.75rem;vertical-align:middle;margin:0 0.4rem;" +
      "border:1px solid currentColor;background:linear-gradient(to right," + stops.join(",") + ")";
    var key = element("p", { "class": "one-neuron-explorer__colour-key" }, ["output 0", bar, "1"]);
    key.style.cssText = "margin:0.2rem 0 0;font-size:0.9em";
    return key;
  }

  function Explorer(root, data) {
    var self = this;
    this.root = root;
    this.data = data;
    this.maps = new Maps(data);
    this.frames = 0;
    this.playing = false;
    this.pace = data.stepsPerFrame;
    this.request = null;
    var ticks = [0, 0.5, 1];
    var tickFormat = function (v) { return format.general(v); };
    var legend = [
      { label: "target 0", colour: "#ffffff", marker: "circle" },
      { label: "target 1", colour: BLACK, marker: "square" },
      { label: "output = 0.5", colour: BLACK },
    ];

    this.hiddenSlider = new plots.Slider({ label: "hidden neurons", values: data.hiddenSizes,
                                           value: data.defaults.hidden, onInput: function () { self.update(); } });
    this.seedSlider = new plots.Slider({ label: "seed", values: data.seeds, value: data.defaults.seed,
                                         onInput: function () { self.update(); } });
    this.rateSlider = new plots.Slider({ label: "learning rate", values: data.learningRates,
                                         value: data.defaults.learningRate, format: rateText,
                                         onInput: function () { self.update(); } });
    this.playButton = new plots.Button({ label: "Play", name: "play", onClick: function () {
      if (self.playing) self.pause(); else self.play();
    } });
    this.stepButton = new plots.Button({ label: data.stepsPerFrame + " steps", name: "step",
                                         onClick: function () { self.step(); } });
    this.resetButton = new plots.Button({ label: "Reset", name: "reset", onClick: function () { self.reset(); } });
    var buttons = element("div", { "class": "one-neuron-explorer__buttons" },
      [this.playButton.node, this.stepButton.node, this.resetButton.node]);
    buttons.style.gridColumn = "1 / -1";

    this.status = element("p", { "class": "one-neuron-explorer__status" });
    var rows = [{ key: "steps", name: "steps taken" }, { key: "loss", name: "mean squared error" }];
    data.inputs.forEach(function (input, k) {
      rows.push({ key: "output-" + k, name: "output at " + pointText(input) + ", target\u00a0" + data.targets[k] });
    });
    this.readout = new plots.Readout(rows);

    this.outputChart = new plots.Chart({
      title: "Network output (input 3 = 1)", legend: legend, square: true, maxSide: 360,
      x: { domain: data.extent, label: "input 1, x\u2081", ticks: ticks, format: tickFormat },
      y: { domain: data.extent, label: "input 2, x\u2082", ticks: ticks, format: tickFormat, zero: false },
    });
    outlineMarkers(this.outputChart.node);
    this.outputChart.node.querySelector("figcaption").appendChild(colourKey());
    this.lossChart = new plots.Chart({
      title: "Mean squared error so far", height: 300,
      x: { domain: [1, data.maxSteps], log: true, label: "step (log scale)", ticks: [1, 10, 100, 1000, 10000],
           format: function (v) { return format.thousands(v); } },
      y: { domain: [data.lossFloor, 1], log: true, label: "mean squared error (log scale)",
           ticks: [1e-6, 1e-4, 1e-2, 1], format: function (v) {
             return v === 1 ? "1" : "10" + format.superscript(Math.round(Math.log10(v)));
           } },
    });
    this.lossTrace = new LossTrace(this.lossChart);
    this.hiddenCharts = [];
    var small = element("div", {});
    // Four small maps to a row where they fit, fewer (but at least 6rem wide) on a phone.
    small.style.cssText = "display:grid;gap:0.5rem 0.75rem;grid-template-columns:" +
      "repeat(auto-fill,minmax(max(6rem,calc((100% - 2.25rem) / 4)),1fr))";
    for (var j = 0; j < data.hiddenSizes[data.hiddenSizes.length - 1]; j++) {
      var chart = new plots.Chart({
        title: "hidden " + (j + 1), square: true, maxSide: 200, margin: { left: 1, right: 1, top: 1, bottom: 1 },
        x: { domain: data.extent, ticks: [] }, y: { domain: data.extent, ticks: [], zero: false },
      });
      // The theme pads figures; these are too small to spare the room.
      chart.node.style.padding = "0";
      chart.node.querySelector("figcaption").style.padding = "0 0 0.2rem";
      this.hiddenCharts.push(chart);
      small.appendChild(chart.node);
    }
    var group = element("section", { "class": "one-neuron-explorer__hidden-maps", "aria-label": "hidden neurons" },
      [element("p", { "class": "one-neuron-explorer__title",
                      text: "Each hidden neuron's output (same colours; its line of output 0.5 is straight)" }),
       small]);
    group.style.gridColumn = "1 / -1";
    this.group = group;

    // The network's output and the controls share the screen; the loss and the hidden neurons follow.
    var more = element("div", { "class": "one-neuron-explorer__plots" }, [this.lossChart.node, group]);
    more.style.marginTop = "1rem";
    plots.frame(root, {
      label: "Explorer: train a network with a hidden layer on XOR in your browser",
      controls: [this.hiddenSlider.node, this.seedSlider.node, this.rateSlider.node, buttons],
      status: this.status, readout: this.readout, figures: [this.outputChart], after: [more], side: true,
    });
    this.live = root.querySelector(".one-neuron-explorer__readout");
    this.controls = [this.hiddenSlider.input, this.seedSlider.input, this.rateSlider.input,
                     this.playButton.node, this.stepButton.node, this.resetButton.node];
    this.markers = data.inputs.map(function (input, k) { return [input[0], input[1], data.targets[k]]; });
    [this.outputChart, this.lossChart].concat(this.hiddenCharts).forEach(function (c) {
      c.onResize(function () { self.draw(); });
    });
    plots.onThemeChange(function () { self.draw(); });
    this.run = null;
    this.update();
  }

  Explorer.prototype.setting = function () {
    return { hidden: this.hiddenSlider.get(), seed: this.seedSlider.get(), learningRate: this.rateSlider.get() };
  };

  /* Read the sliders; a new setting starts again from step 0. Redraw. */
  Explorer.prototype.update = function () {
    var s = this.setting(), run = this.run;
    if (!run || run.hidden !== s.hidden || run.seed !== s.seed || run.learningRate !== s.learningRate) {
      this.run = new Run(this.data, s.hidden, s.seed, s.learningRate);
    }
    this.draw();
  };

  /* Back to step 0 with the sliders' setting. */
  Explorer.prototype.reset = function () {
    this.run = null;
    this.update();
  };

  /* Train `count` steps (data.stepsPerFrame by default) and redraw. */
  Explorer.prototype.step = function (count) {
    this.run.train(count === undefined ? this.data.stepsPerFrame : count);
    this.draw();
  };

  Explorer.prototype.play = function () {
    var self = this;
    if (this.playing) return;
    if (this.run.steps >= this.run.maxSteps || this.run.diverged) this.reset();
    this.playing = true;
    this.pace = this.data.stepsPerFrame;
    this.playButton.setLabel("Pause");
    // Sixty announcements a second would drown a screen reader: the numbers are announced on pause.
    this.live.setAttribute("aria-live", "off");
    var base = this.data.stepsPerFrame;
    function frame() {
      self.request = null;
      if (!self.playing) return;
      var before = self.seen();
      self.run.train(self.pace);
      if (self.run.steps >= self.run.maxSteps || self.run.diverged) {
        self.pause();  // redraws
        return;
      }
      self.draw();
      var change = self.change(before);
      if (change < UNSEEN && self.pace < MAX_PACE) self.pace *= 2;
      else if (change > SEEN && self.pace > base) self.pace /= 2;
      self.request = window.requestAnimationFrame(frame);
    }
    this.request = window.requestAnimationFrame(frame);
    this.draw();
  };

  Explorer.prototype.pause = function () {
    if (this.request !== null) window.cancelAnimationFrame(this.request);
    this.request = null;
    var was = this.playing;
    this.playing = false;
    this.playButton.setLabel("Play");
    this.live.setAttribute("aria-live", "polite");
    if (was) this.draw();
  };

  /* What the picture shows now, to compare with the next frame: the output map and the loss curve's height. */
  Explorer.prototype.seen = function () {
    return { output: Float64Array.from(this.maps.output), loss: this.run.loss[this.run.steps] };
  };

  /* How much the picture has changed since `before`: the larger of the output map's largest change, in colour
   * steps (255 from output 0 to 1), and the loss curve's move, in pixels of its chart. */
  Explorer.prototype.change = function (before) {
    var output = this.maps.output, most = 0;
    for (var c = 0; c < output.length; c++) most = Math.max(most, Math.abs(output[c] - before.output[c]));
    var y = this.lossChart, now = this.run.loss[this.run.steps];
    var pixels = before.loss > 0 && now > 0 ? Math.abs(y.y(now) - y.y(before.loss)) : 0;
    return Math.max(most * 255, isFinite(pixels) ? pixels : 0);
  };

  /* What the explorer shows now, in full precision: plain numbers and arrays. */
  Explorer.prototype.state = function () {
    var run = this.run, H = run.hidden, hiddenWeights = [];
    for (var i = 0; i < run.m; i++) hiddenWeights.push(Array.from(run.hiddenWeights.subarray(i * H, (i + 1) * H)));
    return {
      hidden: H, seed: run.seed, learningRate: run.learningRate, steps: run.steps, playing: this.playing,
      pace: this.pace,
      hiddenWeights: hiddenWeights, outputWeights: Array.from(run.outputWeights),
      loss: Array.from(run.loss.subarray(0, run.steps + 1)),
      outputs: this.data.inputs.map(function (input) { return run.predict(input); }),
    };
  };

  Explorer.prototype.draw = function () {
    var run = this.run, maps = this.maps, data = this.data, H = run.hidden, self = this;
    var size = maps.size, extent = maps.extent, j;
    this.frames += 1;
    maps.compute(run);

    // Numbers.
    var outputs = data.inputs.map(function (input) { return run.predict(input); });
    var loss = run.loss[run.steps];
    var setting = neuronsText(H) + ", seed " + run.seed + ", learning rate " + rateText(run.learningRate);
    var base = data.stepsPerFrame;
    var state = run.diverged ? "training diverged: the numbers overflowed float64." :
      this.playing ? (this.pace > base ? "training " + format.thousands(this.pace) + " steps a frame, as little changes."
                                       : "training.") :
      run.steps >= run.maxSteps ? "the end of training." : "paused.";
    this.status.textContent = "After " + format.thousands(run.steps) + " of " + stepsText(run.maxSteps) +
      " (" + setting + "): " + state;
    this.readout.set("steps", format.thousands(run.steps));
    this.readout.set("loss", lossText(loss));
    outputs.forEach(function (output, k) { self.readout.set("output-" + k, format.fixed(output, 8)); });

    // The network's output, its line of output 0.5 and the examples.
    var output = maps.output;
    this.outputChart.heatmap(size, size, function (i, k) { return cividis(output[i + k * size]); }, extent);
    this.outputChart.contours("half", output, size, size, [0.5], { colour: BLACK, width: 2 }, extent);
    this.drawExamples(this.outputChart, 7);
    var examples = data.inputs.map(function (input, k) {
      return pointText(input) + " " + format.fixed(outputs[k], 2) + " (target " + data.targets[k] + ")";
    });
    this.outputChart.describe(
      "Heat map of the network's output over the square of inputs 1 and 2, after " + stepsText(run.steps) +
      " (" + setting + ")",
      "Dark blue is output 0, grey 0.5, yellow 1. The output on the four examples: " + examples.join("; ") +
      ". The output is above 0.5 on " + percent(maps.shareAbove(output)) + " of the square.");

    // The loss so far: loss[k] after k steps, from step 1 (step 0 cannot sit on a log axis).
    this.lossChart.ensure();  // lay the chart out first: the trace needs its pixel columns
    var lossValues = run.loss, shown = this.lossTrace.steps(run);
    if (run.steps >= 1) {
      this.lossChart.line("loss", { count: shown.length, x: function (q) { return shown[q]; },
                                    y: function (q) { return lossValues[shown[q]]; } }, { colour: "currentColor" });
    } else {
      this.lossChart.hide("loss");
    }
    this.lossChart.describe(
      "Line chart, log scales, of the mean squared error against the training step, up to step " +
      format.thousands(run.steps),
      "The mean squared error is " + lossText(run.loss[0]) + " before training and " + lossText(loss) +
      " after " + stepsText(run.steps) + ".");

    // One small map per hidden neuron.
    for (j = 0; j < this.hiddenCharts.length; j++) {
      var chart = this.hiddenCharts[j];
      chart.node.style.display = j < H ? "" : "none";
      if (j >= H) continue;
      var values = maps.hidden[j];
      chart.heatmap(size, size, function (i, k) { return cividis(values[i + k * size]); }, extent);
      var cut = halfLine(run, j, extent);
      if (cut) chart.segments("half", [cut], { colour: BLACK, width: 1.5 }); else chart.hide("half");
      this.drawExamples(chart, 3.5);
      chart.describe("Heat map of hidden neuron " + (j + 1) + "'s output over the square of inputs 1 and 2",
        "Above 0.5 where " + sumText(run, j) + " > 0, on " + percent(maps.shareAbove(values)) +
        " of the square. On the four examples: " + data.inputs.map(function (input, k) {
          return pointText(input) + " " + format.fixed(run.hiddenOutput[k * H + j], 2);
        }).join("; ") + ".");
    }
  };

  Explorer.prototype.drawExamples = function (chart, radius) {
    var zeros = this.markers.filter(function (p) { return p[2] === 0; });
    var ones = this.markers.filter(function (p) { return p[2] === 1; });
    chart.points("target-0", zeros, { shape: "circle", fill: "#ffffff", stroke: BLACK, strokeWidth: 1.5,
                                      radius: radius });
    chart.points("target-1", ones, { shape: "square", fill: BLACK, stroke: BLACK, radius: radius * 0.9 });
  };

  plots.register("xor", function (root, data) { return new Explorer(root, data); });
})();
