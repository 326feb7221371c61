/**
 * The fields Logs Insights discovers in a message, as GetLogRecord lists them and GetLogGroupFields
 * counts them: the VPC flow log fields of default-format records, and the leaves of JSON objects.
 */
import { DEFAULT_FORMAT } from "../../flowlog/index.js";

/** Insights names of the default format's fields, in the format's order. */
const FLOW_NAMES: readonly string[] = DEFAULT_FORMAT.fields.map((spec) => spec.insightsName ?? spec.name);

/** AWS extracts at most 200 fields from a JSON event (aws-spec §3.5). */
const MAX_JSON_FIELDS = 200;

/**
 * The same rules as the Insights engine (src/insights/fields.ts): a default-format record is 14
 * space-separated fields, the first a number; `-` is no value, so the field is not there.
 */
export function discoverFields(message: string): Map<string, string> {
  const out = new Map<string, string>();
  const parts = message.trim().split(/\s+/);
  if (parts.length === FLOW_NAMES.length && /^\d+$/.test(parts[0] ?? "")) {
    parts.forEach((value, i) => {
      if (value !== "-") out.set(FLOW_NAMES[i] as string, value); // as many parts as names (checked above)
    });
    return out;
  }
  if (!message.trimStart().startsWith("{")) return out;
  let json: unknown;
  try {
    json = JSON.parse(message);
  } catch {
    return out;
  }
  const walk = (node: unknown, path: string): void => {
    if (out.size >= MAX_JSON_FIELDS) return;
    if (node !== null && typeof node === "object") {
      for (const [key, child] of Object.entries(node)) walk(child, path === "" ? key : `${path}.${key}`);
    } else if (typeof node === "string" || typeof node === "number" || typeof node === "boolean") {
      out.set(path, String(node));
    }
  };
  if (json !== null && typeof json === "object" && !Array.isArray(json)) walk(json, "");
  return out;
}
