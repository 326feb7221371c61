/**
 * GetLogEvents tokens (`f/<56 digits>/s`, `b/...`, shaped like AWS's) and FilterLogEvents event ids
 * (56 digits): both spell an event's place in the order, timestamp then batch then index.
 */
import { invalidNextToken } from "./errors.js";
import type { EventKey } from "./event-store.js";

export function keyDigits(k: EventKey): string {
  return String(k.ts).padStart(20, "0") + String(k.chunk).padStart(20, "0") + String(k.idx).padStart(16, "0");
}

export function streamToken(direction: "f" | "b", k: EventKey): string {
  return `${direction}/${keyDigits(k)}/s`;
}

/** Before every event: the key a forward token starts from when nothing was read yet. */
export const START: EventKey = { ts: 0, chunk: 0, idx: 0 };

export function parseStreamToken(token: string): { direction: "f" | "b"; key: EventKey } {
  const m = /^([fb])\/(\d{20})(\d{20})(\d{16})\/s$/.exec(token);
  if (m === null) throw invalidNextToken();
  return { direction: m[1] === "f" ? "f" : "b", key: { ts: Number(m[2]), chunk: Number(m[3]), idx: Number(m[4]) } };
}
