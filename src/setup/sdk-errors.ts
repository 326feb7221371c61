/**
 * An SDK call's failure in words for people: the operation, and the endpoint that did not answer or the
 * AWS error code and message; never the SDK's internals ($response, middleware names).
 */

/** The call an error came out of: recorded by the clients' middleware (clients.ts), read by describeSdkError. */
export interface SdkCall {
  operation: string;
  endpoint?: string;
}

const calls = new WeakMap<object, SdkCall>();

export function recordSdkCall(error: unknown, call: SdkCall): void {
  if (typeof error === "object" && error !== null && !calls.has(error)) calls.set(error, call);
}

export function sdkCallOf(error: unknown): SdkCall | undefined {
  return typeof error === "object" && error !== null ? calls.get(error) : undefined;
}

/**
 * An endpoint that did not connect or answer in time. It replaces the HTTP handler's TimeoutError inside
 * the retry loop, so it is not retried: an endpoint silent for the whole timeout is not waited for twice.
 */
export class NoAnswerError extends Error {
  override readonly name = "NoAnswerError";
  constructor(
    readonly endpoint: string,
    readonly seconds: number,
    readonly phase: "connect" | "answer",
  ) {
    super(phase === "connect" ? `no connection to ${endpoint} within ${seconds} s` : `no answer from ${endpoint} within ${seconds} s`);
  }
}

/**
 * An answer that is no AWS answer (an HTML page of a proxy, a web server on the wrong port): the SDK's
 * parsers read some of them as empty successes, so the clients refuse them before parsing.
 */
export class NotAwsResponseError extends Error {
  override readonly name = "NotAwsResponseError";
  constructor(
    readonly endpoint: string,
    readonly status: number,
  ) {
    super(`${endpoint} answered HTTP ${status} that is not an AWS response`);
  }
}

/** Node's codes for an endpoint that cannot be reached; the SDK passes these errors through as they are. */
const NETWORK_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ETIMEDOUT",
  "EPIPE",
  "ECONNABORTED",
  "EPROTO",
  "CERT_HAS_EXPIRED",
  "DEPTH_ZERO_SELF_SIGNED_CERT",
  "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
  "ERR_TLS_CERT_ALTNAME_INVALID",
]);

interface NodeNetworkError {
  code?: string;
  address?: string;
  port?: number;
  hostname?: string;
  errors?: unknown[];
  cause?: unknown;
}

/**
 * `ECONNREFUSED 127.0.0.1:9`: a network error's code and the address it was trying, looked for on the
 * error, its cause (fetch's TypeError: fetch failed) and the attempts of an AggregateError (one per address).
 */
export function networkCause(error: unknown, depth = 0): string | undefined {
  if (typeof error !== "object" || error === null || depth > 4) return undefined;
  const e = error as NodeNetworkError;
  if (typeof e.code === "string" && NETWORK_CODES.has(e.code)) {
    const where = e.address !== undefined ? `${e.address}${e.port !== undefined ? `:${e.port}` : ""}` : e.hostname;
    if (where !== undefined) return `${e.code} ${where}`;
    for (const inner of e.errors ?? []) {
      const found = networkCause(inner, depth + 1);
      if (found !== undefined) return found;
    }
    return e.code;
  }
  for (const inner of e.errors ?? []) {
    const found = networkCause(inner, depth + 1);
    if (found !== undefined) return found;
  }
  return networkCause(e.cause, depth + 1);
}

/** The SDK appends a hint about its hidden `$response` field to parse errors: not for people. */
const withoutSdkHints = (message: string) => message.replace(/\s*Deserialization error: to see the raw response.*$/s, "").trim();

interface SdkErrorShape {
  name: string;
  message: string;
  $fault?: string;
  $metadata?: { httpStatusCode?: number };
  $response?: { statusCode?: number };
}

/**
 * One line for an SDK call's failure, or undefined for an error that did not come out of an SDK call (a bug,
 * which the caller lets through). The operation always; the endpoint for what did not answer or answered
 * something that is not AWS; AWS's error code and message for an AWS answer.
 */
export function describeSdkError(error: unknown): string | undefined {
  if (!(error instanceof Error)) return undefined;
  const call = sdkCallOf(error);
  const e = error as Error & SdkErrorShape;
  const operation = call?.operation;
  const endpoint = call?.endpoint ?? "the endpoint";
  const named = (text: string) => (operation === undefined ? text : `${operation}: ${text}`);
  if (error instanceof NoAnswerError) return `${error.message}${operation === undefined ? "" : ` (${operation})`}`;
  if (error instanceof NotAwsResponseError) return named(error.message);
  const network = networkCause(error);
  if (network !== undefined) return named(`cannot reach ${endpoint} (${network})`);
  if (/Could not load credentials|Region is missing|credential/i.test(e.message) && e.$fault === undefined) {
    if (/Region is missing/.test(e.message)) return named("no Region: give --region, or set AWS_REGION or a profile's region");
    return named(`no credentials: ${withoutSdkHints(e.message)} (set AWS_PROFILE, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY)`);
  }
  if (call === undefined && e.$metadata === undefined) return undefined;
  const status = e.$metadata?.httpStatusCode ?? e.$response?.statusCode;
  // A parse failure: the SDK attaches the raw response; no AWS error code came back.
  const unparsed = e.$fault === undefined && "$response" in error;
  // An error answer without an AWS error body: the SDK names it after nothing it read.
  const nameless = e.$fault !== undefined && [e.name, e.message].some((text) => text === "Unknown" || text === "UnknownError" || text === "Error");
  if (unparsed || nameless) return named(`${endpoint} answered HTTP ${status ?? "?"} that is not an AWS response`);
  const message = withoutSdkHints(e.message);
  return named(message === "" || message === e.name ? e.name : `${e.name}: ${message}`);
}

/**
 * The line a long-running view (dashboard, live monitor, alarm poller) shows instead of failing: an SDK
 * call's failure as describeSdkError says it, any other error by its name and message.
 */
export const failureText = (error: unknown): string => describeSdkError(error) ?? (error instanceof Error ? `${error.name}: ${error.message}` : String(error));
