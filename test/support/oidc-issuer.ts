/**
 * For tests: an OpenID Connect issuer on loopback HTTPS with a self-signed certificate made here by openssl
 * (its SHA-1 thumbprint is what IAM's ThumbprintList names), publishing a discovery document and a JWKS of an
 * RSA and an EC key, and signing ID tokens with either.
 */
import { execFileSync } from "node:child_process";
import { type KeyObject, X509Certificate, createHash, generateKeyPairSync, sign } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { type Server, createServer } from "node:https";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface OidcIssuer {
  /** `https://127.0.0.1:PORT`: the `iss` of its tokens. */
  url: string;
  /** `127.0.0.1:PORT`: how IAM keys the provider and names its condition keys. */
  host: string;
  /** The SHA-1 of its certificate, lower-case hex. */
  thumbprint: string;
  /** Discovery and JWKS requests served so far. */
  requests: string[];
  /** A signed ID token; `alg` RS256 (default) or ES256; claims default to a current token for `sts.amazonaws.com`. */
  token(claims?: Record<string, unknown>, options?: { alg?: "RS256" | "ES256"; kid?: string; key?: "other" }): string;
  close(): Promise<void>;
}

export async function startOidcIssuer(): Promise<OidcIssuer> {
  const dir = mkdtempSync(join(tmpdir(), "fw-oidc-"));
  try {
    execFileSync(
      "openssl",
      [
        "req",
        "-x509",
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:P-256",
        "-nodes",
        "-days",
        "1",
        "-subj",
        "/CN=127.0.0.1",
        "-addext",
        "subjectAltName=IP:127.0.0.1",
        "-keyout",
        join(dir, "key.pem"),
        "-out",
        join(dir, "cert.pem"),
      ],
      { stdio: "ignore" },
    );
    const key = readFileSync(join(dir, "key.pem"));
    const cert = readFileSync(join(dir, "cert.pem"));
    const thumbprint = createHash("sha1").update(new X509Certificate(cert).raw).digest("hex");
    const rsa = generateKeyPairSync("rsa", { modulusLength: 2048 });
    const ec = generateKeyPairSync("ec", { namedCurve: "P-256" });
    const other = generateKeyPairSync("rsa", { modulusLength: 2048 });
    const jwk = (k: KeyObject, kid: string, alg: string) => ({ ...k.export({ format: "jwk" }), kid, alg, use: "sig" });
    const jwks = { keys: [jwk(rsa.publicKey, "rsa-1", "RS256"), jwk(ec.publicKey, "ec-1", "ES256")] };
    const requests: string[] = [];
    let url = "";
    const server: Server = createServer({ key, cert }, (req, res) => {
      requests.push(req.url ?? "");
      res.setHeader("content-type", "application/json");
      if (req.url === "/.well-known/openid-configuration")
        res.end(JSON.stringify({ issuer: url, jwks_uri: `${url}/keys`, id_token_signing_alg_values_supported: ["RS256", "ES256"] }));
      else if (req.url === "/keys") res.end(JSON.stringify(jwks));
      else {
        res.statusCode = 404;
        res.end("{}");
      }
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
    url = `https://${host}`;
    const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString("base64url");
    return {
      url,
      host,
      thumbprint,
      requests,
      token(claims = {}, options = {}) {
        const alg = options.alg ?? "RS256";
        const now = Math.floor(Date.now() / 1000);
        const header = { alg, typ: "JWT", kid: options.kid ?? (alg === "RS256" ? "rsa-1" : "ec-1") };
        const body = { iss: url, aud: "sts.amazonaws.com", sub: "repo:org/app:ref:refs/heads/main", iat: now, nbf: now, exp: now + 300, ...claims };
        const input = `${b64(header)}.${b64(body)}`;
        const signer = options.key === "other" ? other.privateKey : alg === "RS256" ? rsa.privateKey : ec.privateKey;
        const signature =
          alg === "RS256" ? sign("sha256", Buffer.from(input), signer) : sign("sha256", Buffer.from(input), { key: signer, dsaEncoding: "ieee-p1363" });
        return `${input}.${signature.toString("base64url")}`;
      },
      close: () => new Promise<void>((resolve) => server.close(() => resolve())),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
