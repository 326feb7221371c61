/**
 * `flowwatch dashboard`'s own HTTP server: the Dashboard mounted at `/`, behind the Host and Origin checks of
 * dashboard-guard.ts and, when given one, a start-up token kept in a cookie.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { servedHosts } from "../http-guard/served-hosts.js";
import { awsClients, type ConnectionOptions } from "../monitor/aws-clients.js";
import { Dashboard, type DashboardOptions } from "./dashboard.js";
import { dashboardRefusal } from "./dashboard-guard.js";
import { admitted } from "./startup-token.js";

export interface DashboardServer {
  /** The address to open; with a token, it carries `?token=`, which the first visit turns into a cookie. */
  url: string;
  dashboard: Dashboard;
  close(): Promise<void>;
}

export interface DashboardServerOptions extends DashboardOptions {
  host?: string;
  port?: number;
  /** Host names served besides the bound address, `localhost`, `127.0.0.1` and `[::1]` (`name` or `name:port`). */
  allowedHosts?: readonly string[];
  /** Every request needs it (`?token=`, or the cookie the page visit sets): other local users and pages get nothing. */
  token?: string;
}

export async function startDashboardServer(target: ConnectionOptions, options: DashboardServerOptions = {}): Promise<DashboardServer> {
  const { host, port, allowedHosts, token, ...dashboardOptions } = options;
  const clients = awsClients(target);
  const dashboard = new Dashboard(clients, dashboardOptions);
  // Known once the server listens (the port may be 0 until then); nothing is answered before.
  let served: readonly string[] = [];
  let cookieName = "flowwatch_dashboard";
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    const refusal = dashboardRefusal({ method: req.method ?? "GET", path: url.pathname, headers: req.headers }, served);
    if (refusal !== undefined) {
      res.writeHead(refusal.status, { "content-type": "application/json", "cache-control": "no-store" }).end(JSON.stringify({ error: refusal.message }));
      return;
    }
    if (token !== undefined && !admitted(req, res, url, { token, required: true, cookieName, root: "/", printedBy: "flowwatch dashboard" })) return;
    void dashboard.handle(req, res, url.pathname);
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port ?? 8080, host ?? "127.0.0.1", () => resolve());
  });
  const address = server.address() as AddressInfo;
  served = servedHosts({ address: address.address, port: address.port }, allowedHosts);
  // One cookie per port: browsers share cookies between ports of a host, and two dashboards have two tokens.
  cookieName = `flowwatch_dashboard_${address.port}`;
  dashboard.start();
  const base = `http://${address.family === "IPv6" ? `[${address.address}]` : address.address}:${address.port}/`;
  return {
    url: token === undefined ? base : `${base}?token=${token}`,
    dashboard,
    close: async () => {
      await dashboard.stop();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      clients.destroy();
    },
  };
}
