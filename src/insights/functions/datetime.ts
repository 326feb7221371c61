/**
 * Datetime functions and the conversions between timestamps and numbers: bin, datefloor, dateceil,
 * fromMillis, toMillis. Timestamps are milliseconds since the epoch, rounded in UTC. now() is compiled
 * separately because it reads the query's start time.
 */
import { toNumber } from "../values.js";
import { type FunctionSpec, fn } from "./spec.js";

const floorTo = (ms: number, period: number) => Math.floor(ms / period) * period;
const ceilTo = (ms: number, period: number) => Math.ceil(ms / period) * period;

export const DATETIME_FUNCTIONS: readonly FunctionSpec[] = [
  fn({
    name: "bin",
    minArgs: 1,
    maxArgs: 1,
    kind: "timestamp",
    periodArgs: [0],
    implicitField: "@timestamp",
    impl: (ts, period) => {
      const ms = toNumber(ts);
      return ms === null ? null : floorTo(ms, period as number);
    },
  }),
  fn({
    name: "datefloor",
    minArgs: 2,
    maxArgs: 2,
    kind: "timestamp",
    periodArgs: [1],
    impl: (ts, period) => {
      const ms = toNumber(ts);
      return ms === null ? null : floorTo(ms, period as number);
    },
  }),
  fn({
    name: "dateceil",
    minArgs: 2,
    maxArgs: 2,
    kind: "timestamp",
    periodArgs: [1],
    impl: (ts, period) => {
      const ms = toNumber(ts);
      return ms === null ? null : ceilTo(ms, period as number);
    },
  }),
  fn({ name: "fromMillis", minArgs: 1, maxArgs: 1, kind: "timestamp", impl: (n) => toNumber(n) }),
  fn({ name: "toMillis", minArgs: 1, maxArgs: 1, kind: "value", impl: (ts) => toNumber(ts) }),
];
