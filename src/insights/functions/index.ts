/** The registry of scalar functions, looked up case-insensitively, and the AWS functions flowwatch refuses. */
import { DATETIME_FUNCTIONS } from "./datetime.js";
import { GENERAL_FUNCTIONS } from "./general.js";
import { IP_FUNCTIONS } from "./ip.js";
import { NUMERIC_FUNCTIONS } from "./numeric.js";
import type { FunctionSpec } from "./spec.js";
import { STRING_FUNCTIONS } from "./strings.js";

export type { FunctionSpec } from "./spec.js";

const ALL = [...STRING_FUNCTIONS, ...NUMERIC_FUNCTIONS, ...GENERAL_FUNCTIONS, ...DATETIME_FUNCTIONS, ...IP_FUNCTIONS];

const BY_NAME: ReadonlyMap<string, FunctionSpec> = new Map(ALL.map((f) => [f.name.toLowerCase(), f]));

export function findFunction(name: string): FunctionSpec | undefined {
  return BY_NAME.get(name.toLowerCase());
}

/** AWS functions that exist but that flowwatch does not run: a query using one is refused, not approximated. */
export const REFUSED_FUNCTIONS: ReadonlySet<string> = new Set(["jsonparse", "jsonstringify", "hash", "base64encode", "base64decode"]);

export const FUNCTION_NAMES: readonly string[] = [...ALL.map((f) => f.name), "now"];
