"""The reliability chapter's two kernel-free explorers, learning-rate and confidence, driven as a reader drives them.

The sliders are moved through their range inputs (a new value and an input
event) or from the keyboard. The page's losses are compared with nnlib's at
every step, for every value the sliders offer: within 1e-12, relative to
nnlib's number, with a floor of 1e-300 under the divisor as in
test_browser_explorer.py (a loss that underflowed towards 0 is then compared
absolutely). The readouts must be the text that nnlib.reliability_explorer's
formatting gives nnlib's numbers. No test times anything (benchmarks/ does).
"""

import base64

import numpy as np
import pytest

import nnlib
from browser_support import DESKTOP, PHONE, Visit, new_context, open_page, reach_explorer
from nnlib import reliability_explorer as rx

PAGE = "notebooks/06_reliability.html"
RELATIVE = 1e-12
FLOOR = 1e-300
INPUTS, TARGETS = nnlib.TRAINING_INPUTS, nnlib.TRAINING_OUTPUTS
KINDS = ("learning-rate", "confidence")

# Move the slider of explorer `kind` to position `position`, as a reader does; return the instance's state.
MOVE = """([kind, position]) => {
  const instance = window.oneNeuronExplorers[kind].instances[0];
  const input = instance.controls[0];
  input.value = String(position);
  input.dispatchEvent(new Event("input", { bubbles: true }));
  return instance.state();
}"""

# The readout of explorer `kind`: {quantity: text}.
READ = """(kind) => Object.fromEntries(Array.from(
  document.querySelectorAll(`.one-neuron-explorer[data-explorer="${kind}"] [data-quantity]`),
  (node) => [node.dataset.quantity, node.textContent]))"""

# What the explorer draws and says: its SVG paths, its title and its text alternative.
DRAWN = """(kind) => {
  const root = document.querySelector(`.one-neuron-explorer[data-explorer="${kind}"]`);
  const svg = root.querySelector("svg[role=img]");
  return {
    paths: Array.from(root.querySelectorAll("svg path"), (p) => p.getAttribute("d")).join("|"),
    title: root.querySelector(".one-neuron-explorer__title").textContent,
    label: svg.getAttribute("aria-label"),
    description: document.getElementById(svg.getAttribute("aria-describedby")).textContent,
  };
}"""

# The page's losses for these slider values, packed as float64: for learning-rate one curve per rate,
# for confidence two per c (squared error, then cross-entropy), each of every step 0..iterations.
PACK = """([kind, values]) => {
  const instance = window.oneNeuronExplorers[kind].instances[0];
  const curves = [];
  for (const v of values) {
    const run = instance.losses(v);
    if (kind === "learning-rate") curves.push(run); else curves.push(run.squared, run.cross);
  }
  const out = new Float64Array(curves.reduce((n, c) => n + c.length, 0));
  let n = 0;
  for (const c of curves) { out.set(c, n); n += c.length; }
  const bytes = new Uint8Array(out.buffer);
  let text = "";
  for (let i = 0; i < bytes.length; i += 0x8000) text += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
  return btoa(text);
}"""


@pytest.fixture(scope="module")
def explorers(browser, site, cdn_copies):
    """The reliability chapter at desktop width; yields (page, visit)."""
    visit = Visit()
    context = new_context(browser, site, cdn_copies, visit.refused_requests.append, DESKTOP)
    page = open_page(context, site.base_url + PAGE, visit)
    for kind in KINDS:
        count = page.locator(f'.one-neuron-explorer[data-explorer="{kind}"]').count()
        if count != 1:
            context.close()
            pytest.fail(f'{PAGE} must hold one <div class="one-neuron-explorer" data-explorer="{kind}"></div>, '
                        f"found {count}", pytrace=False)
        reach_explorer(page, kind)
    yield page, visit
    context.close()


def assert_no_errors(visit):
    assert visit.page_errors == [] and visit.console_errors == [], (visit.page_errors, visit.console_errors)
    assert visit.refused_requests == [] and visit.failed_requests == []


def page_curves(page, kind, values, length):
    packed = np.frombuffer(base64.b64decode(page.evaluate(PACK, [kind, list(values)])), dtype=np.float64)
    return packed.reshape(-1, length)


def deviation(shown, expected):
    return float(np.max(np.abs(shown - expected) / np.maximum(np.abs(expected), FLOOR)))


def first_below(loss, level):
    below = np.flatnonzero(loss < level)
    return int(below[0]) if below.size else None


def nnlib_rate_losses(rate):
    return nnlib.train(INPUTS, TARGETS, rx.RATE_ITERATIONS, seed=rx.RATE_SEED, learning_rate=rate).loss


def nnlib_confidence_losses(confidence):
    start = confidence * np.array(rx.WRONG_DIRECTION)[:, np.newaxis]
    squared = nnlib.train(INPUTS, TARGETS, rx.CONFIDENCE_ITERATIONS, weights=start).loss
    cross = nnlib.mean_squared_error(INPUTS, TARGETS, rx.train_cross_entropy(start, rx.CONFIDENCE_ITERATIONS))
    return squared, cross


def test_both_explorers_start_with_the_python_defaults(explorers):
    page, visit = explorers
    rate = page.evaluate("() => window.oneNeuronExplorers['learning-rate'].instances[0].state()")
    assert rate["learningRate"] == rx.DEFAULT_LEARNING_RATE
    confidence = page.evaluate("() => window.oneNeuronExplorers.confidence.instances[0].state()")
    assert confidence["confidence"] == rx.DEFAULT_CONFIDENCE and confidence["start"] == [-8, 0, 4]
    assert_no_errors(visit)


@pytest.mark.parametrize("kind, values, text", [("learning-rate", rx.LEARNING_RATES, rx.rate_text),
                                                ("confidence", rx.CONFIDENCES, rx.confidence_text)])
def test_the_slider_offers_exactly_the_python_values(explorers, kind, values, text):
    page, visit = explorers
    slider = page.locator(f'.one-neuron-explorer[data-explorer="{kind}"] input[type=range]')
    assert slider.count() == 1
    assert int(slider.get_attribute("max")) - int(slider.get_attribute("min")) == len(values) - 1
    key = "learningRate" if kind == "learning-rate" else "confidence"
    for position, value in enumerate(values):
        assert page.evaluate(MOVE, [kind, position])[key] == value  # the same float, not a near one
        assert slider.get_attribute("aria-valuetext") == text(value)
    assert_no_errors(visit)


def test_learning_rate_losses_agree_with_nnlib_at_every_rate_and_step(explorers, record_property):
    page, visit = explorers
    shown = page_curves(page, "learning-rate", rx.LEARNING_RATES, rx.RATE_ITERATIONS + 1)
    worst = {rate: deviation(curve, nnlib_rate_losses(rate)) for rate, curve in zip(rx.LEARNING_RATES, shown)}
    record_property("max_deviation_learning_rate", max(worst.values()))
    print(f"\nlearning-rate explorer vs nnlib.train, {len(worst)} rates x {rx.RATE_ITERATIONS + 1} steps: "
          f"max relative deviation {max(worst.values()):.2e}")
    assert max(worst.values()) <= RELATIVE, {rate: d for rate, d in worst.items() if d > RELATIVE}
    assert_no_errors(visit)


def test_confidence_losses_agree_with_nnlib_at_every_c_and_step(explorers, record_property):
    page, visit = explorers
    shown = page_curves(page, "confidence", rx.CONFIDENCES, rx.CONFIDENCE_ITERATIONS + 1)
    worst = {}
    for index, confidence in enumerate(rx.CONFIDENCES):
        squared, cross = nnlib_confidence_losses(confidence)
        worst[confidence] = (deviation(shown[2 * index], squared), deviation(shown[2 * index + 1], cross))
    largest = max(max(pair) for pair in worst.values())
    record_property("max_deviation_confidence", largest)
    print(f"\nconfidence explorer vs nnlib, {len(worst)} starts x 2 losses x {rx.CONFIDENCE_ITERATIONS + 1} steps: "
          f"max relative deviation {largest:.2e}")
    assert largest <= RELATIVE, worst
    assert_no_errors(visit)


@pytest.mark.parametrize("position", [0, 1, 16, 23, 30, 32])
def test_the_learning_rate_readout_is_pythons_text_of_nnlibs_numbers(explorers, position):
    page, visit = explorers
    rate = rx.LEARNING_RATES[position]
    state = page.evaluate(MOVE, ["learning-rate", position])
    loss = nnlib_rate_losses(rate)
    for step in rx.RATE_READOUT_STEPS:
        shown = state["losses"][str(step)]
        assert abs(shown - loss[step]) <= RELATIVE * abs(loss[step]), (rate, step)
    below = first_below(loss, rx.RATE_LEVEL)
    assert state["firstBelow"] == below
    expected = {"learningRate": rx.rate_text(rate), "firstBelow": rx.steps_text(below, rx.RATE_ITERATIONS)}
    expected.update({f"loss{step}": rx.loss_text(loss[step]) for step in rx.RATE_READOUT_STEPS})
    assert page.evaluate(READ, "learning-rate") == expected
    assert "-" not in "".join(expected.values())  # exponents with a superscript minus, ⁻
    assert_no_errors(visit)


@pytest.mark.parametrize("confidence", [0.0, 0.5, 4.0, 4.5, 6.0])
def test_the_confidence_readout_is_pythons_text_of_nnlibs_numbers(explorers, confidence):
    page, visit = explorers
    state = page.evaluate(MOVE, ["confidence", rx.CONFIDENCES.index(confidence)])
    squared, cross = nnlib_confidence_losses(confidence)
    assert state["confidence"] == confidence
    assert state["start"] == (confidence * np.array(rx.WRONG_DIRECTION)).tolist()
    for name, loss in (("squared", squared), ("cross", cross)):
        assert abs(state[f"{name}Final"] - loss[-1]) <= RELATIVE * abs(loss[-1]), name
        assert state[f"{name}Below"] == first_below(loss, rx.CONFIDENCE_LEVEL), name
    iterations = rx.CONFIDENCE_ITERATIONS
    assert page.evaluate(READ, "confidence") == {
        "start": rx.start_text(confidence),
        "squaredLoss": rx.loss_text(squared[-1]),
        "crossLoss": rx.loss_text(cross[-1]),
        "squaredBelow": rx.steps_text(first_below(squared, rx.CONFIDENCE_LEVEL), iterations),
        "crossBelow": rx.steps_text(first_below(cross, rx.CONFIDENCE_LEVEL), iterations),
    }
    assert_no_errors(visit)


@pytest.mark.parametrize("kind, positions", [("learning-rate", [16, 0, 32, 20]), ("confidence", [8, 0, 12, 3])])
def test_the_figure_and_its_text_alternative_follow_the_slider(explorers, kind, positions):
    page, visit = explorers
    page.evaluate(MOVE, [kind, positions[0]])
    before = page.evaluate(DRAWN, kind)
    assert before["paths"] and len(before["label"]) > 40 and len(before["description"]) > 40
    for position in positions[1:]:
        page.evaluate(MOVE, [kind, position])
        after = page.evaluate(DRAWN, kind)
        for part in ("paths", "title", "label", "description"):
            assert after[part] != before[part], (kind, position, part)
        before = after
    assert_no_errors(visit)


@pytest.mark.parametrize("kind", KINDS)
def test_the_slider_is_labelled_and_moves_from_the_keyboard(explorers, kind):
    page, visit = explorers
    slider = page.locator(f'.one-neuron-explorer[data-explorer="{kind}"] input[type=range]')
    assert slider.count() == 1
    name = slider.get_attribute("aria-label")
    assert name and page.locator(f'label[for="{slider.get_attribute("id")}"]').count() == 1
    page.evaluate(MOVE, [kind, 0])
    before = page.evaluate(DRAWN, kind)
    slider.focus()
    page.keyboard.press("ArrowRight")
    assert slider.input_value() == "1"
    after = page.evaluate(DRAWN, kind)
    assert after["paths"] != before["paths"] and after["description"] != before["description"]
    assert_no_errors(visit)


@pytest.mark.parametrize("kind", KINDS)
def test_the_explorer_fits_a_phone(browser, site, cdn_copies, kind):
    visit = Visit()
    context = new_context(browser, site, cdn_copies, visit.refused_requests.append, PHONE, True)
    try:
        page = open_page(context, site.base_url + PAGE, visit)
        root = page.locator(f'.one-neuron-explorer[data-explorer="{kind}"]')
        assert root.count() == 1
        reach_explorer(page, kind)
        assert root.evaluate("(r) => r.scrollWidth <= r.clientWidth && r.querySelector('svg').getBoundingClientRect().width > 0")
        box = root.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], box
        assert_no_errors(visit)
    finally:
        context.close()
