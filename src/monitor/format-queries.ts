/**
 * Logs Insights queries over a flow log's own record format. Insights discovers flow log fields only in
 * default-format records; for any other format a query starts with a glob `parse` naming the fields as
 * Insights names them in the default format, so the rest of every query reads the same.
 */
import { DEFAULT_FORMAT, type FieldSpec, type FlowLogFormat } from "../flowlog/index.js";

/** srcAddr, startTime, logStatus as Insights discovers them; the fields it never discovers in camelCase (vpcId, tcpFlags, pktSrcaddr). */
export function insightsFieldName(field: FieldSpec): string {
  return field.insightsName ?? field.name.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
}

const isDefault = (format: FlowLogFormat) =>
  format.fields.length === DEFAULT_FORMAT.fields.length && format.fields.every((f, i) => f.name === DEFAULT_FORMAT.fields[i]?.name);

/** `parse @message "* * *" as srcAddr, dstPort, action`; undefined for the default format, whose fields Insights finds itself. */
export function parseCommandFor(format: FlowLogFormat): string | undefined {
  if (isDefault(format)) return undefined;
  // Records are single-space separated with `-` for a missing value, so one `*` per field reads them all;
  // the last `*` takes the rest of the line.
  return `parse @message "${format.fields.map(() => "*").join(" ")}" as ${format.fields.map(insightsFieldName).join(", ")}`;
}

/** The query over records of `format`: as given for the default format, else after the parse command (once). */
export function queryForFormat(query: string, format: FlowLogFormat | undefined): string {
  const parse = format === undefined ? undefined : parseCommandFor(format);
  if (parse === undefined || query.trimStart().startsWith(parse)) return query;
  return `${parse} | ${query.trimStart()}`;
}
