/**
 * The Host values a local HTTP server answers to, and whether a request's Host or Origin is one of them: the
 * defence against DNS rebinding and cross-origin calls shared by the local cloud and `flowwatch dashboard`.
 */
import { networkInterfaces } from "node:os";

/** `host:port` as a Host header writes it: IPv6 in brackets, the port left out when it is 80. */
export function hostPort(host: string, port: number): string {
  const name = host.includes(":") ? `[${host}]` : host;
  return port === 80 ? name : `${name}:${port}`;
}

const WILDCARD = new Set(["0.0.0.0", "::", ""]);

/**
 * The Host values a server bound to `bound` answers to: its address, the loopback names, and `extra` names (`name`
 * for the server's port, or `name:port` as a proxy in front sends it). A wildcard bind adds every local address.
 */
export function servedHosts(bound: { address: string; port: number }, extra: readonly string[] = []): string[] {
  const addresses = new Set(["127.0.0.1", "localhost", "::1"]);
  if (WILDCARD.has(bound.address)) {
    for (const list of Object.values(networkInterfaces())) for (const one of list ?? []) addresses.add(one.address.replace(/%.*$/, ""));
  } else addresses.add(bound.address);
  const hosts = [...addresses].map((address) => hostPort(address, bound.port).toLowerCase());
  for (const name of extra) hosts.push((/:\d+$/.test(name) && !name.endsWith("]") ? name : hostPort(name, bound.port)).toLowerCase());
  return [...new Set(hosts)];
}

/** True when the Host header names this server; a request without one (HTTP/1.0) is not served either. */
export function hostIsServed(host: string | undefined, served: readonly string[]): boolean {
  return host !== undefined && served.includes(host.toLowerCase());
}

/** True when an `Origin` header (`http://host:port`) is a page of this server; `null` and other schemes are not. */
export function originIsServed(origin: string, served: readonly string[]): boolean {
  const own = /^https?:\/\/([^/]+)$/i.exec(origin)?.[1]?.toLowerCase();
  return own !== undefined && served.includes(own);
}
