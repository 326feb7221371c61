/**
 * XML for the Query (IAM, STS) and EC2 Query protocols: a small escaping writer, the two success
 * envelopes and the two error envelopes, in the shapes botocore's and the SDK v3's parsers read.
 */
import type { AwsError } from "./aws-error.js";

/** What an operation may return for XML encoding. Keys are written verbatim as element names. */
export type XmlValue =
  | string
  | number
  | bigint
  | boolean
  | Date
  | Uint8Array
  | null
  | undefined
  | readonly XmlValue[]
  | ReadonlyMap<string, XmlValue>
  | { readonly [name: string]: XmlValue };

/** Structurally the pipeline's EncodedResponse. */
export interface XmlResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export const EC2_XMLNS = "http://ec2.amazonaws.com/doc/2016-11-15/";
const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n';

// Characters XML 1.0 cannot carry at all (not even as &#x..;), and lone surrogates.
const ILLEGAL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const NEEDS_WORK = /[&<>"'\r\u0000-\u0008\u000B\u000C\u000E-\u001F\uD800-\uDFFF\uFFFE\uFFFF]/;
const ENTITIES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;", "\r": "&#xD;" };

/**
 * Text and attribute values. `\r` is written as `&#xD;` so a parser's line-end normalisation keeps it;
 * characters XML 1.0 forbids become U+FFFD, since no XML parser would accept them in any form.
 */
export function escapeXml(text: string): string {
  if (!NEEDS_WORK.test(text)) return text;
  return text.replace(ILLEGAL, "\uFFFD").replace(/[&<>"'\r]/g, (c) => ENTITIES[c] as string);
}

const NAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

/** Accumulates elements; names are checked, text is escaped. */
export class XmlWriter {
  private readonly parts: string[] = [];

  private static checkName(name: string): string {
    if (!NAME.test(name)) throw new Error(`not an XML element name: ${JSON.stringify(name)}`);
    return name;
  }

  open(name: string, attributes: Record<string, string> = {}): this {
    let tag = `<${XmlWriter.checkName(name)}`;
    for (const [key, value] of Object.entries(attributes)) tag += ` ${XmlWriter.checkName(key)}="${escapeXml(value)}"`;
    this.parts.push(`${tag}>`);
    return this;
  }

  close(name: string): this {
    this.parts.push(`</${name}>`);
    return this;
  }

  /** `<name>text</name>`; an empty string gives `<name></name>`, which parsers read as "". */
  text(name: string, text: string): this {
    this.parts.push(`<${XmlWriter.checkName(name)}>${escapeXml(text)}</${name}>`);
    return this;
  }

  empty(name: string): this {
    this.parts.push(`<${XmlWriter.checkName(name)}/>`);
    return this;
  }

  raw(xml: string): this {
    this.parts.push(xml);
    return this;
  }

  toString(): string {
    return this.parts.join("");
  }
}

/** Timestamps as AWS writes them in XML: ISO 8601 with milliseconds, UTC. */
export function formatTimestamp(date: Date): string {
  return date.toISOString();
}

function scalarText(value: string | number | bigint | boolean | Date | Uint8Array): string {
  if (typeof value === "string") return value;
  if (typeof value === "boolean") return value ? "true" : "false";
  if (value instanceof Date) return formatTimestamp(value);
  if (value instanceof Uint8Array) return Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString("base64");
  return String(value);
}

/** Writes `name` holding `value`; lists use `itemName` (`member` or `item`) for their elements. */
function writeValue(w: XmlWriter, name: string, value: XmlValue, itemName: string): void {
  if (value === undefined || value === null) return;
  if (Array.isArray(value)) {
    if (value.length === 0) {
      // `<Users/>`: both SDKs read an empty list from an empty element.
      w.empty(name);
      return;
    }
    w.open(name);
    for (const item of value as readonly XmlValue[]) {
      if (item === undefined || item === null) continue;
      writeValue(w, itemName, item, itemName);
    }
    w.close(name);
    return;
  }
  if (value instanceof Map) {
    w.open(name);
    for (const [key, item] of value as ReadonlyMap<string, XmlValue>) {
      w.open("entry").text("key", key);
      writeValue(w, "value", item, itemName);
      w.close("entry");
    }
    w.close(name);
    return;
  }
  if (typeof value === "object" && !(value instanceof Date) && !(value instanceof Uint8Array)) {
    w.open(name);
    writeMembers(w, value as { readonly [name: string]: XmlValue }, itemName);
    w.close(name);
    return;
  }
  w.text(name, scalarText(value as string | number | bigint | boolean | Date | Uint8Array));
}

function writeMembers(w: XmlWriter, members: { readonly [name: string]: XmlValue }, itemName: string): void {
  for (const [key, value] of Object.entries(members)) writeValue(w, key, value, itemName);
}

function asMembers(result: unknown, action: string): { readonly [name: string]: XmlValue } | undefined {
  if (result === undefined || result === null) return undefined;
  if (typeof result !== "object" || Array.isArray(result) || result instanceof Date || result instanceof Map) {
    throw new Error(`${action} returned a ${Array.isArray(result) ? "list" : typeof result}; an XML result must be a structure`);
  }
  return result as { readonly [name: string]: XmlValue };
}

function xmlResponse(status: number, body: string, requestId: string, contentType = "text/xml"): XmlResponse {
  return { status, headers: { "content-type": contentType, "x-amzn-requestid": requestId }, body };
}

/**
 * `<ActionResponse xmlns><ActionResult>...</ActionResult><ResponseMetadata><RequestId>` (IAM, STS).
 * An operation without output (`undefined`) gets no Result element, as IAM's DeleteRole answers;
 * any object, even `{}`, gets one, because botocore looks the Result wrapper up by name.
 */
export function encodeQueryResponse(action: string, xmlns: string, result: unknown, requestId: string): XmlResponse {
  const members = asMembers(result, action);
  const w = new XmlWriter().open(`${action}Response`, xmlns ? { xmlns } : {});
  if (members !== undefined) {
    w.open(`${action}Result`);
    writeMembers(w, members, "member");
    w.close(`${action}Result`);
  }
  w.open("ResponseMetadata").text("RequestId", requestId).close("ResponseMetadata").close(`${action}Response`);
  return xmlResponse(200, w.toString(), requestId);
}

/**
 * What the EC2 encoder reads of the generated model (validation/ec2-model.ts, structurally): each
 * operation's output shape, null when the model gives none, and each output structure's element names.
 */
export interface Ec2OutputModel {
  operations: Readonly<Record<string, { output?: string | null }>>;
  shapes: Readonly<Record<string, { type: string; members?: Record<string, string>; member?: string; xml?: Record<string, string> }>>;
}

/** Writes `value` of the model's shape `shapeName` in element `name`, members renamed to their XML names. */
function writeEc2Value(w: XmlWriter, name: string, value: XmlValue, shapeName: string | undefined, model: Ec2OutputModel): void {
  if (value === undefined || value === null) return;
  const shape = shapeName === undefined ? undefined : model.shapes[shapeName];
  if (Array.isArray(value)) {
    if (value.length === 0) {
      w.empty(name);
      return;
    }
    w.open(name);
    for (const item of value as readonly XmlValue[]) writeEc2Value(w, "item", item, shape?.member, model);
    w.close(name);
    return;
  }
  if (typeof value === "object" && !(value instanceof Date) && !(value instanceof Uint8Array) && !(value instanceof Map)) {
    w.open(name);
    writeEc2Members(w, value as { readonly [name: string]: XmlValue }, shapeName, model);
    w.close(name);
    return;
  }
  writeValue(w, name, value, "item");
}

function writeEc2Members(w: XmlWriter, members: { readonly [name: string]: XmlValue }, shapeName: string | undefined, model: Ec2OutputModel): void {
  const shape = shapeName === undefined ? undefined : model.shapes[shapeName];
  for (const [key, value] of Object.entries(members)) {
    const member = shape?.members?.[key];
    // The handlers' types come from the same model, so a member it does not name is a flowwatch bug.
    if (member === undefined || shape?.xml?.[key] === undefined) throw new Error(`${shapeName ?? "an EC2 output"} has no member ${key}`);
    writeEc2Value(w, shape.xml[key], value, member, model);
  }
}

/**
 * `<ActionResponse xmlns><requestId/>...members...</ActionResponse>` (EC2), lists as `<item>`.
 * The output comes under the model's member names (`Vpcs`, `Tags`) and is written under EC2's element
 * names, the members' locationNames (`vpcSet`, `tagSet`), which botocore's EC2 parser reads. An operation
 * the model gives no output answers `<return>true</return>`, as EC2 does (DeleteVpc, CreateTags).
 */
export function encodeEc2Response(action: string, xmlns: string, result: unknown, requestId: string, model: Ec2OutputModel): XmlResponse {
  const members = asMembers(result, action);
  const w = new XmlWriter().raw(XML_DECLARATION).open(`${action}Response`, { xmlns: xmlns || EC2_XMLNS });
  w.text("requestId", requestId);
  const output = model.operations[action]?.output;
  if (output === null) w.text("return", "true");
  else if (members !== undefined) writeEc2Members(w, members, output, model);
  w.close(`${action}Response`);
  return xmlResponse(200, w.toString(), requestId, "text/xml;charset=UTF-8");
}

/**
 * `<ErrorResponse xmlns><Error><Type>Sender</Type><Code/><Message/></Error><RequestId/></ErrorResponse>`,
 * as STS answers (amzn/selling-partner-api-docs#3081) and IAM (cfn-sphere/cfn-sphere#55).
 */
export function encodeQueryError(error: AwsError, requestId: string, xmlns?: string): XmlResponse {
  const w = new XmlWriter().open("ErrorResponse", xmlns ? { xmlns } : {});
  w.open("Error")
    .text("Type", error.sender ? "Sender" : "Receiver")
    .text("Code", error.code)
    .text("Message", error.message)
    .close("Error");
  w.text("RequestId", requestId).close("ErrorResponse");
  return xmlResponse(error.status, w.toString(), requestId);
}

/**
 * `<Response><Errors><Error><Code/><Message/></Error></Errors><RequestID/></Response>`: EC2's shape,
 * with `RequestID` spelled so (aws/aws-sdk-java-v2#2981; botocore's EC2QueryParser reads it so).
 */
export function encodeEc2Error(error: AwsError, requestId: string): XmlResponse {
  const w = new XmlWriter().raw(XML_DECLARATION).open("Response").open("Errors");
  w.open("Error").text("Code", error.code).text("Message", error.message).close("Error");
  w.close("Errors").text("RequestID", requestId).close("Response");
  return xmlResponse(error.status, w.toString(), requestId, "text/xml;charset=UTF-8");
}
