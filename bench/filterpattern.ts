/** Filter pattern matcher throughput: a space-delimited flow pattern, a term pattern and a JSON pattern. */
import { DEFAULT_FORMAT } from "../src/flowlog/index.js";
import { compile } from "../src/filterpattern/index.js";
import { syntheticLines } from "./flow-lines.js";
import { type Figure, medianSeconds } from "./measure.js";

const MESSAGES = 500_000;
const RUNS = 5;

const SSH_REJECT =
  '[version, account, eni, source, destination, srcport, destport="22", protocol="6", packets, bytes, windowstart, windowend, action="REJECT", flowlogstatus]';
const NAMES = ["version", "account", "eni", "srcaddr", "dstaddr", "srcport", "dstport", "protocol", "packets", "bytes", "start", "end", "action", "status"];

/** The same records as JSON events, as an application logging flows in JSON would write them. */
function asJson(line: string): string {
  const values = line.split(" ");
  const entries = NAMES.map((name, i) => {
    const v = values[i] as string;
    return `"${name}":${/^[0-9]+$/.test(v) ? v : JSON.stringify(v)}`;
  });
  return `{${entries.join(",")}}`;
}

function throughput(name: string, pattern: string, messages: readonly string[], note?: string): Figure {
  const matcher = compile(pattern);
  let hits = 0;
  const seconds = medianSeconds(RUNS, () => {
    hits = 0;
    for (let i = 0; i < messages.length; i++) if (matcher.matches(messages[i] as string)) hits++;
  });
  if (hits === 0 || hits === messages.length) throw new Error(`benchmark pattern ${pattern} should match some but not all messages`);
  const figure: Figure = { name, value: messages.length / seconds, unit: "messages/s" };
  if (note !== undefined) figure.note = note;
  return figure;
}

export async function benchFilterPattern(): Promise<Figure[]> {
  const lines = syntheticLines(MESSAGES, DEFAULT_FORMAT);
  const json = lines.map(asJson);
  return [
    throughput("filterpattern space-delimited (SSH reject)", SSH_REJECT, lines, "target >= 2,000,000"),
    throughput("filterpattern terms (REJECT -NODATA)", "REJECT -NODATA", lines),
    throughput('filterpattern JSON ($.dstport = 22 && $.action = "REJECT")', '{ $.dstport = 22 && $.action = "REJECT" }', json),
  ];
}
