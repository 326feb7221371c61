/**
 * The random token a dashboard's start-up prints in its URL: the first page visit with it becomes an HttpOnly,
 * SameSite=Strict cookie; without either, nothing is answered. Used by the local cloud's and `flowwatch dashboard`'s.
 */
import { randomBytes, timingSafeEqual } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";

export interface TokenGate {
  token: string;
  /** False: the token is still honoured (and turned into a cookie), but requests without it are answered too. */
  required: boolean;
  /** One cookie per port: browsers share cookies between ports of a host, and two servers have two tokens. */
  cookieName: string;
  /** The cookie's Path, and the page whose visit with `?token=` is redirected (`/`, `/_flowwatch/ui`). */
  root: string;
  /** The command that printed the URL, for the refusal's words. */
  printedBy: string;
}

/** 24 random bytes, URL-safe: what a dashboard's start-up prints. */
export const newToken = (): string => randomBytes(24).toString("base64url");

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
export function admitted(req: IncomingMessage, res: ServerResponse, url: URL, gate: TokenGate): boolean {
  const page = gate.root.replace(/\/$/, "");
  const offered = url.searchParams.get("token");
  if (offered !== null) {
    if (!same(offered, gate.token)) {
      refuse(res, `This is not the dashboard's token: use the URL \`${gate.printedBy}\` printed.`);
      return false;
    }
    if (url.pathname !== page && url.pathname !== `${page}/`) return true;
    url.searchParams.delete("token");
    res.writeHead(303, {
      location: `${url.pathname}${url.search}`,
      // HttpOnly: no script reads it; SameSite=Strict: no other site's page makes the browser send it.
      "set-cookie": `${gate.cookieName}=${gate.token}; HttpOnly; SameSite=Strict; Path=${page || "/"}`,
      "cache-control": "no-store",
    });
    res.end();
    return false;
  }
  if (!gate.required || same(cookie(req, gate.cookieName), gate.token)) return true;
  refuse(res, `This dashboard needs the token \`${gate.printedBy}\` printed: open the dashboard URL it gave (…${page}/?token=…).`);
  return false;
}
