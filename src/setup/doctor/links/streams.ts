/**
 * doctor's log-streams link: one stream per network interface of the VPC, named `eni-...-<traffic type>`;
 * a missing one is a warning, since a stream appears only with the interface's first delivered window.
 */
import { DescribeLogStreamsCommand, type LogStream } from "@aws-sdk/client-cloudwatch-logs";
import type { NetworkInterface } from "@aws-sdk/client-ec2";
import type { AwsClients } from "../../clients.js";
import type { Check } from "../check.js";

export async function allStreams(clients: AwsClients, group: string): Promise<LogStream[]> {
  const streams: LogStream[] = [];
  let nextToken: string | undefined;
  do {
    const page = await clients.logs.send(new DescribeLogStreamsCommand({ logGroupName: group, ...(nextToken ? { nextToken } : {}) }));
    streams.push(...(page.logStreams ?? []));
    nextToken = page.nextToken;
  } while (nextToken !== undefined);
  return streams;
}

/** `trafficType`: the flow log's (ALL, ACCEPT, REJECT), which names the streams' suffix. */
export function streamsLink(streams: LogStream[], interfaces: NetworkInterface[], trafficType: string): Check {
  const suffix = trafficType.toLowerCase();
  const missing = interfaces.map((i) => `${i.NetworkInterfaceId}-${suffix}`).filter((name) => !streams.some((s) => s.logStreamName === name));
  return {
    id: "streams",
    title: "log streams",
    status: missing.length === 0 ? "ok" : "warn",
    detail:
      missing.length === 0
        ? `one per interface (${interfaces.length})`
        : `${missing.length} of ${interfaces.length} interfaces have no stream yet: ${missing.slice(0, 5).join(", ")}`,
    ...(missing.length === 0 ? {} : { fix: "none needed if those interfaces had no traffic yet: a stream appears with the first delivered window" }),
  };
}
