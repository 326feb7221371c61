/** Numeric functions: abs, ceil, floor, greatest, least, log (natural), sqrt. Non-numbers give no value. */
import { toNumber, type Value } from "../values.js";
import { type FunctionSpec, fn } from "./spec.js";

const unary = (name: string, f: (x: number) => number) =>
  fn({
    name,
    minArgs: 1,
    maxArgs: 1,
    kind: "value",
    impl: (v) => {
      const x = toNumber(v);
      if (x === null) return null;
      const y = f(x);
      return Number.isFinite(y) ? y : null;
    },
  });

/** greatest and least skip absent and non-numeric arguments; with none left there is no value. */
const extreme = (name: string, pick: (a: number, b: number) => number) =>
  fn({
    name,
    minArgs: 1,
    maxArgs: Infinity,
    kind: "first",
    impl: (...values: Value[]) => {
      let best: number | null = null;
      for (const v of values) {
        const x = toNumber(v);
        if (x !== null) best = best === null ? x : pick(best, x);
      }
      return best;
    },
  });

export const NUMERIC_FUNCTIONS: readonly FunctionSpec[] = [
  unary("abs", Math.abs),
  unary("ceil", Math.ceil),
  unary("floor", Math.floor),
  unary("log", Math.log),
  unary("sqrt", Math.sqrt),
  extreme("greatest", Math.max),
  extreme("least", Math.min),
];
