/**
 * Opaque nextToken values for the Describe* operations: base64url of the sort key of the last item
 * returned, so a page continues where the last ended even if items were added in between.
 */
import { invalidNextToken } from "./errors.js";

export function encodePageToken(kind: string, key: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify([kind, ...key]), "utf8").toString("base64url");
}

/** The key a token carries, or AWS's "The specified nextToken is invalid." */
export function decodePageToken(kind: string, token: string): (string | number)[] {
  try {
    const value: unknown = JSON.parse(Buffer.from(token, "base64url").toString("utf8"));
    const key: unknown[] = Array.isArray(value) ? value.slice(1) : [];
    if (Array.isArray(value) && value[0] === kind && key.every((v): v is string | number => typeof v === "string" || typeof v === "number")) return key;
  } catch {
    // fall through: not one of ours
  }
  throw invalidNextToken();
}

/** Takes one page from rows fetched with limit + 1: the extra row only says that more exist. */
export function page<T>(rows: T[], limit: number, keyOf: (row: T) => (string | number)[], kind: string): { items: T[]; nextToken?: string } {
  if (rows.length <= limit) return { items: rows };
  const items = rows.slice(0, limit);
  // More rows than the limit: the page is not empty, so its last item exists.
  const last = items[items.length - 1] as T;
  return { items, nextToken: encodePageToken(kind, keyOf(last)) };
}
