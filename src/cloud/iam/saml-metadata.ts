/**
 * SAML 2.0 metadata documents as IAM reads them for a SAML provider: one IdP EntityDescriptor, its entityID
 * (the Issuer its assertions must carry), its signing certificates (X.509, from KeyDescriptors whose use is
 * `signing` or unstated) and validUntil. A DTD is refused outright: SAML forbids them, and they are the door
 * to entity-expansion attacks.
 */
import { X509Certificate } from "node:crypto";
import { createRequire } from "node:module";

/**
 * The slice of the W3C DOM the SAML code reads. Typed here rather than through @xmldom/xmldom's typings, which
 * pull the browser DOM lib into the whole program (and change fetch's types for every other file).
 */
export interface XmlNode {
  nodeType: number;
  parentNode: XmlNode | null;
  textContent: string | null;
  childNodes: ArrayLike<XmlNode>;
}
export interface XmlElement extends XmlNode {
  namespaceURI: string | null;
  localName: string;
  getAttribute(name: string): string | null;
  getElementsByTagNameNS(ns: string, local: string): ArrayLike<XmlElement>;
}
type ErrorHandler = { warning(): void; error(): void; fatalError(): void };
const { DOMParser } = createRequire(import.meta.url)("@xmldom/xmldom") as {
  DOMParser: new (options: { errorHandler: ErrorHandler }) => { parseFromString(text: string, type: string): { documentElement: XmlElement | null } };
};

export const MD = "urn:oasis:names:tc:SAML:2.0:metadata";
export const DS = "http://www.w3.org/2000/09/xmldsig#";

export interface SamlMetadata {
  entityId: string;
  /** PEM certificates that may sign the IdP's responses and assertions. */
  certificates: string[];
  /** The metadata's validUntil, if it gives one (epoch ms). */
  validUntil?: number;
}

/** An XML document parsed strictly: undefined for anything not well-formed, or with a DTD. */
export function parseXml(text: string): XmlElement | undefined {
  if (/<!DOCTYPE/i.test(text)) return undefined;
  let failed = false;
  const fail = () => {
    failed = true;
  };
  try {
    const doc = new DOMParser({ errorHandler: { warning: () => undefined, error: fail, fatalError: fail } }).parseFromString(text, "text/xml");
    const root = doc.documentElement;
    return failed || root === null ? undefined : root;
  } catch {
    return undefined;
  }
}

/** The element children of `parent` named `local` in namespace `ns`, at any depth. */
export const descendants = (parent: XmlElement, ns: string, local: string): XmlElement[] => Array.from(parent.getElementsByTagNameNS(ns, local));

/** Base64 certificate text (as in <ds:X509Certificate>) to PEM, or undefined when it is no certificate. */
export function certificatePem(base64: string): string | undefined {
  const body = base64.replace(/\s+/g, "");
  if (!/^[A-Za-z0-9+/]+=*$/.test(body)) return undefined;
  const pem = `-----BEGIN CERTIFICATE-----\n${body.match(/.{1,64}/g)?.join("\n") ?? ""}\n-----END CERTIFICATE-----\n`;
  try {
    new X509Certificate(pem);
    return pem;
  } catch {
    return undefined;
  }
}

/** The IdP's metadata, or undefined when IAM could not use it (not XML, no IdP, no signing certificate). */
export function readSamlMetadata(text: string): SamlMetadata | undefined {
  const root = parseXml(text);
  if (root === undefined) return undefined;
  const entity = root.namespaceURI === MD && root.localName === "EntityDescriptor" ? root : descendants(root, MD, "EntityDescriptor")[0];
  const entityId = entity?.getAttribute("entityID") ?? "";
  if (entity === undefined || entityId === "") return undefined;
  const idp = descendants(entity, MD, "IDPSSODescriptor")[0];
  if (idp === undefined) return undefined;
  const certificates: string[] = [];
  for (const kd of descendants(idp, MD, "KeyDescriptor")) {
    const use = kd.getAttribute("use");
    if (use !== null && use !== "" && use !== "signing") continue;
    for (const c of descendants(kd, DS, "X509Certificate")) {
      const pem = certificatePem(c.textContent ?? "");
      if (pem !== undefined) certificates.push(pem);
    }
  }
  if (certificates.length === 0) return undefined;
  const out: SamlMetadata = { entityId, certificates };
  const until = Date.parse(entity.getAttribute("validUntil") ?? "");
  if (!Number.isNaN(until)) out.validUntil = until;
  return out;
}
