/** Flow log records: one line of text in a given format to a typed record, and back. */
import { FlowLogError } from "./errors.js";
import type { FlowLogFormat } from "./format.js";

/** A record keyed by the format's field names as AWS spells them; `-` becomes null. */
export type FlowRecord = Record<string, string | number | null>;

export type RecordParser = (line: string, lineNumber?: number) => FlowRecord;

const SPACE = 32;
const TAB = 9;
const CR = 13;
const DASH = 45;
const ZERO = 48;
const NINE = 57;

const describe = (line: number | undefined) => (line === undefined ? "record" : `line ${line}`);

/**
 * Builds the parser of one format. Fields are separated by runs of spaces or tabs (AWS's own
 * documentation has a line with a double space); a trailing carriage return is ignored.
 * Integer fields take digits only, up to 2^53 - 1; anything else is an error naming the field.
 */
export function recordParser(format: FlowLogFormat): RecordParser {
  const names = format.fields.map((f) => f.name);
  const numeric = format.fields.map((f) => f.type !== "string");
  const count = names.length;

  const parseInteger = (line: string, from: number, to: number, index: number, lineNumber: number | undefined): number | null => {
    if (to - from === 1 && line.charCodeAt(from) === DASH) return null;
    let value = 0;
    for (let i = from; i < to; i++) {
      const c = line.charCodeAt(i);
      if (c < ZERO || c > NINE) {
        const name = names[index] as string;
        throw new FlowLogError(
          "record",
          `${describe(lineNumber)}: field '${name}' (${index + 1}): '${line.slice(from, to)}' is not an integer`,
          lineNumber,
          name,
          from + 1,
        );
      }
      value = value * 10 + (c - ZERO);
    }
    if (value > Number.MAX_SAFE_INTEGER) {
      const name = names[index] as string;
      throw new FlowLogError(
        "record",
        `${describe(lineNumber)}: field '${name}' (${index + 1}): '${line.slice(from, to)}' is out of range`,
        lineNumber,
        name,
        from + 1,
      );
    }
    return value;
  };

  const values: Array<string | number | null> = new Array(count).fill(null);
  const build = recordBuilder(names);
  return (line: string, lineNumber?: number): FlowRecord => {
    let end = line.length;
    while (end > 0) {
      const c = line.charCodeAt(end - 1);
      if (c !== CR && c !== SPACE && c !== TAB) break;
      end--;
    }
    // Lines without tabs, as AWS writes them, find their separators with the native indexOf.
    const tabs = line.indexOf("\t") >= 0;
    let i = 0;
    let index = 0;
    while (i < end) {
      const c = line.charCodeAt(i);
      if (c === SPACE || c === TAB) {
        i++;
        continue;
      }
      const from = i;
      if (tabs) {
        while (i < end && line.charCodeAt(i) !== SPACE && line.charCodeAt(i) !== TAB) i++;
      } else {
        i = line.indexOf(" ", from);
        if (i < 0 || i > end) i = end;
      }
      if (index >= count) {
        throw new FlowLogError("record", `${describe(lineNumber)}: expected ${count} fields, found more`, lineNumber, undefined, from + 1);
      }
      if (numeric[index]) values[index] = parseInteger(line, from, i, index, lineNumber);
      else values[index] = i - from === 1 && line.charCodeAt(from) === DASH ? null : line.slice(from, i);
      index++;
    }
    if (index < count) {
      const missing = names[index] as string;
      throw new FlowLogError("record", `${describe(lineNumber)}: expected ${count} fields, found ${index} (no value for '${missing}')`, lineNumber, missing);
    }
    return build(values);
  };
}

/**
 * A function that turns the values of one line into a record with an object literal, so that every
 * record of a format shares one hidden class: adding 29 keys one by one is four times slower.
 * The keys are field names from the catalogue, never input text.
 */
function recordBuilder(names: readonly string[]): (values: ReadonlyArray<string | number | null>) => FlowRecord {
  const body = `return {${names.map((name, i) => `${JSON.stringify(name)}: v[${i}]`).join(", ")}};`;
  return new Function("v", body) as (values: ReadonlyArray<string | number | null>) => FlowRecord;
}

/** Parses one line; for many lines, build the parser once with recordParser. */
export function parseRecord(line: string, format: FlowLogFormat, lineNumber?: number): FlowRecord {
  return recordParser(format)(line, lineNumber);
}

/** Writes a record in a format, fields separated by single spaces, absent values as `-`. */
export function formatRecord(record: FlowRecord, format: FlowLogFormat): string {
  let out = "";
  for (let i = 0; i < format.fields.length; i++) {
    const value = record[(format.fields[i] as { name: string }).name];
    if (i > 0) out += " ";
    out += value === null || value === undefined ? "-" : String(value);
  }
  return out;
}
