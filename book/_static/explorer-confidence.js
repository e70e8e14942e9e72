/* One Neuron: the kernel-free confidence explorer of the rendered reliability chapter.
 *
 * A slider picks c from 0 to 6; the neuron starts confidently wrong at
 * w = c · (−2, 0, 1) and is trained twice for 5,000 steps with learning rate
 * 1: on the squared error (the delta rule) and on the cross-entropy. One
 * log-log plot shows the mean squared error of both runs; the readout gives
 * the start, each run's final mean squared error and its first step below
 * 0.01. In Jupyter the same div is empty and
 * nnlib.reliability_explorer.confidence_explorer() is the live explorer.
 *
 * The data (window.oneNeuronExplorerData.confidence) comes from
 * nnlib.reliability_explorer.confidence_data(): the slider's values, the
 * direction (−2, 0, 1), the number of steps and the examples. The start is
 * c times the direction. The arithmetic is nnlib's, in float64:
 *   squared error: as nnlib.train on floats, output = 1 / (1 + exp(−x · w)) and
 *     w_j += Σ_i x_ij · (t_i − o_i) o_i (1 − o_i), summed left to right;
 *   cross-entropy: as nnlib.reliability_explorer.train_cross_entropy, o = σ(x · w)
 *     with nnlib.sigmoid (exp only sees −|z|) and w_j += Σ_i x_ij · (t_i − o_i);
 *   the loss as nnlib.mean_squared_error: (Σ_i (t_i − σ(x_i · w))²) / n.
 * numpy may add the four terms of a matrix product in another order than left
 * to right; the tests check that the numbers agree to 1e-12, relative.
 * Each start is trained once and cached.
 */
(function () {
  "use strict";

  var plots = window.oneNeuronPlots;
  if (!plots) return; // d3 did not load: plots.js has said so in the page
  var format = plots.format;
  var LEARNING_RATE = 1; // both trainings, as in the chapter

  // ---- The model: nnlib's arithmetic, in float64 --------------------------------

  /* The weighted sums x_i · w, left to right. */
  function weightedSums(inputs, weights, out) {
    for (var i = 0; i < inputs.length; i++) {
      var z = 0;
      for (var j = 0; j < weights.length; j++) z += inputs[i][j] * weights[j];
      out[i] = z;
    }
    return out;
  }

  /* The mean squared error after each step 0..steps of nnlib.train from `start` (plots.neuron). */
  var squaredErrorLosses = plots.neuron.trainLosses;

  /* The mean squared error after each step 0..steps of train_cross_entropy from `start`: a Float64Array. */
  function crossEntropyLosses(inputs, targets, start, rate, steps) {
    var n = inputs.length, m = start.length;
    var i, j, k, sum;
    var scaled = [];
    for (j = 0; j < m; j++) scaled.push(inputs.map(function (row) { return rate * row[j]; }));
    var weights = start.slice(), deltas = new Float64Array(n), sums = new Float64Array(n);
    var losses = new Float64Array(steps + 1);
    for (k = 0; ; k++) {
      losses[k] = plots.neuron.meanSquaredError(inputs, targets, weights);
      if (k === steps) break;
      weightedSums(inputs, weights, sums);
      for (i = 0; i < n; i++) deltas[i] = targets[i] - plots.sigmoid(sums[i]); // t − o: no factor o(1 − o)
      for (j = 0; j < m; j++) {
        sum = scaled[j][0] * deltas[0];
        for (i = 1; i < n; i++) sum += scaled[j][i] * deltas[i];
        weights[j] = weights[j] + sum;
      }
    }
    return losses;
  }

  var stepsUntil = plots.neuron.firstStepBelow;

  // ---- Formatting: as nnlib.reliability_explorer writes the same numbers ---------

  /* confidence_text and the numbers of start_text: 0, 0.5, 4, −8 (never −0). */
  function valueText(v) { return format.general(v, 6); }

  /* loss_text: 3.20 × 10⁻⁵, and 0. */
  function lossText(loss) { return format.exponential(loss, 2); }

  /* steps_text: 1,234, or "not within 5,000". */
  function stepsText(step, steps) { return step === null ? "not within " + format.thousands(steps) : format.thousands(step); }

  // ---- The explorer -------------------------------------------------------------------

  function factory(root, data) {
    var steps = data.iterations;
    var colours = data.colours;
    var cache = new Map();

    function start(confidence) {
      return data.direction.map(function (w) { return confidence * w; });
    }

    function losses(confidence) {
      if (data.confidences.indexOf(confidence) < 0) throw new RangeError("the slider offers no c = " + confidence);
      var cached = cache.get(confidence);
      if (!cached) {
        var w = start(confidence);
        cached = {
          squared: squaredErrorLosses(data.inputs, data.targets, w, LEARNING_RATE, steps),
          cross: crossEntropyLosses(data.inputs, data.targets, w, LEARNING_RATE, steps),
        };
        cache.set(confidence, cached);
      }
      return cached;
    }

    function startText(confidence) { return "(" + start(confidence).map(valueText).join(", ") + ")"; }

    var direction = "(" + data.direction.map(valueText).join(", ") + ")";
    var slider = new plots.Slider({ label: "confidence c", values: data.confidences, value: data.defaultConfidence,
                                    format: valueText, onInput: function () { update(); } });
    var level = format.general(data.level, 6);
    var after = "mean squared error after " + format.thousands(steps) + " steps";
    var readout = new plots.Readout([
      { key: "start", name: "start w" },
      { key: "squaredLoss", name: "squared error: " + after },
      { key: "crossLoss", name: "cross-entropy: " + after },
      { key: "squaredBelow", name: "squared error: first step below " + level },
      { key: "crossBelow", name: "cross-entropy: first step below " + level },
    ]);
    var chart = new plots.Chart({
      title: "Start",
      legend: [
        { label: "trained on squared error", colour: colours.squared },
        { label: "trained on cross-entropy", colour: colours.cross, dash: "dashed" },
      ],
      height: 300,
      x: { domain: [1, steps], log: true, label: "training step (log scale)", ticks: [1, 10, 100, 1000] },
      y: { domain: [1e-9, 1.5], log: true, label: "mean squared error (log scale)", ticks: [1e-9, 1e-6, 1e-3, 1] },
    });
    var title = chart.node.querySelector(".one-neuron-explorer__title");
    plots.frame(root, {
      label: "Confidence explorer: squared error against cross-entropy from a confidently wrong start",
      controls: [slider.node],
      readout: readout,
      figures: [chart],
    });

    function curve(values) {
      return { count: steps, x: function (k) { return k + 1; }, y: function (k) { return values[k + 1]; } };
    }

    var current = null;

    function update() {
      var c = slider.get();
      var run = losses(c);
      var squaredBelow = stepsUntil(run.squared, data.level), crossBelow = stepsUntil(run.cross, data.level);
      current = { confidence: c, start: start(c), squaredFinal: run.squared[steps], crossFinal: run.cross[steps],
                  squaredBelow: squaredBelow, crossBelow: crossBelow };
      readout.set("start", startText(c));
      readout.set("squaredLoss", lossText(run.squared[steps]));
      readout.set("crossLoss", lossText(run.cross[steps]));
      readout.set("squaredBelow", stepsText(squaredBelow, steps));
      readout.set("crossBelow", stepsText(crossBelow, steps));
      title.textContent = "Start w = " + valueText(c) + " \u00b7 " + direction + " = " + startText(c);

      chart.line("squared", curve(run.squared), { colour: colours.squared, width: 2.5 });
      chart.line("cross", curve(run.cross), { colour: colours.cross, width: 2.5, dash: "7 4" });

      function story(name, values, below) {
        return "trained on " + name + ", the mean squared error goes from " + lossText(values[0]) + " to " +
          lossText(values[steps]) + (below === null ? " and does not fall below " + level :
          " and first falls below " + level + " at step " + format.thousands(below));
      }
      chart.describe(
        "Log-log line chart of the mean squared error against the training step, 1 to " + format.thousands(steps) +
          ", from the wrong start w = " + startText(c) + ", trained on the squared error and on the cross-entropy",
        "From w = " + startText(c) + ": " + story("squared error", run.squared, squaredBelow) + "; " +
          story("cross-entropy", run.cross, crossBelow) + ".");
    }

    chart.onResize(update);
    update();

    return {
      root: root,
      controls: [slider.input],
      update: update,
      chart: chart,
      /* Full-precision numbers for the tests: c, the start, both final losses and first steps below the level. */
      state: function () {
        var copy = {};
        Object.keys(current).forEach(function (key) { copy[key] = current[key]; });
        copy.start = current.start.slice();
        return copy;
      },
      /* Both runs' mean squared error after every step 0..iterations from c · direction (cached). */
      losses: losses,
    };
  }

  plots.register("confidence", factory);
})();
