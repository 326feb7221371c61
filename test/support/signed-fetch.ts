/**
 * For wire tests that hand-write a request body: the request signed with the `test` key by the SDK's own
 * signer, as every AWS client sends it (the local cloud refuses unsigned form and text/plain bodies).
 */
import { Hash } from "@smithy/hash-node";
import { HttpRequest } from "@smithy/protocol-http";
import { SignatureV4 } from "@smithy/signature-v4";

/** POST `body` to `endpoint + path`, signed for `service` (`iam`, `ec2`, `monitoring`, `logs`). */
export async function signedPost(endpoint: string, path: string, headers: Record<string, string>, body: string | Buffer, service: string): Promise<Response> {
  const url = new URL(path, endpoint);
  const signer = new SignatureV4({
    service,
    region: "us-east-1",
    credentials: { accessKeyId: "test", secretAccessKey: "test" },
    sha256: Hash.bind(null, "sha256"),
  });
  const query: Record<string, string> = {};
  for (const [key, value] of url.searchParams) query[key] = value;
  const request = new HttpRequest({
    method: "POST",
    protocol: "http:",
    hostname: url.hostname,
    port: Number(url.port),
    path: url.pathname,
    query,
    headers: { ...headers, host: url.host },
    body,
  });
  const signed = await signer.sign(request);
  const { host: _host, ...sent } = signed.headers;
  return fetch(url, { method: "POST", headers: sent, body });
}
