/* One Neuron: the kernel-free explorer of chapter 1, the weights tuned by hand.
 *
 * Three sliders set the weights w₁, w₂, w₃. One plot shows, for each training
 * example, its target (a hollow square) and the neuron's output (a dot), joined
 * by the error, and the output for the new example [1, 0, 0]; the readout gives
 * the five outputs and the mean squared error, and the status says whether the
 * error is below the chapter's goal. In Jupyter the same div is empty and
 * nnlib.weights_explorer.weights_explorer() is the live explorer; this file is
 * its stand-in where there is no kernel.
 *
 * The data (window.oneNeuronExplorerData.weights) comes from
 * nnlib.weights_explorer.book_data(): the sliders' values and default, the
 * examples, their targets and the goal. The arithmetic is nnlib's, in float64:
 * each output is the sigmoid (oneNeuronPlots.sigmoid, as nnlib.sigmoid) of the
 * weighted sum added left to right; the mean squared error is
 * oneNeuronPlots.neuron.meanSquaredError, as nnlib.mean_squared_error.
 */
(function () {
  "use strict";

  var plots = window.oneNeuronPlots;
  if (!plots) return; // d3 did not load: the loader has said so in the page
  var format = plots.format;
  var SUBSCRIPTS = ["\u2081", "\u2082", "\u2083"];
  var NAMES = ["1", "2", "3", "4", "new"];

  /* A slider value as the sliders show it: 0.5, −1.5, 0 (Python's format "g"). */
  function valueText(v) { return format.general(v, 6); }

  function listText(values) { return "[" + values.map(valueText).join(", ") + "]"; }

  function factory(root, data) {
    var inputs = data.inputs, targets = data.targets, newInput = data.newInput;
    var colours = data.colours;
    var goal = data.targetError;

    function output(x, weights) {
      var z = x[0] * weights[0];
      for (var j = 1; j < x.length; j++) z += x[j] * weights[j];
      return plots.sigmoid(z);
    }

    var sliders = data.defaults.weights.map(function (w, j) {
      return new plots.Slider({ label: "w" + SUBSCRIPTS[j], values: data.weightValues, value: w,
                                format: valueText, onInput: function () { update(); } });
    });

    function currentWeights() { return sliders.map(function (s) { return s.get(); }); }

    var status = plots.element("p", { "class": "one-neuron-explorer__status" });
    var rows = targets.map(function (t, i) {
      return { key: "output" + (i + 1), name: "example " + NAMES[i] + ", t = " + valueText(t) };
    });
    rows.push({ key: "outputNew", name: "new " + listText(newInput) });
    rows.push({ key: "error", name: "mean squared error" });
    var readout = new plots.Readout(rows);
    // explorer.css asks for margin 0; the theme's dl[class]:not(...) { margin-bottom: 3rem } wins.
    readout.node.style.marginBottom = "0.5rem";
    var chart = new plots.Chart({
      title: "Each example's output beside its target",
      legend: [
        { label: "target", colour: "currentColor", marker: "square" },
        { label: "output", colour: colours.output, marker: "circle" },
        { label: "error: target \u2212 output", colour: colours.error },
        { label: "output for " + listText(newInput), colour: colours["new"], marker: "circle" },
      ],
      height: 260,
      x: { domain: [0.5, 5.5], label: "example", ticks: [1, 2, 3, 4, 5],
           format: function (v) { return NAMES[v - 1] || ""; } },
      y: { domain: [-0.05, 1.05], label: "output", ticks: [0, 0.5, 1],
           format: function (v) { return v === 0.5 ? "\u00bd" : valueText(v); } },
    });
    plots.frame(root, {
      label: "Weights explorer: the neuron's outputs for three weights chosen by hand",
      controls: sliders.map(function (s) { return s.node; }),
      status: status,
      readout: readout,
      figures: [chart],
    });

    // The target's swatch hollow, as the plot draws it (the legend fills every marker).
    var swatch = chart.node.querySelector(".one-neuron-explorer__swatch--marker");
    swatch.style.cssText += "background: transparent; border: 2px solid currentColor; box-sizing: border-box;";

    var current = null;

    function compute() {
      var weights = currentWeights();
      var outs = inputs.map(function (x) { return output(x, weights); });
      var error = plots.neuron.meanSquaredError(inputs, targets, weights);
      return { weights: weights, outputs: outs, newOutput: output(newInput, weights), error: error,
               below: error < goal };
    }

    function update() {
      var state = current = compute();
      var digits = data.outputDecimals;
      state.outputs.forEach(function (o, i) { readout.set("output" + (i + 1), format.fixed(o, digits)); });
      readout.set("outputNew", format.fixed(state.newOutput, digits));
      var errorText = format.fixed(state.error, data.errorDecimals);
      readout.set("error", errorText);
      status.textContent = "Mean squared error " + errorText + (state.below ?
        ": below " + valueText(goal) + ", goal reached." : ": not yet below " + valueText(goal) + ".");

      chart.segments("half", [[0.5, 0.5, 5.5, 0.5]], { colour: "currentColor", width: 1, dash: "2 3", opacity: 0.6 });
      chart.segments("errors", state.outputs.map(function (o, i) { return [i + 1, targets[i], i + 1, o]; }),
                     { colour: colours.error, width: 3 });
      chart.points("targets", targets.map(function (t, i) { return [i + 1, t]; }),
                   { shape: "square", radius: 6, fill: "none", stroke: "currentColor", strokeWidth: 2 });
      chart.points("outputs", state.outputs.map(function (o, i) { return [i + 1, o]; }),
                   { colour: colours.output, radius: 5.5 });
      chart.points("new", [[5, state.newOutput]], { colour: colours["new"], radius: 5.5 });

      var w = listText(state.weights);
      chart.describe("Outputs and targets for w = " + w,
        "Dot chart of the neuron's output for each example with the weights w = " + w + ". " +
        state.outputs.map(function (o, i) {
          return "Example " + NAMES[i] + ", target " + valueText(targets[i]) + ": output " + format.fixed(o, digits);
        }).join("; ") + ". New example " + listText(newInput) + ": output " + format.fixed(state.newOutput, digits) +
        ". " + status.textContent);
    }

    chart.onResize(update);
    update();

    return {
      root: root,
      controls: sliders.map(function (s) { return s.input; }),
      update: update,
      chart: chart,
      /* Full-precision numbers for the tests: the weights, the four outputs, the new output, the error. */
      state: function () {
        return { weights: current.weights.slice(), outputs: current.outputs.slice(), newOutput: current.newOutput,
                 error: current.error, below: current.below };
      },
    };
  }

  plots.register("weights", factory);
})();
