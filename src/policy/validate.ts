/** parsePolicyDocument: IAM's validation of a policy document, with its MalformedPolicyDocument messages, and compilation. */
import { CONDITION_OPERATORS, type CompiledCondition, compileCondition } from "./conditions.js";
import type { ActionMatcher, CompiledPolicy, CompiledStatement, PolicyKind, PolicyVersion } from "./document.js";
import { MalformedPolicyDocumentError, messages } from "./errors.js";
import { type JsonNode, JsonSyntaxError, readJson } from "./json-source.js";
import { legacyDateAccepted } from "./legacy-dates.js";
import { type PrincipalExists, compilePrincipal } from "./principals.js";
import { parseTemplate } from "./variables.js";
import { type Pattern, compilePattern, hasWildcard } from "./wildcards.js";

export interface ParseOptions {
  /** IAM refuses a Principal naming a user or role that does not exist; pass IAM's lookup to do the same. */
  principalExists?: PrincipalExists;
  /** CreatePolicy / CreatePolicyVersion: a managed policy must say Version 2012-10-17. */
  managed?: boolean;
}

const TOP = new Set(["Version", "Id", "Statement"]);
const STATEMENT = new Set(["Sid", "Effect", "Action", "NotAction", "Resource", "NotResource", "Principal", "NotPrincipal", "Condition"]);
const VERSIONS = new Set(["2012-10-17", "2008-10-17"]);
/** The actions a role trust policy may grant (IAM UG, roles: trust policies). */
const TRUST_ACTIONS = new Set(
  ["sts:AssumeRole", "sts:AssumeRoleWithSAML", "sts:AssumeRoleWithWebIdentity", "sts:TagSession", "sts:SetSourceIdentity", "sts:SetContext"].map((a) =>
    a.toLowerCase(),
  ),
);
/** The partitions a Resource ARN may name (botocore's endpoints.json), or `*`. */
const PARTITIONS = new Set(["aws", "aws-cn", "aws-us-gov", "aws-iso", "aws-iso-b", "aws-iso-e", "aws-iso-f", "aws-eusc", "*"]);
/** IAM resource types (Service Authorization Reference, IAM): the path after `arn:aws:iam::account:`. */
const IAM_PATHS = [
  "user/",
  "federated-user/",
  "role/",
  "group/",
  "instance-profile/",
  "mfa/",
  "server-certificate/",
  "policy/",
  "sms-mfa/",
  "saml-provider/",
  "oidc-provider/",
  "report/",
  "access-report/",
];

const fail = (message: string): never => {
  throw new MalformedPolicyDocumentError(message);
};

/** A statement after the syntax pass: its fields, known to have IAM's JSON types. */
interface Checked {
  node: JsonNode & { type: "object" };
  e: Map<string, JsonNode>;
  index: number;
  effect: string;
  sid: string | undefined;
  actionKey: "Action" | "NotAction" | undefined;
  actions: string[] | undefined;
  resourceKey: "Resource" | "NotResource" | undefined;
  resources: string[] | undefined;
}

/**
 * Validates `text` as IAM does for a document of `kind`, and compiles it for evaluate. IAM checks in passes
 * over the whole document, and the first failing pass names the error (order from moto's cases checked
 * against AWS): syntax, version, legacy parsing, Sid uniqueness, actions present, resource format, action
 * vendors, resources present.
 */
export function parsePolicyDocument(text: string, kind: PolicyKind, options: ParseOptions = {}): CompiledPolicy {
  const syntax = () => fail(messages.syntax);
  // Trust policies go through the grammar that reports fields by name (Has prohibited field, Missing required field).
  const unknown = (field: string) => fail(kind === "trust" ? messages.unknownField(field) : messages.syntax);
  const missing = (field: string, otherwise: string) => fail(kind === "trust" ? messages.missing(field) : otherwise);

  let root: JsonNode;
  try {
    root = readJson(text);
  } catch (e) {
    if (!(e instanceof JsonSyntaxError)) throw e;
    return fail(kind === "trust" ? messages.invalidJson : messages.syntax);
  }
  if (root.type !== "object") return fail(kind === "trust" ? messages.invalidJson : messages.syntax);
  for (const key of root.entries.keys()) if (!TOP.has(key)) unknown(key);

  let version: PolicyVersion = "2008-10-17";
  const v = root.entries.get("Version");
  if (v !== undefined) {
    if (v.type !== "string" || !VERSIONS.has(v.value)) syntax();
    else version = v.value as PolicyVersion;
  }
  const idNode = root.entries.get("Id");
  if (idNode !== undefined && idNode.type !== "string") syntax();
  const variables = version === "2012-10-17";

  const st = root.entries.get("Statement");
  if (st === undefined) return missing("Statement", messages.syntax);
  if (st.type !== "array" && st.type !== "object") return syntax();
  const nodes = st.type === "array" ? st.items : [st];
  if (nodes.length === 0) return syntax();

  // Pass 1: syntax, every statement.
  const checked: Checked[] = nodes.map((node, index) => {
    if (node.type !== "object") return syntax();
    const e = node.entries;
    for (const key of e.keys()) if (!STATEMENT.has(key)) unknown(key);
    for (const [a, b] of [
      ["Action", "NotAction"],
      ["Resource", "NotResource"],
      ["Principal", "NotPrincipal"],
    ] as const) {
      if (e.has(a) && e.has(b)) syntax();
    }
    const sidNode = e.get("Sid");
    if (sidNode !== undefined && sidNode.type !== "string") syntax();
    const effectNode = e.get("Effect");
    if (effectNode === undefined) return missing("Effect", messages.syntax);
    // Case is the legacy pass's business: "allow" passes syntax, then fails legacy parsing.
    if (effectNode.type !== "string" || !["allow", "deny"].includes(effectNode.value.toLowerCase())) return syntax();
    const actionKey = e.has("NotAction") ? "NotAction" : e.has("Action") ? "Action" : undefined;
    const resourceKey = e.has("NotResource") ? "NotResource" : e.has("Resource") ? "Resource" : undefined;
    const actions = strings(actionKey === undefined ? undefined : e.get(actionKey));
    const resources = strings(resourceKey === undefined ? undefined : e.get(resourceKey));
    conditionSyntax(e.get("Condition"));
    const sid = sidNode?.type === "string" ? sidNode.value : undefined;
    return { node, e, index, effect: effectNode.value, sid, actionKey, actions, resourceKey, resources };
  });

  // Pass 2: version. Managed policies must use the current grammar (IAM UG, Version element).
  if (options.managed && version !== "2012-10-17") fail(messages.managedVersion);

  // Pass 3: the legacy parser: Effect's case, Date values, and ARNs it cannot split.
  let resourceError: string | undefined;
  for (const c of checked) {
    if (c.effect !== "Allow" && c.effect !== "Deny") fail(messages.legacyParsing);
    for (const [operator, block] of (c.e.get("Condition") as (JsonNode & { type: "object" }) | undefined)?.entries ?? []) {
      if (!baseOperator(operator).startsWith("Date")) continue;
      for (const valueNode of (block as JsonNode & { type: "object" }).entries.values()) {
        for (const value of scalars(valueNode)) if (!legacyDateAccepted(value)) fail(messages.legacyParsing);
      }
    }
  }
  for (const c of checked) {
    for (const r of c.resources ?? []) {
      const error = resourceFormatError(r);
      if (error !== undefined) resourceError ??= error;
      // Once a format error is known, the legacy parser is not reached for later resources (moto's cases).
      else if (resourceError === undefined && r !== "*") {
        const parts = r.split(":");
        if ((parts.length < 6 && r.includes("::")) || parts[2] === "") fail(messages.legacyParsing);
      }
    }
  }

  // Pass 4: Sids.
  const sids = new Set<string>();
  for (const c of checked) {
    if (c.sid === undefined || c.sid === "") continue;
    if (sids.has(c.sid)) fail(messages.uniqueSids);
    sids.add(c.sid);
  }
  for (const c of checked) {
    if (c.sid !== undefined && kind !== "trust" && !/^[0-9A-Za-z]*$/.test(c.sid)) fail(messages.sidAlphanumeric);
  }

  // Pass 5: the fields each kind of document needs or must not have.
  for (const c of checked) {
    const hasPrincipal = c.e.has("Principal") || c.e.has("NotPrincipal");
    if (kind === "identity" && hasPrincipal) fail(messages.noPrincipal);
    if (kind === "trust") {
      if (c.e.has("Resource")) fail(messages.prohibited("Resource"));
      if (c.e.has("NotResource")) fail(messages.prohibited("NotResource"));
      if (c.e.has("NotPrincipal")) fail(messages.prohibited("NotPrincipal"));
    }
    if (kind !== "identity" && !hasPrincipal) fail(messages.missing("Principal"));
    if (c.actions === undefined || c.actions.length === 0) missing("Action", messages.needActions);
  }

  // Pass 6: resource formats, then action vendors, then resources present.
  if (resourceError !== undefined) fail(resourceError);
  for (const key of ["Action", "NotAction"] as const) {
    for (const c of checked) if (c.actionKey === key) for (const a of c.actions ?? []) actionVendor(a);
  }
  if (kind !== "trust") {
    for (const c of checked) if (c.resources === undefined || c.resources.length === 0) fail(messages.needResources);
  }

  const statements: CompiledStatement[] = checked.map((c) => {
    const principalKey = c.e.has("NotPrincipal") ? "NotPrincipal" : "Principal";
    const principalNode = c.e.get(principalKey);
    const actions = c.actions as string[];
    return {
      vendors: c.actionKey === "NotAction" ? undefined : vendorsOf(actions),
      index: c.index,
      sid: c.sid,
      effect: c.effect as "Allow" | "Deny",
      action: compileActions(actions, kind),
      notAction: c.actionKey === "NotAction",
      resource: kind === "trust" ? undefined : (c.resources as string[]).map((r) => compilePattern(parseTemplate(r, variables), "arn", false)),
      notResource: c.resourceKey === "NotResource",
      principal: principalNode === undefined ? undefined : compilePrincipal(plain(principalNode), options.principalExists),
      notPrincipal: principalKey === "NotPrincipal",
      conditions: compileConditions(c.e.get("Condition"), variables),
      start: c.node.start,
      // The reader's end is just past the `}`; IAM's EndPosition names the brace itself (README: chosen).
      end: { line: c.node.end.line, column: c.node.end.column - 1 },
    };
  });
  const { byService, anyService } = indexByService(statements);
  return { kind, version, id: idNode?.type === "string" ? idNode.value : undefined, statements, byService, anyService, text };
}

/** An operator without its set qualifier and IfExists, as IAM strips them (only the first of each). */
function baseOperator(operator: string): string {
  let name = operator;
  for (const q of ["ForAnyValue:", "ForAllValues:"]) {
    if (name.startsWith(q)) {
      name = name.slice(q.length);
      break;
    }
  }
  return name.endsWith("IfExists") ? name.slice(0, -"IfExists".length) : name;
}

/** Condition must be an object of objects whose values are scalars or arrays of them; an unknown operator only with an empty block. */
function conditionSyntax(node: JsonNode | undefined): void {
  if (node === undefined) return;
  if (node.type !== "object") return fail(messages.syntax);
  for (const [operator, block] of node.entries) {
    if (block.type !== "object") return fail(messages.syntax);
    for (const value of block.entries.values()) scalars(value);
    if (block.entries.size > 0 && !CONDITION_OPERATORS.includes(baseOperator(operator))) fail(messages.syntax);
  }
}

/** A condition value as strings: a string, number or boolean, or an array of them (IAM UG, grammar: condition_value). */
function scalars(node: JsonNode): string[] {
  const items = node.type === "array" ? node.items : [node];
  return items.map((item) =>
    item.type === "string" ? item.value : item.type === "number" || item.type === "boolean" ? String(item.value) : fail(messages.syntax),
  );
}

/** The first format error of a Resource/NotResource entry, or undefined (messages as AWS gives them, per moto's checked cases). */
function resourceFormatError(r: string): string | undefined {
  if (r === "*") return undefined;
  const first = r.indexOf(":");
  if (first < 0) return messages.resourceFormat(r);
  const rest = r.slice(first + 1);
  const second = rest.indexOf(":");
  const partition = second < 0 ? rest : rest.slice(0, second);
  if (!PARTITIONS.has(partition)) {
    const after = second < 0 ? [""] : rest.slice(second + 1).split(":");
    const seg = (i: number) => after[i] ?? "*";
    const service = after[0] !== "" || after.length > 1 ? seg(0) : "*";
    const tail = after.length > 3 ? after.slice(3).join(":") : "*";
    return messages.partition(partition, `arn:${partition}:${service}:${seg(1)}:${seg(2)}:${tail}`);
  }
  if (second < 0) return messages.resourceVendor;
  const [service = "", region, , ...path] = rest.slice(second + 1).split(":");
  // `cannot contain regexes`: a wildcard in the service is refused (chosen; docs/aws-compatibility.md).
  if (/[*?]/.test(service)) return messages.resourceVendor;
  const resource = path.join(":");
  if (region !== undefined && region !== "") {
    if (service === "iam") return messages.iamRegion(r);
    if (service === "s3" && !resource.startsWith("accesspoint/")) return messages.s3Region(r);
  }
  if (service === "iam" && !IAM_PATHS.some((p) => resource.startsWith(p))) return messages.iamPath(IAM_PATHS.join(", "));
  return undefined;
}

function actionVendor(a: string): void {
  if (a === "*") return;
  const parts = a.split(":");
  if (parts.length === 1) fail(messages.vendor);
  if (parts.length > 2) fail(messages.oneColon);
  const vendor = parts[0] as string;
  if (/[^a-zA-Z0-9\-.*?]/.test(vendor)) fail(messages.vendorInvalid(vendor));
}

function vendorsOf(actions: string[]): Set<string> | undefined {
  const out = new Set<string>();
  for (const a of actions) {
    const vendor = a.slice(0, a.indexOf(":")).toLowerCase();
    if (a === "*" || /[*?]/.test(vendor)) return undefined;
    out.add(vendor);
  }
  return out;
}

/** Per-service statement lists, so that a decision visits only statements that can name the action. */
function indexByService(statements: CompiledStatement[]) {
  const services = new Set<string>();
  for (const s of statements) for (const v of s.vendors ?? []) services.add(v);
  const byService = new Map<string, CompiledStatement[]>();
  for (const service of services)
    byService.set(
      service,
      statements.filter((s) => s.vendors === undefined || s.vendors.has(service)),
    );
  return { byService, anyService: statements.filter((s) => s.vendors === undefined) };
}

/** A string or an array of strings; anything else is a syntax error. Undefined when absent. */
function strings(node: JsonNode | undefined): string[] | undefined {
  if (node === undefined) return undefined;
  if (node.type === "string") return [node.value];
  if (node.type !== "array") return fail(messages.syntax);
  return node.items.map((item) => (item.type === "string" ? item.value : fail(messages.syntax)));
}

function plain(node: JsonNode): unknown {
  switch (node.type) {
    case "object":
      // fromEntries defines own properties, so a key such as "__proto__" stays a key.
      return Object.fromEntries([...node.entries].map(([k, v]) => [k, plain(v)]));
    case "array":
      return node.items.map(plain);
    case "null":
      return null;
    default:
      return node.value;
  }
}

function compileActions(actions: string[], kind: PolicyKind): ActionMatcher {
  const exact = new Set<string>();
  const patterns: Pattern[] = [];
  for (const a of actions) {
    const lower = a.toLowerCase();
    if (kind === "trust") {
      const ok = TRUST_ACTIONS.has(lower) || (lower.startsWith("sts:") && /[*?]/.test(lower)) || lower === "*";
      if (!ok) fail(messages.assumeRoleOnly);
    }
    const t = parseTemplate(lower, false);
    if (hasWildcard(t.parts)) patterns.push(compilePattern(t, "string", true));
    else exact.add(lower);
  }
  return { exact, patterns };
}

function compileConditions(node: JsonNode | undefined, variables: boolean): CompiledCondition[] {
  if (node === undefined || node.type !== "object") return [];
  const out: CompiledCondition[] = [];
  for (const [operator, block] of node.entries) {
    if (block.type !== "object") continue;
    for (const [key, valueNode] of block.entries) out.push(compileCondition(operator, key, scalars(valueNode), variables));
  }
  return out;
}
