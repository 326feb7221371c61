/** The CloudWatch Logs client of the CLI: any endpoint, Region and profile, credentials from the SDK's usual chain. */
import { CloudWatchLogsClient } from "@aws-sdk/client-cloudwatch-logs";

export interface ClientOptions {
  endpoint?: string;
  region?: string;
  profile?: string;
}

/** AWS_ENDPOINT_URL, AWS_REGION and AWS_PROFILE are read by the SDK itself when the flags are absent. */
export function logsClient(options: ClientOptions): CloudWatchLogsClient {
  return new CloudWatchLogsClient({
    ...(options.endpoint !== undefined ? { endpoint: options.endpoint } : {}),
    ...(options.region !== undefined ? { region: options.region } : {}),
    ...(options.profile !== undefined ? { profile: options.profile } : {}),
  });
}
