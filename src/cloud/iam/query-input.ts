/**
 * Query-protocol inputs for IAM and STS: the decoder gives strings, the model says which members are
 * integers or booleans; then the constraint table is checked and failures worded as these services do.
 */
import { AwsError } from "../protocol/aws-error.js";
import type { ServiceModel } from "../validation/model.js";
import { type ConstraintViolation, Validator, validationMessage } from "../validation/validator.js";

/** Query services name members lowerCamelCase in messages: `roleSessionName`, `tags.1.member.key` (recorded, STS). */
const lowerFirst = (path: string) =>
  path
    .split(".")
    .map((s) => s.charAt(0).toLowerCase() + s.slice(1))
    .join(".");

export class QueryInputs {
  private readonly validator: Validator;

  constructor(private readonly model: ServiceModel) {
    this.validator = new Validator(model);
  }

  /** Coerces `input` to the operation's shapes and validates it; throws ValidationError as AWS words it. */
  prepare(operation: string, input: unknown): Record<string, unknown> {
    const shapeName = this.model.operations[operation]?.input ?? null;
    const body = (input ?? {}) as Record<string, unknown>;
    if (shapeName === null) return body;
    const problems: ConstraintViolation[] = [];
    const typed = this.coerce(shapeName, body, "", problems) as Record<string, unknown>;
    if (problems.length === 0) problems.push(...this.validator.violations(operation, typed));
    if (problems.length > 0) {
      throw new AwsError("ValidationError", validationMessage(problems.map((p) => ({ ...p, path: lowerFirst(p.path) }))), 400);
    }
    return typed;
  }

  private coerce(shapeName: string, value: unknown, path: string, problems: ConstraintViolation[]): unknown {
    const shape = this.model.shapes[shapeName];
    if (shape === undefined || value === undefined || value === null) return value;
    switch (shape.type) {
      case "integer":
      case "long": {
        if (typeof value !== "string") return value;
        const n = Number(value);
        if (value.trim() === "" || !Number.isInteger(n)) {
          problems.push({ path, value, constraint: "Member must be an integer" });
          return value;
        }
        return n;
      }
      case "boolean":
        if (value === "true") return true;
        if (value === "false") return false;
        if (typeof value === "string") problems.push({ path, value, constraint: "Member must be true or false" });
        return value;
      case "structure": {
        if (typeof value !== "object" || Array.isArray(value)) {
          problems.push({ path, value, constraint: "Member must be a structure" });
          return {};
        }
        const out: Record<string, unknown> = {};
        for (const [member, ref] of Object.entries(shape.members ?? {})) {
          const v = (value as Record<string, unknown>)[member];
          if (v !== undefined) out[member] = this.coerce(ref, v, path === "" ? member : `${path}.${member}`, problems);
        }
        return out;
      }
      case "list": {
        // `Param=` with no members is how Query sends an empty list.
        if (value === "") return [];
        if (!Array.isArray(value)) {
          problems.push({ path, value, constraint: "Member must be a list" });
          return [];
        }
        return value.map((item, i) => this.coerce(shape.member ?? "", item, `${path}.${i + 1}.member`, problems));
      }
      case "string":
        if (typeof value !== "string") {
          problems.push({ path, value: "", constraint: "Member must be a string" });
          return "";
        }
        return value;
      default:
        return value;
    }
  }
}
