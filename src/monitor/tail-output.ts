/** One line per flow for the terminal: an aligned table with ACCEPT green and REJECT red, JSON lines, or the raw message. */
import pc from "picocolors";
import type { FlowView } from "./flow-view.js";

export type TailOutput = "table" | "json" | "raw";

const pad = (s: string, n: number) => (s.length >= n ? s : s + " ".repeat(n - s.length));
const time = (ms: number) => new Date(ms).toISOString().slice(11, 19);
const endpoint = (addr: string, port: number | null) => (port === null ? addr : `${addr}:${port}`);

export function formatFlow(view: FlowView, output: TailOutput, colour = false): string {
  if (output === "raw") return view.message;
  if (output === "json") {
    const { record, message, ...rest } = view;
    return JSON.stringify({ ...rest, record: record ?? null, message });
  }
  if (view.record === undefined) return `${time(view.timestamp)}  ${pad(view.interfaceId, 21)}  ${view.message}`;
  const arrow = view.direction === "in" ? "<-" : view.direction === "out" ? "->" : "--";
  const action = pad(view.action, 6);
  const who = view.instanceName ? `${view.interfaceId} (${view.instanceName})` : view.interfaceId;
  const line = [
    time(view.timestamp),
    pad(who, 30),
    arrow,
    pad(endpoint(view.srcaddr, view.srcport), 21),
    pad(endpoint(view.dstaddr, view.dstport), 21),
    pad(`${view.protocol} ${view.service}`, 14),
    colour ? (view.action === "REJECT" ? pc.red(action) : view.action === "ACCEPT" ? pc.green(action) : action) : action,
    `${view.packets} pkt ${view.bytes} B`,
  ];
  if (view.logStatus !== "OK") line.push(view.logStatus);
  return line.join("  ");
}
