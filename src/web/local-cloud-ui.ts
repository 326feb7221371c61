/**
 * The dashboard inside the local cloud, under `/_flowwatch/ui/`: it still talks to the cloud through the
 * SDK, at the cloud's own endpoint with the test account's key, exactly as against any other endpoint.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { awsClients } from "../monitor/aws-clients.js";
import { Dashboard } from "./dashboard.js";

export const UI_PREFIX = "/_flowwatch/ui";

export interface LocalCloudUi {
  handle(req: IncomingMessage, res: ServerResponse): Promise<void>;
  close(): Promise<void>;
}

export function localCloudUi(endpoint: () => string, region: string): LocalCloudUi {
  let dashboard: Dashboard | undefined;
  let clients: ReturnType<typeof awsClients> | undefined;
  return {
    async handle(req, res) {
      const path = new URL(req.url ?? "/", "http://localhost").pathname;
      if (path === UI_PREFIX) {
        res.writeHead(301, { location: `${UI_PREFIX}/` });
        res.end();
        return;
      }
      if (dashboard === undefined) {
        // Started on the first visit, so a cloud nobody looks at polls nothing.
        clients = awsClients({ endpoint: endpoint(), region, credentials: { accessKeyId: "test", secretAccessKey: "test" } });
        dashboard = new Dashboard(clients, { pollMs: 1000, alarmsEveryMs: 5000, deliveryEveryMs: 10_000 });
        dashboard.start();
      }
      await dashboard.handle(req, res, path.slice(UI_PREFIX.length) || "/");
    },
    async close() {
      await dashboard?.stop();
      clients?.destroy();
    },
  };
}
