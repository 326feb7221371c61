/** Marker and MaxItems paging as IAM answers it: IsTruncated always, Marker only when there is more. */
import { invalidMarker } from "./errors.js";

export interface PageInput {
  Marker?: string;
  MaxItems?: number;
}

export interface Page<T> {
  items: T[];
  IsTruncated: boolean;
  Marker?: string;
}

/** IAM's default page size (API reference: "defaults to 100"). */
const DEFAULT_MAX_ITEMS = 100;

/** Markers are opaque to clients; here the offset of the next item, so they stay valid across restarts. */
const encodeMarker = (offset: number) => Buffer.from(`fw1:${offset}`).toString("base64");

function decodeMarker(marker: string): number {
  const m = /^fw1:(\d+)$/.exec(Buffer.from(marker, "base64").toString("utf8"));
  if (m === null) throw invalidMarker();
  return Number(m[1]);
}

export function paginate<T>(all: readonly T[], input: PageInput): Page<T> {
  const start = input.Marker === undefined ? 0 : decodeMarker(input.Marker);
  const max = input.MaxItems ?? DEFAULT_MAX_ITEMS;
  const items = all.slice(start, start + max);
  const next = start + items.length;
  if (next < all.length) return { items, IsTruncated: true, Marker: encodeMarker(next) };
  return { items, IsTruncated: false };
}
