/** Flow log format strings: `${version} ${srcaddr} ...` to a field list, and back. */
import { FlowLogError } from "./errors.js";
import { type FieldSpec, findField } from "./fields.js";

export interface FlowLogFormat {
  readonly fields: readonly FieldSpec[];
  /** The highest version among the fields: what the `version` field of a record holds. */
  readonly version: number;
  /** The canonical text, fields separated by single spaces, as DescribeFlowLogs returns it. */
  readonly text: string;
}

/** The default format, the version 2 fields in AWS's order; it cannot be changed. */
export const DEFAULT_FORMAT_TEXT =
  "${version} ${account-id} ${interface-id} ${srcaddr} ${dstaddr} ${srcport} ${dstport} ${protocol} ${packets} ${bytes} ${start} ${end} ${action} ${log-status}";

/** Every field of versions 2 to 5, the useful set for a VPC without ECS: `flowwatch setup --format v5`. */
export const V5_FORMAT_TEXT =
  "${version} ${account-id} ${interface-id} ${srcaddr} ${dstaddr} ${srcport} ${dstport} ${protocol} ${packets} ${bytes} ${start} ${end} ${action} ${log-status} ${vpc-id} ${subnet-id} ${instance-id} ${tcp-flags} ${type} ${pkt-srcaddr} ${pkt-dstaddr} ${region} ${az-id} ${sublocation-type} ${sublocation-id} ${pkt-src-aws-service} ${pkt-dst-aws-service} ${flow-direction} ${traffic-path}";

const isSpace = (c: string | undefined) => c === " " || c === "\t";

/**
 * Parses a format string. An empty format, text outside `${...}`, an unclosed or empty
 * `${}`, an unknown field or a field given twice is an error naming the column and the field.
 */
export function parseFormat(text: string): FlowLogFormat {
  const fields: FieldSpec[] = [];
  const seen = new Set<string>();
  let i = 0;
  while (i < text.length) {
    if (isSpace(text[i])) {
      i++;
      continue;
    }
    const column = i + 1;
    if (!text.startsWith("${", i)) {
      throw new FlowLogError("format", `format: expected '\${' at column ${column}, found '${text.slice(i, i + 10)}'`, undefined, undefined, column);
    }
    const close = text.indexOf("}", i + 2);
    const nextSpace = text.slice(i + 2).search(/[\s$]/);
    if (close < 0 || (nextSpace >= 0 && i + 2 + nextSpace < close)) {
      throw new FlowLogError("format", `format: '\${' at column ${column} is not closed by '}'`, undefined, undefined, column);
    }
    const name = text.slice(i + 2, close);
    if (name === "") throw new FlowLogError("format", `format: empty field '\${}' at column ${column}`, undefined, undefined, column);
    const spec = findField(name);
    if (spec === undefined) {
      throw new FlowLogError("format", `format: unknown field '${name}' at column ${column}`, undefined, name, column);
    }
    if (seen.has(name)) {
      throw new FlowLogError("format", `format: field '${name}' at column ${column} is already in the format`, undefined, name, column);
    }
    seen.add(name);
    fields.push(spec);
    i = close + 1;
    if (i < text.length && !isSpace(text[i])) {
      throw new FlowLogError("format", `format: expected a space after '\${${name}}' at column ${i + 1}`, undefined, name, i + 1);
    }
  }
  if (fields.length === 0) throw new FlowLogError("format", "format: empty: a flow log format needs at least one field");
  return formatOf(fields);
}

/** A format from a field list, such as the header line of a flow log file delivered to S3. */
export function formatOf(fields: readonly FieldSpec[]): FlowLogFormat {
  return {
    fields,
    version: fields.reduce((v, f) => Math.max(v, f.version), 2),
    text: fields.map((f) => `\${${f.name}}`).join(" "),
  };
}

export const DEFAULT_FORMAT: FlowLogFormat = parseFormat(DEFAULT_FORMAT_TEXT);
export const V5_FORMAT: FlowLogFormat = parseFormat(V5_FORMAT_TEXT);

/**
 * The format named by a header line (`version account-id interface-id ...`), as S3 files begin,
 * or undefined when the line is not one.
 */
export function formatFromHeader(line: string): FlowLogFormat | undefined {
  const names = line.trim().split(/[ \t]+/);
  const fields: FieldSpec[] = [];
  for (const name of names) {
    const spec = findField(name);
    if (spec === undefined || fields.includes(spec)) return undefined;
    fields.push(spec);
  }
  return fields.length > 0 ? formatOf(fields) : undefined;
}
