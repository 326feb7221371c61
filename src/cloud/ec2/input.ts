/**
 * EC2 Query parameters (`ResourceId.1`, `Filter.1.Value.1`, all strings) to the typed input the
 * operations take, keyed by the API's member names (`ResourceIds`), using the wire names and types
 * of the generated model. Unknown top-level names, missing required members and values of the wrong
 * type are refused as EC2 refuses them.
 */
import type { QueryParams, QueryValue } from "../protocol/query.js";
import type { ServiceModel } from "../validation/model.js";
import { invalidParameterValue, missingParameter, unknownParameter } from "./errors.js";

type Decoded = string | number | boolean | Decoded[] | { [name: string]: Decoded };

function decodeValue(model: ServiceModel, shapeName: string, value: QueryValue, path: string): Decoded {
  const shape = model.shapes[shapeName];
  if (shape === undefined) return value as Decoded;
  switch (shape.type) {
    case "structure": {
      if (typeof value !== "object" || Array.isArray(value)) throw invalidParameterValue(`Invalid value for parameter ${path}: expected a structure`);
      return decodeStructure(model, shapeName, value, path, false);
    }
    case "list": {
      // A list sent as a bare name (`ResourceId=x`) is read as one item, as EC2's front end reads it.
      const items = Array.isArray(value) ? value : [value];
      return items.map((item, i) => decodeValue(model, shape.member ?? "", item, `${path}.${i + 1}`));
    }
    case "integer":
    case "long": {
      if (typeof value !== "string" || !/^-?\d+$/.test(value.trim())) throw invalidParameterValue(`Invalid value '${String(value)}' for ${path}: expected an integer`);
      return Number(value.trim());
    }
    case "double":
    case "float": {
      const n = typeof value === "string" ? Number(value) : Number.NaN;
      if (!Number.isFinite(n)) throw invalidParameterValue(`Invalid value '${String(value)}' for ${path}: expected a number`);
      return n;
    }
    case "boolean": {
      const t = typeof value === "string" ? value.toLowerCase() : "";
      if (t !== "true" && t !== "false") throw invalidParameterValue(`Invalid value '${String(value)}' for ${path}: expected true or false`);
      return t === "true";
    }
    default:
      if (typeof value !== "string") throw invalidParameterValue(`Invalid value for parameter ${path}: expected a single value`);
      return value;
  }
}

function decodeStructure(model: ServiceModel, shapeName: string, params: { [name: string]: QueryValue }, prefix: string, topLevel: boolean): { [name: string]: Decoded } {
  const shape = model.shapes[shapeName];
  const out: { [name: string]: Decoded } = {};
  if (shape === undefined) return out;
  const wireToMember = new Map<string, string>();
  for (const member of Object.keys(shape.members ?? {})) wireToMember.set(shape.wire?.[member] ?? member, member);
  for (const [wire, value] of Object.entries(params)) {
    const member = wireToMember.get(wire);
    const path = prefix === "" ? wire : `${prefix}.${wire}`;
    if (member === undefined) {
      // Nested unknown names are ignored: only the top level is checked by EC2's front end.
      if (topLevel) throw unknownParameter(path);
      continue;
    }
    out[member] = decodeValue(model, shape.members?.[member] ?? "", value, path);
  }
  for (const member of shape.required ?? []) {
    if (out[member] === undefined) throw missingParameter(shape.wire?.[member] ?? member);
  }
  return out;
}

/** The operation's input from its decoded form; an operation without an input shape takes `{}`. */
export function decodeEc2Input(model: ServiceModel, operation: string, params: QueryParams): Record<string, unknown> {
  const inputShape = model.operations[operation]?.input;
  if (inputShape === undefined || inputShape === null) return {};
  return decodeStructure(model, inputShape, params, "", true);
}
