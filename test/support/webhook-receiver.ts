/** A loopback HTTP server that keeps every JSON body POSTed to it: the far end of a webhook alarm action. */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

export interface WebhookReceiver {
  received: Array<Record<string, unknown>>;
  /** The alarm action ARN that reaches this receiver at `path`. */
  actionArn(path?: string): string;
  close(): void;
}

export async function webhookReceiver(): Promise<WebhookReceiver> {
  const received: Array<Record<string, unknown>> = [];
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      received.push(JSON.parse(body) as Record<string, unknown>);
      res.end("ok");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return { received, actionArn: (path = "/alarm") => `arn:flowwatch:webhook:::http://127.0.0.1:${port}${path}`, close: () => server.close() };
}
