/** The CloudWatch Logs client of `query` and `report`: the same connection settings (timeouts included) as every other command. */
import { CloudWatchLogsClient } from "@aws-sdk/client-cloudwatch-logs";
import { clientConfig, type ConnectionOptions, instrument } from "../../setup/clients.js";

/** AWS_ENDPOINT_URL, AWS_REGION and AWS_PROFILE are read by the SDK itself when the flags are absent. */
export function logsClient(options: ConnectionOptions): CloudWatchLogsClient {
  return instrument(new CloudWatchLogsClient(clientConfig(options)), options);
}
