// Renders TeX with KaTeX for docs_tools/katex.py, which starts this script once
// per build. Protocol: one JSON request per line on stdin,
//   {"tex": "\\frac{a}{b}", "display": true}
// answered by one JSON line on stdout: {"html": "..."} or {"error": "..."}.
// KaTeX comes from node_modules (package.json; `make install` runs `npm ci`);
// docs_tools/katex.py says where, in KATEX_MODULE.
import readline from "node:readline";

const { default: katex } = await import(process.env.KATEX_MODULE || "katex");

const lines = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
lines.on("line", (line) => {
  let reply;
  try {
    const { tex, display } = JSON.parse(line);
    reply = { html: katex.renderToString(tex, { displayMode: display, throwOnError: true }) };
  } catch (error) {
    reply = { error: String(error && error.message ? error.message : error) };
  }
  process.stdout.write(JSON.stringify(reply) + "\n");
});
