/** `flowwatch dashboard`'s own HTTP server: the Dashboard mounted at `/`. */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { awsClients, type AwsTarget } from "../monitor/aws-clients.js";
import { Dashboard, type DashboardOptions } from "./dashboard.js";

export interface DashboardServer {
  url: string;
  dashboard: Dashboard;
  close(): Promise<void>;
}

export async function startDashboardServer(target: AwsTarget, options: DashboardOptions & { host?: string; port?: number } = {}): Promise<DashboardServer> {
  const clients = awsClients(target);
  const dashboard = new Dashboard(clients, options);
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    void dashboard.handle(req, res, url.pathname);
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 8080, options.host ?? "127.0.0.1", () => resolve());
  });
  dashboard.start();
  const address = server.address() as AddressInfo;
  return {
    url: `http://${address.family === "IPv6" ? `[${address.address}]` : address.address}:${address.port}/`,
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
