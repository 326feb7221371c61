/**
 * AWS's event-stream framing (`application/vnd.amazon.eventstream`), the response body of streaming operations
 * such as Logs' StartLiveTail: each message is a prelude (total length, headers length, their CRC32), string
 * headers, a JSON payload and the CRC32 of everything before it. And the reply an operation returns to have the
 * pipeline keep the response open and write such messages until either side ends it.
 */
import type { ServerResponse } from "node:http";
import { crc32 } from "node:zlib";
import type { EncodedResponse } from "./json.js";

const STRING_HEADER = 7;
const PRELUDE = 12;
const TRAILER = 4;

/** One message with string headers (the only header type AWS's JSON event streams send). */
export function encodeMessage(headers: Readonly<Record<string, string>>, payload: Uint8Array): Buffer {
  const parts: Buffer[] = [];
  for (const [name, value] of Object.entries(headers)) {
    const n = Buffer.from(name, "utf8");
    const v = Buffer.from(value, "utf8");
    const head = Buffer.alloc(1 + n.length + 1 + 2);
    head.writeUInt8(n.length, 0);
    n.copy(head, 1);
    head.writeUInt8(STRING_HEADER, 1 + n.length);
    head.writeUInt16BE(v.length, 2 + n.length);
    parts.push(head, v);
  }
  const headerBytes = Buffer.concat(parts);
  const total = PRELUDE + headerBytes.length + payload.length + TRAILER;
  const message = Buffer.alloc(total);
  message.writeUInt32BE(total, 0);
  message.writeUInt32BE(headerBytes.length, 4);
  message.writeUInt32BE(crc32(message.subarray(0, 8)), 8);
  headerBytes.copy(message, PRELUDE);
  Buffer.from(payload).copy(message, PRELUDE + headerBytes.length);
  message.writeUInt32BE(crc32(message.subarray(0, total - TRAILER)), total - TRAILER);
  return message;
}

/** A modelled event (`:event-type` is the member's name in the stream union) with a JSON payload. */
export function eventMessage(eventType: string, payload: unknown): Buffer {
  return encodeMessage(
    { ":event-type": eventType, ":content-type": "application/json", ":message-type": "event" },
    Buffer.from(JSON.stringify(payload), "utf8"),
  );
}

/** A modelled exception of the stream union: the SDKs raise it as that error type while reading the stream. */
export function exceptionMessage(exceptionType: string, message: string): Buffer {
  return encodeMessage(
    { ":exception-type": exceptionType, ":content-type": "application/json", ":message-type": "exception" },
    Buffer.from(JSON.stringify({ message }), "utf8"),
  );
}

/** Decodes one message from the start of `bytes` (tests and clients of this module); undefined until it is whole. */
export function decodeMessage(bytes: Buffer): { headers: Record<string, string>; payload: Buffer; length: number } | undefined {
  if (bytes.length < PRELUDE) return undefined;
  const total = bytes.readUInt32BE(0);
  if (bytes.length < total) return undefined;
  if (crc32(bytes.subarray(0, 8)) !== bytes.readUInt32BE(8)) throw new Error("event stream: prelude CRC mismatch");
  if (crc32(bytes.subarray(0, total - TRAILER)) !== bytes.readUInt32BE(total - TRAILER)) throw new Error("event stream: message CRC mismatch");
  const headersEnd = PRELUDE + bytes.readUInt32BE(4);
  const headers: Record<string, string> = {};
  let at = PRELUDE;
  while (at < headersEnd) {
    const nameLength = bytes.readUInt8(at);
    const name = bytes.toString("utf8", at + 1, at + 1 + nameLength);
    at += 1 + nameLength;
    if (bytes.readUInt8(at) !== STRING_HEADER) throw new Error(`event stream: header ${name} is not a string`);
    const valueLength = bytes.readUInt16BE(at + 1);
    headers[name] = bytes.toString("utf8", at + 3, at + 3 + valueLength);
    at += 3 + valueLength;
  }
  return { headers, payload: bytes.subarray(headersEnd, total - TRAILER), length: total };
}

/** Where an open stream writes: false from `write` means the client is not keeping up (back-pressure). */
export interface EventSink {
  write(message: Buffer): boolean;
  /** Ends the response; the session's `close` callback runs once, whichever side ended it. */
  end(): void;
  onDrain(listener: () => void): void;
}

/**
 * What a streaming operation returns instead of a JSON body: the pipeline answers 200 with the event-stream
 * content type and hands the open response to `open`, which returns the function to call when it closes.
 */
export class EventStreamReply {
  /**
   * Never set: the model's output has one member, the stream itself (`responseStream`), which is this reply's
   * body. Declared so that a reply fits the generated output type, which models the stream as a structure.
   */
  readonly responseStream?: never;
  constructor(readonly open: (sink: EventSink) => () => void) {}
}

/** The HTTP side of a reply: headers now, then the messages until the session or the client ends. */
export interface StreamedResponse extends EncodedResponse {
  stream(res: ServerResponse): void;
}

export function streamedResponse(reply: EventStreamReply, requestId: string): StreamedResponse {
  return {
    status: 200,
    headers: { "content-type": "application/vnd.amazon.eventstream", "x-amzn-requestid": requestId },
    body: "",
    stream(res) {
      // No content-length: chunked, open until one side ends it. Nagle off so that each update leaves at once.
      res.socket?.setNoDelay(true);
      res.writeHead(200, this.headers);
      res.flushHeaders();
      let closed = false;
      const sink: EventSink = {
        write: (message) => (closed ? false : res.write(message)),
        end: () => {
          if (!closed) res.end();
        },
        onDrain: (listener) => res.on("drain", listener),
      };
      const close = reply.open(sink);
      // `close` fires when the response ends or the connection drops, the client's way of ending a session.
      res.on("close", () => {
        closed = true;
        close();
      });
    },
  };
}

export const isStreamed = (response: EncodedResponse): response is StreamedResponse => typeof (response as Partial<StreamedResponse>).stream === "function";
