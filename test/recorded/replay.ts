/**
 * Replays recorded AWS answers (test/vectors/aws-recorded/) against a local cloud: an SDK v3 answer turned into
 * the botocore form the recordings keep, compared on status, error code and message, keys, and fixed values.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { internalRequest } from "../../src/cli/internal-request.js";

const VECTORS = fileURLToPath(new URL("../vectors/aws-recorded/", import.meta.url));

/** The recorded account: a 12-digit access key is that account's root in the local cloud, so ARNs match as recorded. */
export const RECORDED_ACCOUNT = "111111111111";

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Snapshot = Record<string, { "recorded-date": string; "recorded-content": Record<string, Json> }>;

/** One snapshot file, keyed by test id without its file part (`TestClass::test_name`). */
export function loadSnapshot(file: string): Map<string, Record<string, Json>> {
  const raw = JSON.parse(readFileSync(VECTORS + file, "utf8")) as Snapshot;
  const out = new Map<string, Record<string, Json>>();
  for (const [id, entry] of Object.entries(raw)) out.set(id.slice(id.indexOf("::") + 2), entry["recorded-content"]);
  return out;
}

/** An SDK v3 answer as botocore records it: the output without `$metadata`, or `{ Error: { Code, Message } }`, plus the status. */
export async function answer(call: () => Promise<unknown>): Promise<Record<string, unknown>> {
  try {
    const output = (await call()) as Record<string, unknown> & { $metadata: { httpStatusCode?: number } };
    const { $metadata, ...rest } = output;
    return { ...(parseDocuments(rest) as object), ResponseMetadata: { HTTPHeaders: {}, HTTPStatusCode: $metadata.httpStatusCode } };
  } catch (error) {
    const e = error as Error & { Error?: { Code?: string; Type?: string }; $metadata?: { httpStatusCode?: number } };
    if (e.$metadata === undefined) throw error;
    // Query protocols: the wire code (NoSuchEntity) and Type, as botocore keeps them, rather than the SDK's class name.
    const type = e.Error?.Type === undefined ? {} : { Type: e.Error.Type };
    const body = { Code: e.Error?.Code ?? e.name, Message: e.message, ...type };
    return { Error: body, ResponseMetadata: { HTTPHeaders: {}, HTTPStatusCode: e.$metadata.httpStatusCode } };
  }
}

/** IAM's policy documents arrive URL-encoded; botocore records them decoded and parsed. */
function parseDocuments(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(parseDocuments);
  if (value === null || typeof value !== "object" || value instanceof Date) return value;
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    out[key] = /policyDocument$/i.test(key) && typeof item === "string" ? parseDocument(item) : parseDocuments(item);
  }
  return out;
}

function parseDocument(text: string): unknown {
  try {
    return JSON.parse(text.startsWith("%7B") ? decodeURIComponent(text) : text);
  } catch {
    return text;
  }
}

/** `<name>` in a recorded string stands for a value the recording replaced (ids, names, times). */
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/;
const VARIABLE = new RegExp(`<[^<>]+>|${UUID.source}`);

/** `<name>` parts, and request ids (UUIDs) the recording left in messages, match any text. */
function placeholderPattern(recorded: string): RegExp | undefined {
  if (!VARIABLE.test(recorded)) return undefined;
  const parts = recorded.split(new RegExp(VARIABLE.source, "g")).map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
  return new RegExp(`^${parts.join(".+")}$`, "s");
}

/**
 * The differences between a recorded answer and the local one, as `path: what` lines. Compared: every key (both
 * ways), array lengths, fixed strings, numbers and booleans. A recorded string replacing a number or a time (LocalStack
 * writes `timestamp` or the key's name there) and a `<placeholder>` part match any value. HTTP headers are not compared.
 */
export function differences(recorded: unknown, actual: unknown, path = "$"): string[] {
  if (path.endsWith(".HTTPHeaders")) return [];
  if (typeof recorded === "string") {
    if (actual instanceof Date || typeof actual === "number") return [];
    if (typeof actual !== "string") return [`${path}: recorded a string, local ${describe(actual)}`];
    const pattern = placeholderPattern(recorded);
    if (pattern ? pattern.test(actual) : recorded === actual) return [];
    return [`${path}: recorded ${JSON.stringify(recorded)}, local ${JSON.stringify(actual)}`];
  }
  if (recorded === null || typeof recorded !== "object") {
    return recorded === actual ? [] : [`${path}: recorded ${JSON.stringify(recorded)}, local ${describe(actual)}`];
  }
  if (Array.isArray(recorded)) {
    if (!Array.isArray(actual)) return [`${path}: recorded a list, local ${describe(actual)}`];
    if (recorded.length !== actual.length) return [`${path}: recorded ${recorded.length} items, local ${actual.length}`];
    return recorded.flatMap((item, i) => differences(item, actual[i], `${path}[${i}]`));
  }
  if (actual === null || typeof actual !== "object" || Array.isArray(actual) || actual instanceof Date) {
    return [`${path}: recorded an object, local ${describe(actual)}`];
  }
  const rec = recorded as Record<string, unknown>;
  const act = actual as Record<string, unknown>;
  const out: string[] = [];
  for (const key of Object.keys(rec)) {
    if (act[key] === undefined) out.push(`${path}.${key}: missing locally`);
    else out.push(...differences(rec[key], act[key], `${path}.${key}`));
  }
  for (const key of Object.keys(act)) if (rec[key] === undefined && act[key] !== undefined) out.push(`${path}.${key}: not in the recording`);
  return out;
}

function describe(value: unknown): string {
  if (value instanceof Date) return "a time";
  if (value === undefined) return "nothing";
  return JSON.stringify(value)?.slice(0, 200) ?? String(value);
}

/** A recorded answer to replay: the snapshot's test, the answer's key in it, and the calls that make the local answer. */
export interface ReplayCase<Clients> {
  test: string;
  key: string;
  /** Makes the state the recording's test made, then sends the recorded request; returns the local answer. */
  replay(clients: Clients, name: (label: string) => string): Promise<unknown>;
}

/**
 * Replays every case and checks the results against `known` (`test#key` → reason): a case differs iff it is known
 * to, so a new difference fails and so does a fixed one still listed. `notReplayed` (test-name prefix or `test#key` →
 * reason) must cover exactly the recorded answers that have no case.
 */
export async function checkSnapshot<Clients>(options: {
  snapshot: Map<string, Record<string, Json>>;
  cases: ReplayCase<Clients>[];
  clients: Clients;
  known: Record<string, string>;
  notReplayed: Record<string, string>;
  /** Called before each case: the recording's tests each began from an empty account. */
  reset(): Promise<void>;
}): Promise<{ unexpected: string[]; stale: string[]; uncovered: string[]; unknownCases: string[] }> {
  const { snapshot, cases, clients, known, notReplayed, reset } = options;
  const unexpected: string[] = [];
  const stale: string[] = [];
  const unknownCases: string[] = [];
  const differing = new Set<string>();
  let counter = 0;
  for (const c of cases) {
    const id = `${c.test}#${c.key}`;
    const recorded = snapshot.get(c.test)?.[c.key];
    if (recorded === undefined) {
      unknownCases.push(id);
      continue;
    }
    await reset();
    const run = ++counter;
    const name = (label: string) => `rec-${label}-${run}-${process.pid}`;
    // A setup call the local cloud refuses is a difference too, reported with its error.
    const found = await c.replay(clients, name).then(
      (local) => differences(recorded, local),
      (error: Error) => [`setup refused: ${error.name}: ${error.message}`],
    );
    if (found.length > 0) {
      differing.add(id);
      if (known[id] === undefined) unexpected.push(`${id}\n    ${found.join("\n    ")}`);
    }
  }
  for (const id of Object.keys(known)) if (!differing.has(id)) stale.push(id);
  // Every recorded answer is replayed or listed as not replayed (by test-name prefix, or `test#key`), not both.
  const replayed = new Set(cases.map((c) => `${c.test}#${c.key}`));
  const uncovered: string[] = [];
  for (const [test, content] of snapshot) {
    for (const key of Object.keys(content)) {
      const id = `${test}#${key}`;
      const skipped = Object.keys(notReplayed).some((prefix) => (prefix.includes("#") ? id === prefix : test.startsWith(prefix)));
      if (replayed.has(id) === skipped) uncovered.push(`${id} (${skipped ? "replayed and listed as not replayed" : "neither replayed nor listed"})`);
    }
  }
  return { unexpected, stale, uncovered, unknownCases };
}

/** Empties every account of the cloud, signed by its root (`POST /_flowwatch/reset`). */
export async function resetCloud(endpoint: string, rootSecret: string): Promise<void> {
  const response = await internalRequest(endpoint, "/_flowwatch/reset", { method: "POST", credentials: { accessKeyId: "test", secretAccessKey: rootSecret } });
  if (response.status !== 200) throw new Error(`reset answered ${response.status}: ${await response.text()}`);
}
