// Renders TeX to MathML with Temml for docs_tools/render/formulas.py, which starts this
// script once per build. Protocol: one JSON request per line on stdin,
//   {"tex": "\\frac{a}{b}", "display": true}
// answered by one JSON line on stdout: {"html": "<math>...</math>"} or {"error": "..."}.
// Temml (a fork of KaTeX that keeps its TeX parser and writes MathML Core only)
// comes from node_modules (package.json; `make install` runs `npm ci`);
// docs_tools/render/formulas.py says where, in TEMML_MODULE.
import readline from "node:readline";

const { default: temml } = await import(process.env.TEMML_MODULE || "temml");

const lines = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
lines.on("line", (line) => {
  let reply;
  try {
    const { tex, display } = JSON.parse(line);
    reply = { html: temml.renderToString(tex, { displayMode: display, throwOnError: true }) };
  } catch (error) {
    reply = { error: String(error && error.message ? error.message : error).trim() };
  }
  process.stdout.write(JSON.stringify(reply) + "\n");
});
