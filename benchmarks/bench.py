"""Speed of nnlib, measured side by side in one process, printed as ratios.

Run with ``make bench``. Each contender runs in turn, several rounds,
alternating, so that a noisy neighbour slows both alike; the ratio of the
medians is what the bars in the issues refer to. No test times anything.

``bench.py [ROUNDS] [--only PART,...] [--pages ch3,intro] [--modes mobile,desktop] [--html DIR]``:
the parts are training, widgets, browser (the rendered book's explorers and math), lighthouse
(every page, phone and desktop; see lighthouse.py) and jupyterlab. The book is built once for the
parts that need it, or taken from DIR (a built book's ``_build/html``).
"""

import argparse
import contextlib
import statistics
import sys
import tempfile
import time
from pathlib import Path
from types import SimpleNamespace

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "notebooks"))
sys.path.insert(0, str(ROOT / "tests" / "browser"))
sys.path.insert(0, str(Path(__file__).resolve().parent))
import lighthouse  # noqa: E402
import nnlib  # noqa: E402

X, Y = nnlib.TRAINING_INPUTS, nnlib.TRAINING_OUTPUTS


def classic_nine_lines():
    """The classic program's loop, as published (global seed, allocating numpy calls)."""
    np.random.seed(1)
    synaptic_weights = 2 * np.random.random((3, 1)) - 1
    for _ in range(10_000):
        output = 1 / (1 + np.exp(-(np.dot(X, synaptic_weights))))
        synaptic_weights += np.dot(X.T, (Y - output) * output * (1 - output))
    return synaptic_weights


def median_seconds(contenders, rounds):
    """Return {name: median seconds}, running the contenders in alternation."""
    times = {name: [] for name in contenders}
    for _ in range(rounds):
        for name, call in contenders.items():
            start = time.perf_counter()
            call()
            times[name].append(time.perf_counter() - start)
    return {name: statistics.median(values) for name, values in times.items()}


def report(title, numerator, denominator, times, bar, aim):
    ratio = times[numerator] / times[denominator]
    verdict = "ok" if ratio <= bar else "OVER THE BAR"
    print(f"{title:<58} {times[numerator] * 1e3:8.1f} ms / {times[denominator] * 1e3:8.1f} ms"
          f" = {ratio:5.2f}  (bar {bar}, aim {aim}: {verdict})")
    return ratio <= bar


def bench_training(rounds):
    seeds = list(range(256))
    times = median_seconds({
        "classic": classic_nine_lines,
        "train": lambda: nnlib.train(X, Y, iterations=10_000),
        "train_many_1": lambda: nnlib.train_many(X, Y, [1], iterations=10_000),
        "train_many_256": lambda: nnlib.train_many(X, Y, seeds, iterations=10_000),
    }, rounds)
    ok = report("train (history + loss) / classic 9-line loop", "train", "classic", times, 1.0, 0.6)
    ok &= report("train_many, 256 seeds / train, one seed", "train_many_256", "train", times, 8, 3)
    report("train_many, 256 seeds / train_many, one seed", "train_many_256", "train_many_1", times, 8, 3)
    return ok


def bench_explorer(rounds):
    """Median cost of a slider move, including the PNG render (bars from issue 3)."""
    if not hasattr(nnlib, "convergence_explorer"):
        return True
    explorer = nnlib.convergence_explorer()
    sliders = {child.description: child for child in explorer.controls}
    iterations = sliders["iterations"]
    seed = sliders["seed"]
    values = [iterations.min, iterations.max, iterations.max // 3, 10, iterations.max // 2]
    moves = []
    for k in range(rounds * 5):
        start = time.perf_counter()
        iterations.value = values[k % len(values)]
        moves.append(time.perf_counter() - start)
    seed_moves = []
    for k in range(rounds):
        start = time.perf_counter()
        seed.value = (seed.value + 1) % (seed.max + 1)
        seed_moves.append(time.perf_counter() - start)
    ok = True
    for title, samples, bar, aim in (("explorer: iterations slider move", moves, 60, 20),
                                     ("explorer: seed slider move", seed_moves, 150, 150)):
        median_ms = statistics.median(samples) * 1e3
        verdict = "ok" if median_ms <= bar else "OVER THE BAR"
        print(f"{title:<58} {median_ms:8.1f} ms median of {len(samples)}  (bar {bar} ms, aim {aim} ms: {verdict})")
        ok &= median_ms <= bar
    return ok


# The ipywidgets explorers of chapters 2, 3, 5 and 6: (title, module, factory).
WIDGET_EXPLORERS = (
    ("ch. 2 sigmoid", "nnlib.sigmoid_explorer", "sigmoid_explorer"),
    ("ch. 3 delta rule", "nnlib.landscape_explorer", "landscape_explorer"),
    ("ch. 5 XOR", "nnlib.xor_explorer", "xor_explorer"),
    ("ch. 6 learning rate", "nnlib.reliability_explorer", "learning_rate_explorer"),
    ("ch. 6 confidence", "nnlib.reliability_explorer", "confidence_explorer"),
)


def _widget_moves(control, count, random):
    """Return `count` callables, each one move of an ipywidgets control: a new value or a click."""
    import ipywidgets as widgets

    if isinstance(control, widgets.Button):
        return [control.click] * count
    if isinstance(control, widgets.Play):
        def tick():
            control.value = control.value + control.step if control.value < control.max else control.min
        return [tick] * count
    if hasattr(control, "options"):
        options = list(control.options)
        values = [options[random.integers(len(options))] for _ in range(count)]
        values = [value[1] if isinstance(value, tuple) else value for value in values]
    elif isinstance(control, widgets.FloatLogSlider):
        positions = int(round((control.max - control.min) / control.step)) + 1
        values = [control.base ** (control.min + control.step * random.integers(positions)) for _ in range(count)]
    else:
        positions = int(round((control.max - control.min) / control.step)) + 1
        values = [control.min + control.step * random.integers(positions) for _ in range(count)]

    def setter(value):
        return lambda: setattr(control, "value", value)
    return [setter(value) for value in values]


def bench_widget_explorers(rounds):
    """Median cost of one move of each ipywidgets explorer's controls, PNG included (bar 60 ms)."""
    import importlib

    ok = True
    random = np.random.default_rng(2)
    for title, module_name, factory in WIDGET_EXPLORERS:
        label = f"ipywidgets {title}: one move"
        try:
            explorer = getattr(importlib.import_module(module_name), factory)()
        except (ImportError, AttributeError) as error:
            print(f"{label:<58} MISSING ({error})")
            ok = False
            continue
        moves = [move for control in explorer.controls for move in _widget_moves(control, 4 * rounds, random)]
        order = random.permutation(len(moves))
        samples = []
        for k in order:
            start = time.perf_counter()
            moves[k]()
            samples.append(time.perf_counter() - start)
        median_ms = statistics.median(samples) * 1e3
        verdict = "ok" if median_ms <= 60 else "OVER THE BAR"
        print(f"{label:<58} {median_ms:8.1f} ms median of {len(samples)}  (bar 60 ms: {verdict};"
              f" slowest {max(samples) * 1e3:.0f} ms)")
        ok &= median_ms <= 60
    return ok


@contextlib.contextmanager
def built_book(html=None):
    """Yield the HTML folder of the book: ``html`` if given, else one strict build into a temporary folder."""
    import browser_support as support

    if html is not None:
        if not (Path(html) / "book" / "intro.html").is_file():
            raise SystemExit(f"--html {html}: no built book there (expected book/intro.html)")
        yield Path(html)
        return
    with tempfile.TemporaryDirectory() as output:
        started = time.perf_counter()
        code, log = support.build_book(output)
        if code != 0:
            tail = "\n".join(log.read_text(encoding="utf-8", errors="replace").splitlines()[-15:])
            raise RuntimeError(f"the book did not build (the end of its log):\n{tail}")
        print(f"(book built once, for the browser parts and Lighthouse, in {time.perf_counter() - started:.0f} s)")
        yield Path(output) / "_build" / "html"


def browser_missing():
    """Return why the Playwright parts cannot run, or None."""
    import browser_support as support

    if support.find_chromium() is None or not (support.ASSETS / "node_modules").is_dir():
        return "needs Chromium and `make test`'s npm copies"
    return None


@contextlib.contextmanager
def book_in_chromium(html_root):
    """Serve the built book on localhost and yield (browser context, base URL).

    MathJax, d3 and KaTeX come from the pinned npm copies (the tests' router stands in for the CDN):
    the book's own cost, not the network's.
    """
    import browser_support as support
    from playwright.sync_api import sync_playwright

    modules = support.ASSETS / "node_modules"
    with support.serve(html_root) as base_url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=support.find_chromium(), args=support.CHROMIUM_ARGS)
        try:
            yield support.new_context(browser, SimpleNamespace(base_url=base_url), support.CdnCopies(modules),
                                      lambda url: None, support.DESKTOP), base_url
        finally:
            browser.close()


# Explorers may start only once their div is scrolled near (deferred loading): bring the first
# explorer of this kind into view and wait until it has registered an instance and drawn a frame.
# On pages that start every explorer at load this returns at once.
REVEAL_EXPLORER = """async (kind) => {
  const node = document.querySelector(`.one-neuron-explorer[data-explorer="${kind}"]`);
  if (node) node.scrollIntoView();
  const started = () => window.oneNeuronExplorers && window.oneNeuronExplorers[kind]
    && window.oneNeuronExplorers[kind].instances && window.oneNeuronExplorers[kind].instances.length > 0;
  const deadline = performance.now() + 30000;
  while (!started()) {
    if (performance.now() > deadline) throw new Error(`the ${kind} explorer did not start once scrolled into view`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
}"""


def bench_browser_explorers(book, rounds):
    """Median cost of one update (compute and redraw) of every kernel-free explorer, in headless Chromium."""
    import browser_support as support

    context, base_url = book
    ok, found = True, 0
    for page_path in support.toc_pages():
        page = support.open_page(context, base_url + page_path, support.Visit())
        for kind in page.evaluate(support.EXPLORER_KINDS):
            found += 1
            page.evaluate(REVEAL_EXPLORER, kind)
            page.evaluate(support.TIME_UPDATES, [kind, 30])  # let the JIT warm up
            times = page.evaluate(support.TIME_UPDATES, [kind, 20 * rounds])
            median_ms = statistics.median(times)
            verdict = "ok" if median_ms <= 16 else "OVER THE BAR"
            print(f"{'browser explorer ' + kind + ': one update':<58} {median_ms:8.2f} ms median of {len(times)}"
                  f"  (bar 16 ms, aim 4 ms: {verdict}; slowest {max(times):.1f} ms)")
            ok &= median_ms <= 16
            if page.evaluate(f"() => typeof window.oneNeuronExplorers[{kind!r}].instances[0].play === 'function'"):
                rate = page.evaluate(support.TIME_PLAYING, [kind, 3])
                verdict = "ok" if rate >= 30 else "UNDER THE BAR"
                print(f"{'browser explorer ' + kind + ': redraws while playing':<58} {rate:8.1f} per second"
                      f"  (bar 30: {verdict})")
                ok &= rate >= 30
        page.close()
    if found == 0:
        print("browser explorers: none found on any page")
        return False
    return ok


# Time from navigation until the page's math is on screen, in milliseconds; returns [how, time].
# KaTeX: the formulas are already in the HTML (`.katex`), so the time is when the first one can be
# painted: HTML parsed, stylesheets in, the fonts its layout asked for loaded, then the next frame.
# MathJax (window.MathJax is configured before MathJax loads): its startup and first typesetting of
# the page. A page without formulas counts once its HTML is parsed.
MATH_SHOWN = """async () => {
  await new Promise((resolve) => document.readyState === "loading"
    ? document.addEventListener("DOMContentLoaded", resolve) : resolve());
  const frame = () => new Promise((resolve) => requestAnimationFrame(() => resolve(performance.now())));
  const first = document.querySelector(".katex");
  if (first) {
    const deadline = performance.now() + 30000;
    for (const link of document.querySelectorAll('link[rel="stylesheet"]')) {
      while (!link.sheet) {  // a stylesheet still loading (one that failed never gets a sheet)
        if (performance.now() > deadline) throw new Error(`the stylesheet ${link.href} did not load`);
        await new Promise((resolve) => setTimeout(resolve, 2));
      }
    }
    first.getBoundingClientRect();  // layout: the browser asks for the fonts the formula uses
    await document.fonts.ready;
    return ["KaTeX", await frame()];
  }
  if (document.querySelectorAll("span.math, div.math").length === 0) return ["no math", performance.now()];
  const deadline = performance.now() + 30000;
  while (!(window.MathJax && MathJax.startup && MathJax.startup.promise)) {
    if (performance.now() > deadline) throw new Error("MathJax did not load");
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  await MathJax.startup.promise;
  const done = performance.now();  // milliseconds since the navigation started
  if (document.querySelectorAll("mjx-container").length === 0) throw new Error("no math typeset");
  return ["MathJax", done];
}"""


def bench_math_shown(book, rounds):
    """Median time from navigation to the page's math on screen, per page, in headless Chromium.

    With formulas typeset in the browser (MathJax) that is the typesetting; with formulas rendered at
    build time (KaTeX) it is the first frame that can paint one, with its fonts.
    """
    import browser_support as support

    context, base_url = book
    times = {page: [] for page in support.toc_pages()}
    how = {}
    for _ in range(max(3, rounds // 3)):
        for page_path in times:
            page = context.new_page()
            page.goto(base_url + page_path, wait_until="commit")
            how[page_path], shown = page.evaluate(MATH_SHOWN)
            times[page_path].append(shown)
            page.wait_for_load_state("load")
            page.close()
    notes = {"KaTeX": "first formula painted, fonts in", "MathJax": "MathJax typeset", "no math": "no formulas: HTML parsed"}
    for page_path, samples in times.items():
        print(f"{'math shown: ' + page_path:<58} {statistics.median(samples):8.0f} ms median of {len(samples)}"
              f"  (from navigation, {notes[how[page_path]]}; aim 300 ms)")
    return True


def bench_jupyterlab_slider(rounds):
    """Median time from a key press on the iterations slider to the new figure, in JupyterLab."""
    sys.path.insert(0, str(ROOT / "tests" / "browser"))
    import browser_support as support
    import jupyterlab_support as lab_support

    title = "JupyterLab: iterations key press to new figure"
    chromium = support.find_chromium()
    if chromium is None or lab_support.jupyter_command() is None:
        print(f"{title:<58} skipped (needs Chromium and `make setup`'s JupyterLab)")
        return True
    from playwright.sync_api import sync_playwright

    with lab_support.running_jupyterlab() as lab, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=support.CHROMIUM_ARGS)
        page = browser.new_context(viewport=support.DESKTOP).new_page()
        lab_support.open_chapter(page, lab, "04_training_loop.ipynb")
        lab_support.run_all_cells(page)
        handle = lab_support.slider_handle(page, "iterations")
        handle.wait_for(timeout=60_000)
        page.evaluate(lab_support.WATCH_FIGURE, "img.widget-image")
        handle.focus()
        presses = 3 + 4 * rounds  # the first three warm up
        for k in range(presses):
            # left, then right: the slider stays near its end, where the figure shows every step
            page.keyboard.press("ArrowLeft" if k % 2 == 0 else "ArrowRight")
            page.wait_for_function(f"() => window.__figureTimes.length >= {k + 1}", timeout=30_000)
        times = page.evaluate("() => window.__figureTimes")[3:]
        browser.close()
    median_ms = statistics.median(times)
    verdict = "ok" if median_ms <= 60 else "OVER THE BAR"
    print(f"{title:<58} {median_ms:8.1f} ms median of {len(times)}  (bar 60 ms, aim 30 ms: {verdict};"
          f" slowest {max(times):.0f} ms)")
    return median_ms <= 60


PARTS = ("training", "widgets", "browser", "lighthouse", "jupyterlab")


def parse_arguments(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("rounds", nargs="?", type=int, default=15, help="rounds per timing (default 15)")
    parser.add_argument("--only", default=",".join(PARTS),
                        help=f"comma-separated parts to run, of {', '.join(PARTS)} (default: all)")
    parser.add_argument("--pages", default="",
                        help="Lighthouse: only these pages, comma-separated: ch3, 3, intro, notation, ... (default: all)")
    parser.add_argument("--modes", default=",".join(lighthouse.MODES), help="Lighthouse: mobile, desktop or both")
    parser.add_argument("--html", type=Path, default=None,
                        help="use this built book's HTML folder instead of building the book")
    arguments = parser.parse_args(argv)
    arguments.only = [part.strip() for part in arguments.only.split(",") if part.strip()]
    arguments.modes = [mode.strip() for mode in arguments.modes.split(",") if mode.strip()]
    for names, known, option in ((arguments.only, PARTS, "--only"), (arguments.modes, lighthouse.MODES, "--modes")):
        unknown = sorted(set(names) - set(known))
        if unknown or not names:
            parser.error(f"{option}: unknown {', '.join(unknown) or 'nothing given'} (choose from {', '.join(known)})")
    return arguments


def main(argv=None):
    arguments = parse_arguments(sys.argv[1:] if argv is None else argv)
    rounds, parts = arguments.rounds, arguments.only
    print(f"nnlib benchmark: median of {rounds} alternating rounds, numpy {np.__version__}, Python {sys.version.split()[0]}")
    ok = True
    if "training" in parts:
        ok &= bench_training(rounds)
        ok &= bench_explorer(rounds)
    if "widgets" in parts:
        ok &= bench_widget_explorers(rounds)
    book_parts = []
    if "browser" in parts:
        reason = browser_missing()
        if reason:
            print(f"{'browser explorer and math shown':<58} skipped ({reason})")
        else:
            book_parts.append("browser")
    if "lighthouse" in parts:
        import browser_support as support

        pages = lighthouse.select_pages(support.toc_pages(), arguments.pages)
        reason = lighthouse.missing_tools()
        if reason:
            print(f"{'Lighthouse':<58} skipped ({reason})")
        else:
            book_parts.append("lighthouse")
    if book_parts:
        with built_book(arguments.html) as html_root:
            if "browser" in book_parts:
                with book_in_chromium(html_root) as book:
                    ok &= bench_browser_explorers(book, rounds)
                    ok &= bench_math_shown(book, rounds)
            if "lighthouse" in book_parts:
                lighthouse.bench_lighthouse(html_root, pages, arguments.modes)  # measured, never a verdict
    if "jupyterlab" in parts:
        ok &= bench_jupyterlab_slider(rounds)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
