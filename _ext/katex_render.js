// Typesets TeX with KaTeX for _ext/katex_math.py, one request a line.
// Usage: node katex_render.js PATH/TO/katex.js
// Each line on stdin is JSON {"tex": "...", "display": true|false};
// each line on stdout is JSON {"html": "..."} or {"error": "..."}.
"use strict";
const katex = require(process.argv[2]);
const readline = require("readline");

// The book's notation (book/notation.md) in one place, for the book and for
// JupyterLab alike: no macros, so that the same TeX renders in both.
const options = {
  output: "htmlAndMathml", // MathML for screen readers beside the visible form
  throwOnError: true, // an error fails the build instead of showing red TeX to a reader
  strict: "error",
  trust: false,
};

const lines = readline.createInterface({ input: process.stdin, terminal: false });
lines.on("line", (line) => {
  let reply;
  try {
    const request = JSON.parse(line);
    reply = { html: katex.renderToString(request.tex, Object.assign({ displayMode: request.display }, options)) };
  } catch (error) {
    reply = { error: String(error && error.message ? error.message : error) };
  }
  process.stdout.write(JSON.stringify(reply) + "\n");
});
