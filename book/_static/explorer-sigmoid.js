/* One Neuron: the kernel-free explorer of the rendered sigmoid chapter.
 *
 * A slider picks the weighted sum z; or sliders pick one of the problem's
 * examples and the three weights, and z becomes its weighted sum. One
 * plot shows the sigmoid, its slope σ(z)(1 − σ(z)) and the tangent line at z;
 * the readout gives z, σ(z) and the slope to 8 decimals. In Jupyter the same
 * div is empty and nnlib.sigmoid_explorer.sigmoid_explorer() is the live
 * explorer; this file is its stand-in where there is no kernel.
 *
 * The data (window.oneNeuronExplorerData.sigmoid) comes from
 * nnlib.sigmoid_explorer.book_data(): the sliders' values and defaults and
 * the examples. The arithmetic is nnlib's, in float64: the sigmoid as
 * nnlib.sigmoid computes it (oneNeuronPlots.sigmoid: exp only ever sees
 * −|z|); the slope as nnlib.sigmoid_derivative does, σ(z) · σ(−z); and the
 * weighted sum as nnlib.sigmoid_explorer.weighted_sum does, left to right,
 * then taken to the z slider's value nearest to it.
 */
(function () {
  "use strict";

  var plots = window.oneNeuronPlots;
  if (!plots) return; // d3 did not load: plots.js has said so in the page
  var format = plots.format;
  var SUBSCRIPTS = ["\u2081", "\u2082", "\u2083", "\u2084", "\u2085", "\u2086", "\u2087", "\u2088", "\u2089"];
  var CURVE_POINTS = 801; // the curves never change: computed once, drawn again only when the plot is resized

  function sigmoid(z) { return plots.sigmoid(z); }

  /* nnlib.sigmoid_derivative: σ(z) · σ(−z), the same number as σ(z)(1 − σ(z)) without the cancellation. */
  function slopeAt(z) { return sigmoid(z) * sigmoid(-z); }

  /* A slider value as the sliders show it: 0.3, −1.5, 0 (Python's format "g"). */
  function valueText(v) { return format.general(v, 6); }

  function listText(values) { return "[" + values.map(valueText).join(", ") + "]"; }

  function factory(root, data) {
    var zValues = data.zValues;
    var examples = data.examples;
    var low = zValues[0], high = zValues[zValues.length - 1];
    var firstPosition = Math.round(low * 10);
    var colours = data.colours;

    function exampleText(index) {
      return examples[index].name + ": " + listText(examples[index].inputs);
    }

    /* nnlib.sigmoid_explorer.weighted_sum: left to right, then the z slider's value nearest to the sum. */
    function weightedSum(index, weights) {
      var inputs = examples[index].inputs, total = 0;
      for (var j = 0; j < inputs.length; j++) total += inputs[j] * weights[j];
      var value = zValues[Math.floor(total * 10 + 0.5) - firstPosition];
      if (value === undefined || Math.abs(value - total) > 1e-9) {
        throw new RangeError("the weighted sum " + total + " is not a value the z slider offers");
      }
      return value;
    }

    var zSlider = new plots.Slider({ label: "z", values: zValues, value: data.defaults.z, format: valueText,
                                     onInput: function () { update(); } });
    var exampleIndices = examples.map(function (_, i) { return i; });
    var defaultExample = examples.map(function (e) { return e.name; }).indexOf(data.defaults.example);
    var exampleSlider = new plots.Slider({ label: "example", values: exampleIndices, value: defaultExample,
                                           format: exampleText, onInput: fromWeights });
    var weightSliders = data.defaults.weights.map(function (w, j) {
      return new plots.Slider({ label: "w" + (SUBSCRIPTS[j] || "_" + (j + 1)), values: data.weightValues, value: w,
                                format: valueText, onInput: fromWeights });
    });

    function currentWeights() { return weightSliders.map(function (s) { return s.get(); }); }

    function fromWeights() {
      zSlider.set(weightedSum(exampleSlider.get(), currentWeights()));
      update();
    }

    // The example and the weights are a second way to set z: grouped, under their own heading.
    var heading = "Or set z to w\u2081x\u2081 + w\u2082x\u2082 + w\u2083x\u2083:";
    var inner = plots.element("div", {},
      [exampleSlider.node].concat(weightSliders.map(function (s) { return s.node; })));
    var group = plots.element("fieldset", { "class": "one-neuron-explorer__group" },
      [plots.element("legend", { text: heading }), inner]);
    // Until explorer.css has rules for a group: the z slider on its own row, the group below it, with the
    // example (the longest label) on a row of its own and the weights side by side.
    zSlider.node.style.gridColumn = "1 / -1";
    exampleSlider.node.style.gridColumn = "1 / -1";
    group.style.cssText = "grid-column: 1 / -1; margin: 0; min-width: 0; padding: 0.25rem 0.75rem 0.75rem;" +
      "border: 1px solid var(--pst-color-border, #ccc); border-radius: 0.35rem;";
    group.firstChild.style.cssText = "padding: 0 0.35rem; margin: 0; font-size: 0.95em; width: auto; float: none;";
    inner.style.cssText = "display: grid; gap: 0.75rem 1.5rem;" +
      "grid-template-columns: repeat(auto-fit, minmax(8.5rem, 1fr));";

    var status = plots.element("p", { "class": "one-neuron-explorer__status" });
    var readout = new plots.Readout([
      { key: "z", name: "z" },
      { key: "sigmoid", name: "\u03c3(z)" },
      { key: "slope", name: "slope \u03c3(z)(1 \u2212 \u03c3(z))" },
    ]);
    // explorer.css asks for margin 0 0 1rem; the theme's dl[class]:not(...) { margin-bottom: 3rem } wins.
    readout.node.style.marginBottom = "1rem";
    var chart = new plots.Chart({
      title: "The sigmoid, its slope and the tangent at z",
      legend: [
        { label: "\u03c3(z)", colour: colours.sigmoid },
        { label: "slope \u03c3(z)(1 \u2212 \u03c3(z))", colour: colours.slope, dash: "dashed" },
        { label: "tangent at z", colour: colours.tangent },
        { label: "(z, \u03c3(z))", colour: colours.tangent, marker: "circle" },
        { label: "slope at z", colour: colours.slope, marker: "circle" },
      ],
      height: 300,
      // Room above the plot for the line that spells out the example's weighted sum.
      margin: { top: 30 },
      x: { domain: [low, high], label: "weighted sum z", ticks: [-10, -5, 0, 5, 10] },
      y: { domain: [-0.05, 1.05], label: "output, and slope", ticks: [0, 0.25, 0.5, 0.75, 1] },
    });
    plots.frame(root, {
      label: "Sigmoid explorer: the sigmoid and its slope at a chosen z",
      controls: [zSlider.node, group],
      status: status,
      readout: readout,
      figures: [chart],
    });

    // The two curves, once.
    var curveZ = new Float64Array(CURVE_POINTS), curveSigmoid = new Float64Array(CURVE_POINTS);
    var curveSlope = new Float64Array(CURVE_POINTS);
    for (var k = 0; k < CURVE_POINTS; k++) {
      curveZ[k] = low + (high - low) * k / (CURVE_POINTS - 1);
      curveSigmoid[k] = sigmoid(curveZ[k]);
      curveSlope[k] = slopeAt(curveZ[k]);
    }
    var curvesWidth = -1;

    function drawCurves() {
      var at = function (k) { return curveZ[k]; };
      chart.line("sigmoid", { count: CURVE_POINTS, x: at, y: function (k) { return curveSigmoid[k]; } },
                 { colour: colours.sigmoid, width: 2.5 });
      chart.line("slope", { count: CURVE_POINTS, x: at, y: function (k) { return curveSlope[k]; } },
                 { colour: colours.slope, width: 2.5, dash: "7 4" });
      curvesWidth = chart.width;
    }

    var current = null;

    function compute() {
      var z = zSlider.get();
      var s = sigmoid(z), d = slopeAt(z);
      var weights = currentWeights();
      var example = exampleSlider.get();
      return { z: z, sigmoid: s, slope: d, tangentSlope: d, tangentIntercept: s - d * z, example: example,
               exampleName: examples[example].name, weights: weights, weightedSum: weightedSum(example, weights) };
    }

    function update() {
      var state = current = compute();
      var z = state.z, s = state.sigmoid, d = state.slope;
      readout.set("z", format.fixed(z, 8));
      readout.set("sigmoid", format.fixed(s, 8));
      readout.set("slope", format.fixed(d, 8));
      var linked = state.weightedSum === z;
      status.textContent = "Example " + exampleText(state.example) + " with w = " + listText(state.weights) +
        " gives the weighted sum " + valueText(state.weightedSum) +
        (linked ? ", the z shown." : "; z has been moved away from it.");
      // The weighted sum term by term, as the heading writes it (w1 x1 + w2 x2 + w3 x3): every weight and
      // input shows, even where the input is 0.
      var inputs = examples[state.example].inputs;
      var terms = inputs.map(function (x, j) {
        var w = state.weights[j];
        return (w < 0 ? "(" + valueText(w) + ")" : valueText(w)) + "\u00b7" + valueText(x);
      }).join(" + ") + " = " + valueText(state.weightedSum);
      // Short enough for a phone's plot: "z = 0.5·1 + 0·1 + (−1)·1 = −0.5", or "... = −0.5 ≠ z".
      var sum = linked ? "z = " + terms : terms + " \u2260 z";

      if (chart.width !== curvesWidth) drawCurves(); // the first time, and after a resize
      var b = state.tangentIntercept;
      chart.segments("tangent", [[low, d * low + b, high, d * high + b]], { colour: colours.tangent, width: 1.5 });
      chart.segments("guide", [[z, d, z, s]], { colour: "currentColor", width: 1, dash: "2 3", opacity: 0.6 });
      chart.points("slopePoint", [[z, d]], { colour: colours.slope, radius: 4.5 });
      chart.points("point", [[z, s]], { colour: colours.tangent, radius: 5 });
      // Above the plot, from the chart's left edge.
      chart.text("sum", low, 1.05, sum, { dx: 8 - chart.margin.left, dy: -11 });

      var at = "z = " + valueText(z);
      chart.describe("Plot of the sigmoid \u03c3(z) and its slope \u03c3(z)(1 \u2212 \u03c3(z)) for z from " +
        valueText(low) + " to " + valueText(high) + ", with the tangent line at " + at,
        "At " + at + " the sigmoid is " + format.fixed(s, 4) + " and its slope " + format.fixed(d, 4) +
        ", the height of the dashed slope curve there. The tangent line touches the sigmoid at (" + valueText(z) +
        ", " + format.fixed(s, 4) + ") and rises " + format.fixed(d, 4) + " for every unit of z. " +
        "The slope is largest, 0.25, at z = 0, and close to 0 far from it, where the sigmoid is nearly flat. " +
        "The weighted sum of example " + state.exampleName + " is " + terms + (linked ? ", the z shown." : ", not z."));
    }

    chart.onResize(update);
    update();

    return {
      root: root,
      controls: [zSlider.input, exampleSlider.input].concat(weightSliders.map(function (s) { return s.input; })),
      update: update,
      chart: chart,
      /* Full-precision numbers for the tests: z, sigmoid, slope, the tangent, the example, weights, weighted sum. */
      state: function () {
        var copy = {};
        Object.keys(current).forEach(function (key) { copy[key] = current[key]; });
        copy.weights = current.weights.slice();
        return copy;
      },
      /* The same arithmetic for any z, without touching the sliders. */
      at: function (z) { return { sigmoid: sigmoid(z), slope: slopeAt(z) }; },
    };
  }

  plots.register("sigmoid", factory);
})();
