/**
 * Regex throughput over flow-log lines: the linear-time engine of src/regex/ beside JavaScript's
 * backtracking RegExp, for `test` (filter ... like /re/) and for `exec` with named groups (parse).
 */
import { DEFAULT_FORMAT } from "../src/flowlog/index.js";
import { Regex } from "../src/regex/index.js";
import { syntheticLines } from "./flow-lines.js";
import { type Figure, medianSeconds } from "./measure.js";

const LINES = 1_000_000;
const RUNS = 3;

const TESTS: [string, string, string][] = [
  ["literal", "REJECT", ""],
  ["anchored classes", "^\\d+ \\d+ eni-\\w+ 10\\.0\\.", ""],
  ["case-insensitive", "(?i)reject ok$", "i"],
  ["alternation", " (22|3389|445) 6 ", ""],
];
const PARSE = "(?<src>\\d+\\.\\d+\\.\\d+\\.\\d+) (?<dst>\\d+\\.\\d+\\.\\d+\\.\\d+) (?<sport>\\d+) (?<dport>\\d+)";

function rate(lines: readonly string[], work: (line: string) => boolean): { perSecond: number; hits: number } {
  let hits = 0;
  const seconds = medianSeconds(RUNS, () => {
    hits = 0;
    for (let i = 0; i < lines.length; i++) if (work(lines[i] as string)) hits++;
  });
  return { perSecond: lines.length / seconds, hits };
}

export async function benchRegex(): Promise<Figure[]> {
  const lines = syntheticLines(LINES, DEFAULT_FORMAT);
  const figures: Figure[] = [];
  const pair = (name: string, ours: (l: string) => boolean, js: (l: string) => boolean) => {
    const a = rate(lines, ours);
    const b = rate(lines, js);
    if (a.hits !== b.hits) throw new Error(`${name}: ${a.hits} matches, RegExp ${b.hits}`);
    figures.push({
      name: `regex ${name}`,
      value: a.perSecond,
      unit: "lines/s",
      note: `RegExp ${Math.round(b.perSecond).toLocaleString("en-US")} lines/s; ${a.hits} matches`,
    });
  };
  for (const [name, source, flags] of TESTS) {
    const ours = new Regex(source);
    const js = new RegExp(source.replace(/^\(\?i\)/, ""), flags);
    pair(
      `test ${name} /${source}/`,
      (l) => ours.test(l),
      (l) => js.test(l),
    );
  }
  const ours = new Regex(PARSE);
  const js = new RegExp(PARSE);
  pair(
    "exec four named groups (parse)",
    (l) => ours.exec(l)?.groups[4] === "22",
    (l) => js.exec(l)?.groups?.dport === "22",
  );
  return figures;
}
