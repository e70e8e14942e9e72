/* Small fixes to the theme's markup: names for screen readers (WCAG 2.2,
 * "label in name"), and a visible cue under tables that scroll sideways.
 *
 * pydata-sphinx-theme labels its search field "Search" although it reads
 * "Search Ctrl+K", labels the colour-mode button "Color mode" over three icons
 * with titles of their own, and myst-nb labels each folded code cell
 * "Toggle hidden content" although it reads "Show code cell source". A spoken
 * name must contain the visible words, so each control is named by what it
 * shows. The browser tests run axe-core on every page to keep it so.
 */
(function () {
  function fix() {
    // Named by their visible text: "Search Ctrl + K", "Show code cell source"
    document.querySelectorAll(".search-button-field[aria-label], details > summary[aria-label]").forEach(function (el) {
      el.removeAttribute("aria-label");
    });
    // Icons only: the button gets its name as (visually hidden) text, the icons none
    document.querySelectorAll(".theme-switch-button").forEach(function (button) {
      if (button.querySelector(".one-neuron-name")) return;
      var name = button.getAttribute("aria-label") || "Color mode";
      button.removeAttribute("aria-label");
      button.querySelectorAll("i").forEach(function (icon) {
        icon.setAttribute("aria-hidden", "true");
        icon.removeAttribute("title");
      });
      var text = document.createElement("span");
      text.className = "visually-hidden one-neuron-name";
      text.textContent = name;
      button.appendChild(text);
    });
  }
  // A table wider than its column scrolls inside the theme's container; say so
  // under it, and only while it does not fit (a phone, a narrow window). The
  // check runs when the browser reports the box's size, after a layout it did
  // anyway: reading scrollWidth straight after the page loads would force a
  // layout of the whole page (10,000 elements and more) on a phone's CPU.
  function markScrollingTable(box) {
    var hint = box.nextElementSibling;
    var has = hint && hint.classList.contains("one-neuron-scroll-hint");
    var scrolls = box.scrollWidth > box.clientWidth + 1;
    if (scrolls && !has) {
      hint = document.createElement("p");
      hint.className = "one-neuron-scroll-hint";
      hint.textContent = "\u2194 The table is wider than the page: scroll it sideways to see every column.";
      box.insertAdjacentElement("afterend", hint);
    } else if (!scrolls && has) {
      hint.remove();
    }
  }
  function start() {
    fix();
    var boxes = document.querySelectorAll(".pst-scrollable-table-container");
    if (!boxes.length) return;
    if (!("ResizeObserver" in window)) {
      boxes.forEach(markScrollingTable);
      return;
    }
    var observer = new ResizeObserver(function (entries) {
      entries.forEach(function (entry) { markScrollingTable(entry.target); });
    });
    boxes.forEach(function (box) { observer.observe(box); });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
