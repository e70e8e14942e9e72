/* One Neuron: the loader of the book's kernel-free explorers.
 *
 * Nothing an explorer needs may hold up the first paint of a chapter: this
 * small file is the only script the explorers add to a page, and it is
 * deferred. Its tag (written by _ext/explorer_data.py) carries the addresses
 * of what they need:
 *   data-d3-src, data-d3-integrity   d3 7, the plotting library
 *   data-plots-src                   plots.js, the book's plotting layer on d3
 *   data-explorer-files              JSON {KIND: [data script, explorer script]}
 * It watches every <div class="one-neuron-explorer" data-explorer="KIND">
 * and, when the reader scrolls to within about a screen of one, inserts d3,
 * then plots.js, then that kind's data and explorer (each once per page, in
 * that order, since each needs the one before), and builds the explorer
 * there (window.oneNeuronPlots.build). A page that is never scrolled, as in a
 * Lighthouse audit, never loads d3. explorer.css has reserved each div's
 * final height, so the text after it stays where it is when it draws.
 *
 * window.oneNeuronExplorerLoader.reach(div) builds one explorer now and
 * returns a promise of its instance (for printing, tests and benchmarks).
 */
(function () {
  "use strict";

  var tag = document.currentScript;
  var roots = Array.prototype.slice.call(document.querySelectorAll(".one-neuron-explorer[data-explorer]"));
  if (!tag || roots.length === 0) return;
  var d3Source = tag.getAttribute("data-d3-src");
  var d3Integrity = tag.getAttribute("data-d3-integrity");
  var plotsSource = tag.getAttribute("data-plots-src");
  var files = JSON.parse(tag.getAttribute("data-explorer-files") || "{}");

  var scripts = {};  // address -> promise that it has run

  function load(source, integrity) {
    if (!scripts[source]) {
      scripts[source] = new Promise(function (resolve, reject) {
        var script = document.createElement("script");
        if (integrity) {
          script.integrity = integrity;
          script.crossOrigin = "anonymous";
        }
        script.onload = function () { resolve(); };
        script.onerror = function () { reject(new LoadError(source)); };
        script.src = source;
        document.head.appendChild(script);
      });
    }
    return scripts[source];
  }

  function LoadError(source) {
    this.source = source;
    this.message = "could not load " + source;
  }

  /* Where d3 was to come from, in words: "cdn.jsdelivr.net" or the book's own copy. */
  function d3Origin() {
    var url = new URL(d3Source, document.baseURI);
    return url.origin === window.location.origin ? "the book's copy, " + url.pathname : url.hostname;
  }

  function explain(root, error) {
    if (error instanceof LoadError && error.source === d3Source) {
      // The text and math are all there; only the live figure is missing. Say why, where it would be.
      root.textContent = "This explorer needs the plotting library d3, which did not load (from " + d3Origin() +
        "; no connection?). Reload the page to try again.";
      return;
    }
    if (!root.classList.contains("one-neuron-explorer--drawn") && !root.textContent) {
      root.textContent = "This explorer could not load (" + (error && error.message || error) + ").";
    }
    // Anything but a missing d3 is a fault of the book: let the console (and the tests) see it.
    console.error("one-neuron explorer " + root.getAttribute("data-explorer") + ":", error);
  }

  var started = new Map();  // div -> promise of its instance

  function reach(root) {
    if (started.has(root)) return started.get(root);
    var kind = root.getAttribute("data-explorer");
    var own = files[kind];
    root.setAttribute("aria-busy", "true");
    var promise = load(d3Source, d3Integrity)
      .then(function () { return load(plotsSource); })
      .then(function () {
        if (!own) throw new Error("the page names no files for the explorer kind " + kind);
        return load(own[0]);
      })
      .then(function () { return load(own[1]); })
      .then(function () { return window.oneNeuronPlots.build(root); })
      .then(function (instance) {
        root.removeAttribute("aria-busy");
        return instance;
      }, function (error) {
        root.removeAttribute("aria-busy");
        explain(root, error);
        return null;
      });
    started.set(root, promise);
    return promise;
  }

  window.oneNeuronExplorerLoader = { reach: reach };

  if (!("IntersectionObserver" in window)) {
    roots.forEach(reach);
    return;
  }
  // A screen above and below the viewport: the explorer is drawn before the reader gets there.
  var observer = new IntersectionObserver(function (entries) {
    entries.forEach(function (entry) {
      if (!entry.isIntersecting) return;
      observer.unobserve(entry.target);
      reach(entry.target);
    });
  }, { rootMargin: "100% 0px 100% 0px" });
  roots.forEach(function (root) { observer.observe(root); });
  // A printed page shows every explorer as it stands.
  window.addEventListener("beforeprint", function () { roots.forEach(reach); });
})();
