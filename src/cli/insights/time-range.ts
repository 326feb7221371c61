/** `--since 1h` or `--start T --end T` to StartQuery's range in epoch seconds (both ends inclusive). */
import { CliError } from "../cli-error.js";

const UNITS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400 };

export interface TimeRange {
  startTime: number;
  endTime: number;
}

/** Seconds of `90s`, `15m`, `1h`, `7d`; `flag` names the option in the error. */
export function parseDuration(text: string, flag = "--since"): number {
  const m = /^(\d+)\s*([smhd])$/.exec(text.trim());
  if (m === null) throw new CliError(`${flag} takes a duration like 60s, 15m, 1h or 7d, not '${text}'`);
  return Number(m[1]) * (UNITS[m[2] as string] as number);
}

/** Epoch seconds, epoch milliseconds (13 digits) or an ISO 8601 date. */
export function parseTime(text: string, flag: string): number {
  if (/^\d{1,12}$/.test(text)) return Number(text);
  if (/^\d{13}$/.test(text)) return Math.floor(Number(text) / 1000);
  const ms = Date.parse(text);
  if (Number.isNaN(ms)) throw new CliError(`${flag} takes epoch seconds or an ISO date, not '${text}'`);
  return Math.floor(ms / 1000);
}

export function timeRange(options: { since?: string; start?: string; end?: string }, now = Date.now()): TimeRange {
  const nowS = Math.floor(now / 1000);
  if (options.since !== undefined && (options.start !== undefined || options.end !== undefined)) throw new CliError("use --since or --start/--end, not both");
  if (options.start !== undefined || options.end !== undefined) {
    const startTime = options.start === undefined ? nowS - 3600 : parseTime(options.start, "--start");
    const endTime = options.end === undefined ? nowS : parseTime(options.end, "--end");
    if (endTime < startTime) throw new CliError("--end is before --start");
    return { startTime, endTime };
  }
  return { startTime: nowS - parseDuration(options.since ?? "1h"), endTime: nowS };
}
