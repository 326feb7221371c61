/**
 * The dashboard inside the local cloud, under `/_flowwatch/ui/`: it still talks to the cloud through the
 * SDK, at the cloud's own endpoint with the test account's key, exactly as against any other endpoint.
 * It acts as that root, so in strict mode a browser must show the start-up token (kept in a cookie) first.
 */
import { timingSafeEqual } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { awsClients } from "../monitor/aws-clients.js";
import { Dashboard } from "./dashboard.js";

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

const same = (given: string | undefined, token: string): boolean =>
  given !== undefined && given.length === token.length && timingSafeEqual(Buffer.from(given), Buffer.from(token));

function cookie(req: IncomingMessage, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? "").split(";")) {
    const [key, ...value] = part.trim().split("=");
    if (key === name) return value.join("=");
  }
  return undefined;
}

function refuse(res: ServerResponse, message: string): void {
  res.writeHead(401, { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" }).end(`${message}\n`);
}

/**
 * True when the request may go on. A visit of the page with the right `?token=` gets the cookie and a redirect
 * to the page without the token, so the token stays out of the history and of Referer headers; an API call or
 * event stream with it (a script's) is answered as it is.
 */
function admitted(req: IncomingMessage, res: ServerResponse, url: URL, access: UiAccess, cookieName: string): boolean {
  const offered = url.searchParams.get("token");
  if (offered !== null) {
    if (!same(offered, access.token)) {
      refuse(res, "This is not the dashboard's token: use the URL `flowwatch up` printed.");
      return false;
    }
    if (url.pathname !== UI_PREFIX && url.pathname !== `${UI_PREFIX}/`) return true;
    url.searchParams.delete("token");
    res.writeHead(303, {
      location: `${url.pathname}${url.search}`,
      // HttpOnly: no script reads it; SameSite=Strict: no other site's page makes the browser send it.
      "set-cookie": `${cookieName}=${access.token}; HttpOnly; SameSite=Strict; Path=${UI_PREFIX}`,
      "cache-control": "no-store",
    });
    res.end();
    return false;
  }
  if (!access.required || same(cookie(req, cookieName), access.token)) return true;
  refuse(res, "This dashboard needs the token `flowwatch up` printed: open the dashboard URL it gave (…/_flowwatch/ui/?token=…).");
  return false;
}

/** `credentials`: the root key the dashboard signs with (in strict mode, the cloud's root secret). */
export function localCloudUi(endpoint: () => string, region: string, access: UiAccess, credentials: { accessKeyId: string; secretAccessKey: string }): LocalCloudUi {
  let dashboard: Dashboard | undefined;
  let clients: ReturnType<typeof awsClients> | undefined;
  return {
    async handle(req, res) {
      const url = new URL(req.url ?? "/", "http://localhost");
      const path = url.pathname;
      // One cookie per port: browsers share cookies between ports of a host, and two clouds have two tokens.
      if (!admitted(req, res, url, access, `flowwatch_ui_${new URL(endpoint()).port}`)) return;
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
