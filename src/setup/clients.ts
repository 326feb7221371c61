/**
 * The SDK v3 clients every command uses: any endpoint, Region, profile; credentials from the SDK's chain;
 * connect and answer timeouts, so that no call waits forever; failures recorded with their operation and endpoint.
 */
import { CloudWatchClient } from "@aws-sdk/client-cloudwatch";
import { CloudWatchLogsClient } from "@aws-sdk/client-cloudwatch-logs";
import { EC2Client } from "@aws-sdk/client-ec2";
import { IAMClient } from "@aws-sdk/client-iam";
import { STSClient } from "@aws-sdk/client-sts";
import { NoAnswerError, NotAwsResponseError, recordSdkCall } from "./sdk-errors.js";

export interface ConnectionOptions {
  endpoint?: string;
  region?: string;
  profile?: string;
  /** Explicit keys (tests, the demo); otherwise the SDK's usual chain (environment, profile, ...). */
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  /** Seconds one call may wait for an answer (default 30); connecting waits 5 s at most. */
  timeoutSeconds?: number;
}

export interface AwsClients {
  iam: IAMClient;
  ec2: EC2Client;
  sts: STSClient;
  logs: CloudWatchLogsClient;
  /** Metric alarms of the `--alarms` preset. */
  cloudwatch: CloudWatchClient;
  destroy(): void;
}

/** What a person expects of a command line tool: a dead address is known in seconds, a slow answer in half a minute. */
export const DEFAULT_TIMEOUT_SECONDS = 30;
const CONNECT_SECONDS = 5;

/** AWS_ENDPOINT_URL, AWS_REGION and AWS_PROFILE are read by the SDK itself when the options are absent. */
export function clientConfig(options: ConnectionOptions = {}) {
  const answerMs = Math.round((options.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS) * 1000);
  return {
    ...(options.endpoint !== undefined ? { endpoint: options.endpoint } : {}),
    ...(options.region !== undefined ? { region: options.region } : {}),
    ...(options.profile !== undefined ? { profile: options.profile } : {}),
    ...(options.credentials !== undefined ? { credentials: options.credentials } : {}),
    // The SDK builds its NodeHttpHandler from these. Without throwOnRequestTimeout the request timeout only
    // logs a warning; socketTimeout also ends an answer that starts and then stalls.
    requestHandler: {
      connectionTimeout: Math.min(CONNECT_SECONDS * 1000, answerMs),
      requestTimeout: answerMs,
      socketTimeout: answerMs,
      throwOnRequestTimeout: true,
    },
  };
}

/** The middleware stack, typed loosely: one function serves every client's stack. */
interface Stack {
  add(
    middleware: (
      next: (args: { request?: unknown }) => Promise<{ response?: unknown }>,
      context: Record<string, unknown>,
    ) => (args: { request?: unknown }) => Promise<{ response?: unknown }>,
    options: { step: string; name: string; priority?: string },
  ): void;
}

const endpointOf = (request: unknown): string | undefined => {
  const r = request as { protocol?: string; hostname?: string; port?: number } | undefined;
  return r?.hostname === undefined
    ? undefined
    : `${r.protocol ?? "https:"}//${r.hostname.includes(":") ? `[${r.hostname}]` : r.hostname}${r.port !== undefined ? `:${r.port}` : ""}`;
};

/**
 * Two middlewares: innermost, the HTTP handler's TimeoutError becomes a NoAnswerError naming the endpoint
 * (and so is not retried) and an HTML page is refused before the SDK parses it; outermost, every failure is
 * recorded with its operation and endpoint.
 */
export function instrument<C extends { middlewareStack: unknown }>(client: C, options: ConnectionOptions = {}): C {
  const stack = client.middlewareStack as Stack;
  const answerSeconds = options.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS;
  stack.add(
    (next, context) => async (args) => {
      let answer: { response?: unknown };
      try {
        answer = await next(args);
      } catch (error) {
        const endpoint = endpointOf(args.request);
        if (endpoint !== undefined) context.flowwatchEndpoint = endpoint;
        if (error instanceof Error && error.name === "TimeoutError" && endpoint !== undefined) {
          const connecting = /establish a connection/.test(error.message);
          throw new NoAnswerError(endpoint, connecting ? Math.min(CONNECT_SECONDS, answerSeconds) : answerSeconds, connecting ? "connect" : "answer");
        }
        throw error;
      }
      const response = answer.response as { statusCode?: number; headers?: Record<string, string>; body?: { destroy?: () => void } } | undefined;
      // An HTML page without a request id is a web server's or a proxy's, not a service's answer. (A request id
      // is looked for because moto labels its JSON answers text/html.)
      const headers = Object.fromEntries(Object.entries(response?.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
      const requestId = headers["x-amzn-requestid"] ?? headers["x-amz-request-id"] ?? headers["x-amzn-request-id"];
      if (/^\s*text\/html/i.test(headers["content-type"] ?? "") && requestId === undefined) {
        response?.body?.destroy?.();
        const endpoint = endpointOf(args.request) ?? "the endpoint";
        context.flowwatchEndpoint = endpoint;
        throw new NotAwsResponseError(endpoint, response?.statusCode ?? 0);
      }
      return answer;
    },
    { step: "deserialize", name: "flowwatchNoAnswer", priority: "low" },
  );
  stack.add(
    (next, context) => async (args) => {
      try {
        return await next(args);
      } catch (error) {
        const url = (context.endpointV2 as { url?: URL } | undefined)?.url;
        const endpoint = (context.flowwatchEndpoint as string | undefined) ?? (url === undefined ? options.endpoint : url.origin);
        recordSdkCall(error, { operation: String(context.commandName ?? "request").replace(/Command$/, ""), ...(endpoint !== undefined ? { endpoint } : {}) });
        throw error;
      }
    },
    { step: "initialize", name: "flowwatchSdkCall", priority: "high" },
  );
  return client;
}

export function awsClients(options: ConnectionOptions = {}): AwsClients {
  const config = clientConfig(options);
  const clients = {
    iam: instrument(new IAMClient(config), options),
    ec2: instrument(new EC2Client(config), options),
    sts: instrument(new STSClient(config), options),
    logs: instrument(new CloudWatchLogsClient(config), options),
    cloudwatch: instrument(new CloudWatchClient(config), options),
  };
  return {
    ...clients,
    destroy: () => {
      for (const client of Object.values(clients)) client.destroy();
    },
  };
}
