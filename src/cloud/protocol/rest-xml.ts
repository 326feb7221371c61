/**
 * AWS's REST-XML protocol (S3), driven by the model's HTTP bindings (validation/s3-bindings.ts): a request's URI
 * labels, query string, headers and XML body to the operation's typed input, and a typed output to status,
 * headers and XML body. Blob payloads are not read here: the service streams them.
 */
import type { RestXmlBindings, RestXmlShape } from "./rest-xml-bindings.js";
import { escapeXml } from "./xml.js";
import { localName, MalformedXml, parseXml, type XmlElement } from "./xml-read.js";

export interface RestXmlRequest {
  /** The URI labels (`Bucket`, `Key`), already percent-decoded. */
  labels: Readonly<Record<string, string>>;
  query: URLSearchParams;
  /** Lower-case names, as node:http gives them. */
  headers: Readonly<Record<string, string | readonly string[] | undefined>>;
  /** The body, for operations whose payload is a structure or string; absent for streamed blobs. */
  body?: Buffer;
}

/** A value the wire cannot carry for its member: `xml` for a body that is not the document, `value` for a header or parameter. */
export class RestXmlInputError extends Error {
  override readonly name = "RestXmlInputError";
  constructor(
    readonly kind: "xml" | "value",
    message: string,
    /** The header or parameter at fault. */
    readonly argument?: string,
  ) {
    super(message);
  }
}

const first = (value: string | readonly string[] | undefined): string | undefined => (typeof value === "string" ? value : value?.join(","));

function shapeOf(bindings: RestXmlBindings, name: string): RestXmlShape {
  const shape = bindings.shapes[name];
  if (shape === undefined) throw new Error(`no shape ${name} in the bindings`);
  return shape;
}

/** A header's or parameter's text as the member's type: numbers, booleans, and timestamps as epoch milliseconds. */
function scalarFromText(shape: RestXmlShape, text: string, argument: string, checkEnum = true): unknown {
  switch (shape.type) {
    case "integer":
    case "long": {
      const n = Number(text.trim());
      if (text.trim() === "" || !Number.isSafeInteger(n)) throw new RestXmlInputError("value", `${argument} must be an integer`, argument);
      return n;
    }
    case "boolean":
      if (text !== "true" && text !== "false") throw new RestXmlInputError("value", `${argument} must be true or false`, argument);
      return text === "true";
    case "timestamp": {
      const ms = /^\d+(\.\d+)?$/.test(text) ? Number(text) * 1000 : Date.parse(text);
      if (!Number.isFinite(ms)) throw new RestXmlInputError("value", `${argument} is not a date`, argument);
      return ms;
    }
    case "list":
      return text.split(",").map((part) => part.trim());
    default:
      if (checkEnum && shape.enum !== undefined && !shape.enum.includes(text))
        throw new RestXmlInputError("value", `${argument} has an unsupported value`, argument);
      return text;
  }
}

/** The typed input of `operation`, as its handler takes it. Throws RestXmlInputError. */
export function decodeRestXmlInput(bindings: RestXmlBindings, operation: string, request: RestXmlRequest): Record<string, unknown> {
  const op = bindings.operations[operation];
  if (op === undefined) throw new Error(`no bindings for ${operation}`);
  const input: Record<string, unknown> = {};
  if (op.input === null) return input;
  const shape = shapeOf(bindings, op.input);
  for (const [member, ref] of Object.entries(shape.members ?? {})) {
    const name = ref.name ?? member;
    const target = shapeOf(bindings, ref.shape);
    if (ref.location === "uri") {
      const label = request.labels[name.replace(/\+$/, "")];
      if (label !== undefined) input[member] = label;
    } else if (ref.location === "querystring") {
      const value = request.query.get(name);
      if (value !== null) input[member] = scalarFromText(target, value, name);
    } else if (ref.location === "header") {
      const value = first(request.headers[name.toLowerCase()]);
      if (value !== undefined) input[member] = scalarFromText(target, value, name);
    } else if (ref.location === "headers") {
      const prefix = name.toLowerCase();
      const map: Record<string, string> = {};
      for (const [header, value] of Object.entries(request.headers)) {
        const text = first(value);
        if (header.startsWith(prefix) && text !== undefined) map[header.slice(prefix.length)] = text;
      }
      if (Object.keys(map).length > 0) input[member] = map;
    } else if (member === shape.payload && request.body !== undefined && request.body.length > 0) {
      if (target.type === "structure") input[member] = readPayload(bindings, target, ref.name ?? target.name ?? member, request.body);
      else if (target.type === "string") input[member] = request.body.toString("utf8");
    }
  }
  return input;
}

function readPayload(bindings: RestXmlBindings, shape: RestXmlShape, rootName: string, body: Buffer): unknown {
  let root: XmlElement;
  try {
    root = parseXml(body.toString("utf8"));
  } catch (error) {
    if (error instanceof MalformedXml) throw new RestXmlInputError("xml", error.message);
    throw error;
  }
  if (localName(root.name) !== rootName) throw new RestXmlInputError("xml", `the root element is ${root.name}, not ${rootName}`);
  return readElement(bindings, shape, root);
}

function readElement(bindings: RestXmlBindings, shape: RestXmlShape, element: XmlElement): unknown {
  if (shape.type === "structure") {
    const out: Record<string, unknown> = {};
    const members = Object.entries(shape.members ?? {});
    for (const [member, ref] of members) {
      if (ref.attribute) {
        const value = element.attributes[ref.name ?? member];
        if (value !== undefined) out[member] = value;
      }
    }
    for (const child of element.children) {
      const name = localName(child.name);
      const found = members.find(([member, ref]) => !ref.attribute && ref.location === undefined && localName(ref.name ?? member) === name);
      if (found === undefined) continue;
      const [member, ref] = found;
      const target = shapeOf(bindings, ref.shape);
      if (target.type === "list" && (ref.flattened || target.flattened)) {
        const list = (out[member] ??= []) as unknown[];
        list.push(readElement(bindings, shapeOf(bindings, target.member?.shape ?? ""), child));
      } else out[member] = readElement(bindings, target, child);
    }
    return out;
  }
  if (shape.type === "list") {
    const memberShape = shapeOf(bindings, shape.member?.shape ?? "");
    return element.children.map((child) => readElement(bindings, memberShape, child));
  }
  if (shape.type === "map") return undefined;
  // Enum values in a document are the operation's to judge (CreateBucket's InvalidLocationConstraint).
  return scalarFromText(shape, element.text, localName(element.name), false);
}

export const S3_XMLNS = "http://s3.amazonaws.com/doc/2006-03-01/";

export interface RestXmlResponse {
  status: number;
  headers: Record<string, string>;
  /** The XML document or string payload; undefined when there is none or the payload is a streamed blob. */
  body?: string;
  /** The blob payload member the caller streams (GetObject's `Body`), when the output has one. */
  streamed?: string;
}

const HTTP_DATE = (date: Date) => date.toUTCString();

function headerText(shape: RestXmlShape, value: unknown): string {
  if (value instanceof Date) return shape.timestampFormat === "iso8601" ? value.toISOString() : HTTP_DATE(value);
  return String(value);
}

/**
 * Headers, status and body of `output`. `root` names the document element when the output's members are the body
 * (AWS's names: `ListBucketResult`, ...); a structure payload is written under its own element name.
 */
export function encodeRestXmlOutput(bindings: RestXmlBindings, operation: string, output: unknown, root?: string): RestXmlResponse {
  const op = bindings.operations[operation];
  if (op === undefined) throw new Error(`no bindings for ${operation}`);
  const response: RestXmlResponse = { status: 200, headers: {} };
  if (op.output === null || output === undefined || output === null) return response;
  const shape = shapeOf(bindings, op.output);
  const values = output as Record<string, unknown>;
  let bodyMembers = false;
  for (const [member, ref] of Object.entries(shape.members ?? {})) {
    const value = values[member];
    const target = shapeOf(bindings, ref.shape);
    if (ref.location === "header") {
      if (value !== undefined) response.headers[(ref.name ?? member).toLowerCase()] = headerText(target, value);
    } else if (ref.location === "headers") {
      for (const [key, text] of Object.entries((value ?? {}) as Record<string, string>)) response.headers[`${(ref.name ?? member).toLowerCase()}${key}`] = text;
    } else if (ref.location === "statusCode") {
      if (typeof value === "number") response.status = value;
    } else if (member === shape.payload) {
      if (target.type === "blob") response.streamed = member;
      else if (target.type === "structure" && value !== undefined) response.body = document(bindings, target, ref.name ?? target.name ?? member, value);
      else if (value !== undefined) response.body = String(value);
    } else if (ref.location === undefined) bodyMembers = true;
  }
  if (shape.payload === undefined && bodyMembers && root !== undefined) response.body = document(bindings, shape, root, values);
  if (response.body !== undefined && shape.payload === undefined) response.headers["content-type"] = "application/xml";
  else if (response.body !== undefined && shapeOf(bindings, shape.members?.[shape.payload ?? ""]?.shape ?? "").type === "structure")
    response.headers["content-type"] = "application/xml";
  return response;
}

function document(bindings: RestXmlBindings, shape: RestXmlShape, root: string, value: unknown): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n${element(bindings, shape, root, value, ` xmlns="${S3_XMLNS}"`)}`;
}

function element(bindings: RestXmlBindings, shape: RestXmlShape, name: string, value: unknown, extra = ""): string {
  if (shape.type === "structure") {
    const values = value as Record<string, unknown>;
    let attributes = extra;
    let children = "";
    for (const [member, ref] of Object.entries(shape.members ?? {})) {
      const v = values[member];
      if (v === undefined || v === null || ref.location !== undefined) continue;
      const target = shapeOf(bindings, ref.shape);
      const childName = ref.name ?? member;
      if (ref.attribute) {
        // Grantee's xsi:type: the prefix is declared where it is used, as S3 writes it.
        if (childName.startsWith("xsi:")) attributes += ` xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"`;
        attributes += ` ${childName}="${escapeXml(String(v))}"`;
      } else if (target.type === "list" && (ref.flattened || target.flattened)) {
        const memberShape = shapeOf(bindings, target.member?.shape ?? "");
        for (const item of v as unknown[]) children += element(bindings, memberShape, childName, item);
      } else children += element(bindings, target, childName, v);
    }
    return `<${name}${attributes}>${children}</${name}>`;
  }
  if (shape.type === "list") {
    const memberShape = shapeOf(bindings, shape.member?.shape ?? "");
    const memberName = shape.member?.name ?? "member";
    return `<${name}${extra}>${(value as unknown[]).map((item) => element(bindings, memberShape, memberName, item)).join("")}</${name}>`;
  }
  const text = value instanceof Date ? value.toISOString() : String(value);
  return `<${name}${extra}>${escapeXml(text)}</${name}>`;
}
