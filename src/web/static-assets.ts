/**
 * The dashboard's HTML, CSS and JS, served from src/web/assets/. tsc copies no assets, so a build in dist/
 * finds them beside itself (dist/web/assets, if a build step copied them) or in the checkout's src/web/assets.
 */
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { extname, join, normalize } from "node:path";
import { fileURLToPath } from "node:url";

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".svg": "image/svg+xml",
};

export function assetsDir(): string {
  const here = fileURLToPath(new URL("./assets/", import.meta.url));
  if (existsSync(join(here, "index.html"))) return here;
  // dist/web/ -> <root>/src/web/assets/
  const source = fileURLToPath(new URL("../../src/web/assets/", import.meta.url));
  if (existsSync(join(source, "index.html"))) return source;
  throw new Error(`the dashboard's assets are in neither ${here} nor ${source}`);
}

/** The asset at a request path, or undefined; paths never leave the assets folder. */
export async function readAsset(dir: string, path: string): Promise<{ type: string; body: Buffer } | undefined> {
  const name = path === "" || path === "/" ? "index.html" : path.replace(/^\/+/, "");
  if (!/^[a-z0-9-]+\.(html|css|js|svg)$/.test(name)) return undefined;
  const file = normalize(join(dir, name));
  try {
    return { type: TYPES[extname(name)] ?? "application/octet-stream", body: await readFile(file) };
  } catch {
    return undefined;
  }
}
