"""The hidden-layer chapter's kernel-free explorer (kind "xor"), driven as a reader drives it.

Sliders are moved through their range inputs (a new value and an input event),
buttons clicked or pressed from the keyboard. The page's numbers, read through
the instance's state() hook in full precision and from its readouts as shown,
are compared with nnlib.train_network. Nothing here is timed (make bench does that).
"""

import re

import numpy as np
import pytest

import nnlib
from browser_support import DESKTOP, PHONE, Visit, new_context, open_page, reach_explorer
from nnlib import xor_explorer

PAGE = "notebooks/05_hidden_layer.html"
ROOT = '.one-neuron-explorer[data-explorer="xor"]'
INSTANCE = "window.oneNeuronExplorers.xor.instances[0]"
RELATIVE = 1e-9  # the network's numbers: weights, loss history and outputs
MINUS = "\u2212"
SUPERSCRIPTS = str.maketrans("-0123456789", "\u207b\u2070\u00b9\u00b2\u00b3\u2074\u2075\u2076\u2077\u2078\u2079")

# Move one slider to the position whose announced value (aria-valuetext) is `value`; return what it announces.
MOVE = """([root, label, value]) => {
  const input = document.querySelector(`${root} input[type=range][aria-label="${label}"]`);
  if (!input) throw new Error(`no slider ${label}`);
  const announced = () => Number(input.getAttribute("aria-valuetext").replace(/,/g, ""));
  for (let p = Number(input.min); p <= Number(input.max); p += Number(input.step)) {
    input.value = String(p);
    input.dispatchEvent(new Event("input", { bubbles: true }));
    if (announced() === Number(value)) return announced();
  }
  throw new Error(`the ${label} slider offers no ${value}`);
}"""

OFFERED = """([root, label]) => {
  const input = document.querySelector(`${root} input[type=range][aria-label="${label}"]`);
  const values = [];
  for (let p = Number(input.min); p <= Number(input.max); p += Number(input.step)) {
    input.value = String(p);
    input.dispatchEvent(new Event("input", { bubbles: true }));
    values.push(Number(input.getAttribute("aria-valuetext").replace(/,/g, "")));
  }
  return values;
}"""

READ = """(root) => Object.fromEntries(Array.from(document.querySelectorAll(`${root} [data-quantity]`),
  (node) => [node.dataset.quantity, node.textContent]))"""

# What the figure shows: every canvas's pixels and every SVG path, one string.
PICTURE = """(root) => Array.from(document.querySelectorAll(`${root} canvas`), (c) => c.toDataURL()).join("|") + "#" +
  Array.from(document.querySelectorAll(`${root} svg path`), (p) => p.getAttribute("d")).join("|")"""

# The text alternatives of the plots that are shown: [aria-label, description] each.
DESCRIPTIONS = """(root) => Array.from(document.querySelectorAll(`${root} svg[role=img]`))
  .filter((svg) => svg.closest("figure").style.display !== "none")
  .map((svg) => [svg.getAttribute("aria-label"),
                  document.getElementById(svg.getAttribute("aria-describedby")).textContent])"""


def fixed8(x):
    return f"{x:.8f}".replace("-", MINUS)


def loss_text(x):
    """Python's .2e, as the page writes it: 2.48 × 10⁻¹."""
    mantissa, exponent = f"{x:.2e}".split("e")
    exponent = int(exponent)
    power = "" if exponent == 0 else " \u00d7 10" + str(exponent).translate(SUPERSCRIPTS)
    return mantissa.replace("-", MINUS) + power


def reference(hidden, seed, rate, steps):
    return nnlib.train_network(xor_explorer.INPUTS, xor_explorer.TARGETS, hidden, steps, seed=seed,
                               learning_rate=rate)


def deviation(shown, expected):
    shown, expected = np.asarray(shown, dtype=float), np.asarray(expected, dtype=float)
    assert shown.shape == expected.shape, (shown.shape, expected.shape)
    return float(np.max(np.abs(shown - expected) / np.maximum(np.abs(expected), 1e-300)))


def assert_no_errors(visit):
    assert visit.page_errors == [] and visit.console_errors == [], (visit.page_errors, visit.console_errors)
    assert visit.refused_requests == [] and visit.failed_requests == []


def state(page):
    return page.evaluate(f"() => {INSTANCE}.state()")


def move(page, hidden, seed, rate):
    page.evaluate(MOVE, [ROOT, "hidden neurons", hidden])
    page.evaluate(MOVE, [ROOT, "seed", seed])
    page.evaluate(MOVE, [ROOT, "learning rate", rate])


@pytest.fixture(scope="module")
def explorer(browser, site, cdn_copies):
    """The hidden-layer chapter at desktop width, with its explorer built; yields (page, visit)."""
    visit = Visit()
    context = new_context(browser, site, cdn_copies, visit.refused_requests.append, DESKTOP)
    page = open_page(context, site.base_url + PAGE, visit)
    if page.locator(ROOT).count() != 1:
        context.close()
        pytest.fail(f'{PAGE} must hold one <div class="one-neuron-explorer" data-explorer="xor"></div>', pytrace=False)
    reach_explorer(page, "xor")
    yield page, visit
    context.close()


@pytest.fixture()
def fresh(explorer):
    """The explorer paused, on the default setting, at step 0."""
    page, visit = explorer
    page.evaluate(f"() => {INSTANCE}.pause()")
    move(page, xor_explorer.DEFAULT_HIDDEN, xor_explorer.DEFAULT_SEED, xor_explorer.DEFAULT_LEARNING_RATE)
    page.evaluate(f"() => {INSTANCE}.reset()")
    return page, visit


def test_it_opens_paused_on_the_chapters_network_with_nnlibs_starting_weights(explorer):
    page, visit = explorer
    page.wait_for_timeout(300)  # no autoplay: nothing moves on its own
    start = state(page)
    setting = (start["hidden"], start["seed"], start["learningRate"], start["steps"], start["playing"])
    assert setting == (4, 1, 1, 0, False)
    expected = reference(4, 1, 1.0, 0)
    assert np.array_equal(start["hiddenWeights"], expected.hidden_weights)
    assert np.array_equal(start["outputWeights"], expected.output_weights[:, 0])
    assert deviation(start["loss"], expected.loss) <= RELATIVE
    assert_no_errors(visit)


def test_the_controls_are_named_and_offer_nnlibs_values(fresh):
    page, visit = fresh
    labels = page.locator(f"{ROOT} input[type=range]").evaluate_all(
        "(all) => all.map((s) => s.getAttribute('aria-label'))")
    assert labels == ["hidden neurons", "seed", "learning rate"]
    assert page.evaluate(OFFERED, [ROOT, "hidden neurons"]) == list(xor_explorer.HIDDEN_SIZES)
    assert page.evaluate(OFFERED, [ROOT, "seed"]) == list(xor_explorer.SEEDS)
    assert page.evaluate(OFFERED, [ROOT, "learning rate"]) == list(xor_explorer.LEARNING_RATES)
    buttons = page.locator(f"{ROOT} button").all_inner_texts()
    assert buttons == ["Play", f"{xor_explorer.STEPS_PER_FRAME} steps", "Reset"]
    # every control the instance lists is one of these, with an accessible name
    names = page.evaluate(f"""() => {INSTANCE}.controls.map((c) => [c.tagName, c.getAttribute("aria-label")
      || (c.labels && c.labels.length ? c.labels[0].textContent : "") || c.textContent])""")
    assert [tag for tag, _ in names] == ["INPUT"] * 3 + ["BUTTON"] * 3
    assert all(name.strip() for _, name in names), names
    assert_no_errors(visit)


SETTINGS = [  # hidden neurons, seed, learning rate, steps: the sliders' extremes and the chapter's run
    (1, 0, 0.1, xor_explorer.MAX_STEPS),
    (8, 19, 10.0, xor_explorer.MAX_STEPS),
    (8, 8, 10.0, 7_777),
    (4, 1, 1.0, 504),
    (2, 3, 3.0, 1_230),
    (2, 2, 0.3, 10),
]


@pytest.mark.parametrize("hidden, seed, rate, steps", SETTINGS)
def test_the_numbers_agree_with_train_network(fresh, hidden, seed, rate, steps):
    page, visit = fresh
    move(page, hidden, seed, rate)
    page.evaluate(f"(n) => {INSTANCE}.step(n)", steps)
    shown = state(page)
    expected = reference(hidden, seed, rate, steps)
    assert (shown["hidden"], shown["seed"], shown["learningRate"], shown["steps"]) == (hidden, seed, rate, steps)
    assert deviation(shown["hiddenWeights"], expected.hidden_weights) <= RELATIVE
    assert deviation(shown["outputWeights"], expected.output_weights[:, 0]) <= RELATIVE
    assert deviation(shown["loss"], expected.loss) <= RELATIVE  # the whole history, step 0 to now
    outputs = expected.predict(xor_explorer.INPUTS)[:, 0]
    assert deviation(shown["outputs"], outputs) <= RELATIVE
    text = page.evaluate(READ, ROOT)
    assert text == {"steps": f"{steps:,}", "loss": loss_text(expected.loss[-1]),
                    **{f"output-{k}": fixed8(o) for k, o in enumerate(outputs)}}
    status = page.locator(f"{ROOT} .one-neuron-explorer__status").inner_text()
    assert f"After {steps:,} of 20,000 steps ({hidden} hidden neuron" in status and f"seed {seed}," in status
    assert_no_errors(visit)


def test_step_play_and_pause(fresh):
    page, visit = fresh
    step_button = page.get_by_role("button", name=f"{xor_explorer.STEPS_PER_FRAME} steps")
    play_button = page.get_by_role("button", name="Play")
    before = page.evaluate(PICTURE, ROOT)
    frames = page.evaluate(f"() => {INSTANCE}.frames")
    step_button.click()
    assert state(page)["steps"] == xor_explorer.STEPS_PER_FRAME
    assert page.evaluate(f"() => {INSTANCE}.frames") == frames + 1
    assert page.evaluate(PICTURE, ROOT) != before
    # Play trains STEPS_PER_FRAME steps per redraw until paused
    frames = page.evaluate(f"() => {INSTANCE}.frames")
    play_button.click()
    assert state(page)["playing"] is True
    page.wait_for_function(f"() => {INSTANCE}.state().steps >= 300")
    page.get_by_role("button", name="Pause").click()
    paused = state(page)
    assert paused["playing"] is False and paused["steps"] % xor_explorer.STEPS_PER_FRAME == 0
    redraws = page.evaluate(f"() => {INSTANCE}.frames") - frames
    trained = paused["steps"] - xor_explorer.STEPS_PER_FRAME
    # Play paces itself: STEPS_PER_FRAME steps a frame at first, up to 64 times more while little changes.
    assert redraws >= trained // (64 * xor_explorer.STEPS_PER_FRAME) and redraws >= 1
    page.wait_for_timeout(200)
    assert state(page)["steps"] == paused["steps"]  # paused means paused
    expected = reference(4, 1, 1.0, paused["steps"])
    assert deviation(paused["hiddenWeights"], expected.hidden_weights) <= RELATIVE
    assert deviation(paused["loss"], expected.loss) <= RELATIVE
    assert_no_errors(visit)


def test_play_stops_at_the_last_step(fresh):
    page, visit = fresh
    page.evaluate(f"(n) => {INSTANCE}.step(n)", xor_explorer.MAX_STEPS - 5 * xor_explorer.STEPS_PER_FRAME)
    page.evaluate(f"() => {INSTANCE}.play()")
    page.wait_for_function(f"() => !{INSTANCE}.state().playing")
    assert state(page)["steps"] == xor_explorer.MAX_STEPS
    page.get_by_role("button", name=f"{xor_explorer.STEPS_PER_FRAME} steps").click()
    assert state(page)["steps"] == xor_explorer.MAX_STEPS
    assert "the end of training" in page.locator(f"{ROOT} .one-neuron-explorer__status").inner_text()
    assert_no_errors(visit)


@pytest.mark.parametrize("label, value", [("hidden neurons", 8), ("hidden neurons", 1), ("seed", 19),
                                          ("learning rate", 10.0)])
def test_moving_a_control_starts_again_from_step_0(fresh, label, value):
    page, visit = fresh
    page.evaluate(f"(n) => {INSTANCE}.step(n)", 300)
    before = page.evaluate(PICTURE, ROOT)
    page.evaluate(MOVE, [ROOT, label, value])
    now = state(page)
    assert now["steps"] == 0
    expected = reference(now["hidden"], now["seed"], now["learningRate"], 0)
    assert np.array_equal(now["hiddenWeights"], expected.hidden_weights)
    assert np.array_equal(now["outputWeights"], expected.output_weights[:, 0])
    assert page.evaluate(PICTURE, ROOT) != before
    assert_no_errors(visit)


def test_reset_goes_back_to_step_0(fresh):
    page, visit = fresh
    page.evaluate(f"(n) => {INSTANCE}.step(n)", 120)
    page.get_by_role("button", name="Reset").click()
    assert state(page)["steps"] == 0
    assert page.evaluate(READ, ROOT)["steps"] == "0"
    assert_no_errors(visit)


def test_one_small_map_per_hidden_neuron(fresh):
    page, visit = fresh
    shown = """(root) => Array.from(document.querySelectorAll(`${root} .one-neuron-explorer__hidden-maps figure`))
      .filter((f) => f.offsetParent !== null).length"""
    for hidden in (1, 8, 3):
        page.evaluate(MOVE, [ROOT, "hidden neurons", hidden])
        assert page.evaluate(shown, ROOT) == hidden
    assert_no_errors(visit)


def test_every_control_works_from_the_keyboard(fresh):
    page, visit = fresh
    for label, key in (("hidden neurons", "hidden"), ("seed", "seed"), ("learning rate", "learningRate")):
        before = state(page)[key]
        page.locator(f'{ROOT} input[aria-label="{label}"]').focus()
        page.keyboard.press("ArrowRight")
        assert state(page)[key] > before, label
    step_button = page.get_by_role("button", name=f"{xor_explorer.STEPS_PER_FRAME} steps")
    step_button.focus()
    page.keyboard.press("Enter")
    page.keyboard.press(" ")
    assert state(page)["steps"] == 2 * xor_explorer.STEPS_PER_FRAME
    page.get_by_role("button", name="Play").focus()
    page.keyboard.press("Enter")
    assert state(page)["playing"] is True
    page.keyboard.press("Enter")  # the same button, now "Pause"
    assert state(page)["playing"] is False
    page.get_by_role("button", name="Reset").focus()
    page.keyboard.press(" ")
    assert state(page)["steps"] == 0
    assert_no_errors(visit)


def test_the_text_alternatives_say_what_the_plots_show_now(fresh):
    page, visit = fresh
    before = page.evaluate(DESCRIPTIONS, ROOT)
    assert len(before) == 2 + xor_explorer.DEFAULT_HIDDEN
    for label, description in before:
        assert len(label) > 40 and len(description) > 40, (label, description)
    page.evaluate(f"(n) => {INSTANCE}.step(n)", 600)
    after = page.evaluate(DESCRIPTIONS, ROOT)
    assert all(a != b for a, b in zip(after, before)), (before, after)
    outputs = reference(4, 1, 1.0, 600).predict(xor_explorer.INPUTS)[:, 0]
    assert all(f"{o:.2f}" in after[0][1] for o in outputs), after[0][1]
    assert "600 steps" in after[0][0] and "600" in after[1][1]
    assert_no_errors(visit)


def test_at_phone_width_nothing_is_wider_than_the_column(browser, site, cdn_copies):
    visit = Visit()
    context = new_context(browser, site, cdn_copies, visit.refused_requests.append, PHONE, mobile=True)
    try:
        page = open_page(context, site.base_url + PAGE, visit)
        reach_explorer(page, "xor")
        page.evaluate(MOVE, [ROOT, "hidden neurons", 8])
        page.evaluate(f"(n) => {INSTANCE}.step(n)", 400)
        fit = page.evaluate("""(root) => { const r = document.querySelector(root);
          return [r.scrollWidth, r.clientWidth, r.getBoundingClientRect().right]; }""", ROOT)
        assert fit[0] <= fit[1] and fit[2] <= PHONE["width"], fit
        # the eight small maps wrap onto rows, each wide enough to read
        boxes = page.locator(f"{ROOT} .one-neuron-explorer__hidden-maps figure").evaluate_all(
            "(all) => all.map((f) => f.getBoundingClientRect().toJSON())")
        assert len(boxes) == 8
        assert all(box["width"] >= 90 for box in boxes), boxes
        assert len({round(box["top"]) for box in boxes}) >= 2
        # each small map's title on one line: its text makes one line box
        small_titles = f"{ROOT} .one-neuron-explorer__hidden-maps figure .one-neuron-explorer__title"
        titles = page.locator(small_titles).evaluate_all(
            """(all) => all.map((t) => { const r = document.createRange(); r.selectNodeContents(t);
                 return r.getClientRects().length === 1 && t.scrollWidth <= t.clientWidth; })""")
        assert len(titles) == 8
        assert all(titles), "a small map's title is cut or wraps"
        assert_no_errors(visit)
    finally:
        context.close()


def test_play_paces_itself_to_what_can_be_seen(fresh):
    """The picture settles after a few hundred steps: Play then takes more steps a frame, says so, and ends soon."""
    page, visit = fresh
    frames = page.evaluate(f"() => {INSTANCE}.frames")
    page.evaluate(f"() => {INSTANCE}.play()")
    page.wait_for_function(f"() => {INSTANCE}.state().pace > {xor_explorer.STEPS_PER_FRAME}", timeout=20_000)
    page.wait_for_function(f"() => !{INSTANCE}.state().playing || /steps a frame/.test("
                           f"document.querySelector('{ROOT} .one-neuron-explorer__status').textContent)")
    status = page.locator(f"{ROOT} .one-neuron-explorer__status").inner_text()
    assert "steps a frame, as little changes" in status, status
    width = page.get_by_role("button", name="Pause").bounding_box()["width"]
    page.wait_for_function(f"() => !{INSTANCE}.state().playing", timeout=90_000)
    end = state(page)
    assert end["steps"] == xor_explorer.MAX_STEPS
    redraws = page.evaluate(f"() => {INSTANCE}.frames") - frames
    # 20,000 steps at 10 a frame would be 2,000 frames (33 s at 60 a second).
    assert redraws < xor_explorer.MAX_STEPS // xor_explorer.STEPS_PER_FRAME // 4, redraws
    assert "the end of training" in page.locator(f"{ROOT} .one-neuron-explorer__status").inner_text()
    # Play and Pause are one button of one width
    assert page.get_by_role("button", name="Play").bounding_box()["width"] == width
    expected = reference(4, 1, 1.0, xor_explorer.MAX_STEPS)
    assert deviation(end["hiddenWeights"], expected.hidden_weights) <= RELATIVE
    assert_no_errors(visit)


def test_the_maps_use_the_colours_of_fig_5_4(fresh):
    """cividis, as matplotlib draws Fig. 5.4: the key runs from its 0 to its 1, and the map shows the output."""
    from matplotlib import colormaps

    page, visit = fresh
    cividis = colormaps["cividis"]
    stops = page.evaluate(f"""() => getComputedStyle(document.querySelector('{ROOT} .one-neuron-explorer__colour-key span'))
      .backgroundImage.match(/rgb\\([^)]*\\)/g)""")
    ends = [tuple(int(v) for v in re.findall(r"\d+", stop)) for stop in (stops[0], stops[-1])]
    for shown, value in zip(ends, (0.0, 1.0)):
        expected = [round(255 * c) for c in cividis(value)[:3]]
        # d3's cividis is a fit to matplotlib's table, within 16 of 255 (vermillion to blue is 200 away)
        assert max(abs(a - b) for a, b in zip(shown, expected)) <= 16, (shown, expected)
    page.evaluate(f"(n) => {INSTANCE}.step(n)", 5000)
    # The output map's pixel at each example's corner has the colour of the network's output there.
    pixels = page.evaluate(f"""() => {{
      const e = {INSTANCE}, chart = e.outputChart, ctx = chart.canvas.getContext("2d");
      return [[0, 0], [0, 1], [1, 0], [1, 1]].map(([a, b]) => Array.from(ctx.getImageData(
        Math.round((chart.x(a) - chart.margin.left) * chart.ratio), Math.round((chart.y(b) - chart.margin.top) * chart.ratio), 1, 1).data).slice(0, 3));
    }}""")
    outputs = state(page)["outputs"]
    for shown, output in zip(pixels, outputs):
        expected = [round(255 * c) for c in cividis(output)[:3]]
        assert max(abs(a - b) for a, b in zip(shown, expected)) <= 20, (shown, expected, output)
    assert_no_errors(visit)
