/**
 * GetObject's and HeadObject's preconditions (RFC 7232 order, as S3 applies them: If-Match before
 * If-Unmodified-Since, If-None-Match before If-Modified-Since) and its byte range (one range; a malformed
 * Range header is ignored and the whole object sent, an unsatisfiable one is 416 InvalidRange).
 */
import { unquote } from "./context.js";
import { invalidRange, preconditionFailed } from "./errors.js";

export interface Conditions {
  IfMatch?: string;
  IfNoneMatch?: string;
  IfModifiedSince?: number;
  IfUnmodifiedSince?: number;
}

/** 304 when the client's copy is current; throws 412 PreconditionFailed; undefined to go on. */
export function checkConditions(conditions: Conditions, etag: string, modified: number): 304 | undefined {
  // HTTP dates have whole seconds: an object modified within the second the client saw is not newer.
  const seconds = Math.floor(modified / 1000) * 1000;
  const matches = (list: string) => list.split(",").some((tag) => tag.trim() === "*" || unquote(tag) === etag);
  if (conditions.IfMatch !== undefined) {
    if (!matches(conditions.IfMatch)) throw preconditionFailed("If-Match");
  } else if (conditions.IfUnmodifiedSince !== undefined && seconds > conditions.IfUnmodifiedSince) throw preconditionFailed("If-Unmodified-Since");
  if (conditions.IfNoneMatch !== undefined) {
    if (matches(conditions.IfNoneMatch)) return 304;
  } else if (conditions.IfModifiedSince !== undefined && seconds <= conditions.IfModifiedSince) return 304;
  return undefined;
}

/** The inclusive byte range to send, or undefined for the whole object. */
export function byteRange(header: string | undefined, size: number): { start: number; end: number } | undefined {
  if (header === undefined) return undefined;
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (m === null || (m[1] === "" && m[2] === "")) return undefined;
  const [, from, to] = m as unknown as [string, string, string];
  if (from === "") {
    const suffix = Number(to);
    if (suffix === 0 || size === 0) throw invalidRange(header, size);
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(from);
  if (start >= size) throw invalidRange(header, size);
  const end = to === "" ? size - 1 : Math.min(Number(to), size - 1);
  if (end < start) return undefined;
  return { start, end };
}
