/** Records per second parsing one million in-memory lines, beside a baseline that only splits them on spaces. */
import { DEFAULT_FORMAT, type FlowLogFormat, V5_FORMAT, recordParser } from "../src/flowlog/index.js";
import { syntheticLines } from "./flow-lines.js";
import { type Figure, medianSeconds } from "./measure.js";

const LINES = 1_000_000;
const RUNS = 5;

function measure(label: string, format: FlowLogFormat): Figure[] {
  const lines = syntheticLines(LINES, format);
  const parse = recordParser(format);
  let sink = 0;
  const split = medianSeconds(RUNS, () => {
    for (let i = 0; i < lines.length; i++) sink += (lines[i] as string).split(" ").length;
  });
  const parsed = medianSeconds(RUNS, () => {
    for (let i = 0; i < lines.length; i++) sink += parse(lines[i] as string, i + 1).version === null ? 0 : 1;
  });
  if (sink === 0) throw new Error("unreachable: keeps the loops from being optimised away");
  const ratio = split / parsed;
  return [
    {
      name: `flowlog parse ${label} (${format.fields.length} fields)`,
      value: LINES / parsed,
      unit: "records/s",
      note: `${(ratio * 100).toFixed(0)}% of split (target >= 50%)`,
    },
    { name: `flowlog split baseline ${label}`, value: LINES / split, unit: "lines/s" },
  ];
}

export async function benchFlowLog(): Promise<Figure[]> {
  return [...measure("default format", DEFAULT_FORMAT), ...measure("v5", V5_FORMAT)];
}
