/**
 * The dashboard inside the local cloud, under `/_flowwatch/ui/`: it still talks to the cloud through the
 * SDK, at the cloud's own endpoint with the test account's key, exactly as against any other endpoint.
 * It acts as that root, so in strict mode a browser must show the start-up token (kept in a cookie) first.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { awsClients } from "../monitor/aws-clients.js";
import { Dashboard } from "./dashboard.js";
import { admitted } from "./startup-token.js";

export const UI_PREFIX = "/_flowwatch/ui";

export interface LocalCloudUi {
  handle(req: IncomingMessage, res: ServerResponse): Promise<void>;
  close(): Promise<void>;
}

export interface UiAccess {
  /** The random token `flowwatch up` prints in the dashboard's URL. */
  token: string;
  /** Strict mode: no dashboard request is answered without the token or its cookie. */
  required: boolean;
}

/** `credentials`: the root key the dashboard signs with (in strict mode, the cloud's root secret). */
export function localCloudUi(
  endpoint: () => string,
  region: string,
  access: UiAccess,
  credentials: { accessKeyId: string; secretAccessKey: string },
): LocalCloudUi {
  let dashboard: Dashboard | undefined;
  let clients: ReturnType<typeof awsClients> | undefined;
  return {
    async handle(req, res) {
      const url = new URL(req.url ?? "/", "http://localhost");
      const path = url.pathname;
      // One cookie per port: browsers share cookies between ports of a host, and two clouds have two tokens.
      const gate = { ...access, cookieName: `flowwatch_ui_${new URL(endpoint()).port}`, root: UI_PREFIX, printedBy: "flowwatch up" };
      if (!admitted(req, res, url, gate)) return;
      if (path === UI_PREFIX) {
        res.writeHead(301, { location: `${UI_PREFIX}/` });
        res.end();
        return;
      }
      if (dashboard === undefined) {
        // Started on the first visit, so a cloud nobody looks at polls nothing.
        clients = awsClients({ endpoint: endpoint(), region, credentials });
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
