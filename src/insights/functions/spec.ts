/** What the compiler knows about a scalar function: arity, which arguments must be literals, result kind. */
import type { Kind, Value } from "../values.js";

export interface FunctionSpec {
  /** The name as AWS's documentation spells it; calls match it case-insensitively. */
  readonly name: string;
  readonly minArgs: number;
  readonly maxArgs: number;
  /** The kind of the result; "first" when it is the kind of the first argument (coalesce, greatest). */
  readonly kind: Kind | "first";
  /** Argument positions that must be a time period literal such as `5m`; they reach impl as milliseconds. */
  readonly periodArgs?: readonly number[];
  /** A field read before the written arguments: bin(5m) floors @timestamp. */
  readonly implicitField?: string;
  /** Checks the literal arguments once, at compile time; returns a complaint or undefined. */
  readonly checkLiteral?: (index: number, value: Value) => string | undefined;
  readonly impl: (...args: Value[]) => Value;
}

export const fn = (spec: FunctionSpec): FunctionSpec => spec;
