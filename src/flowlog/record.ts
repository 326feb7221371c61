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
        throw new FlowLogError("record", `${describe(lineNumber)}: field '${name}' (${index + 1}): '${line.slice(from, to)}' is not an integer`, lineNumber, name, from + 1);
      }
      value = value * 10 + (c - ZERO);
    }
    if (value > Number.MAX_SAFE_INTEGER) {
      const name = names[index] as string;
      throw new FlowLogError("record", `${describe(lineNumber)}: field '${name}' (${index + 1}): '${line.slice(from, to)}' is out of range`, lineNumber, name, from + 1);
    }
    return value;
  };

  return (line: string, lineNumber?: number): FlowRecord => {
    const record: FlowRecord = {};
    let end = line.length;
    while (end > 0) {
      const c = line.charCodeAt(end - 1);
      if (c !== CR && c !== SPACE && c !== TAB) break;
      end--;
    }
    let i = 0;
    let index = 0;
    while (i < end) {
      let c = line.charCodeAt(i);
      if (c === SPACE || c === TAB) {
        i++;
        continue;
      }
      const from = i;
      while (i < end) {
        c = line.charCodeAt(i);
        if (c === SPACE || c === TAB) break;
        i++;
      }
      if (index >= count) {
        throw new FlowLogError("record", `${describe(lineNumber)}: expected ${count} fields, found more`, lineNumber, undefined, from + 1);
      }
      const name = names[index] as string;
      if (numeric[index]) record[name] = parseInteger(line, from, i, index, lineNumber);
      else record[name] = i - from === 1 && line.charCodeAt(from) === DASH ? null : line.slice(from, i);
      index++;
    }
    if (index < count) {
      const missing = names[index] as string;
      throw new FlowLogError("record", `${describe(lineNumber)}: expected ${count} fields, found ${index} (no value for '${missing}')`, lineNumber, missing);
    }
    return record;
  };
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
