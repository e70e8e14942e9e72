"""The kernel-free explorer of chapter 1 (the weights tuned by hand), driven as a reader drives it.

A slider moves when its range input gets a new position and an input event,
or a key press. The numbers the page shows (the readout's texts and the
status) and the full-precision ones of the test hook (``instance.state()``)
are compared with nnlib for many slider positions; the goal's sentence with
the error against ``TARGET_ERROR``. No test times anything.
"""

import importlib
import itertools

import numpy as np
import pytest

import nnlib
from browser_support import DESKTOP, PHONE, Visit, new_context, open_page, reach_explorer
from nnlib.text import number

module = importlib.import_module("nnlib.weights_explorer")

PAGE = "notebooks/01_problem.html"
ROOT = '.one-neuron-explorer[data-explorer="weights"]'
RELATIVE = 1e-12
LABELS = ("w₁", "w₂", "w₃")
OUTPUT_KEYS = ("output1", "output2", "output3", "output4", "outputNew")

READY = """async () => {
  for (let i = 0; i < 200; i++) {
    const entry = window.oneNeuronExplorers && window.oneNeuronExplorers.weights;
    if (entry && entry.instances.length) return entry.instances.length;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return 0;
}"""

SNAPSHOT = """() => {
  const instance = window.oneNeuronExplorers.weights.instances[0];
  const root = instance.root;
  const svg = root.querySelector("svg");
  return {
    state: instance.state(),
    readout: Object.fromEntries(Array.from(root.querySelectorAll("[data-quantity]"),
                                           (node) => [node.dataset.quantity, node.textContent])),
    status: root.querySelector(".one-neuron-explorer__status").textContent,
    live: root.querySelector("[aria-live]") !== null &&
          root.querySelector("[aria-live]").contains(root.querySelector(".one-neuron-explorer__status")),
    announced: Object.fromEntries(instance.controls.map((input) => [input.getAttribute("aria-label"),
                                                                     input.getAttribute("aria-valuetext")])),
    label: svg.getAttribute("aria-label"),
    description: document.getElementById(svg.getAttribute("aria-describedby")).textContent,
  };
}"""

MOVE = """([label, position]) => {
  const instance = window.oneNeuronExplorers.weights.instances[0];
  const input = instance.controls.find((c) => c.getAttribute("aria-label") === label);
  if (!input) throw new Error("no control labelled " + label);
  input.value = String(position);
  input.dispatchEvent(new Event("input", { bubbles: true }));
}"""


def assert_no_errors(visit):
    assert visit.page_errors == [] and visit.console_errors == [], (visit.page_errors, visit.console_errors)
    assert visit.refused_requests == [] and visit.failed_requests == []


def open_explorer(browser, site, cdn_copies, viewport, mobile=False):
    visit = Visit()
    context = new_context(browser, site, cdn_copies, visit.refused_requests.append, viewport, mobile)
    page = open_page(context, site.base_url + PAGE, visit)
    assert page.locator(ROOT).count() == 1, f"{PAGE} has no {ROOT}"
    reach_explorer(page, "weights")
    assert page.evaluate(READY) == 1, "the weights explorer did not start"
    return context, page, visit


@pytest.fixture(scope="module")
def explorer(browser, site, cdn_copies):
    context, page, visit = open_explorer(browser, site, cdn_copies, DESKTOP)
    yield page, visit
    context.close()


@pytest.fixture
def page(explorer):
    page, visit = explorer
    for label, w in zip(LABELS, module.DEFAULT_WEIGHTS):
        page.evaluate(MOVE, [label, module.WEIGHT_VALUES.index(w)])
    yield page
    assert_no_errors(visit)


def set_weights(page, weights):
    for label, w in zip(LABELS, weights):
        page.evaluate(MOVE, [label, module.WEIGHT_VALUES.index(w)])
    return page.evaluate(SNAPSHOT)


def assert_agrees_with_nnlib(snapshot, weights):
    """The numbers the page shows, and its full-precision ones, against nnlib's."""
    column = np.array(weights)[:, np.newaxis]
    outputs = list(nnlib.predict(nnlib.TRAINING_INPUTS, column)[:, 0]) + [float(nnlib.predict(nnlib.NEW_INPUT,
                                                                                              column)[0])]
    error = nnlib.mean_squared_error(nnlib.TRAINING_INPUTS, nnlib.TRAINING_OUTPUTS, column)
    state = snapshot["state"]
    assert state["weights"] == list(weights)
    assert state["outputs"] == pytest.approx(outputs[:4], rel=RELATIVE)
    assert state["newOutput"] == pytest.approx(outputs[4], rel=RELATIVE)
    assert state["error"] == pytest.approx(error, rel=RELATIVE)
    for key, value in zip(OUTPUT_KEYS, outputs):
        assert snapshot["readout"][key] == number(value, f".{module.OUTPUT_DECIMALS}f"), (weights, key)
    assert snapshot["readout"]["error"] == number(error, f".{module.ERROR_DECIMALS}f"), weights
    assert snapshot["status"] == module.status_text(weights), weights
    assert snapshot["announced"] == {label: module.slider_text(w) for label, w in zip(LABELS, weights)}


def test_the_controls_are_labelled_sliders(page):
    controls = page.evaluate("""() => window.oneNeuronExplorers.weights.instances[0].controls.map((c) => ({
      tag: c.tagName, type: c.type, label: c.getAttribute("aria-label"),
      visible: Boolean(c.id && document.querySelector(`label[for="${c.id}"]`)),
      inside: c.closest('.one-neuron-explorer[data-explorer="weights"]') !== null }))""")
    assert [c["label"] for c in controls] == list(LABELS)
    assert all(c["tag"] == "INPUT" and c["type"] == "range" and c["visible"] and c["inside"] for c in controls)
    for label in LABELS:
        assert page.get_by_role("slider", name=label, exact=True).count() == 1, label


def test_it_opens_with_every_output_one_half(page):
    snapshot = page.evaluate(SNAPSHOT)
    # σ(0) = ½ for all five; each of the four squared errors is ¼: closed forms, not nnlib.
    assert snapshot["readout"] == {**{key: "0.5000" for key in OUTPUT_KEYS}, "error": "0.250000"}
    assert snapshot["state"]["error"] == 0.25
    assert snapshot["status"] == "Mean squared error 0.250000: not yet below 0.01."
    assert snapshot["live"], "the status is not in an aria-live region"


SETTINGS = [(1.0, 0.0, 0.0), (-2.5, 1.5, 0.5), (6.0, 0.0, -3.0), (10.0, -10.0, -5.0), (-10.0, 10.0, 10.0),
            (4.0, -0.5, -2.0), (9.5, -0.5, -4.5), (10.0, 10.0, 10.0), (-10.0, -10.0, -10.0)]


@pytest.mark.parametrize("weights", SETTINGS)
def test_the_page_shows_nnlibs_numbers(page, weights):
    snapshot = set_weights(page, weights)
    assert_agrees_with_nnlib(snapshot, weights)
    # The text alternative follows: the weights and every output it shows.
    assert module.slider_text(weights[0]) in snapshot["label"]
    assert snapshot["readout"]["outputNew"] in snapshot["description"]


def test_a_sweep_of_settings_agrees_with_nnlib(page):
    rng = np.random.default_rng(1)
    positions = rng.integers(0, len(module.WEIGHT_VALUES), size=(40, 3))
    for row in positions:
        weights = tuple(module.WEIGHT_VALUES[k] for k in row)
        assert_agrees_with_nnlib(set_weights(page, weights), weights)


def test_the_goal_can_be_reached_and_the_page_says_so(page):
    goal = number(module.TARGET_ERROR, "g")
    reached = set_weights(page, (6.0, 0.0, -3.0))
    assert reached["state"]["below"] and reached["status"].endswith(f"below {goal}, goal reached.")
    missed = set_weights(page, (4.0, 0.0, -2.0))
    assert not missed["state"]["below"] and missed["status"].endswith(f"not yet below {goal}.")
    # nnlib agrees on which side of the goal each is.
    assert module.error((6.0, 0.0, -3.0)) < module.TARGET_ERROR < module.error((4.0, 0.0, -2.0))


def test_the_sliders_work_from_the_keyboard(page):
    slider = page.get_by_role("slider", name="w₁", exact=True)
    slider.focus()
    page.keyboard.press("ArrowRight")
    snapshot = page.evaluate(SNAPSHOT)
    assert snapshot["state"]["weights"] == [0.5, 0, 0] and snapshot["announced"]["w₁"] == "0.5"
    assert_agrees_with_nnlib(snapshot, (0.5, 0.0, 0.0))
    page.get_by_role("slider", name="w₃", exact=True).focus()
    page.keyboard.press("ArrowLeft")
    assert_agrees_with_nnlib(page.evaluate(SNAPSHOT), (0.5, 0.0, -0.5))


def test_it_fits_a_phone(browser, site, cdn_copies):
    context, page, visit = open_explorer(browser, site, cdn_copies, PHONE, mobile=True)
    try:
        sizes = page.evaluate("""(selector) => {
          const root = document.querySelector(selector);
          const right = root.getBoundingClientRect().right;
          const widest = Math.max(...Array.from(root.querySelectorAll("*"), (n) => n.getBoundingClientRect().right));
          return { scroll: root.scrollWidth, client: root.clientWidth, right: right, widest: widest,
                   viewport: window.innerWidth };
        }""", ROOT)
        assert sizes["client"] > 200, sizes
        assert sizes["scroll"] <= sizes["client"], sizes
        assert sizes["right"] <= sizes["viewport"] and sizes["widest"] <= sizes["right"] + 0.5, sizes
        weights = (9.5, -0.5, -4.5)
        assert_agrees_with_nnlib(set_weights(page, weights), weights)
        assert_no_errors(visit)
    finally:
        context.close()
