#!/usr/bin/env node
// Prints the layout of src/ (one line per folder and per file, each with the first line of the
// module's header comment) for docs/architecture.md; `--write` puts it between the doc's markers.
// `--check` exits 1 when a source file or folder is missing from the doc, so the map cannot go stale.
import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";

const root = new URL("..", import.meta.url).pathname;
const src = join(root, "src");

function header(path) {
  const text = readFileSync(path, "utf8");
  const match = /^(?:#![^\n]*\n)?\s*\/\*\*?([\s\S]*?)\*\//.exec(text) ?? /^(?:#![^\n]*\n)?\s*((?:\/\/[^\n]*\n)+)/.exec(text);
  if (!match) return "";
  const lines = match[1]
    .split("\n")
    .map((l) => l.replace(/^\s*(\*|\/\/)\s?/, "").trim())
    .filter(Boolean);
  const first = lines.join(" ");
  const sentence = /^(.*?\.)(\s|$)/.exec(first)?.[1] ?? first;
  return sentence.length > 140 ? `${sentence.slice(0, 137)}...` : sentence;
}

function folderReadme(dir) {
  try {
    const text = readFileSync(join(dir, "README.md"), "utf8");
    const line = text.split("\n").find((l) => l.trim() !== "" && !l.startsWith("#"));
    const first = line ? (/^(.*?\.)(\s|$)/.exec(line.trim())?.[1] ?? line.trim()) : "";
    return first.length > 140 ? `${first.slice(0, 137)}...` : first;
  } catch {
    return "";
  }
}

const entries = [];
function walk(dir, depth) {
  const names = readdirSync(dir).sort();
  const files = names.filter((n) => statSync(join(dir, n)).isFile() && /\.(ts|mjs|html|css|js)$/.test(n) && !n.endsWith(".test.ts"));
  const dirs = names.filter((n) => statSync(join(dir, n)).isDirectory());
  for (const name of files) entries.push({ path: relative(root, join(dir, name)), depth, name, note: /\.ts$/.test(name) ? header(join(dir, name)) : "" });
  for (const name of dirs) {
    entries.push({ path: `${relative(root, join(dir, name))}/`, depth, name: `${name}/`, note: folderReadme(join(dir, name)) });
    walk(join(dir, name), depth + 1);
  }
}
walk(src, 1);

if (process.argv.includes("--check")) {
  const doc = readFileSync(join(root, "docs/architecture.md"), "utf8");
  const missing = entries.filter((e) => !doc.includes(e.path));
  for (const e of missing) console.error(`docs/architecture.md does not mention ${e.path}`);
  process.exit(missing.length === 0 ? 0 : 1);
}
const map = entries.map((e) => `${e.path.padEnd(52)} ${e.note}`.trimEnd()).join("\n");
if (process.argv.includes("--write")) {
  // Rewrites the block between the markers of docs/architecture.md; the prose around it is hand-written.
  const path = join(root, "docs/architecture.md");
  const doc = readFileSync(path, "utf8");
  const start = "<!-- map:start -->";
  const end = "<!-- map:end -->";
  const from = doc.indexOf(start);
  const to = doc.indexOf(end);
  if (from < 0 || to < from) throw new Error("docs/architecture.md has no map markers");
  writeFileSync(path, `${doc.slice(0, from + start.length)}\n\`\`\`\n${map}\n\`\`\`\n${doc.slice(to)}`);
} else {
  console.log(map);
}
