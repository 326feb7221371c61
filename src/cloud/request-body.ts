/**
 * Request bodies, bounded before they are read: size, who may send a large one, how many bytes are
 * buffered at once per connection and in all, and how long a slow client may take (the HTTP server's limits).
 */
import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerOptions, ServerResponse } from "node:http";
import type { Socket } from "node:net";
import { AwsError } from "./protocol/aws-error.js";
import { encodeJsonError } from "./protocol/json.js";

const KiB = 1024;
const MiB = 1024 * KiB;

export interface RequestLimits {
  /** Largest body read at all: above any AWS request the services accept (PutLogEvents: 1 MiB of events, JSON-escaped). */
  maxBodyBytes: number;
  /** A body above this is read only once its headers name a key that may send it (`Authenticator.precheck`). */
  unauthenticatedBodyBytes: number;
  /** Body bytes one connection may have buffered at once (pipelined requests included). */
  connectionBodyBytes: number;
  /** Body bytes all connections together may have buffered at once; past it a new body is refused as busy. */
  inFlightBodyBytes: number;
  /** Open connections; node:http closes the ones above at once. */
  maxConnections: number;
  /** Time for a client to send its request headers. */
  headersTimeoutMs: number;
  /** Time for a client to send its whole request, body included. */
  requestTimeoutMs: number;
}

export const DEFAULT_REQUEST_LIMITS: Readonly<RequestLimits> = {
  maxBodyBytes: 16 * MiB,
  unauthenticatedBodyBytes: 64 * KiB,
  connectionBodyBytes: 16 * MiB,
  inFlightBodyBytes: 64 * MiB,
  maxConnections: 512,
  headersTimeoutMs: 20_000,
  requestTimeoutMs: 60_000,
};

/** 413: the body is larger than the server reads. */
export class BodyTooLarge extends AwsError {
  constructor(limit: number) {
    super("RequestEntityTooLarge", `Request body larger than ${limit} bytes`, 413);
  }
}

/** AWS's "Common Errors" answer for a server that cannot take the request now; SDKs retry it. */
const busy = () => new AwsError("ServiceUnavailable", "The request has failed due to a temporary failure of the server.", 503, false);
/** S3's words for a body shorter than its Content-Length (the client went away or stalled). */
const incompleteBody = () => new AwsError("IncompleteBody", "You did not provide the number of bytes specified by the Content-Length HTTP header.", 400);
const REQUEST_TIMEOUT = "Your socket connection to the server was not read from or written to within the timeout period.";

/** The limits node:http enforces itself; its idle-connection sweep runs often enough to keep them close. */
export function httpServerOptions(limits: RequestLimits): ServerOptions {
  const headersTimeout = Math.min(limits.headersTimeoutMs, limits.requestTimeoutMs);
  return {
    headersTimeout,
    requestTimeout: limits.requestTimeoutMs,
    connectionsCheckingInterval: Math.max(50, Math.min(headersTimeout, limits.requestTimeoutMs) / 4),
  };
}

/**
 * node:http's `clientError`: a request timed out or could not be parsed. A timeout is answered with
 * AWS's RequestTimeout (S3's code and words; JSON, since no protocol is known yet) and the connection closed.
 */
export function answerClientError(error: Error & { code?: string }, socket: Socket): void {
  // node:http's own rule: only a connection whose response has not started can still be answered.
  const pending = (socket as Socket & { _httpMessage?: ServerResponse | null })._httpMessage;
  if (!socket.writable || pending?.headersSent === true || error.code === "ECONNRESET" || error.code === "EPIPE") {
    socket.destroy();
    return;
  }
  let head = "HTTP/1.1 400 Bad Request";
  let body = "";
  let type = "";
  if (error.code === "ERR_HTTP_REQUEST_TIMEOUT") {
    const encoded = encodeJsonError(new AwsError("RequestTimeout", REQUEST_TIMEOUT, 400), "1.1", randomUUID());
    body = String(encoded.body);
    type = `Content-Type: ${encoded.headers["content-type"]}\r\nx-amzn-ErrorType: RequestTimeout\r\n`;
  } else if (error.code === "HPE_HEADER_OVERFLOW") {
    head = "HTTP/1.1 431 Request Header Fields Too Large";
  }
  socket.end(`${head}\r\n${type}Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
}

/** One LocalCloud's body budget: the bytes its requests have buffered, per connection and in all. */
export class RequestBodies {
  private inFlight = 0;
  private readonly perConnection = new WeakMap<Socket, number>();

  /** `admit` throws the AWS error for headers that may not send a large body (see `Authenticator.precheck`). */
  constructor(
    readonly limits: RequestLimits = DEFAULT_REQUEST_LIMITS,
    private readonly admit: (req: IncomingMessage) => void = () => undefined,
  ) {}

  /** Body bytes buffered now, by requests not yet answered. */
  get bytesInFlight(): number {
    return this.inFlight;
  }

  /**
   * The whole body, or the AwsError that refuses it: 413 for a declared length above the limit, the
   * authentication error for a large body from a caller `admit` refuses, 503 ServiceUnavailable past
   * a budget; each before a byte of the body is read, and the connection closed after the answer so
   * the rest is never read. The bytes count against the budgets until the response is finished.
   */
  read(req: IncomingMessage, res: ServerResponse): Promise<Buffer> {
    const { limits } = this;
    const declared = declaredLength(req);
    const chunked = declared === undefined && req.headers["transfer-encoding"] !== undefined;
    try {
      if (declared !== undefined && declared > limits.maxBodyBytes) throw new BodyTooLarge(limits.maxBodyBytes);
      if (chunked || (declared ?? 0) > limits.unauthenticatedBodyBytes) this.admit(req);
    } catch (error) {
      return Promise.reject(refuse(res, error));
    }
    const socket = req.socket;
    let held = 0;
    const hold = (bytes: number): boolean => {
      const connection = this.perConnection.get(socket) ?? 0;
      if (this.inFlight + bytes > limits.inFlightBodyBytes || connection + bytes > limits.connectionBodyBytes) return false;
      this.inFlight += bytes;
      this.perConnection.set(socket, connection + bytes);
      held += bytes;
      return true;
    };
    if (!hold(declared ?? 0)) return Promise.reject(refuse(res, busy()));
    res.once("close", () => {
      this.inFlight -= held;
      this.perConnection.set(socket, (this.perConnection.get(socket) ?? held) - held);
      held = 0;
    });

    return new Promise((resolve, reject) => {
      // With a Content-Length the chunks go straight into one buffer of that size, which saves
      // joining a megabyte of chunks for every PutLogEvents.
      const sized = declared !== undefined && declared > 0 ? Buffer.allocUnsafe(declared) : undefined;
      const chunks: Buffer[] = [];
      let size = 0;
      let settled = false;
      const fail = (error: AwsError) => {
        if (settled) return;
        settled = true;
        req.removeListener("data", onData);
        reject(refuse(res, error));
      };
      const onData = (chunk: Buffer) => {
        if (size + chunk.length > limits.maxBodyBytes) return fail(new BodyTooLarge(limits.maxBodyBytes));
        // Chunked bodies announce no length: each chunk is held as it comes.
        if (sized === undefined && !hold(chunk.length)) return fail(busy());
        if (sized !== undefined) chunk.copy(sized, size);
        else chunks.push(chunk);
        size += chunk.length;
      };
      req.on("data", onData);
      req.on("end", () => {
        if (settled) return;
        settled = true;
        resolve(sized !== undefined ? sized.subarray(0, size) : Buffer.concat(chunks));
      });
      // The client went away, or node:http closed a connection that outlived its request timeout.
      req.on("error", () => fail(incompleteBody()));
      req.on("close", () => {
        if (!req.complete) fail(incompleteBody());
      });
    });
  }
}

/** The body as the pipeline reads it, within `bodies`' budgets (a budget of its own when none is given). */
export function readBody(req: IncomingMessage, res: ServerResponse, bodies: RequestBodies = new RequestBodies()): Promise<Buffer> {
  return bodies.read(req, res);
}

function declaredLength(req: IncomingMessage): number | undefined {
  const header = req.headers["content-length"];
  if (header === undefined) return undefined;
  const length = Number(header);
  // node:http refuses a malformed Content-Length before the request gets here.
  return Number.isSafeInteger(length) && length >= 0 ? length : undefined;
}

/** A refused body is never read: the answer closes the connection instead of draining the rest. */
function refuse(res: ServerResponse, error: unknown): unknown {
  if (!res.headersSent) res.setHeader("connection", "close");
  return error;
}
