/** The shape of a REST-XML service's HTTP bindings, as scripts/generate-rest-xml-bindings.ts writes them from the model. */

export type RestXmlLocation = "uri" | "querystring" | "header" | "headers" | "statusCode";

export interface RestXmlMember {
  shape: string;
  /** Where the member travels; absent: in the XML body (or it is the payload member). */
  location?: RestXmlLocation;
  /** The header, query parameter, URI label or XML element name when it is not the member's name. */
  name?: string;
  /** Written as an attribute of the parent element (Grantee's `xsi:type`). */
  attribute?: boolean;
  flattened?: boolean;
}

export interface RestXmlShape {
  type: string;
  members?: Record<string, RestXmlMember>;
  member?: { shape: string; name?: string };
  key?: { shape: string; name?: string };
  value?: { shape: string; name?: string };
  /** The member that is the whole body (a structure written as XML, or a blob or string as is). */
  payload?: string;
  flattened?: boolean;
  /** The element name the shape takes when it is the payload. */
  name?: string;
  /** Timestamps: `iso8601`, `rfc822` or `unixTimestamp` when the model says (headers default to rfc822, XML to iso8601). */
  timestampFormat?: string;
  /** The values an enum string may take. */
  enum?: string[];
}

export interface RestXmlBindings {
  operations: Record<string, { method: string; uri: string; input: string | null; output: string | null }>;
  shapes: Record<string, RestXmlShape>;
}
