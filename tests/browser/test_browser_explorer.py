"""The kernel-free explorer of the rendered training chapter, driven as a reader drives it.

The sliders are moved through their range inputs (a new value and an input
event). The numbers the page shows are checked against REFERENCE.md's figures
for the classic run and against nnlib for other settings; separately, every
seed, learning rate and iteration count the sliders offer is compared with
nnlib.train through the page's test hook. How long one update takes is
measured by benchmarks/bench.py, not here: no test times anything.
"""

import base64

import numpy as np
import pytest

import nnlib
from browser_support import DESKTOP, PHONE, SCREENSHOTS, Visit, new_context, open_page, reach_explorer
from nnlib import explorer as nnlib_explorer

EXPLORER_PAGE = "notebooks/04_training_loop.html"
# The readouts show 8 decimals; the page's full-precision numbers must agree with nnlib's to 1e-12, relative.
TOLERANCE = 1e-6
RELATIVE = 1e-12
QUANTITIES = ("w1", "w2", "w3", "prediction")

# Move one slider to the position whose announced value (aria-valuetext) is `value`, as a reader
# picks a value by its label; return the value the slider then announces.
MOVE = """([label, value]) => {
  const input = document.querySelector(`.one-neuron-explorer input[type=range][aria-label="${label}"]`);
  const start = Number(input.min), end = Number(input.max), step = Number(input.step);
  const announced = () => Number(input.getAttribute("aria-valuetext").replace(/,/g, ""));
  const positions = [];
  for (let p = start; p <= end; p += step) positions.push(p);
  // Evenly spaced sliders show their value; the others a position, so try each.
  const direct = positions.includes(Number(value)) ? [Number(value)] : [];
  for (const p of direct.concat(positions)) {
    input.value = String(p);
    input.dispatchEvent(new Event("input", { bubbles: true }));
    if (announced() === Number(value)) return announced();
  }
  throw new Error(`the ${label} slider offers no ${value}`);
}"""

READ = """() => Object.fromEntries(Array.from(
  document.querySelectorAll(".one-neuron-explorer [data-quantity]"), (node) => [node.dataset.quantity, node.textContent]))"""

# Every value a slider offers: each position in turn, read back from what it announces.
OFFERED = """(label) => {
  const input = document.querySelector(`.one-neuron-explorer input[type=range][aria-label="${label}"]`);
  const values = [];
  for (let p = Number(input.min); p <= Number(input.max); p += Number(input.step)) {
    input.value = String(p);
    input.dispatchEvent(new Event("input", { bubbles: true }));
    values.push(Number(input.getAttribute("aria-valuetext").replace(/,/g, "")));
  }
  return values;
}"""

# The page's runs for one learning rate and these seeds at these steps, packed as float64:
# per seed and step, the weights, the prediction for [1, 0, 0] and the mean squared error.
PACK = """([seeds, rate, steps]) => {
  const hook = window.oneNeuronExplorer;
  const m = hook.data.inputs[0].length;
  const out = new Float64Array(seeds.length * steps.length * (m + 2));
  let n = 0;
  for (const seed of seeds) {
    const run = hook.run(seed, rate);
    for (const k of steps) {
      for (let j = 0; j < m; j++) out[n++] = run.weights[k * m + j];
      out[n++] = run.prediction[k];
      out[n++] = run.loss[k];
    }
  }
  const bytes = new Uint8Array(out.buffer);
  let text = "";
  for (let i = 0; i < bytes.length; i += 0x8000) text += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
  return btoa(text);
}"""

# What each plot draws: the SVG paths of its data, one string per plot.
PLOT_PATHS = """() => Array.from(document.querySelectorAll(".one-neuron-explorer .one-neuron-explorer__svg"),
  (svg) => Array.from(svg.querySelectorAll("path"), (p) => p.getAttribute("d")).join("|"))"""


@pytest.fixture(scope="module")
def explorer(browser, site, cdn_copies):
    """The training chapter at desktop width, with its explorer built; yields (page, visit)."""
    visit = Visit()
    context = new_context(browser, site, cdn_copies, visit.refused_requests.append, DESKTOP)
    page = open_page(context, site.base_url + EXPLORER_PAGE, visit)
    count = page.locator(".one-neuron-explorer").count()
    if count == 0:
        context.close()
        pytest.fail(f'{EXPLORER_PAGE} has no <div class="one-neuron-explorer"></div>: the training chapter must '
                    "hold one in a markdown cell (see the contract in _ext/explorer_data.py)", pytrace=False)
    reach_explorer(page, "convergence")
    yield page, visit
    context.close()


def assert_no_errors(visit):
    assert visit.page_errors == [] and visit.console_errors == [], (visit.page_errors, visit.console_errors)
    assert visit.refused_requests == [] and visit.failed_requests == []


def move(page, seed, rate, iterations):
    page.evaluate(MOVE, ["seed", seed])
    page.evaluate(MOVE, ["learning rate", rate])
    page.evaluate(MOVE, ["iterations", iterations])
    return {name: shown_float(text) for name, text in page.evaluate(READ).items() if name in QUANTITIES}


def shown_float(text):
    """A number as the page shows it (true minus sign, "6.46 × 10⁻⁵") as a float."""
    superscripts = str.maketrans("⁻⁰¹²³⁴⁵⁶⁷⁸⁹", "-0123456789")
    text = text.replace("\u2212", "-")
    if " × 10" in text:
        mantissa, exponent = text.split(" × 10")
        return float(mantissa) * 10.0 ** int(exponent.translate(superscripts))
    return float(text)


def nnlib_numbers(seed, rate, iterations):
    result = nnlib.train(nnlib.TRAINING_INPUTS, nnlib.TRAINING_OUTPUTS, iterations, seed=seed, learning_rate=rate)
    weights = result.weights[:, 0]
    return {"w1": weights[0], "w2": weights[1], "w3": weights[2],
            "prediction": float(result.predict(nnlib.NEW_INPUT)[0]), "loss": result.loss[-1]}


def test_training_chapter_has_one_explorer(explorer):
    page, visit = explorer
    assert page.locator(".one-neuron-explorer").count() == 1
    assert_no_errors(visit)


def test_sliders_are_labelled_and_offer_nnlib_values(explorer):
    page, visit = explorer
    sliders = page.locator(".one-neuron-explorer input[type=range]")
    assert sorted(sliders.evaluate_all("(all) => all.map((s) => s.getAttribute('aria-label'))")) == [
        "iterations", "learning rate", "seed"]
    assert page.evaluate(OFFERED, "seed") == list(nnlib_explorer.SEEDS)
    assert page.evaluate(OFFERED, "iterations") == list(
        range(0, nnlib_explorer.MAX_ITERATIONS + 1, nnlib_explorer.ITERATION_STEP))
    assert page.evaluate(OFFERED, "learning rate") == list(nnlib_explorer.LEARNING_RATES)
    assert_no_errors(visit)


def test_classic_run_shows_the_reference_figures(explorer):
    """The defaults are the classic run; its numbers are REFERENCE.md's, which did not come from nnlib."""
    page, visit = explorer
    shown = move(page, nnlib_explorer.DEFAULT_SEED, nnlib_explorer.DEFAULT_LEARNING_RATE,
                 nnlib_explorer.DEFAULT_ITERATIONS)
    text = page.evaluate(READ)
    assert [text["w1"], text["w2"], text["w3"]] == ["9.67299303", "\u22120.20784350", "\u22124.62963669"]
    assert text["prediction"] == "0.99993704"
    assert text["loss"] == "6.46 \u00d7 10\u207b\u2075"
    reference = {  # REFERENCE.md, seed 1, learning rate 1
        0: [-0.16595599, 0.44064899, -0.99977125],
        10: [1.72057624, 0.23669265, -0.84074522],
        100: [4.62128737, -0.20338466, -2.09325311],
        1000: [7.26283009, -0.21614618, -3.41703015],
    }
    for iterations, weights in reference.items():
        shown = move(page, 1, 1.0, iterations)
        assert [shown["w1"], shown["w2"], shown["w3"]] == pytest.approx(weights, abs=1e-8)
    assert move(page, 1, 1.0, 0)["prediction"] == pytest.approx(0.45860596, abs=1e-8)
    assert_no_errors(visit)


SETTINGS = [(0, 0.1, 2500), (42, 10.0, 9990), (99, 3.0, 10), (7, 0.3, 5000), (1, 1.0, 10_000), (13, 10.0, 0),
            (64, 1.0, 770)]


def test_moving_the_sliders_updates_the_numbers_and_plots_to_agree_with_nnlib(explorer):
    page, visit = explorer
    before_numbers, before_pixels = page.evaluate(READ), page.evaluate(PLOT_PATHS)
    for seed, rate, iterations in SETTINGS:
        shown = move(page, seed, rate, iterations)
        numbers, pixels = page.evaluate(READ), page.evaluate(PLOT_PATHS)
        assert numbers != before_numbers, f"the numbers did not change for {seed, rate, iterations}"
        assert all(a != b for a, b in zip(pixels, before_pixels)), f"a plot did not change for {seed, rate, iterations}"
        expected = nnlib_numbers(seed, rate, iterations)
        for name in QUANTITIES:
            assert abs(shown[name] - expected[name]) <= TOLERANCE, (seed, rate, iterations, name)
        # The mean squared error is shown to 3 significant digits.
        assert shown_float(numbers["loss"]) == pytest.approx(expected["loss"], rel=5e-3)
        status = page.locator(".one-neuron-explorer__status").inner_text()
        assert f"seed {seed}," in status and f"{iterations:,} step" in status
        before_numbers, before_pixels = numbers, pixels
    assert_no_errors(visit)


def test_explorer_agrees_with_nnlib_for_every_slider_value(explorer, nnlib_reference, record_property):
    """Every seed, learning rate and iteration count the sliders offer: weights, prediction and loss within 1e-12,
    relative to the size of nnlib's number (or 1e-300 absolute for a loss that underflows towards 0)."""
    page, visit = explorer
    seeds = page.evaluate(OFFERED, "seed")
    rates = page.evaluate(OFFERED, "learning rate")
    steps = page.evaluate(OFFERED, "iterations")
    worst = {"weights": 0.0, "prediction": 0.0, "loss": 0.0}
    for rate in rates:
        packed = np.frombuffer(base64.b64decode(page.evaluate(PACK, [seeds, rate, steps])), dtype=np.float64)
        packed = packed.reshape(len(seeds), len(steps), 5)
        for s, seed in enumerate(seeds):
            weights, loss, prediction = nnlib_reference[(seed, rate)]
            for name, shown, expected in (("weights", packed[s, :, :3], weights[steps]),
                                          ("prediction", packed[s, :, 3], prediction[steps]),
                                          ("loss", packed[s, :, 4], loss[steps])):
                deviation = np.abs(shown - expected) / np.maximum(np.abs(expected), 1e-300)
                worst[name] = max(worst[name], float(np.max(deviation)))
    for name, value in worst.items():
        record_property(f"max_deviation_{name}", value)
    print(f"\nexplorer vs nnlib over {len(seeds)} seeds x {len(rates)} rates x {len(steps)} steps: max deviation {worst}")
    assert max(worst.values()) <= RELATIVE, worst
    assert_no_errors(visit)


def test_plots_have_text_alternatives_and_the_book_colours(explorer):
    page, visit = explorer
    plots = page.locator(".one-neuron-explorer svg[role=img]")
    assert plots.count() == 2
    for i in range(2):
        plot = plots.nth(i)
        assert len(plot.get_attribute("aria-label")) > 40
        description = page.locator("#" + plot.get_attribute("aria-describedby"))
        assert len(description.text_content()) > 20
    swatches = page.locator(".one-neuron-explorer__figure").first.locator(".one-neuron-explorer__swatch")
    colours = swatches.evaluate_all("(all) => all.map((s) => getComputedStyle(s).borderTopColor)")
    expected = [f"rgb({int(c[1:3], 16)}, {int(c[3:5], 16)}, {int(c[5:7], 16)})" for c in nnlib_explorer.WEIGHT_COLOURS]
    assert colours == expected
    assert_no_errors(visit)


@pytest.mark.parametrize("width_name, viewport, mobile", [("desktop", DESKTOP, False), ("phone", PHONE, True)])
def test_explorer_screenshots(browser, site, cdn_copies, width_name, viewport, mobile):
    """Screenshots of the explorer alone, for review; and it fits the width."""
    visit = Visit()
    context = new_context(browser, site, cdn_copies, visit.refused_requests.append, viewport, mobile)
    try:
        page = open_page(context, site.base_url + EXPLORER_PAGE, visit)
        root = reach_explorer(page, "convergence")
        box = root.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= viewport["width"], box
        SCREENSHOTS.mkdir(exist_ok=True)
        # The theme's sticky headers would cover the top of a tall element: hide them for this picture.
        root.screenshot(path=str(SCREENSHOTS / f"explorer--{width_name}.png"),
                        style=".bd-header, .bd-header-article, .header-article, .skip-link { visibility: hidden !important; }")
        assert_no_errors(visit)
    finally:
        context.close()
