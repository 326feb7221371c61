/**
 * Writes, from the botocore models on this machine, each service's constraint table
 * (src/cloud/validation/<service>-model.ts: shapes, lengths, ranges, patterns, enums, required members,
 * EC2's wire names) and the TypeScript types of its served operations' inputs and outputs
 * (src/cloud/validation/<service>-types.ts), so validation and handlers follow the API model, not memory.
 * Run: npm run generate:models (all five services; the served operations are in served-operations.ts).
 */
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { gunzipSync } from "node:zlib";
import type { ModelShape, ServiceModel } from "../src/cloud/validation/model.js";
import { MODELLED_SERVICES, type ModelledService } from "./served-operations.js";

interface BotoMemberRef {
  shape: string;
  locationName?: string;
  queryName?: string;
}
interface BotoShape {
  type: string;
  min?: number;
  max?: number;
  pattern?: string;
  enum?: string[];
  required?: string[];
  members?: Record<string, BotoMemberRef>;
  member?: { shape: string; locationName?: string };
  key?: { shape: string; locationName?: string };
  value?: { shape: string; locationName?: string };
}
export interface BotoModel {
  metadata: { apiVersion: string; protocol?: string; protocols?: string[] };
  operations: Record<string, { input?: { shape: string }; output?: { shape: string }; errors?: { shape: string }[] }>;
  shapes: Record<string, BotoShape>;
}

const VALIDATION_DIR = join(dirname(fileURLToPath(import.meta.url)), "..", "src", "cloud", "validation");

function botocoreData(): string {
  const dir = execFileSync("python3", ["-c", "import botocore, os; print(os.path.dirname(botocore.__file__))"], { encoding: "utf8" }).trim();
  return join(dir, "data");
}

/**
 * Enum sets whose order in AWS's messages differs from the model's (AWS prints a Java set):
 * recorded in test/vectors/aws-recorded/logs_test_logs_delivery.snapshot.json.
 */
const OBSERVED_ENUM_ORDER: Record<string, string[]> = {
  OutputFormat: ["w3c", "raw", "json", "plain", "parquet"],
};

/** botocore's EC2 serializer: queryName, else the locationName capitalized, else the member name. */
function ec2WireName(member: string, ref: BotoMemberRef): string {
  if (ref.queryName !== undefined) return ref.queryName;
  if (ref.locationName !== undefined) return ref.locationName.charAt(0).toUpperCase() + ref.locationName.slice(1);
  return member;
}

/** EC2 answers each list element as `<item>` (every list its served outputs reach names it so). */
const EC2_ITEM = "item";

/** The element an EC2 output member is answered in: its locationName, as botocore's EC2 parser reads it. */
function ec2ElementName(shape: string, member: string, ref: BotoMemberRef): string {
  if (ref.locationName === undefined) throw new Error(`${shape}.${member}: an EC2 output member without a locationName`);
  return ref.locationName;
}

/** The constraint table: every operation of the model, or only `only`, with the shapes their inputs reach. */
export function buildModel(model: BotoModel, only?: ReadonlySet<string>): ServiceModel {
  const ec2 = model.metadata.protocol === "ec2";
  const shapes: Record<string, ModelShape> = {};
  // Shapes are visited once per side: an EC2 structure met in an output also gets its element names.
  const visited = new Set<string>();
  const visit = (name: string, output = false): void => {
    if (visited.has(`${output}:${name}`)) return;
    visited.add(`${output}:${name}`);
    const s = model.shapes[name];
    if (s === undefined) throw new Error(`shape ${name} missing`);
    const out: ModelShape = shapes[name] ?? { type: s.type };
    shapes[name] = out;
    if (s.min !== undefined) out.min = s.min;
    if (s.max !== undefined) out.max = s.max;
    if (s.pattern !== undefined) out.pattern = s.pattern;
    if (s.enum !== undefined) {
      const observed = OBSERVED_ENUM_ORDER[name];
      out.enum = observed !== undefined && observed.length === s.enum.length && observed.every((v) => s.enum?.includes(v)) ? observed : s.enum;
    }
    if (s.required !== undefined && s.required.length > 0) out.required = s.required;
    if (s.members !== undefined) {
      out.members = {};
      for (const [member, ref] of Object.entries(s.members)) {
        out.members[member] = ref.shape;
        if (ec2) (out.wire ??= {})[member] = ec2WireName(member, ref);
        if (ec2 && output) (out.xml ??= {})[member] = ec2ElementName(name, member, ref);
        visit(ref.shape, output);
      }
    }
    for (const part of ["member", "key", "value"] as const) {
      const ref = s[part];
      if (ref !== undefined) {
        out[part] = ref.shape;
        if (ec2 && output && part === "member" && ref.locationName !== EC2_ITEM)
          throw new Error(`${name}: EC2 list items named ${ref.locationName ?? "(none)"}, the encoder writes <${EC2_ITEM}>`);
        visit(ref.shape, output);
      }
    }
  };
  const operations: ServiceModel["operations"] = {};
  for (const [name, op] of Object.entries(model.operations).sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (only !== undefined && !only.has(name)) continue;
    const errors = (op.errors ?? []).map((e) => e.shape);
    // The older operations answer constraint failures as InvalidParameterException, the newer
    // (delivery) ones as ValidationException; the model's error list says which (recorded on AWS).
    const validationCode =
      errors.includes("InvalidParameterException") || !errors.includes("ValidationException") ? "InvalidParameterException" : "ValidationException";
    operations[name] = { input: op.input?.shape ?? null, validationCode };
    if (op.input) visit(op.input.shape);
    // EC2's answers are written from the model (element names, `<return>` when it models no output).
    if (ec2) {
      operations[name].output = op.output?.shape ?? null;
      if (op.output) visit(op.output.shape, true);
    }
  }
  return { apiVersion: model.metadata.apiVersion, operations, shapes };
}

/**
 * The runtime values handlers get and give, per botocore type. Inputs: timestamps arrive as epoch
 * milliseconds (the decoder converts every wire form), blobs as bytes. Outputs: timestamps are Dates
 * (each encoder writes them in its protocol's form), blobs bytes; maps of a service that speaks Query
 * are Maps, which the XML writer lists as `entry/key/value` (a plain object would become a structure).
 */
const SCALAR_INPUT: Record<string, string> = {
  string: "string",
  integer: "number",
  long: "number",
  double: "number",
  float: "number",
  boolean: "boolean",
  timestamp: "number",
  blob: "Uint8Array",
};
const SCALAR_OUTPUT: Record<string, string> = { ...SCALAR_INPUT, timestamp: "Date" };

const NO_INPUT = "Record<string, never>";
const NO_OUTPUT = "Record<string, never> | void";
const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/**
 * The input and output types of the served operations: structures as interfaces (required members as
 * the model says), enums as unions of their values, lists and maps inline; only shapes the served
 * operations reach. A structure met on both sides gets the same type: none of the served operations
 * passes a timestamp or blob through such a shape (the generator refuses the model if one does).
 */
export function buildTypes(model: BotoModel, service: ModelledService): string {
  const declared = new Map<string, string>();
  const { protocol, protocols = [] } = model.metadata;
  const queryMaps = protocol === "query" || protocol === "ec2" || protocols.includes("query");
  const sides = new Map<string, Set<"input" | "output">>();
  const typeOf = (name: string, side: "input" | "output"): string => {
    const s = model.shapes[name];
    if (s === undefined) throw new Error(`shape ${name} missing`);
    if (s.type === "list") return `${wrapArray(typeOf(s.member?.shape ?? "", side))}[]`;
    if (s.type === "map") return `${side === "output" && queryMaps ? "ReadonlyMap" : "Record"}<string, ${typeOf(s.value?.shape ?? "", side)}>`;
    if (s.type === "string" && s.enum !== undefined && !service.openEnums) {
      declared.set(name, `export type ${name} = ${s.enum.map((v) => JSON.stringify(v)).join(" | ")};`);
      return name;
    }
    if (s.type === "structure") {
      const seen = sides.get(name) ?? new Set();
      sides.set(name, seen);
      if (seen.has(side)) return name;
      seen.add(side);
      if (seen.size === 2 && !sameOnBothSides(model, name))
        throw new Error(`${name} reaches a timestamp or blob and is both input and output: give it two types`);
      const required = new Set(s.required ?? []);
      const members = Object.entries(s.members ?? {}).map(([member, ref]) => {
        const key = IDENTIFIER.test(member) ? member : JSON.stringify(member);
        return `  ${key}${required.has(member) ? "" : "?"}: ${typeOf(ref.shape, side)};`;
      });
      declared.set(name, members.length === 0 ? `export type ${name} = Record<string, never>;` : `export interface ${name} {\n${members.join("\n")}\n}`);
      return name;
    }
    const scalar = (side === "input" ? SCALAR_INPUT : SCALAR_OUTPUT)[s.type];
    if (scalar === undefined) throw new Error(`shape ${name}: type ${s.type} has no runtime type`);
    return scalar;
  };
  const map: string[] = [];
  for (const op of [...service.served].sort()) {
    const def = model.operations[op];
    if (def === undefined) throw new Error(`no operation ${op} in the ${service.name} model`);
    const input = def.input === undefined ? NO_INPUT : typeOf(def.input.shape, "input");
    const output = def.output === undefined ? NO_OUTPUT : typeOf(def.output.shape, "output");
    map.push(`  ${op}: { input: ${input}; output: ${output} };`);
  }
  const body = [...declared.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, text]) => text);
  return (
    `/** The input and output types of the operations served: generated by scripts/generate-models.ts from botocore's ${service.name}/${service.apiVersion} model, do not edit. */\n\n` +
    `/** Every served operation: its input as the handler receives it, its output as the handler returns it. */\n` +
    `export interface ${service.typePrefix}Operations {\n${map.join("\n")}\n}\n\n` +
    `${body.join("\n\n")}\n`
  );
}

const wrapArray = (type: string) => (type.includes(" ") ? `(${type})` : type);

/** True when the shape's closure holds no timestamp or blob, whose input and output runtime types differ. */
function sameOnBothSides(model: BotoModel, name: string, seen = new Set<string>()): boolean {
  if (seen.has(name)) return true;
  seen.add(name);
  const s = model.shapes[name];
  if (s === undefined) return true;
  if (s.type === "timestamp" || s.type === "blob") return false;
  const refs = [...Object.values(s.members ?? {}), s.member, s.key, s.value].filter((r) => r !== undefined);
  return refs.every((r) => sameOnBothSides(model, r.shape, seen));
}

function readModel(service: ModelledService): BotoModel {
  const path = join(botocoreData(), service.name, service.apiVersion, "service-2.json.gz");
  return JSON.parse(gunzipSync(readFileSync(path)).toString("utf8")) as BotoModel;
}

function main(): void {
  const only = process.argv.slice(2);
  for (const service of MODELLED_SERVICES) {
    if (only.length > 0 && !only.includes(service.name)) continue;
    const model = readModel(service);
    const table = buildModel(model, service.tableServedOnly ? new Set(service.served) : undefined);
    for (const name of service.served) if (table.operations[name] === undefined) throw new Error(`no operation ${name} in the ${service.name} model`);
    const source = `botocore's ${service.name}/${service.apiVersion} model`;
    writeFileSync(
      join(VALIDATION_DIR, `${service.name}-model.ts`),
      `/** Generated by scripts/generate-models.ts from ${source}: do not edit. */\n` +
        `import type { ServiceModel } from "./model.js";\n\n` +
        `export const ${service.name}Model: ServiceModel = ${JSON.stringify(table, null, 1)};\n`,
    );
    writeFileSync(join(VALIDATION_DIR, `${service.name}-types.ts`), buildTypes(model, service));
    process.stdout.write(`${service.name}: ${Object.keys(table.operations).length} operations in the table, ${service.served.length} typed\n`);
  }
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) main();
