/**
 * The generic validator: checks an operation's input against a generated constraint table and
 * answers as AWS's front end does: `N validation error(s) detected: Value 'x' at 'path' failed to
 * satisfy constraint: ...`, members joined by `; `, list members addressed `list.1.member.field`.
 */
import { AwsError } from "../protocol/aws-error.js";
import { echo } from "../protocol/echo.js";
import type { ModelShape, ServiceModel } from "./model.js";

export interface ConstraintViolation {
  /** `logEvents.1.member.message`, as AWS writes the path. */
  path: string;
  value: unknown;
  constraint: string;
}

type Check = (value: unknown, path: string, out: ConstraintViolation[]) => void;

/** AWS lists at most this many violations in one message (observed: "10 validation errors detected"). */
const MAX_LISTED = 10;

export class Validator {
  private readonly checks = new Map<string, Check>();
  private readonly patterns = new Map<string, RegExp | null>();

  constructor(private readonly model: ServiceModel) {}

  /** Every violation of the operation's input, in model member order (empty when valid). */
  violations(operation: string, input: unknown): ConstraintViolation[] {
    const op = this.model.operations[operation];
    if (op === undefined || op.input === null) return [];
    const out: ConstraintViolation[] = [];
    const body = input === undefined || input === null ? {} : input;
    this.check(op.input)(body, "", out);
    return out;
  }

  /** Throws AWS's validation error for the operation when its input breaks a constraint. */
  validate(operation: string, input: unknown): void {
    const found = this.violations(operation, input);
    if (found.length === 0) return;
    const code = this.model.operations[operation]?.validationCode ?? "ValidationException";
    throw new AwsError(code, validationMessage(found));
  }

  private check(shapeName: string): Check {
    let check = this.checks.get(shapeName);
    if (check === undefined) {
      // Placeholder first, so recursive shapes terminate while compiling.
      this.checks.set(shapeName, (v, p, o) => this.check(shapeName)(v, p, o));
      const shape = this.model.shapes[shapeName];
      check = shape === undefined ? () => {} : this.compile(shapeName, shape);
      this.checks.set(shapeName, check);
    }
    return check;
  }

  private regex(pattern: string): RegExp | null {
    if (!this.patterns.has(pattern)) {
      let re: RegExp | null = null;
      for (const flags of ["u", ""]) {
        try {
          re = new RegExp(`^(?:${pattern})$`, flags);
          break;
        } catch {
          // A Java-only construct: try without the unicode flag, else leave the pattern unchecked.
        }
      }
      this.patterns.set(pattern, re);
    }
    return this.patterns.get(pattern) ?? null;
  }

  private compile(name: string, shape: ModelShape): Check {
    const scalar = this.scalarConstraints(shape);
    switch (shape.type) {
      case "structure": {
        const members = Object.entries(shape.members ?? {}).map(([member, ref]) => ({ member, check: this.check(ref) }));
        const required = new Set(shape.required ?? []);
        return (value, path, out) => {
          if (typeof value !== "object" || value === null || Array.isArray(value)) throw serialization(path, name);
          const record = value as Record<string, unknown>;
          for (const { member, check } of members) {
            const v = record[member];
            const at = path === "" ? member : `${path}.${member}`;
            if (v === undefined || v === null) {
              if (required.has(member)) out.push({ path: at, value: null, constraint: "Member must not be null" });
              continue;
            }
            check(v, at, out);
          }
        };
      }
      case "list": {
        const member = this.check(shape.member ?? "");
        return (value, path, out) => {
          if (!Array.isArray(value)) throw serialization(path, name);
          scalar(value, value.length, path, out);
          for (let i = 0; i < value.length; i++) {
            const v = value[i];
            const at = `${path}.${i + 1}.member`;
            if (v === undefined || v === null) continue;
            member(v, at, out);
          }
        };
      }
      case "map": {
        const key = this.check(shape.key ?? "");
        const val = this.check(shape.value ?? "");
        return (value, path, out) => {
          if (typeof value !== "object" || value === null || Array.isArray(value)) throw serialization(path, name);
          const entries = Object.entries(value as Record<string, unknown>);
          scalar(value, entries.length, path, out);
          const keyProblems = new Set<string>();
          const valueProblems = new Set<string>();
          for (const [k, v] of entries) {
            const found: ConstraintViolation[] = [];
            key(k, path, found);
            for (const f of found) keyProblems.add(f.constraint);
            const foundValue: ConstraintViolation[] = [];
            if (v !== null && v !== undefined) val(v, path, foundValue);
            for (const f of foundValue) valueProblems.add(f.constraint);
          }
          if (keyProblems.size > 0) out.push({ path, value, constraint: `Map keys must satisfy constraint: [${[...keyProblems].join(", ")}]` });
          if (valueProblems.size > 0) out.push({ path, value, constraint: `Map value must satisfy constraint: [${[...valueProblems].join(", ")}]` });
        };
      }
      case "string":
        return (value, path, out) => {
          if (typeof value !== "string") throw serialization(path, name);
          scalar(value, value.length, path, out);
        };
      case "integer":
      case "long":
        return (value, path, out) => {
          if (typeof value !== "number" || !Number.isInteger(value)) throw serialization(path, name);
          scalar(value, value, path, out);
        };
      case "double":
      case "float":
        return (value, path, out) => {
          if (typeof value !== "number") throw serialization(path, name);
          scalar(value, value, path, out);
        };
      case "boolean":
        return (value, path) => {
          if (typeof value !== "boolean") throw serialization(path, name);
        };
      case "timestamp":
        return (value, path) => {
          if (typeof value !== "number" && typeof value !== "string") throw serialization(path, name);
        };
      default:
        return () => {};
    }
  }

  /** Pattern, length or range, enum: each failure its own violation, as AWS lists them. */
  private scalarConstraints(shape: ModelShape): (value: unknown, measure: number, path: string, out: ConstraintViolation[]) => void {
    const numeric = shape.type === "integer" || shape.type === "long" || shape.type === "double" || shape.type === "float";
    const what = numeric ? "value" : "length";
    const re = shape.pattern !== undefined ? this.regex(shape.pattern) : null;
    const { min, max, pattern } = shape;
    const allowed = shape.enum !== undefined ? new Set(shape.enum) : null;
    const enumText = shape.enum?.join(", ");
    return (value, measure, path, out) => {
      if (re !== null && typeof value === "string" && !re.test(value)) {
        out.push({ path, value, constraint: `Member must satisfy regular expression pattern: ${pattern}` });
      }
      if (max !== undefined && measure > max) out.push({ path, value, constraint: `Member must have ${what} less than or equal to ${max}` });
      if (min !== undefined && measure < min) out.push({ path, value, constraint: `Member must have ${what} greater than or equal to ${min}` });
      if (allowed !== null && typeof value === "string" && !allowed.has(value)) {
        out.push({ path, value, constraint: `Member must satisfy enum value set: [${enumText}]` });
      }
    };
  }
}

/** `1 validation error detected: ...` or `N validation errors detected: ...; ...`. */
export function validationMessage(found: readonly ConstraintViolation[]): string {
  const listed = found.slice(0, MAX_LISTED);
  const n = listed.length;
  const parts = listed.map((v) => `Value ${formatValue(v.value)} at '${v.path}' failed to satisfy constraint: ${v.constraint}`);
  return `${n} validation error${n === 1 ? "" : "s"} detected: ${parts.join("; ")}`;
}

/** AWS prints values as Java's toString does, quoted; null unquoted. A 13 MB value is not sent back whole. */
function formatValue(value: unknown): string {
  return value === null || value === undefined ? "null" : `'${echo(javaString(value))}'`;
}

function javaString(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(javaString).join(", ")}]`;
  if (typeof value === "object" && value !== null) {
    return `{${Object.entries(value)
      .map(([k, v]) => `${k}=${javaString(v)}`)
      .join(", ")}}`;
  }
  return String(value);
}

/** A value of the wrong JSON type never reaches validation on AWS: the deserializer refuses it. */
function serialization(path: string, shape: string): AwsError {
  return new AwsError("SerializationException", `Unexpected value type for '${path || "input"}': expected ${shape}`);
}
