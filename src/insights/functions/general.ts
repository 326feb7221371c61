/** General functions: ispresent and coalesce. */
import { type FunctionSpec, fn } from "./spec.js";

export const GENERAL_FUNCTIONS: readonly FunctionSpec[] = [
  fn({ name: "ispresent", minArgs: 1, maxArgs: 1, kind: "value", impl: (v) => v !== null }),
  fn({
    name: "coalesce",
    minArgs: 1,
    maxArgs: Infinity,
    kind: "first",
    impl: (...values) => {
      for (const v of values) if (v !== null) return v;
      return null;
    },
  }),
];
