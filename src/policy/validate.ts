/** parsePolicyDocument: IAM's validation of a policy document, with its MalformedPolicyDocument messages, and compilation. */
import { type CompiledCondition, compileCondition } from "./conditions.js";
import type { ActionMatcher, CompiledPolicy, CompiledStatement, PolicyKind, PolicyVersion } from "./document.js";
import { MalformedPolicyDocumentError, messages } from "./errors.js";
import { type JsonNode, JsonSyntaxError, readJson } from "./json-source.js";
import { type CompiledPrincipal, type PrincipalExists, compilePrincipal } from "./principals.js";
import { parseTemplate } from "./variables.js";
import { type Pattern, compilePattern, hasWildcard } from "./wildcards.js";

export interface ParseOptions {
  /** IAM refuses a Principal naming a user or role that does not exist; pass IAM's lookup to do the same. */
  principalExists?: PrincipalExists;
}

const TOP = new Set(["Version", "Id", "Statement"]);
const STATEMENT = new Set(["Sid", "Effect", "Action", "NotAction", "Resource", "NotResource", "Principal", "NotPrincipal", "Condition"]);
const VERSIONS = new Set(["2012-10-17", "2008-10-17"]);
/** The actions a role trust policy may grant (IAM UG, roles: trust policies). */
const TRUST_ACTIONS = new Set(
  ["sts:AssumeRole", "sts:AssumeRoleWithSAML", "sts:AssumeRoleWithWebIdentity", "sts:TagSession", "sts:SetSourceIdentity", "sts:SetContext"].map(
    (a) => a.toLowerCase(),
  ),
);

const fail = (message: string): never => {
  throw new MalformedPolicyDocumentError(message);
};

/** Validates `text` as IAM does for a document of `kind`, and compiles it for evaluate. */
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
    if (v.type !== "string") syntax();
    else if (!VERSIONS.has(v.value)) fail(messages.legacyParsing);
    else version = v.value as PolicyVersion;
  }
  const idNode = root.entries.get("Id");
  if (idNode !== undefined && idNode.type !== "string") syntax();
  const variables = version === "2012-10-17";

  const st = root.entries.get("Statement");
  if (st === undefined) return missing("Statement", messages.syntax);
  const nodes = st.type === "array" ? st.items : [st];
  const statements: CompiledStatement[] = [];
  const sids = new Set<string>();
  nodes.forEach((node, index) => {
    if (node.type !== "object") return syntax();
    const e = node.entries;
    for (const key of e.keys()) if (!STATEMENT.has(key)) unknown(key);
    for (const [a, b] of [["Action", "NotAction"], ["Resource", "NotResource"], ["Principal", "NotPrincipal"]] as const) {
      if (e.has(a) && e.has(b)) syntax();
    }
    const sidNode = e.get("Sid");
    let sid: string | undefined;
    if (sidNode !== undefined) {
      if (sidNode.type !== "string") return syntax();
      sid = sidNode.value;
      if (kind !== "trust" && !/^[0-9A-Za-z]*$/.test(sid)) fail(messages.sidAlphanumeric);
    }
    const effectNode = e.get("Effect");
    if (effectNode === undefined) return missing("Effect", messages.syntax);
    if (effectNode.type !== "string" || (effectNode.value !== "Allow" && effectNode.value !== "Deny")) return syntax();

    const actionKey = e.has("NotAction") ? "NotAction" : "Action";
    const resourceKey = e.has("NotResource") ? "NotResource" : "Resource";
    const principalKey = e.has("NotPrincipal") ? "NotPrincipal" : "Principal";
    const actions = strings(e.get(actionKey));
    const resources = strings(e.get(resourceKey));
    const principalNode = e.get(principalKey);

    if (kind === "identity" && principalNode !== undefined) fail(messages.noPrincipal);
    if (kind === "trust") {
      if (e.has("Resource")) fail(messages.prohibited("Resource"));
      if (e.has("NotResource")) fail(messages.prohibited("NotResource"));
      if (e.has("NotPrincipal")) fail(messages.prohibited("NotPrincipal"));
    }
    if (kind !== "identity" && principalNode === undefined) fail(messages.missing("Principal"));
    if (actions === undefined || actions.length === 0) return missing("Action", messages.needActions);
    if (kind !== "trust" && (resources === undefined || resources.length === 0)) fail(messages.needResources);

    const action = compileActions(actions, kind);
    const resource = kind === "trust" ? undefined : compileResources(resources as string[], variables);
    const principal: CompiledPrincipal | undefined =
      principalNode === undefined ? undefined : compilePrincipal(plain(principalNode), options.principalExists);
    const conditions = compileConditions(e.get("Condition"), variables);
    if (sid !== undefined && sid !== "") {
      if (sids.has(sid)) fail(messages.uniqueSids);
      sids.add(sid);
    }
    statements.push({
      vendors: actionKey === "NotAction" ? undefined : vendorsOf(actions),
      index,
      sid,
      effect: effectNode.value,
      action,
      notAction: actionKey === "NotAction",
      resource,
      notResource: resourceKey === "NotResource",
      principal,
      notPrincipal: principalKey === "NotPrincipal",
      conditions,
      start: node.start,
      // The reader's end is just past the `}`; IAM's EndPosition names the brace itself (README: chosen).
      end: { line: node.end.line, column: node.end.column - 1 },
    });
  });
  const { byService, anyService } = indexByService(statements);
  return { kind, version, id: idNode?.type === "string" ? idNode.value : undefined, statements, byService, anyService, text };
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
  for (const service of services) byService.set(service, statements.filter((s) => s.vendors === undefined || s.vendors.has(service)));
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
    if (a !== "*") {
      const parts = a.split(":");
      if (parts.length === 1) fail(messages.vendor);
      if (parts.length > 2) fail(messages.oneColon);
      const vendor = parts[0] as string;
      if (vendor === "" || /[^a-zA-Z0-9\-.*?]/.test(vendor)) fail(messages.vendorInvalid(vendor));
    }
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

function compileResources(resources: string[], variables: boolean): Pattern[] {
  return resources.map((r) => {
    if (r !== "*") {
      if (!r.includes(":") || !r.startsWith("arn:")) fail(messages.resourceFormat(r));
      const [, , service, region] = r.split(":");
      if (service === undefined || service === "" || /[*?]/.test(service)) {
        fail("Resource vendor must be fully qualified and cannot contain regexes.");
      }
      if (service === "iam" && region !== undefined && region !== "") fail(messages.iamRegion(r));
    }
    return compilePattern(parseTemplate(r, variables), "arn", false);
  });
}

function compileConditions(node: JsonNode | undefined, variables: boolean): CompiledCondition[] {
  if (node === undefined) return [];
  if (node.type !== "object") return fail(messages.syntax);
  const out: CompiledCondition[] = [];
  for (const [operator, block] of node.entries) {
    if (block.type !== "object") return fail(messages.syntax);
    for (const [key, valueNode] of block.entries) {
      const items = valueNode.type === "array" ? valueNode.items : [valueNode];
      const values = items.map((item) =>
        item.type === "string" ? item.value : item.type === "number" || item.type === "boolean" ? String(item.value) : fail(messages.syntax),
      );
      out.push(compileCondition(operator, key, values, variables));
    }
  }
  return out;
}
