"""The kernel-free explorer of the rendered sigmoid chapter, driven as a reader drives it.

A slider moves when its range input gets a new position and an input event,
or a key press. The page's numbers, both the full-precision ones of the test
hook (``instance.state()``) and the 8-decimal readout, are compared with
nnlib for every z the slider offers and for every example with weights that
include the extremes. No test times anything (``make bench`` does).
"""

import importlib

import pytest

import nnlib
from browser_support import DESKTOP, PHONE, Visit, new_context, open_page, reach_explorer
from nnlib.text import number

module = importlib.import_module("nnlib.sigmoid_explorer")

PAGE = "notebooks/02_sigmoid.html"
ROOT = '.one-neuron-explorer[data-explorer="sigmoid"]'
RELATIVE = 1e-12
LABELS = ("z", "example", "w₁", "w₂", "w₃")

# Resolve once the page's explorer is built; return how many instances there are.
READY = """async () => {
  for (let i = 0; i < 200; i++) {
    const entry = window.oneNeuronExplorers && window.oneNeuronExplorers.sigmoid;
    if (entry && entry.instances.length) return entry.instances.length;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return 0;
}"""

# Everything a test reads after a move: the hook's numbers, the readout's texts, the status, the
# sliders' announced values, the plot's paths and its text alternative.
SNAPSHOT = """() => {
  const instance = window.oneNeuronExplorers.sigmoid.instances[0];
  const root = instance.root;
  const keyed = instance.chart.keyed;
  const svg = root.querySelector("svg");
  return {
    state: instance.state(),
    readout: Object.fromEntries(Array.from(root.querySelectorAll("[data-quantity]"),
                                           (node) => [node.dataset.quantity, node.textContent])),
    status: root.querySelector(".one-neuron-explorer__status").textContent,
    announced: Object.fromEntries(instance.controls.map((input) => [input.getAttribute("aria-label"),
                                                                     input.getAttribute("aria-valuetext")])),
    paths: Object.fromEntries(Object.keys(keyed).map((key) => [key, keyed[key].getAttribute("d") ||
                                                                     keyed[key].textContent])),
    label: svg.getAttribute("aria-label"),
    description: document.getElementById(svg.getAttribute("aria-describedby")).textContent,
  };
}"""

# Move the slider labelled `label` to the position `position` (its value's index in the list it offers).
MOVE = """([label, position]) => {
  const instance = window.oneNeuronExplorers.sigmoid.instances[0];
  const input = instance.controls.find((c) => c.getAttribute("aria-label") === label);
  if (!input) throw new Error("no control labelled " + label);
  input.value = String(position);
  input.dispatchEvent(new Event("input", { bubbles: true }));
}"""

# Every position of the z slider in turn: the hook's numbers and the readout's texts at each.
SWEEP_Z = """() => {
  const instance = window.oneNeuronExplorers.sigmoid.instances[0];
  const input = instance.controls[0];
  const root = instance.root;
  const rows = [];
  for (let p = Number(input.min); p <= Number(input.max); p += Number(input.step)) {
    input.value = String(p);
    input.dispatchEvent(new Event("input", { bubbles: true }));
    const text = (key) => root.querySelector(`[data-quantity="${key}"]`).textContent;
    rows.push({ state: instance.state(), announced: input.getAttribute("aria-valuetext"),
                z: text("z"), sigmoid: text("sigmoid"), slope: text("slope") });
  }
  return rows;
}"""


def assert_no_errors(visit):
    assert visit.page_errors == [] and visit.console_errors == [], (visit.page_errors, visit.console_errors)
    assert visit.refused_requests == [] and visit.failed_requests == []


def open_explorer(browser, site, cdn_copies, viewport, mobile=False):
    visit = Visit()
    context = new_context(browser, site, cdn_copies, visit.refused_requests.append, viewport, mobile)
    page = open_page(context, site.base_url + PAGE, visit)
    assert page.locator(ROOT).count() == 1, f"{PAGE} has no {ROOT}"
    reach_explorer(page, "sigmoid")
    assert page.evaluate(READY) == 1, "the sigmoid explorer did not start"
    return context, page, visit


@pytest.fixture(scope="module")
def explorer(browser, site, cdn_copies):
    """The sigmoid chapter at desktop width, with its explorer built; yields (page, visit)."""
    context, page, visit = open_explorer(browser, site, cdn_copies, DESKTOP)
    yield page, visit
    context.close()


@pytest.fixture
def page(explorer):
    """The page with every slider back at its default; fails the test on any console or page error."""
    page, visit = explorer
    page.evaluate(MOVE, ["example", module.EXAMPLE_NAMES.index(module.DEFAULT_EXAMPLE)])
    for label, w in zip(LABELS[2:], module.DEFAULT_WEIGHTS):
        page.evaluate(MOVE, [label, module.WEIGHT_VALUES.index(w)])
    page.evaluate(MOVE, ["z", module.Z_VALUES.index(module.DEFAULT_Z)])
    yield page
    assert_no_errors(visit)


def move(page, label, value):
    values = {"z": module.Z_VALUES, "example": module.EXAMPLE_NAMES}.get(label, module.WEIGHT_VALUES)
    page.evaluate(MOVE, [label, values.index(value)])
    return page.evaluate(SNAPSHOT)


def assert_agrees_with_nnlib(state, z):
    """The hook's full-precision numbers against nnlib's, relative 1e-12."""
    assert state["z"] == z
    assert state["sigmoid"] == pytest.approx(float(nnlib.sigmoid(z)), rel=RELATIVE)
    assert state["slope"] == pytest.approx(float(nnlib.sigmoid_derivative(z)), rel=RELATIVE)


def test_the_controls_are_labelled_inputs(page):
    controls = page.evaluate("""() => window.oneNeuronExplorers.sigmoid.instances[0].controls.map((c) => ({
      tag: c.tagName, type: c.type, label: c.getAttribute("aria-label"),
      visible: Boolean(c.id && document.querySelector(`label[for="${c.id}"]`)),
      inside: c.closest('.one-neuron-explorer[data-explorer="sigmoid"]') !== null }))""")
    assert [c["label"] for c in controls] == list(LABELS)
    assert all(c["tag"] == "INPUT" and c["type"] == "range" and c["visible"] and c["inside"] for c in controls)
    for label in LABELS:
        assert page.get_by_role("slider", name=label, exact=True).count() == 1, label


def test_it_opens_at_the_steepest_point(page):
    snapshot = page.evaluate(SNAPSHOT)
    # σ(0) = 1/2 and σ'(0) = 1/4: closed forms, not nnlib.
    assert snapshot["readout"] == {"z": "0.00000000", "sigmoid": "0.50000000", "slope": "0.25000000"}
    assert snapshot["state"]["sigmoid"] == 0.5 and snapshot["state"]["slope"] == 0.25
    assert snapshot["announced"] == {"z": "0", "example": "1: [0, 0, 1]", "w₁": "0", "w₂": "0", "w₃": "0"}
    assert "gives the weighted sum 0, the z shown." in snapshot["status"]


def test_every_z_agrees_with_nnlib(page):
    rows = page.evaluate(SWEEP_Z)
    assert len(rows) == len(module.Z_VALUES) == 201
    for row, z in zip(rows, module.Z_VALUES):
        assert_agrees_with_nnlib(row["state"], z)
        assert row["announced"] == module.slider_text(z)
        assert row["z"] == number(z, ".8f")
        assert row["sigmoid"] == number(float(nnlib.sigmoid(z)), ".8f"), z
        assert row["slope"] == number(float(nnlib.sigmoid_derivative(z)), ".8f"), z
        slope, intercept = module.tangent(z)
        assert row["state"]["tangentSlope"] == pytest.approx(slope, rel=RELATIVE)
        assert row["state"]["tangentIntercept"] == pytest.approx(intercept, rel=RELATIVE, abs=1e-15)
    assert rows[0]["z"] == "\N{MINUS SIGN}10.00000000" and rows[-1]["z"] == "10.00000000"


WEIGHTS = [(0.0, 0.0, 0.0), (3.0, 3.0, 3.0), (-3.0, -3.0, -3.0), (0.1, 0.2, 0.3), (-2.9, 1.7, 0.4),
           (3.0, -3.0, -0.1)]


@pytest.mark.parametrize("example", module.EXAMPLE_NAMES)
def test_the_weights_and_an_example_set_z_as_nnlib_does(page, example):
    move(page, "example", example)
    inputs = module.EXAMPLES[module.EXAMPLE_NAMES.index(example)]
    for weights in WEIGHTS:
        for label, w in zip(LABELS[2:], weights):
            snapshot = move(page, label, w)
        z = module.weighted_sum(example, weights)
        assert snapshot["state"]["weightedSum"] == z and snapshot["announced"]["z"] == module.slider_text(z)
        assert_agrees_with_nnlib(snapshot["state"], z)
        # The neuron's output for this example and these weights, the way nnlib computes it.
        assert snapshot["state"]["sigmoid"] == pytest.approx(float(nnlib.predict(inputs, weights)[0]), rel=RELATIVE)
        assert snapshot["readout"]["sigmoid"] == number(float(nnlib.sigmoid(z)), ".8f")
        assert snapshot["readout"]["slope"] == number(float(nnlib.sigmoid_derivative(z)), ".8f")
        assert snapshot["status"].endswith(f"gives the weighted sum {module.slider_text(z)}, the z shown.")
        assert module.example_text(example) in snapshot["status"]
        # Above the plot, the sum term by term: w₁·x₁ + w₂·x₂ + w₃·x₃, negative weights in brackets.
        terms = " + ".join((f"({module.slider_text(w)})" if w < 0 else module.slider_text(w)) + "·" +
                           module.slider_text(x) for w, x in zip(weights, inputs))
        assert snapshot["paths"]["sum"] == f"z = {terms} = {module.slider_text(z)}"
        assert f"is {terms} = {module.slider_text(z)}, the z shown." in snapshot["description"]


def test_moving_z_away_from_the_weighted_sum_says_so(page):
    move(page, "example", "2")
    move(page, "w₁", 1.5)
    snapshot = move(page, "z", -4.0)
    assert snapshot["state"]["weightedSum"] == 1.5 and snapshot["state"]["z"] == -4.0
    assert snapshot["status"].endswith("gives the weighted sum 1.5; z has been moved away from it.")
    assert snapshot["paths"]["sum"] == "1.5·1 + 0·1 + 0·1 = 1.5 \u2260 z"
    snapshot = move(page, "w₂", 0.5)
    assert snapshot["state"]["z"] == 2.0 and snapshot["status"].endswith("the z shown.")


def test_the_figure_and_its_text_alternative_follow_z(page):
    before = page.evaluate(SNAPSHOT)
    assert set(before["paths"]) >= {"sigmoid", "slope", "tangent", "point", "slopePoint"}
    assert all(before["paths"][key] for key in ("sigmoid", "slope", "tangent", "point", "slopePoint"))
    for z in (2.5, -7.3, 10.0):
        after = move(page, "z", z)
        for key in ("tangent", "point", "slopePoint"):
            assert after["paths"][key] != before["paths"][key], (z, key)
        # The curves themselves never change.
        assert after["paths"]["sigmoid"] == before["paths"]["sigmoid"]
        assert after["paths"]["slope"] == before["paths"]["slope"]
        assert after["label"] != before["label"] and after["description"] != before["description"]
        assert f"z = {module.slider_text(z)}" in after["label"]
        assert number(float(nnlib.sigmoid(z)), ".4f") in after["description"]
        assert number(float(nnlib.sigmoid_derivative(z)), ".4f") in after["description"]
        before = after


def test_the_sliders_work_from_the_keyboard(page):
    z_input = page.get_by_role("slider", name="z", exact=True)
    z_input.focus()
    page.keyboard.press("ArrowRight")
    snapshot = page.evaluate(SNAPSHOT)
    assert snapshot["state"]["z"] == 0.1 and snapshot["readout"]["z"] == "0.10000000"
    page.keyboard.press("ArrowLeft")
    page.keyboard.press("ArrowLeft")
    assert page.evaluate(SNAPSHOT)["state"]["z"] == -0.1
    page.get_by_role("slider", name="example", exact=True).focus()
    page.keyboard.press("ArrowRight")
    snapshot = page.evaluate(SNAPSHOT)
    assert snapshot["announced"]["example"] == "2: [1, 1, 1]" and snapshot["state"]["z"] == 0
    page.get_by_role("slider", name="w₃", exact=True).focus()
    page.keyboard.press("ArrowRight")
    snapshot = page.evaluate(SNAPSHOT)
    assert snapshot["announced"]["w₃"] == "0.1" and snapshot["state"]["z"] == 0.1
    assert_agrees_with_nnlib(snapshot["state"], 0.1)


def test_it_fits_a_phone(browser, site, cdn_copies):
    context, page, visit = open_explorer(browser, site, cdn_copies, PHONE, mobile=True)
    try:
        sizes = page.evaluate("""(selector) => {
          const root = document.querySelector(selector);
          const right = root.getBoundingClientRect().right;
          const widest = Math.max(...Array.from(root.querySelectorAll("*"), (n) => n.getBoundingClientRect().right));
          return { scroll: root.scrollWidth, client: root.clientWidth, right: right, widest: widest,
                   viewport: window.innerWidth, svg: root.querySelector("svg").getBoundingClientRect().width };
        }""", ROOT)
        assert sizes["client"] > 200, sizes
        assert sizes["scroll"] <= sizes["client"], sizes
        assert sizes["right"] <= sizes["viewport"] and sizes["widest"] <= sizes["right"] + 0.5, sizes
        snapshot = move(page, "z", -9.9)
        assert_agrees_with_nnlib(snapshot["state"], -9.9)
        assert_no_errors(visit)
    finally:
        context.close()
