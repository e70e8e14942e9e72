/* One Neuron: the kernel-free learning-rate explorer of the rendered reliability chapter.
 *
 * A slider picks a learning rate from 0.01 to 100, eight a decade; one log-log
 * plot shows seed 1's mean squared error over 20,000 steps at that rate, over
 * the chapter's sweep of five rates in grey; the readout gives the rate, the
 * mean squared error after 1,000 and 20,000 steps and the first step below
 * 0.001. In Jupyter the same div is empty and
 * nnlib.reliability_explorer.learning_rate_explorer() is the live explorer.
 *
 * The data (window.oneNeuronExplorerData["learning-rate"]) comes from
 * nnlib.reliability_explorer.learning_rate_data(): the slider's rates, made in
 * Python, the sweep, the examples and seed 1's starting weights, drawn by
 * nnlib.init_weights (numpy's generator is never re-implemented here). The
 * arithmetic is nnlib's, in float64 and in the same order:
 *   training as nnlib.train does it on floats, with the classic formula
 *     output = 1 / (1 + exp(−x · w)) and
 *     w_j += Σ_i (η x_ij) · (t_i − o_i) o_i (1 − o_i), summed left to right;
 *   the loss as nnlib.mean_squared_error, with nnlib.sigmoid (exp only sees −|z|):
 *     (Σ_i (t_i − σ(x_i · w))²) / n, summed left to right.
 * Each rate is trained once and cached.
 */
(function () {
  "use strict";

  var plots = window.oneNeuronPlots;
  if (!plots) return; // d3 did not load: plots.js has said so in the page
  var format = plots.format;

  // ---- The model: nnlib's arithmetic, in float64 --------------------------------

  /* The mean squared error after each step 0..steps of nnlib.train from `start` at `rate` (plots.neuron). */
  function trainLosses(inputs, targets, start, rate, steps) {
    var losses = new Float64Array(steps + 1);
    var weights = plots.neuron.train(inputs, targets, start, rate, steps, function (k, w) {
      losses[k] = plots.neuron.meanSquaredError(inputs, targets, w);
    });
    // As nnlib.train: weights that overflowed are an error, not a curve (the sigmoid's cap on a step rules it out here).
    if (!weights.every(isFinite)) throw new RangeError("training diverged at learning rate " + rate);
    return losses;
  }

  var stepsUntil = plots.neuron.firstStepBelow; // the chapter's steps_until

  // ---- Formatting: as nnlib.reliability_explorer writes the same numbers ---------

  /* rate_text: 3 significant digits, 0.0133, 1, 7.5, 100. */
  function rateText(rate) { return format.general(rate, 3); }

  /* loss_text: 3.20 × 10⁻⁵, and 0. */
  function lossText(loss) { return format.exponential(loss, 2); }

  /* steps_text: 1,234, or "not within 20,000". */
  function stepsText(step, steps) { return step === null ? "not within " + format.thousands(steps) : format.thousands(step); }

  // ---- The explorer -------------------------------------------------------------------

  function factory(root, data) {
    var steps = data.iterations;
    var readoutSteps = data.readoutSteps;
    var cache = new Map();

    function losses(rate) {
      if (data.learningRates.indexOf(rate) < 0) throw new RangeError("the slider offers no learning rate " + rate);
      var cached = cache.get(rate);
      if (!cached) {
        cached = trainLosses(data.inputs, data.targets, data.initialWeights, rate, steps);
        cache.set(rate, cached);
      }
      return cached;
    }

    var slider = new plots.Slider({ label: "learning rate", values: data.learningRates,
                                    value: data.defaultLearningRate, format: rateText,
                                    onInput: function () { update(); } });
    var level = format.general(data.level, 6);
    var rows = [{ key: "learningRate", name: "learning rate \u03b7" }];
    readoutSteps.forEach(function (step) {
      rows.push({ key: "loss" + step, name: "mean squared error after " + format.thousands(step) + " steps" });
    });
    rows.push({ key: "firstBelow", name: "first step below " + level });
    var readout = new plots.Readout(rows);
    var sweepNames = data.sweepRates.map(rateText);
    var chart = new plots.Chart({
      title: "Seed 1's mean squared error",
      legend: [
        { label: "the chosen learning rate", colour: data.colours.rate },
        { label: "the table's five rates (\u03b7 at the right)", colour: data.colours.sweep },
      ],
      height: 300,
      margin: { right: 40 },
      x: { domain: [1, steps], log: true, label: "training step (log scale)", ticks: [1, 10, 100, 1000, 10000] },
      y: { domain: [1e-12, 1], log: true, label: "mean squared error (log scale)",
           ticks: [1e-12, 1e-9, 1e-6, 1e-3, 1] },
    });
    var title = chart.node.querySelector(".one-neuron-explorer__title");
    plots.frame(root, {
      label: "Learning-rate explorer: seed 1's training at a chosen learning rate",
      controls: [slider.node],
      readout: readout,
      figures: [chart],
    });

    function curve(values) {
      // Steps 1..steps: step 0 cannot sit on a log axis.
      return { count: steps, x: function (k) { return k + 1; }, y: function (k) { return values[k + 1]; } };
    }

    var sweepWidth = -1;

    function drawSweep() {
      data.sweepRates.forEach(function (rate, s) {
        var values = losses(rate);
        chart.line("sweep" + s, curve(values), { colour: data.colours.sweep, width: 1.5 });
        chart.text("sweepName" + s, steps, values[steps], sweepNames[s],
                   { colour: "currentColor", anchor: "start", dx: 5, dy: 4 });
      });
      sweepWidth = chart.width;
    }

    var current = null;

    function update() {
      var rate = slider.get();
      var values = losses(rate);
      var below = stepsUntil(values, data.level);
      current = { learningRate: rate, firstBelow: below, losses: {} };
      readout.set("learningRate", rateText(rate));
      readoutSteps.forEach(function (step) {
        current.losses[step] = values[step];
        readout.set("loss" + step, lossText(values[step]));
      });
      readout.set("firstBelow", stepsText(below, steps));
      title.textContent = "Seed 1's mean squared error at learning rate \u03b7 = " + rateText(rate);

      if (chart.width !== sweepWidth) drawSweep(); // the first time, and after a resize
      chart.line("rate", curve(values), { colour: data.colours.rate, width: 2.5 });

      var ends = data.sweepRates.map(function (r, s) {
        return lossText(losses(r)[steps]) + " (\u03b7 = " + sweepNames[s] + ")";
      });
      var after = readoutSteps.map(function (step) {
        return lossText(values[step]) + " after " + format.thousands(step) + " steps";
      });
      chart.describe(
        "Log-log line chart of seed 1's mean squared error against the training step, 1 to " +
          format.thousands(steps) + ", at learning rate \u03b7 = " + rateText(rate) +
          ", over the table's five rates in grey",
        "At \u03b7 = " + rateText(rate) + " the mean squared error is " + lossText(values[1]) + " after 1 step, " +
          after.join(" and ") + "; " + (below === null ? "it does not fall below " + level + " within " +
          format.thousands(steps) + " steps." : "it first falls below " + level + " at step " +
          format.thousands(below) + ".") + " The grey curves end at " + ends.join(", ") + ".");
    }

    chart.onResize(update);
    update();

    return {
      root: root,
      controls: [slider.input],
      update: update,
      chart: chart,
      /* Full-precision numbers for the tests: the rate shown, its losses at the readout's steps, the first step below the level. */
      state: function () {
        var copy = { learningRate: current.learningRate, firstBelow: current.firstBelow, losses: {} };
        Object.keys(current.losses).forEach(function (step) { copy.losses[step] = current.losses[step]; });
        return copy;
      },
      /* The mean squared error after every step 0..iterations at `rate`, one the slider offers (cached). */
      losses: losses,
    };
  }

  plots.register("learning-rate", factory);
})();
