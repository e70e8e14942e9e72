"""The delta-rule chapter's kernel-free explorer, driven as a reader drives it, checked against nnlib.

The sliders are moved through their range inputs (a new position and an
input event), the buttons clicked or pressed from the keyboard. After 0, 1,
11 and 50 steps, for starts and rates that include the sliders' extremes,
the page's weights, loss and step table agree with a reference computed here
by nnlib (delta_rule_step with w2 put back, as the chapter's cell does it,
and mean_squared_error), to a relative 1e-12 in full precision (the page's
``state()`` hook) and digit for digit in the 8-decimal readouts. No test
times anything: ``make bench`` does.
"""

import numpy as np
import pytest

import nnlib
from browser_support import DESKTOP, PHONE, Visit, new_context, open_page, reach_explorer
from nnlib import landscape_explorer

PAGE = "notebooks/03_delta_rule.html"
ROOT = '.one-neuron-explorer[data-explorer="delta-rule"]'
HOOK = "window.oneNeuronExplorers['delta-rule'].instances[0]"
RELATIVE = 1e-12
INPUTS, TARGETS = nnlib.TRAINING_INPUTS, nnlib.TRAINING_OUTPUTS
W2 = nnlib.init_weights(1)[1, 0]
SEED_W1, SEED_W3 = nnlib.init_weights(1)[[0, 2], 0]

# Put one slider (by its accessible name) at the position of `value` in the list it offers, as a reader
# would by dragging it; return what the slider then announces.
MOVE = """([root, label, position]) => {
  const input = document.querySelector(`${root} input[type=range][aria-label="${label}"]`);
  if (!input) throw new Error(`no slider named ${label}`);
  input.value = String(position);
  input.dispatchEvent(new Event("input", { bubbles: true }));
  return input.getAttribute("aria-valuetext");
}"""

READ = """(root) => Object.fromEntries(Array.from(document.querySelectorAll(`${root} [data-quantity]`),
  (node) => [node.dataset.quantity, node.textContent]))"""

SNAPSHOT = """(root) => {
  const r = document.querySelector(root);
  return {
    drawing: Array.from(r.querySelectorAll("svg path"), (n) => n.getAttribute("d") || "").join("|") +
      Array.from(r.querySelectorAll("canvas"), (c) => c.width && c.height ? c.toDataURL() : "").join("|"),
    described: Array.from(r.querySelectorAll("svg[role=img]"), (svg) => svg.getAttribute("aria-label") + "\\n" +
      (document.getElementById(svg.getAttribute("aria-describedby")) || {}).textContent).join("|"),
  };
}"""

SETTINGS = [  # start w1, start w3, learning rate: the sliders' extremes included
    (SEED_W1, SEED_W3, 1.0),
    (-1.5, -4.5, 0.1),
    (7.0, 1.5, 20.0),
    (-1.5, 1.5, 10.0),
    (7.0, -4.5, 0.5),
    (0.0, 0.0, 2.0),
    (3.25, -2.75, 5.0),
]
STEPS = (0, 1, 11, 50)


def reference(start_w1, start_w3, learning_rate, steps):
    """nnlib's numbers after `steps` steps: weights, loss E, deltas, contributions, sums, step, and their scales."""
    weights = np.array([[start_w1], [W2], [start_w3]])
    for _ in range(steps):
        weights = nnlib.delta_rule_step(INPUTS, TARGETS, weights, learning_rate)
        weights[1, 0] = W2  # stay on the plane of the map
    loss = len(INPUTS) / 2 * nnlib.mean_squared_error(INPUTS, TARGETS, weights)
    output = nnlib.predict(INPUTS, weights)
    deltas = ((TARGETS - output) * output * (1 - output))[:, 0]
    contributions = INPUTS[:, [0, 2]] * deltas[:, None]
    sums = (INPUTS.T @ deltas)[[0, 2]]
    # a sum of terms of both signs is only as exact as its largest term
    scales = np.abs(contributions).sum(axis=0)
    return {"weights": weights[:, 0], "loss": loss, "deltas": deltas, "contributions": contributions,
            "sums": sums, "step": learning_rate * sums, "scales": scales}


def printed(value):
    """Python's 8-decimal formatting with a true minus, as the explorer prints: 0 for zero, no −0.00000000."""
    if value == 0:
        return "0"
    text = f"{value:.8f}"
    return "0.00000000" if text == "-0.00000000" else text.replace("-", "\N{MINUS SIGN}")


def assert_close(shown, expected, what, scale=None):
    shown, expected = np.asarray(shown, dtype=float), np.asarray(expected, dtype=float)
    bound = RELATIVE * (np.abs(expected) if scale is None else np.maximum(np.abs(expected), scale))
    assert np.all(np.abs(shown - expected) <= bound), f"{what}: page {shown.tolist()}, nnlib {expected.tolist()}"


def assert_no_errors(visit):
    assert visit.page_errors == [] and visit.console_errors == [], (visit.page_errors, visit.console_errors)
    assert visit.refused_requests == [] and visit.failed_requests == []


def open_explorer(browser, site, cdn_copies, viewport, mobile=False):
    visit = Visit()
    context = new_context(browser, site, cdn_copies, visit.refused_requests.append, viewport, mobile)
    page = open_page(context, site.base_url + PAGE, visit)
    if page.locator(ROOT).count() != 1:
        context.close()
        pytest.fail(f'{PAGE} must hold one <div class="one-neuron-explorer" data-explorer="delta-rule"></div>',
                    pytrace=False)
    reach_explorer(page, "delta-rule")
    return context, page, visit


@pytest.fixture(scope="module")
def explorer(browser, site, cdn_copies):
    """The chapter at desktop width; yields (page, visit)."""
    context, page, visit = open_explorer(browser, site, cdn_copies, DESKTOP)
    yield page, visit
    context.close()


def settle(page, start_w1, start_w3, learning_rate):
    """Move the three sliders to a setting and go back to its start (Reset: a slider left where it was does not)."""
    page.evaluate(MOVE, [ROOT, "start w\u2081", landscape_explorer.START_W1.index(start_w1)])
    page.evaluate(MOVE, [ROOT, "start w\u2083", landscape_explorer.START_W3.index(start_w3)])
    page.evaluate(MOVE, [ROOT, "learning rate", landscape_explorer.LEARNING_RATES.index(learning_rate)])
    page.evaluate(f"() => {HOOK}.reset()")
    assert page.evaluate(f"() => {HOOK}.state().steps") == 0


def test_the_explorer_offers_nnlibs_values(explorer):
    page, visit = explorer
    data = page.evaluate(f"() => window.oneNeuronExplorerData['delta-rule']")
    assert data == landscape_explorer.book_data()
    names = page.locator(f"{ROOT} input[type=range]").evaluate_all("(all) => all.map((s) => s.getAttribute('aria-label'))")
    assert names == ["start w\u2081", "start w\u2083", "learning rate"]
    buttons = page.locator(f"{ROOT} button").evaluate_all("(all) => all.map((b) => b.textContent)")
    assert buttons == ["Step", "10 steps", "Reset"]
    count = page.evaluate(f"() => {HOOK}.controls.length")
    assert count == 6
    # what each slider announces at its ends and at the default
    ends = [(label, values, 0, len(values) - 1) for label, values in (
        ("start w\u2081", landscape_explorer.START_W1), ("start w\u2083", landscape_explorer.START_W3),
        ("learning rate", landscape_explorer.LEARNING_RATES))]
    announced = [[page.evaluate(MOVE, [ROOT, label, p]) for p in (low, high)] for label, _, low, high in ends]
    assert announced == [["\u22121.5", "7"], ["\u22124.5", "1.5"], ["0.1", "20"]]
    assert page.evaluate(MOVE, [ROOT, "start w\u2081", landscape_explorer.START_W1.index(SEED_W1)]) == (
        "\u22120.16595599 (seed 1)")
    assert_no_errors(visit)


@pytest.mark.parametrize("start_w1, start_w3, learning_rate", SETTINGS)
def test_steps_agree_with_nnlib(explorer, start_w1, start_w3, learning_rate):
    page, visit = explorer
    settle(page, start_w1, start_w3, learning_rate)
    taken = 0
    for steps in STEPS:
        if steps - taken == 1:
            page.locator(ROOT).get_by_role("button", name="Step", exact=True).click()
        elif steps > taken:
            page.evaluate(f"(k) => {HOOK}.step(k)", steps - taken)
        taken = steps
        state = page.evaluate(f"() => {HOOK}.state()")
        expected = reference(start_w1, start_w3, learning_rate, steps)
        what = f"start ({start_w1}, {start_w3}), rate {learning_rate}, {steps} steps"
        assert state["steps"] == steps and state["learningRate"] == learning_rate, what
        assert (state["startW1"], state["startW3"]) == (start_w1, start_w3), what
        assert_close(state["weights"], expected["weights"], what + ": weights")
        assert state["weights"][1] == W2, what
        assert len(state["path"]) == steps + 1 and state["path"][0] == [start_w1, start_w3], what
        assert_close(state["loss"], expected["loss"], what + ": loss")
        assert_close(state["deltas"], expected["deltas"], what + ": deltas")
        assert_close(state["contributions"], expected["contributions"], what + ": contributions")
        assert_close(state["sums"], expected["sums"], what + ": sums", expected["scales"])
        assert_close(state["step"], expected["step"], what + ": step", learning_rate * expected["scales"])
        # the visible readouts, digit for digit
        text = page.evaluate(READ, ROOT)
        assert text["steps"] == f"{steps:,}", what
        assert (text["w1"], text["w3"]) == (printed(expected["weights"][0]), printed(expected["weights"][2])), what
        assert text["loss"] == printed(expected["loss"]), what
        for k in range(4):
            assert text[f"delta-{k + 1}"] == printed(expected["deltas"][k]), what
            assert text[f"contribution-{k + 1}-w1"] == printed(expected["contributions"][k, 0]), what
            assert text[f"contribution-{k + 1}-w3"] == printed(expected["contributions"][k, 1]), what
        for j, name in enumerate(("w1", "w3")):
            assert text[f"sum-{name}"] == printed(expected["sums"][j]), what
            assert text[f"step-{name}"] == printed(expected["step"][j]), what
    assert_no_errors(visit)


def test_the_first_step_is_the_reference_figure(explorer):
    """REFERENCE.md (not nnlib): the first adjustment [0.28621005, 0.06391297, 0.14913351], then w1 and w3."""
    page, visit = explorer
    settle(page, SEED_W1, SEED_W3, 1.0)
    text = page.evaluate(READ, ROOT)
    assert (text["w1"], text["w3"], text["sum-w1"], text["sum-w3"]) == (
        "\u22120.16595599", "\u22120.99977125", "0.28621005", "0.14913351")
    page.evaluate(f"() => {HOOK}.step(1)")
    text = page.evaluate(READ, ROOT)
    assert (text["w1"], text["w3"]) == ("0.12025406", "\u22120.85063774")
    assert_no_errors(visit)


def test_the_figure_and_its_description_follow_the_state(explorer):
    page, visit = explorer
    settle(page, SEED_W1, SEED_W3, 1.0)
    assert page.locator(f"{ROOT} svg[role=img]").count() == 1
    before = page.evaluate(SNAPSHOT, ROOT)
    page.evaluate(f"() => {HOOK}.step(1)")
    after_step = page.evaluate(SNAPSHOT, ROOT)
    assert after_step["drawing"] != before["drawing"] and after_step["described"] != before["described"]
    assert "After 1 step " in after_step["described"]
    page.evaluate(MOVE, [ROOT, "learning rate", landscape_explorer.LEARNING_RATES.index(10.0)])
    after_rate = page.evaluate(SNAPSHOT, ROOT)
    assert after_rate["drawing"] != after_step["drawing"] and "learning rate 10" in after_rate["described"]
    assert page.evaluate(f"() => {HOOK}.state().steps") == 0  # a moved slider starts again
    page.evaluate(f"() => {HOOK}.step(1)")
    status = page.locator(f"{ROOT} .one-neuron-explorer__status").inner_text()
    assert "off the map" not in status
    page.evaluate(MOVE, [ROOT, "learning rate", landscape_explorer.LEARNING_RATES.index(20.0)])
    page.evaluate(f"() => {HOOK}.step(1)")  # from the seed-1 start the first step at rate 20 leaves the map
    assert "off the map" in page.locator(f"{ROOT} .one-neuron-explorer__status").inner_text()
    assert "off the map" in page.evaluate(SNAPSHOT, ROOT)["described"]
    page.locator(ROOT).get_by_role("button", name="Reset", exact=True).click()
    assert page.evaluate(f"() => {HOOK}.state().steps") == 0
    assert_no_errors(visit)


def test_every_control_is_named_and_works_from_the_keyboard(explorer):
    page, visit = explorer
    settle(page, SEED_W1, SEED_W3, 1.0)
    sliders = page.locator(f"{ROOT} input[type=range]")
    assert sliders.count() == 3
    for i in range(sliders.count()):
        slider = sliders.nth(i)
        name = slider.get_attribute("aria-label")
        assert name and page.locator(f"{ROOT} label[for='{slider.get_attribute('id')}']").count() == 1
        page.evaluate(f"() => {HOOK}.step(3)")
        before_value, before = slider.get_attribute("aria-valuetext"), page.evaluate(SNAPSHOT, ROOT)
        slider.focus()
        page.keyboard.press("ArrowRight")
        assert slider.get_attribute("aria-valuetext") != before_value, name
        after = page.evaluate(SNAPSHOT, ROOT)
        assert after["drawing"] != before["drawing"] and after["described"] != before["described"], name
        assert page.evaluate(f"() => {HOOK}.state().steps") == 0, name
        page.keyboard.press("ArrowLeft")
        assert slider.get_attribute("aria-valuetext") == before_value, name
    expected_steps = {"Step": 1, "10 steps": 10}
    for label, count in expected_steps.items():
        button = page.locator(ROOT).get_by_role("button", name=label, exact=True)
        assert button.count() == 1
        for key in ("Enter", " "):
            before = page.evaluate(f"() => {HOOK}.state().steps")
            button.focus()
            page.keyboard.press(key)
            assert page.evaluate(f"() => {HOOK}.state().steps") == before + count, (label, key)
    reset = page.locator(ROOT).get_by_role("button", name="Reset", exact=True)
    reset.focus()
    page.keyboard.press("Enter")
    assert page.evaluate(f"() => {HOOK}.state().steps") == 0
    assert page.evaluate(READ, ROOT)["steps"] == "0"
    assert_no_errors(visit)


@pytest.mark.parametrize("viewport, mobile", [(DESKTOP, False), (PHONE, True)], ids=["desktop", "phone"])
def test_the_explorer_fits_its_column(browser, site, cdn_copies, viewport, mobile):
    context, page, visit = open_explorer(browser, site, cdn_copies, viewport, mobile)
    try:
        page.evaluate(f"() => {HOOK}.step(50)")
        fit = page.locator(ROOT).evaluate("""(root) => {
          const right = root.getBoundingClientRect().right + 1;
          const wide = Array.from(root.querySelectorAll("*")).filter((n) => n.getBoundingClientRect().right > right &&
            !n.closest(".one-neuron-explorer__sr-only") && n.getBoundingClientRect().width > 0);
          const plot = root.querySelector(".one-neuron-explorer__plot").getBoundingClientRect();
          return {scroll: root.scrollWidth, client: root.clientWidth, wide: wide.map((n) => n.tagName),
                  cells: root.querySelectorAll("td[data-quantity]").length, plot: [plot.width, plot.height]};
        }""")
        assert fit["cells"] == 16, fit  # the table is there: 4 examples x 3 numbers, 2 sums, 2 steps
        assert fit["scroll"] <= fit["client"] and fit["wide"] == [], fit
        assert fit["plot"][0] > 200 and fit["plot"][1] > 100, fit
        assert_no_errors(visit)
    finally:
        context.close()


def test_the_map_has_the_colour_scale_of_fig_3_2(explorer):
    """Under the map, a colour bar as under the chapter's figure: viridis bands between nnlib's loss levels (each band
    the colour matplotlib's contourf gives it), ticked every second level, named loss E."""
    from matplotlib import colormaps

    page, visit = explorer
    levels = landscape_explorer.loss_levels()
    scale = page.evaluate(f"""() => {{
      const scale = document.querySelector('{ROOT} .one-neuron-explorer__colour-scale');
      return scale && {{
        name: scale.querySelector('.one-neuron-explorer__colour-scale-name').textContent,
        ticks: Array.from(scale.querySelectorAll('.one-neuron-explorer__colour-scale-tick'), (t) => t.textContent),
        stops: getComputedStyle(scale.querySelector('.one-neuron-explorer__colour-scale-bar')).backgroundImage
          .match(/rgb\\([^)]*\\)/g),
        visible: scale.getBoundingClientRect().height > 10,
      }};
    }}""")
    assert scale is not None and scale["visible"], scale
    assert scale["name"] == "loss E"
    assert scale["ticks"] == [f"{v:g}" for v in levels[::2]]
    # contourf colours each band by its middle, scaled from the lowest level to the highest
    middles = (levels[:-1] + levels[1:]) / 2
    expected = [[round(255 * c) for c in colormaps["viridis"]((m - levels[0]) / (levels[-1] - levels[0]))[:3]]
                for m in middles]
    shown = [[int(v) for v in stop[4:-1].split(",")] for stop in scale["stops"][::2]]  # each band: two stops
    assert len(shown) == len(expected)
    assert max(abs(a - b) for s, e in zip(shown, expected) for a, b in zip(s, e)) <= 3, (shown, expected)
    assert_no_errors(visit)
