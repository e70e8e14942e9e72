/* One Neuron: the kernel-free explorer of the rendered training chapter (kind "convergence").
 *
 * <div class="one-neuron-explorer" data-explorer="convergence"> becomes three
 * sliders (seed, iterations, learning rate), the weights, prediction for the new
 * example and mean squared error after the chosen step, and two plots of the run
 * up to that step, drawn with the book's plotting layer (plots.js, on d3). In
 * Jupyter the same div is empty and nnlib.convergence_explorer() is the live
 * explorer; this file is its stand-in where there is no kernel.
 *
 * The data is window.oneNeuronExplorerData.convergence, which _ext/explorer_data.py
 * writes from nnlib.explorer.book_data() when the book is built: the slider values
 * of nnlib.explorer and the starting weights of every seed, drawn by
 * nnlib.init_weights (numpy's generator is never re-implemented here). Training
 * repeats nnlib's arithmetic in float64: full-batch delta rule,
 *   weights += learning_rate * inputs.T @ ((targets - output) * output * (1 - output)),
 * summed in the same order as nnlib's loop on floats. Each (seed, learning rate)
 * run is trained once and cached; moving the iterations slider only indexes it.
 *
 * Tests reach the model through window.oneNeuronExplorer (and
 * window.oneNeuronExplorers.convergence, like every explorer).
 */
(function () {
  "use strict";

  var plots = window.oneNeuronPlots;
  if (!plots) return; // d3 did not load: plots.js has said so in the page
  var format = plots.format;
  var SUBSCRIPTS = ["\u2081", "\u2082", "\u2083", "\u2084", "\u2085", "\u2086", "\u2087", "\u2088", "\u2089"];
  var LOSS_COLOUR = plots.colours.vermillion;
  var PREDICTION_COLOUR = plots.colours.purple;
  // A second cue besides colour: SVG dash patterns, and the legend's border styles.
  var WEIGHT_DASHES = [null, "7 4", "2 3"];
  var LEGEND_DASHES = ["solid", "dashed", "dotted"];

  // ---- The model: nnlib's arithmetic, in float64 --------------------------

  var sigmoid = plots.sigmoid; // nnlib.sigmoid: exp only ever sees -|z|, so it cannot overflow.

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
    var inputs = this.inputs, targets = this.targets, newInput = this.data.newInput;
    var steps = this.steps;
    var weights = new Float64Array((steps + 1) * m);
    var loss = new Float64Array(steps + 1);
    var prediction = new Float64Array(steps + 1);
    var low = Infinity, high = -Infinity, lowestLoss = 1, diverged = false;
    // nnlib.train's arithmetic (plots.neuron), keeping every step's weights, with the loss
    // (nnlib.mean_squared_error) and the prediction for the new example (nnlib.predict).
    plots.neuron.train(inputs, targets, start, learningRate, steps, function (k, w) {
      weights.set(w, k * m);
      loss[k] = plots.neuron.meanSquaredError(inputs, targets, w);
      if (loss[k] > 0 && loss[k] < lowestLoss) lowestLoss = loss[k];
      var zNew = 0;
      for (var j = 0; j < m; j++) {
        zNew += newInput[j] * w[j];
        if (!isFinite(w[j])) diverged = true;
        if (w[j] < low) low = w[j];
        if (w[j] > high) high = w[j];
      }
      prediction[k] = sigmoid(zNew);
    });
    return { weights: weights, loss: loss, prediction: prediction, low: low, high: high, lowestLoss: lowestLoss,
             diverged: diverged };
  };

  // ---- Formatting ----------------------------------------------------------

  function fixed8(x) {
    return format.fixed(x, 8);
  }

  /* The learning rate as the other explorers write it: 0.1, 1, 10. */
  function rateText(rate) {
    return format.general(rate, 6);
  }

  /* The mean squared error as every explorer writes it: 3.10 × 10⁻¹, 6.46 × 10⁻⁵. */
  function lossText(x) {
    return format.exponential(x, 2);
  }

  function weightName(j) {
    return "w" + (SUBSCRIPTS[j] || "_" + (j + 1));
  }

  // ---- The explorer --------------------------------------------------------

  function Explorer(root, model) {
    var data = model.data;
    var self = this;
    var m = model.nInputs;
    this.root = root;
    this.model = model;
    this.steps = data.maxIterations;
    var iterations = [];
    for (var k = 0; k <= data.maxIterations; k += data.iterationStep) iterations.push(k);
    function changed() { self.update(); }
    this.seed = new plots.Slider({ label: "seed", values: data.seeds, value: data.defaults.seed, format: String,
                                   onInput: changed });
    this.iterations = new plots.Slider({ label: "iterations", values: iterations, value: data.defaults.iterations,
                                         format: format.thousands, onInput: changed });
    this.rate = new plots.Slider({ label: "learning rate", values: data.learningRates,
                                   value: data.defaults.learningRate, format: rateText, onInput: changed });
    this.controls = [this.seed.input, this.iterations.input, this.rate.input];

    this.status = plots.element("p", { "class": "one-neuron-explorer__status" });
    var rows = [];
    for (var j = 0; j < m; j++) rows.push({ key: "w" + (j + 1), name: weightName(j) });
    rows.push({ key: "prediction", name: "prediction for [" + data.newInput.join(", ") + "]" });
    rows.push({ key: "loss", name: "mean squared error" });
    this.readout = new plots.Readout(rows);

    var weightLegend = [];
    this.weightStyles = [];
    for (j = 0; j < m; j++) {
      var colour = data.weightColours[j % data.weightColours.length];
      this.weightStyles.push({ colour: colour, dash: WEIGHT_DASHES[j % 3] });
      weightLegend.push({ label: weightName(j) + " (input " + (j + 1) + ")", colour: colour, dash: LEGEND_DASHES[j % 3] });
    }
    var steps = { domain: [0, data.maxIterations], label: "training step" };
    this.weightChart = new plots.Chart({ title: "Weights", legend: weightLegend, x: steps,
                                         y: { domain: [-1, 1], label: "weight value" } });
    this.lossChart = new plots.Chart({
      title: "Error and prediction",
      legend: [{ label: "mean squared error", colour: LOSS_COLOUR, dash: "solid" },
               { label: "prediction for [" + data.newInput.join(", ") + "]", colour: PREDICTION_COLOUR, dash: "dashed" }],
      x: steps, y: { domain: [1e-5, 1.5], log: true, label: "value (log scale)" },
    });
    // The end dots sit at the plot's edge: leave them room.
    this.weightChart.margin.right = this.lossChart.margin.right = 20;
    plots.frame(root, { label: "Explorer: train the neuron in your browser", controls: [this.seed.node,
      this.iterations.node, this.rate.node], status: this.status, readout: this.readout,
      figures: [this.weightChart, this.lossChart] });
    this.weightChart.onResize(changed);
    this.lossChart.onResize(changed);
    this.update();
  }

  Explorer.prototype.update = function () {
    var seed = this.seed.get(), step = this.iterations.get(), rate = this.rate.get();
    var run = this.model.run(seed, rate);
    var m = this.model.nInputs, steps = this.steps;
    var stepsText = format.thousands(step) + (step === 1 ? " step" : " steps");
    var setting = "seed " + seed + ", learning rate " + rateText(rate);
    this.status.textContent = "After " + stepsText + " (" + setting + "):";
    if (run.diverged) {
      this.status.textContent += " training diverged: the weights overflowed float64.";
    }
    for (var j = 0; j < m; j++) this.readout.set("w" + (j + 1), fixed8(run.weights[step * m + j]));
    this.readout.set("prediction", fixed8(run.prediction[step]));
    this.readout.set("loss", lossText(run.loss[step]));

    // Weights: the axes fit the whole run, so they stay put while the iterations slider moves.
    var span = Math.max(run.high - run.low, 1e-9);
    this.weightChart.domain("y", [run.low - 0.05 * span, run.high + 0.05 * span]);
    for (j = 0; j < m; j++) {
      var offset = j;
      this.weightChart.line("w" + j, { count: step + 1, x: function (k) { return k; },
        y: (function (o) { return function (k) { return run.weights[k * m + o]; }; })(offset) }, this.weightStyles[j]);
      this.weightChart.points("end" + j, [[step, run.weights[step * m + j]]], { colour: this.weightStyles[j].colour });
    }
    var lowest = Math.min(1e-5, Math.pow(10, Math.floor(Math.log10(run.lowestLoss))));
    this.lossChart.domain("y", [lowest, 1.5]);
    this.lossChart.line("loss", { count: step + 1, x: function (k) { return k; }, y: function (k) { return run.loss[k]; } },
                        { colour: LOSS_COLOUR });
    this.lossChart.line("prediction", { count: step + 1, x: function (k) { return k; },
                                        y: function (k) { return run.prediction[k]; } },
                        { colour: PREDICTION_COLOUR, dash: "7 4" });
    this.lossChart.points("ends", [[step, run.loss[step]]], { colour: LOSS_COLOUR });
    this.lossChart.points("ends-prediction", [[step, run.prediction[step]]], { colour: PREDICTION_COLOUR });

    // The plots' text alternative: what they show, in words and numbers.
    var moves = [];
    for (j = 0; j < m; j++) {
      moves.push(weightName(j) + " from " + format.fixed(run.weights[j], 2) + " to " +
                 format.fixed(run.weights[step * m + j], 2));
    }
    this.weightChart.describe("Line chart of the " + m + " weights against the training step, from step 0 to " +
      format.thousands(step) + " of " + format.thousands(steps) + " (" + setting + ")",
      "The weights move as follows: " + moves.join("; ") + ".");
    this.lossChart.describe("Line chart, log scale, of the mean squared error and the prediction for [" +
      this.model.data.newInput.join(", ") + "] against the training step, from step 0 to " + format.thousands(step) +
      " (" + setting + ")",
      "The mean squared error goes from " + lossText(run.loss[0]) + " to " + lossText(run.loss[step]) +
      "; the prediction from " + format.fixed(run.prediction[0], 4) + " to " + format.fixed(run.prediction[step], 4) + ".");
  };

  function start(root, data) {
    if (!window.oneNeuronExplorer) {
      var model = new Model(data);
      window.oneNeuronExplorer = {
        data: data,
        model: model,
        instances: [],
        /* The cached run of (seed, learningRate): {weights, loss, prediction} as Float64Arrays. */
        run: function (seed, learningRate) { return model.run(seed, learningRate); },
        format: { fixed8: fixed8, loss: lossText },
      };
    }
    var instance = new Explorer(root, window.oneNeuronExplorer.model);
    window.oneNeuronExplorer.instances.push(instance);
    return instance;
  }

  plots.register("convergence", start);
})();
