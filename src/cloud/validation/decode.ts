/**
 * The one input decoder: an operation's request, as the protocol codec left it (a JSON or CBOR value,
 * Query parameters of strings, EC2 Query parameters under wire names), to the typed input its handler
 * takes, walked by the generated model, with each service's front-end errors. Timestamps become epoch
 * milliseconds; members the model does not name are dropped; null members are absent.
 */
import { AwsError } from "../protocol/aws-error.js";
import type { ModelShape, ServiceModel } from "./model.js";
import { type ConstraintViolation, Validator, validationMessage } from "./validator.js";

/** Wire protocols, as in service.ts (repeated so validation/ imports nothing of the pipeline). */
type WireProtocol = "json" | "query" | "ec2" | "smithy-rpc-v2-cbor";

/**
 * A front end of AWS's that checks inputs against the model's constraints (every service but EC2):
 * type errors and constraint failures gathered into `N validation errors detected: ...`.
 */
export interface ConstraintFrontEnd {
  kind: "constraints";
  /** Query-compatible services write member paths lowerCamelCase in messages (`metricData.1.member.value`). */
  lowerCamelPaths: boolean;
  /**
   * Whether a string where the model wants a number, boolean or timestamp is parsed (Query, which sends
   * nothing but strings; CloudWatch on every protocol, as recorded) or refused as a serialization error.
   */
  parsesStrings: boolean;
  /**
   * How a value the wire could not have carried for the shape is refused: as a constraint failure
   * (`Member must be a list`, IAM and STS) or as a SerializationException (`serialization`).
   */
  wrongType: "constraint" | "serialization";
  serializationError(message: string): AwsError;
  validationError(operation: string, message: string): AwsError;
  /** Checks that answer before the constraint table, where AWS's recorded message differs from its form. */
  precheck?(operation: string, input: Record<string, unknown>): void;
}

/** EC2's front end: wire names, unknown top-level parameters refused, missing required named; no constraint table. */
export interface Ec2FrontEnd {
  kind: "ec2";
  missingParameter(wireName: string): AwsError;
  unknownParameter(wireName: string): AwsError;
  invalidParameterValue(message: string): AwsError;
}

export type FrontEnd = ConstraintFrontEnd | Ec2FrontEnd;

/** A number as AWS's parsers read one from text: no hex, no `Infinity`, no empty string. */
const NUMBER = /^[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/;

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v) && !(v instanceof Date) && !(v instanceof Uint8Array);

const lowerCamel = (path: string) =>
  path
    .split(".")
    .map((s) => s.charAt(0).toLowerCase() + s.slice(1))
    .join(".");

export class InputDecoder {
  private readonly validator: Validator;

  constructor(
    /** Public for the EC2 encoder, which names the answer's elements from it. */
    readonly model: ServiceModel,
    private readonly frontEnd: FrontEnd,
  ) {
    this.validator = new Validator(model);
  }

  /** The operation's typed input, or the service's error for what its front end refuses. */
  decode(operation: string, wire: unknown, protocol: WireProtocol): unknown {
    const shapeName = this.model.operations[operation]?.input ?? null;
    const body = wire ?? {};
    if (this.frontEnd.kind === "ec2") return shapeName === null ? {} : new Ec2Reader(this.model, this.frontEnd).structure(shapeName, body, "", true);
    if (shapeName === null) return {};
    const frontEnd = this.frontEnd;
    const reader = new ValueReader(this.model, frontEnd, frontEnd.parsesStrings || protocol === "query" || protocol === "ec2");
    if (!isRecord(body)) throw frontEnd.serializationError(`Unexpected value type for 'input': expected ${shapeName}`);
    frontEnd.precheck?.(operation, body);
    const typed = reader.read(shapeName, body, "");
    const problems = reader.problems.length > 0 ? reader.problems : this.validator.violations(operation, typed);
    if (problems.length > 0) {
      const worded = frontEnd.lowerCamelPaths ? problems.map((p) => ({ ...p, path: lowerCamel(p.path) })) : problems;
      throw frontEnd.validationError(operation, validationMessage(worded));
    }
    return typed;
  }
}

/** Reads one value by its shape for a constraint-checking front end, gathering type problems. */
class ValueReader {
  readonly problems: ConstraintViolation[] = [];

  constructor(
    private readonly model: ServiceModel,
    private readonly frontEnd: ConstraintFrontEnd,
    private readonly parseStrings: boolean,
  ) {}

  read(shapeName: string, value: unknown, path: string): unknown {
    const shape = this.model.shapes[shapeName];
    if (shape === undefined) return value;
    switch (shape.type) {
      case "structure":
        return this.structure(shapeName, shape, value, path);
      case "list":
        return this.list(shapeName, shape, value, path);
      case "map":
        return this.map(shapeName, shape, value, path);
      case "integer":
      case "long":
      case "double":
      case "float":
        return this.number(shapeName, shape.type === "integer" || shape.type === "long", value, path);
      case "boolean":
        if (typeof value === "boolean") return value;
        if (typeof value === "string" && this.parseStrings) {
          if (value === "true" || value === "false") return value === "true";
          return this.problem(path, value, "Member must be true or false");
        }
        return this.wrong(shapeName, path, value, "Member must be true or false");
      case "timestamp":
        return this.timestamp(shapeName, value, path);
      case "string":
        if (typeof value === "string") return value;
        return this.wrong(shapeName, path, "", "Member must be a string");
      default:
        return value;
    }
  }

  private structure(shapeName: string, shape: ModelShape, value: unknown, path: string): unknown {
    if (!isRecord(value)) return this.wrong(shapeName, path, value, "Member must be a structure");
    const out: Record<string, unknown> = {};
    for (const [member, ref] of Object.entries(shape.members ?? {})) {
      const v = value[member];
      if (v === undefined || v === null) continue;
      out[member] = this.read(ref, v, path === "" ? member : `${path}.${member}`);
    }
    return out;
  }

  private list(shapeName: string, shape: ModelShape, value: unknown, path: string): unknown {
    // `Param=` with no members is how Query sends an empty list.
    if (value === "" && this.parseStrings) return [];
    if (!Array.isArray(value)) return this.wrong(shapeName, path, value, "Member must be a list");
    return value.map((item, i) => {
      // The model's lists are not sparse: a null item is a body that does not fit the shape.
      if (item === null || item === undefined) throw this.serialization(shapeName, path);
      return this.read(shape.member ?? "", item, `${path}.${i + 1}.member`);
    });
  }

  private map(shapeName: string, shape: ModelShape, value: unknown, path: string): unknown {
    if (!isRecord(value)) return this.wrong(shapeName, path, value, "Member must be a map");
    const out: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(value)) {
      if (v === null || v === undefined) continue;
      out[key] = this.read(shape.value ?? "", v, path);
    }
    return out;
  }

  private number(shapeName: string, integral: boolean, value: unknown, path: string): unknown {
    const constraint = integral ? "Member must be an integer" : "Member must be a number";
    if (typeof value === "number") {
      if (integral && !Number.isInteger(value)) return this.wrong(shapeName, path, value, constraint);
      return value;
    }
    if (typeof value !== "string" || !this.parseStrings) return this.wrong(shapeName, path, value, constraint);
    const n = Number(value);
    if (!NUMBER.test(value.trim()) || (integral && !Number.isInteger(n))) return this.problem(path, value, constraint);
    return n;
  }

  /** Epoch ms from a Date (CBOR), epoch seconds (JSON, or a Query string of digits) or ISO 8601 (Query). */
  private timestamp(shapeName: string, value: unknown, path: string): unknown {
    if (value instanceof Date) return value.getTime();
    if (typeof value === "number") return Math.round(value * 1000);
    if (typeof value !== "string") return this.wrong(shapeName, path, value, "Member must be a timestamp");
    const ms = NUMBER.test(value) ? Number(value) * 1000 : Date.parse(value);
    if (!Number.isFinite(ms)) return this.problem(path, value, "Member must be a timestamp");
    return Math.round(ms);
  }

  private problem(path: string, value: unknown, constraint: string): undefined {
    this.problems.push({ path, value, constraint });
    return undefined;
  }

  /** A value of a type the wire could not carry for the shape: a constraint failure, or refused outright. */
  private wrong(shapeName: string, path: string, value: unknown, constraint: string): undefined {
    if (this.frontEnd.wrongType === "constraint") return this.problem(path, value, constraint);
    throw this.serialization(shapeName, path);
  }

  private serialization(shapeName: string, path: string): AwsError {
    const at = this.frontEnd.lowerCamelPaths ? lowerCamel(path) : path;
    return this.frontEnd.serializationError(`Unexpected value type for '${at || "input"}': expected ${shapeName}`);
  }
}

type QueryValue = string | QueryValue[] | { [name: string]: QueryValue };

/**
 * EC2 Query parameters (`ResourceId.1`, `Filter.1.Value.1`, all strings, nested by the Query codec)
 * to the API's member names and types, using each structure's wire names.
 */
class Ec2Reader {
  constructor(
    private readonly model: ServiceModel,
    private readonly frontEnd: Ec2FrontEnd,
  ) {}

  structure(shapeName: string, params: unknown, prefix: string, topLevel: boolean): Record<string, unknown> {
    const shape = this.model.shapes[shapeName];
    const out: Record<string, unknown> = {};
    if (shape === undefined || !isRecord(params)) return out;
    const wireToMember = new Map<string, string>();
    for (const member of Object.keys(shape.members ?? {})) wireToMember.set(shape.wire?.[member] ?? member, member);
    for (const [wire, value] of Object.entries(params)) {
      const member = wireToMember.get(wire);
      const path = prefix === "" ? wire : `${prefix}.${wire}`;
      if (member === undefined) {
        // Nested unknown names are ignored: only the top level is checked by EC2's front end.
        if (topLevel) throw this.frontEnd.unknownParameter(path);
        continue;
      }
      out[member] = this.value(shape.members?.[member] ?? "", value as QueryValue, path);
    }
    for (const member of shape.required ?? []) {
      if (out[member] === undefined) throw this.frontEnd.missingParameter(shape.wire?.[member] ?? member);
    }
    return out;
  }

  private value(shapeName: string, value: QueryValue, path: string): unknown {
    const shape = this.model.shapes[shapeName];
    if (shape === undefined) return value;
    const invalid = this.frontEnd.invalidParameterValue;
    switch (shape.type) {
      case "structure":
        if (!isRecord(value)) throw invalid(`Invalid value for parameter ${path}: expected a structure`);
        return this.structure(shapeName, value, path, false);
      case "list": {
        // A list sent as a bare name (`ResourceId=x`) is read as one item, as EC2's front end reads it.
        const items = Array.isArray(value) ? value : [value];
        return items.map((item, i) => this.value(shape.member ?? "", item, `${path}.${i + 1}`));
      }
      case "integer":
      case "long":
        if (typeof value !== "string" || !/^-?\d+$/.test(value.trim())) throw invalid(`Invalid value '${String(value)}' for ${path}: expected an integer`);
        return Number(value.trim());
      case "double":
      case "float": {
        const n = typeof value === "string" ? Number(value) : Number.NaN;
        if (!Number.isFinite(n)) throw invalid(`Invalid value '${String(value)}' for ${path}: expected a number`);
        return n;
      }
      case "boolean": {
        const t = typeof value === "string" ? value.toLowerCase() : "";
        if (t !== "true" && t !== "false") throw invalid(`Invalid value '${String(value)}' for ${path}: expected true or false`);
        return t === "true";
      }
      case "timestamp": {
        const ms = typeof value === "string" ? Date.parse(value) : Number.NaN;
        if (!Number.isFinite(ms)) throw invalid(`Invalid value '${String(value)}' for ${path}: expected a timestamp`);
        return ms;
      }
      default:
        if (typeof value !== "string") throw invalid(`Invalid value for parameter ${path}: expected a single value`);
        return value;
    }
  }
}

/**
 * The Query front end of IAM and STS: strings parsed by the model's types, every refusal a constraint
 * failure in one `ValidationError` (400) with lowerCamelCase paths (recorded, STS: `roleSessionName`).
 */
export const QUERY_FRONT_END: ConstraintFrontEnd = {
  kind: "constraints",
  lowerCamelPaths: true,
  parsesStrings: true,
  wrongType: "constraint",
  serializationError: (message) => new AwsError("ValidationError", message, 400),
  validationError: (_operation, message) => new AwsError("ValidationError", message, 400),
};
