/** The VPC flow log record library: field catalogue, formats, records, TCP flags, protocol and port names, file reader. */
export { FlowLogError, type FlowLogErrorKind } from "./errors.js";
export { FIELDS, INSIGHTS_FIELDS, findField, type FieldSpec, type FieldType } from "./fields.js";
export {
  DEFAULT_FORMAT,
  DEFAULT_FORMAT_TEXT,
  V5_FORMAT,
  V5_FORMAT_TEXT,
  formatFromHeader,
  formatOf,
  parseFormat,
  type FlowLogFormat,
} from "./format.js";
export { formatRecord, parseRecord, recordParser, type FlowRecord, type RecordParser } from "./record.js";
export { decodeTcpFlags, encodeTcpFlags, tcpFlagsLabel, TCP_FLAG_BITS } from "./tcp-flags.js";
export { protocolName, protocolNumber } from "./protocols.js";
export { portLabel, portName } from "./ports.js";
export { linesOf, openSource, readRecords, type ReadOptions, type ReadStats } from "./reader.js";
