/**
 * OpenID Connect ID tokens (JWTs, RFC 7519, compact JWS): read, and checked against the issuer's JSON Web Key
 * Set with node:crypto (RS256/384/512, PS256/384/512, ES256/384/512). `none` and HMAC algorithms are refused:
 * a token must be signed by a key only the provider holds.
 */
import { type JsonWebKey, type KeyObject, constants, createPublicKey, verify } from "node:crypto";

export interface IdToken {
  header: Record<string, unknown>;
  claims: Record<string, unknown>;
  /** `BASE64URL(header).BASE64URL(payload)`: what the signature covers. */
  signingInput: string;
  signature: Buffer;
}

const B64URL = /^[A-Za-z0-9_-]*$/;

function json(part: string): Record<string, unknown> | undefined {
  if (!B64URL.test(part)) return undefined;
  try {
    const value: unknown = JSON.parse(Buffer.from(part, "base64url").toString("utf8"));
    return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** The token's parts, or undefined when it is no compact JWS with JSON header and claims. */
export function readIdToken(token: string): IdToken | undefined {
  const parts = token.split(".");
  if (parts.length !== 3) return undefined;
  const [h, p, s] = parts as [string, string, string];
  const header = json(h);
  const claims = json(p);
  if (header === undefined || claims === undefined || !B64URL.test(s) || s === "") return undefined;
  return { header, claims, signingInput: `${h}.${p}`, signature: Buffer.from(s, "base64url") };
}

const ALGORITHMS: Record<string, { kty: string; hash: string; pss?: number; ec?: true }> = {
  RS256: { kty: "RSA", hash: "sha256" },
  RS384: { kty: "RSA", hash: "sha384" },
  RS512: { kty: "RSA", hash: "sha512" },
  PS256: { kty: "RSA", hash: "sha256", pss: 32 },
  PS384: { kty: "RSA", hash: "sha384", pss: 48 },
  PS512: { kty: "RSA", hash: "sha512", pss: 64 },
  ES256: { kty: "EC", hash: "sha256", ec: true },
  ES384: { kty: "EC", hash: "sha384", ec: true },
  ES512: { kty: "EC", hash: "sha512", ec: true },
};

/** The keys of a JWKS document that could have signed this token: its `kid` if it names one, of the algorithm's key type. */
function candidates(token: IdToken, jwks: unknown, kty: string, alg: string): KeyObject[] {
  const keys = (jwks as { keys?: unknown } | undefined)?.keys;
  if (!Array.isArray(keys)) return [];
  const kid = typeof token.header.kid === "string" ? token.header.kid : undefined;
  const out: KeyObject[] = [];
  for (const k of keys.slice(0, 100) as Record<string, unknown>[]) {
    if (typeof k !== "object" || k === null || k.kty !== kty) continue;
    if (kid !== undefined && k.kid !== kid) continue;
    if (k.use !== undefined && k.use !== "sig") continue;
    if (k.alg !== undefined && k.alg !== alg) continue;
    try {
      out.push(createPublicKey({ key: k as JsonWebKey, format: "jwk" }));
    } catch {
      // A key node:crypto cannot read signs nothing here.
    }
  }
  return out;
}

export type SignatureCheck = "valid" | "invalid" | "no-key" | "unsupported-algorithm";

/** Whether one of the set's keys signed the token with the algorithm its header names. */
export function checkSignature(token: IdToken, jwks: unknown): SignatureCheck {
  const alg = typeof token.header.alg === "string" ? token.header.alg : "";
  const spec = ALGORITHMS[alg];
  if (spec === undefined) return "unsupported-algorithm";
  const keys = candidates(token, jwks, spec.kty, alg);
  if (keys.length === 0) return "no-key";
  const data = Buffer.from(token.signingInput, "ascii");
  for (const key of keys) {
    const options = spec.ec
      ? { key, dsaEncoding: "ieee-p1363" as const }
      : spec.pss !== undefined
        ? { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: spec.pss }
        : key;
    try {
      if (verify(spec.hash, data, options, token.signature)) return "valid";
    } catch {
      // A signature of the wrong length for the key is simply not this key's.
    }
  }
  return "invalid";
}
