/**
 * One input shape for three protocols: Query sends every value as a string, JSON epoch seconds,
 * CBOR tag-1 dates. Inputs are coerced by the model's types (timestamps to epoch ms), then checked
 * against the constraint table generated from botocore's model.
 */
import { cloudwatchModel } from "../validation/cloudwatch-model.js";
import { type ConstraintViolation, Validator, validationMessage } from "../validation/validator.js";
import { serializationError, validationError } from "./errors.js";

/** AWS writes member paths lowerCamelCase in these messages: `metricData.1.member.value`. */
const lowerFirst = (path: string) =>
  path
    .split(".")
    .map((s) => s.charAt(0).toLowerCase() + s.slice(1))
    .join(".");

const NUMBER = /^[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/;

export class CloudWatchInputs {
  private readonly validator = new Validator(cloudwatchModel);

  /** The typed input, or AWS's ValidationError / SerializationException. */
  prepare(operation: string, input: unknown): Record<string, unknown> {
    const shapeName = cloudwatchModel.operations[operation]?.input ?? null;
    const body = (input ?? {}) as Record<string, unknown>;
    if (shapeName === null) return body;
    const problems: ConstraintViolation[] = [];
    const typed = this.coerce(shapeName, body, "", problems) as Record<string, unknown>;
    if (problems.length === 0) problems.push(...this.validator.violations(operation, typed));
    if (problems.length > 0) throw validationError(validationMessage(problems.map((p) => ({ ...p, path: lowerFirst(p.path) }))));
    return typed;
  }

  private coerce(shapeName: string, value: unknown, path: string, problems: ConstraintViolation[]): unknown {
    const shape = cloudwatchModel.shapes[shapeName];
    if (shape === undefined || value === undefined || value === null) return value;
    const wrong = () => serializationError(`Unexpected value type for '${lowerFirst(path) || "input"}': expected ${shapeName}`);
    switch (shape.type) {
      case "integer":
      case "long":
      case "double":
      case "float": {
        if (typeof value === "number") return value;
        if (typeof value !== "string") throw wrong();
        const n = Number(value);
        const integral = shape.type === "integer" || shape.type === "long";
        if (!NUMBER.test(value.trim()) || (integral && !Number.isInteger(n))) {
          problems.push({ path, value, constraint: integral ? "Member must be an integer" : "Member must be a number" });
          return value;
        }
        return n;
      }
      case "boolean":
        if (typeof value === "boolean") return value;
        if (value === "true") return true;
        if (value === "false") return false;
        if (typeof value !== "string") throw wrong();
        problems.push({ path, value, constraint: "Member must be true or false" });
        return value;
      case "timestamp":
        return this.timestamp(value, path, problems, wrong);
      case "structure": {
        if (typeof value !== "object" || Array.isArray(value) || value instanceof Date || value instanceof Uint8Array) throw wrong();
        const out: Record<string, unknown> = {};
        for (const [member, ref] of Object.entries(shape.members ?? {})) {
          const v = (value as Record<string, unknown>)[member];
          if (v !== undefined) out[member] = this.coerce(ref, v, path === "" ? member : `${path}.${member}`, problems);
        }
        return out;
      }
      case "list":
        // `Param=` with no members is how Query sends an empty list.
        if (value === "") return [];
        if (!Array.isArray(value)) throw wrong();
        return value.map((item, i) => {
          // The model's lists are not sparse: a null item is a body that does not fit the shape.
          if (item === null) throw wrong();
          return this.coerce(shape.member ?? "", item, `${path}.${i + 1}.member`, problems);
        });
      case "map":
        if (typeof value !== "object" || Array.isArray(value)) throw wrong();
        return value;
      case "string":
        if (typeof value !== "string") throw wrong();
        return value;
      default:
        return value;
    }
  }

  /** Epoch ms from a Date (CBOR), epoch seconds (JSON, or a Query string of digits) or ISO 8601 (Query). */
  private timestamp(value: unknown, path: string, problems: ConstraintViolation[], wrong: () => Error): unknown {
    if (value instanceof Date) return value.getTime();
    if (typeof value === "number") return Math.round(value * 1000);
    if (typeof value !== "string") throw wrong();
    const ms = NUMBER.test(value) ? Number(value) * 1000 : Date.parse(value);
    if (!Number.isFinite(ms)) {
      problems.push({ path, value, constraint: "Member must be a timestamp" });
      return value;
    }
    return Math.round(ms);
  }
}
