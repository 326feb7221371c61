/**
 * For tests: a SAML 2.0 identity provider in memory. Its RSA key and self-signed certificate are made here by
 * openssl; it publishes a metadata document naming that certificate and issues responses whose Assertion is
 * signed with xml-crypto (RSA-SHA256, exclusive C14N, enveloped), as IdPs send them to AWS.
 */
import { execFileSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SignedXml } from "xml-crypto";

export interface SamlIdp {
  entityId: string;
  metadata: string;
  /** A base64 SAMLResponse; `roles` are the Role attribute's values ("roleArn,providerArn"). */
  response(options: ResponseOptions): string;
}

export interface ResponseOptions {
  roles: string[];
  sessionName?: string;
  subject?: string;
  audience?: string;
  issuer?: string;
  /** Seconds from now the assertion stays valid (negative: already expired). */
  validFor?: number;
  /** Signed by another key than the metadata's. */
  foreignKey?: boolean;
  /** Applied to the signed XML before it is encoded (tampering, wrapping). */
  after?: (xml: string) => string;
  status?: string;
}

const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");

function keyPair(): { key: string; cert: string } {
  const dir = mkdtempSync(join(tmpdir(), "fw-saml-"));
  try {
    execFileSync(
      "openssl",
      [
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-days",
        "1",
        "-subj",
        "/CN=flowwatch-test-idp",
        "-keyout",
        join(dir, "k.pem"),
        "-out",
        join(dir, "c.pem"),
      ],
      { stdio: "ignore" },
    );
    return { key: readFileSync(join(dir, "k.pem"), "utf8"), cert: readFileSync(join(dir, "c.pem"), "utf8") };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const certBody = (pem: string) => pem.replace(/-----[^-]+-----/g, "").replace(/\s+/g, "");

export function makeSamlIdp(entityId = "https://idp.example.com/saml"): SamlIdp {
  const own = keyPair();
  const other = keyPair();
  const metadata = `<?xml version="1.0"?>
<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" xmlns:ds="http://www.w3.org/2000/09/xmldsig#" entityID="${entityId}" validUntil="2030-01-01T00:00:00Z">
  <md:IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">
    <md:KeyDescriptor use="signing"><ds:KeyInfo><ds:X509Data><ds:X509Certificate>${certBody(own.cert)}</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>
    <md:NameIDFormat>urn:oasis:names:tc:SAML:2.0:nameid-format:persistent</md:NameIDFormat>
    <md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="https://idp.example.com/sso"/>
  </md:IDPSSODescriptor>
</md:EntityDescriptor>`;
  return {
    entityId,
    metadata,
    response(o) {
      const now = Date.now();
      const end = now + (o.validFor ?? 300) * 1000;
      const audience = o.audience ?? "https://signin.aws.amazon.com/saml";
      const attr = (name: string, values: string[]) =>
        `<saml:Attribute Name="${name}">${values.map((v) => `<saml:AttributeValue>${v}</saml:AttributeValue>`).join("")}</saml:Attribute>`;
      const xml = `<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="_${randomUUID()}" Version="2.0" IssueInstant="${iso(now)}" Destination="${audience}"><saml:Issuer>${o.issuer ?? entityId}</saml:Issuer><samlp:Status><samlp:StatusCode Value="${o.status ?? "urn:oasis:names:tc:SAML:2.0:status:Success"}"/></samlp:Status><saml:Assertion ID="_${randomUUID()}" Version="2.0" IssueInstant="${iso(now)}"><saml:Issuer>${o.issuer ?? entityId}</saml:Issuer><saml:Subject><saml:NameID Format="urn:oasis:names:tc:SAML:2.0:nameid-format:persistent">${o.subject ?? "alice@example.com"}</saml:NameID><saml:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer"><saml:SubjectConfirmationData NotOnOrAfter="${iso(end)}" Recipient="${audience}"/></saml:SubjectConfirmation></saml:Subject><saml:Conditions NotBefore="${iso(now - 60_000)}" NotOnOrAfter="${iso(end)}"><saml:AudienceRestriction><saml:Audience>${audience}</saml:Audience></saml:AudienceRestriction></saml:Conditions><saml:AttributeStatement>${attr("https://aws.amazon.com/SAML/Attributes/Role", o.roles)}${attr("https://aws.amazon.com/SAML/Attributes/RoleSessionName", [o.sessionName ?? "alice"])}</saml:AttributeStatement></saml:Assertion></samlp:Response>`;
      const keys = o.foreignKey ? other : own;
      const sig = new SignedXml({
        privateKey: keys.key,
        publicCert: keys.cert,
        signatureAlgorithm: "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256",
        canonicalizationAlgorithm: "http://www.w3.org/2001/10/xml-exc-c14n#",
      });
      sig.addReference({
        xpath: "/*[local-name(.)='Response']/*[local-name(.)='Assertion']",
        digestAlgorithm: "http://www.w3.org/2001/04/xmlenc#sha256",
        transforms: ["http://www.w3.org/2000/09/xmldsig#enveloped-signature", "http://www.w3.org/2001/10/xml-exc-c14n#"],
      });
      sig.computeSignature(xml, {
        location: { reference: "/*[local-name(.)='Response']/*[local-name(.)='Assertion']/*[local-name(.)='Issuer']", action: "after" },
      });
      const signed = sig.getSignedXml();
      return Buffer.from(o.after === undefined ? signed : o.after(signed)).toString("base64");
    },
  };
}
