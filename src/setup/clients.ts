/** The SDK v3 clients setup, destroy and doctor use: any endpoint, Region, profile; credentials from the SDK's chain. */
import { CloudWatchClient } from "@aws-sdk/client-cloudwatch";
import { CloudWatchLogsClient } from "@aws-sdk/client-cloudwatch-logs";
import { EC2Client } from "@aws-sdk/client-ec2";
import { IAMClient } from "@aws-sdk/client-iam";
import { STSClient } from "@aws-sdk/client-sts";

export interface ConnectionOptions {
  endpoint?: string;
  region?: string;
  profile?: string;
  /** Explicit keys (tests, the demo); otherwise the SDK's usual chain (environment, profile, ...). */
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
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

/** AWS_ENDPOINT_URL, AWS_REGION and AWS_PROFILE are read by the SDK itself when the options are absent. */
export function awsClients(options: ConnectionOptions = {}): AwsClients {
  const config = {
    ...(options.endpoint !== undefined ? { endpoint: options.endpoint } : {}),
    ...(options.region !== undefined ? { region: options.region } : {}),
    ...(options.profile !== undefined ? { profile: options.profile } : {}),
    ...(options.credentials !== undefined ? { credentials: options.credentials } : {}),
  };
  const clients = { iam: new IAMClient(config), ec2: new EC2Client(config), sts: new STSClient(config), logs: new CloudWatchLogsClient(config), cloudwatch: new CloudWatchClient(config) };
  return {
    ...clients,
    destroy: () => {
      for (const client of Object.values(clients)) client.destroy();
    },
  };
}
