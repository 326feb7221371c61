/** MaxResults / NextToken paging of Describe calls: a token is the position after the page, opaque to callers. */
import { invalidMaxResults, invalidNextToken } from "./errors.js";

export interface PageRequest {
  MaxResults?: number;
  NextToken?: string;
}

const PREFIX = "fw1:";

function decode(token: string): number {
  let text: string;
  try {
    text = Buffer.from(token, "base64url").toString("utf8");
  } catch {
    throw invalidNextToken(token);
  }
  if (!text.startsWith(PREFIX) || !/^\d+$/.test(text.slice(PREFIX.length))) throw invalidNextToken(token);
  return Number(text.slice(PREFIX.length));
}

/**
 * One page of `items`. MaxResults outside the operation's documented range is refused; without it
 * every item is returned, as EC2 does.
 */
export function page<T>(
  items: readonly T[],
  request: PageRequest,
  range: { min: number; max: number } = { min: 5, max: 1000 },
): { items: T[]; nextToken?: string } {
  const start = request.NextToken === undefined || request.NextToken === "" ? 0 : decode(request.NextToken);
  if (request.MaxResults === undefined) return { items: items.slice(start) };
  const max = request.MaxResults;
  if (max < range.min || max > range.max) throw invalidMaxResults(max, range.min, range.max);
  const end = start + max;
  const out = items.slice(start, end);
  return end < items.length ? { items: out, nextToken: Buffer.from(`${PREFIX}${end}`).toString("base64url") } : { items: out };
}
