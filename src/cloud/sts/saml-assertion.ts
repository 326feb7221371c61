/**
 * SAML 2.0 responses as AssumeRoleWithSAML reads them: base64 XML, an XML-DSig signature (xml-crypto) by one
 * of the provider's metadata certificates over the Response or the Assertion, and only what that signature
 * covers is read afterwards (the signed references, re-parsed), so a second, unsigned assertion smuggled in
 * beside the signed one (signature wrapping) is never the one used.
 */
import { createRequire } from "node:module";
import { descendants, parseXml, type XmlElement, type XmlNode } from "../iam/index.js";

/** xml-crypto's verifier, typed here: its own typings need the browser DOM lib (see iam/saml-metadata.ts). */
const { SignedXml } = createRequire(import.meta.url)("xml-crypto") as {
  SignedXml: new (options: {
    publicCert: string;
    getCertFromKeyInfo: () => null;
  }) => {
    loadSignature(node: XmlNode): void;
    checkSignature(xml: string): boolean;
    getSignedReferences(): string[];
  };
};

const SAML = "urn:oasis:names:tc:SAML:2.0:assertion";
const SAMLP = "urn:oasis:names:tc:SAML:2.0:protocol";
const DS = "http://www.w3.org/2000/09/xmldsig#";
const SUCCESS = "urn:oasis:names:tc:SAML:2.0:status:Success";

export interface SamlAssertion {
  issuer: string;
  subject: string;
  /** NameID's Format, or undefined. */
  subjectFormat?: string;
  /** Audience values of the AudienceRestriction. */
  audiences: string[];
  /** SubjectConfirmationData's Recipient. */
  recipient?: string;
  notBefore?: number;
  /** The earliest of Conditions' and SubjectConfirmationData's NotOnOrAfter. */
  notOnOrAfter?: number;
  /** Attribute name -> values. */
  attributes: Map<string, string[]>;
  /** The Response's status, when the assertion came in a Response. */
  status?: string;
}

export type SamlReading = { ok: true; assertion: SamlAssertion } | { ok: false; why: "malformed" | "unsigned" | "failed-status" };

const isSaml = (e: XmlElement | null | undefined, ns: string, local: string): e is XmlElement =>
  e !== null && e !== undefined && e.namespaceURI === ns && e.localName === local;
const childElements = (e: XmlElement): XmlElement[] => Array.from(e.childNodes).filter((n): n is XmlElement => n.nodeType === 1);
const text = (e: XmlElement | undefined): string | undefined => (e === undefined ? undefined : (e.textContent ?? "").trim());
const time = (value: string | null): number | undefined => {
  if (value === null || value === "") return undefined;
  const t = Date.parse(value);
  return Number.isNaN(t) ? undefined : t;
};

/** The element a verified signature covers, re-parsed from the canonical XML it was checked over. */
function signedElement(xml: string, root: XmlElement, certificates: readonly string[]): XmlElement | undefined {
  const signatures = descendants(root, DS, "Signature").filter(
    (s) => isSaml(s.parentNode as XmlElement, SAML, "Assertion") || isSaml(s.parentNode as XmlElement, SAMLP, "Response"),
  );
  for (const node of signatures.slice(0, 4)) {
    for (const cert of certificates) {
      // Only the provider's certificates are trusted, never one the document carries in its KeyInfo.
      const sig = new SignedXml({ publicCert: cert, getCertFromKeyInfo: () => null });
      try {
        sig.loadSignature(node);
        if (!sig.checkSignature(xml)) continue;
      } catch {
        continue;
      }
      const refs = sig.getSignedReferences();
      if (refs.length !== 1) continue;
      const signed = parseXml(refs[0] as string);
      const parent = node.parentNode as XmlElement;
      // The reference must be the very element the signature sits in (enveloped), not another one by Id.
      if (
        signed !== undefined &&
        signed.localName === parent.localName &&
        signed.namespaceURI === parent.namespaceURI &&
        (signed.getAttribute("ID") ?? "") === (parent.getAttribute("ID") ?? "")
      )
        return signed;
    }
  }
  return undefined;
}

/** Reads and verifies a base64 SAMLResponse (or bare Assertion) with the provider's signing certificates. */
export function readSamlAssertion(base64: string, certificates: readonly string[]): SamlReading {
  const compact = base64.replace(/\s+/g, "");
  if (!/^[A-Za-z0-9+/]+=*$/.test(compact)) return { ok: false, why: "malformed" };
  const xml = Buffer.from(compact, "base64").toString("utf8");
  const root = parseXml(xml);
  if (root === undefined || !(isSaml(root, SAMLP, "Response") || isSaml(root, SAML, "Assertion"))) return { ok: false, why: "malformed" };
  const signed = signedElement(xml, root, certificates);
  if (signed === undefined) return { ok: false, why: "unsigned" };

  let assertion: XmlElement | undefined;
  let status: string | undefined;
  if (isSaml(signed, SAML, "Assertion")) {
    assertion = signed;
    // A signed assertion inside an unsigned Response: the Response's status is still the IdP's answer.
    if (isSaml(root, SAMLP, "Response")) status = descendants(root, SAMLP, "StatusCode")[0]?.getAttribute("Value") ?? undefined;
  } else {
    const assertions = childElements(signed).filter((e) => isSaml(e, SAML, "Assertion"));
    if (assertions.length !== 1) return { ok: false, why: "malformed" };
    assertion = assertions[0];
    status = descendants(signed, SAMLP, "StatusCode")[0]?.getAttribute("Value") ?? undefined;
  }
  if (status !== undefined && status !== SUCCESS) return { ok: false, why: "failed-status" };
  if (assertion === undefined) return { ok: false, why: "malformed" };

  const issuer = text(childElements(assertion).find((e) => isSaml(e, SAML, "Issuer")));
  const nameId = descendants(assertion, SAML, "NameID")[0];
  if (issuer === undefined || issuer === "" || nameId === undefined) return { ok: false, why: "malformed" };
  const conditions = descendants(assertion, SAML, "Conditions")[0];
  const confirmation = descendants(assertion, SAML, "SubjectConfirmationData")[0];
  const ends = [time(conditions?.getAttribute("NotOnOrAfter") ?? null), time(confirmation?.getAttribute("NotOnOrAfter") ?? null)].filter(
    (t): t is number => t !== undefined,
  );
  const attributes = new Map<string, string[]>();
  for (const a of descendants(assertion, SAML, "Attribute")) {
    const name = a.getAttribute("Name") ?? "";
    attributes.set(name, [...(attributes.get(name) ?? []), ...descendants(a, SAML, "AttributeValue").map((v) => (v.textContent ?? "").trim())]);
  }
  const out: SamlAssertion = {
    issuer,
    subject: (nameId.textContent ?? "").trim(),
    audiences: conditions === undefined ? [] : descendants(conditions, SAML, "Audience").map((a) => (a.textContent ?? "").trim()),
    attributes,
  };
  const format = nameId.getAttribute("Format");
  if (format !== null && format !== "") out.subjectFormat = format;
  const recipient = confirmation?.getAttribute("Recipient");
  if (recipient !== null && recipient !== undefined && recipient !== "") out.recipient = recipient;
  const notBefore = time(conditions?.getAttribute("NotBefore") ?? null);
  if (notBefore !== undefined) out.notBefore = notBefore;
  if (ends.length > 0) out.notOnOrAfter = Math.min(...ends);
  if (status !== undefined) out.status = status;
  return { ok: true, assertion: out };
}
