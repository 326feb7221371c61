/**
 * Reaching an OpenID Connect provider over HTTPS as IAM and STS do: the certificate is trusted when a public
 * CA vouches for it and its name, or when the SHA-1 thumbprint of the top certificate of the chain the server
 * presents is in the provider's ThumbprintList (IAM UG, "Obtain the thumbprint for an OpenID Connect identity
 * provider"); a self-signed certificate is its own top. Bounded in time and size: a slow or huge answer fails.
 * Every fetch is a new connection (no agent): a resumed TLS session shows no peer certificate to check.
 */
import { createHash, X509Certificate } from "node:crypto";
import type { IncomingMessage } from "node:http";
import { request } from "node:https";
import type { PeerCertificate, TLSSocket } from "node:tls";

/** Why a fetch failed: `unreachable` (no connection, a timeout, an HTTP error), `untrusted` (thumbprint), `invalid` (not JSON). */
export class OidcFetchError extends Error {
  constructor(
    readonly kind: "unreachable" | "untrusted" | "invalid",
    message: string,
  ) {
    super(message);
  }
}

const TIMEOUT_MS = 5_000;
/** Discovery documents and key sets are a few kilobytes; anything past this is not one. */
const MAX_BYTES = 256 * 1024;

/** The SHA-1 thumbprint (lower-case hex) of a DER certificate, as IAM lists them. */
export const thumbprintOf = (der: Buffer): string => createHash("sha1").update(der).digest("hex");

/** The last certificate of the chain the server sent: the top intermediate CA, or a self-signed certificate itself. */
function topOfChain(socket: TLSSocket): PeerCertificate | undefined {
  let cert = socket.getPeerCertificate(true);
  if (cert === undefined || Object.keys(cert).length === 0) return undefined;
  // A bounded walk: issuerCertificate of a self-signed certificate is itself.
  for (let i = 0; i < 16 && cert.issuerCertificate !== undefined && cert.issuerCertificate !== cert && cert.issuerCertificate.raw !== undefined; i++) {
    if (cert.issuerCertificate.fingerprint256 === cert.fingerprint256) break;
    cert = cert.issuerCertificate;
  }
  return cert;
}

/**
 * GET `url` (https only) and parse the body as JSON. `thumbprints` (hex) may vouch for a certificate no public
 * CA signed. Redirects are not followed.
 */
export function fetchOidcJson(url: string, thumbprints: readonly string[]): Promise<unknown> {
  return new Promise((resolve, reject) => {
    let target: URL;
    try {
      target = new URL(url);
    } catch {
      reject(new OidcFetchError("invalid", `not a URL: ${url}`));
      return;
    }
    if (target.protocol !== "https:") {
      reject(new OidcFetchError("invalid", `not an https URL: ${url}`));
      return;
    }
    const wanted = new Set(thumbprints.map((t) => t.toLowerCase()));
    const req = request(
      target,
      { method: "GET", agent: false, rejectUnauthorized: false, timeout: TIMEOUT_MS, headers: { accept: "application/json" } },
      (res: IncomingMessage) => {
        const socket = res.socket as TLSSocket;
        const top = topOfChain(socket);
        const byThumbprint = top?.raw !== undefined && wanted.has(thumbprintOf(top.raw));
        if (!socket.authorized && !byThumbprint) {
          res.destroy();
          reject(new OidcFetchError("untrusted", `the certificate of ${target.host} is neither publicly trusted nor in the thumbprint list`));
          return;
        }
        if ((res.statusCode ?? 0) < 200 || (res.statusCode ?? 0) >= 300) {
          res.destroy();
          reject(new OidcFetchError("unreachable", `${url} answered HTTP ${res.statusCode}`));
          return;
        }
        const chunks: Buffer[] = [];
        let size = 0;
        res.on("data", (chunk: Buffer) => {
          size += chunk.length;
          if (size > MAX_BYTES) {
            res.destroy();
            reject(new OidcFetchError("invalid", `${url} answered more than ${MAX_BYTES} bytes`));
            return;
          }
          chunks.push(chunk);
        });
        res.on("end", () => {
          try {
            resolve(JSON.parse(Buffer.concat(chunks).toString("utf8")));
          } catch {
            reject(new OidcFetchError("invalid", `${url} did not answer JSON`));
          }
        });
        res.on("error", (e: Error) => reject(new OidcFetchError("unreachable", e.message)));
      },
    );
    req.on("timeout", () => req.destroy(new Error(`no answer from ${target.host} within ${TIMEOUT_MS} ms`)));
    req.on("error", (e) => reject(e instanceof OidcFetchError ? e : new OidcFetchError("unreachable", e.message)));
    req.end();
  });
}

/** The thumbprint CreateOpenIDConnectProvider records when it is given none: the top of the chain the host presents. */
export function fetchThumbprint(url: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const target = new URL(url);
    const req = request(target, { method: "HEAD", agent: false, rejectUnauthorized: false, timeout: TIMEOUT_MS }, (res) => {
      const top = topOfChain(res.socket as TLSSocket);
      res.destroy();
      if (top?.raw === undefined) reject(new OidcFetchError("unreachable", `${target.host} presented no certificate`));
      else resolve(thumbprintOf(new X509Certificate(top.raw).raw));
    });
    req.on("timeout", () => req.destroy(new Error(`no answer from ${target.host} within ${TIMEOUT_MS} ms`)));
    req.on("error", (e) => reject(new OidcFetchError("unreachable", e.message)));
    req.end();
  });
}
