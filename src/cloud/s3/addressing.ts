/**
 * Which requests are S3's, and the bucket and key they name: virtual-hosted (`BUCKET.s3.localhost[:port]`,
 * `BUCKET.s3.REGION.localhost`), or path-style (`/BUCKET/KEY`) on any served host when the request is signed
 * for `s3`, sent to `s3.localhost`, or unsigned and naming an existing bucket (endpoint.ts's `claims`). `*.localhost` names resolve to loopback only (RFC 6761), so accepting
 * them does not open the server to DNS rebinding.
 */

export interface S3Address {
  bucket?: string;
  /** The object key, percent-decoded. */
  key?: string;
  /** The Host the request would have had path-style (`localhost:4566`): what the Host guard checks. */
  servedHost: string;
  virtualHosted: boolean;
}

const VIRTUAL = /^(?:(.+)\.)?s3(?:\.([a-z0-9-]+))?\.localhost(:\d+)?$/;

/** `BUCKET.s3.localhost:4566` -> bucket and the plain host; undefined for a Host that is not an S3 name. */
export function s3Host(host: string | undefined): { bucket?: string; servedHost: string } | undefined {
  if (host === undefined) return undefined;
  const m = VIRTUAL.exec(host.toLowerCase());
  if (m === null) return undefined;
  const [, bucket, , port] = m;
  return { ...(bucket === undefined ? {} : { bucket }), servedHost: `localhost${port ?? ""}` };
}

/** True when the SigV4 credential (header or presigned query) is scoped to `s3`. */
export function signedForS3(authorization: string | undefined, query: string): boolean {
  if (authorization !== undefined && /Credential=[^,]*\/s3\/aws4_request/.test(authorization)) return true;
  return /(?:^|&)X-Amz-Credential=[^&]*(?:%2F|\/)s3(?:%2F|\/)aws4_request/i.test(query);
}

/** Percent-decoding of one path part; a malformed escape is kept as sent (S3 would refuse the signature). */
function decodePath(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}

/** The bucket and key of an S3 request. */
export function s3Address(host: string | undefined, rawPath: string): S3Address {
  const virtual = s3Host(host);
  const path = rawPath.startsWith("/") ? rawPath.slice(1) : rawPath;
  if (virtual?.bucket !== undefined) {
    const address: S3Address = { bucket: virtual.bucket, servedHost: virtual.servedHost, virtualHosted: true };
    if (path !== "") address.key = decodePath(path);
    return address;
  }
  const servedHost = virtual?.servedHost ?? host ?? "";
  if (path === "") return { servedHost, virtualHosted: false };
  const slash = path.indexOf("/");
  if (slash < 0) return { bucket: decodePath(path), servedHost, virtualHosted: false };
  const key = path.slice(slash + 1);
  const address: S3Address = { bucket: decodePath(path.slice(0, slash)), servedHost, virtualHosted: false };
  if (key !== "") address.key = decodePath(key);
  return address;
}
