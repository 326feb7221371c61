/** The SDK v3 clients of monitor/ and web/: any endpoint, Region, profile or explicit credentials. */
import { CloudWatchLogsClient } from "@aws-sdk/client-cloudwatch-logs";
import { EC2Client } from "@aws-sdk/client-ec2";
import { IAMClient } from "@aws-sdk/client-iam";

export interface AwsTarget {
  endpoint?: string;
  region?: string;
  profile?: string;
  credentials?: { accessKeyId: string; secretAccessKey: string };
}

export interface AwsClients {
  logs: CloudWatchLogsClient;
  ec2: EC2Client;
  iam: IAMClient;
  destroy(): void;
}

/** AWS_ENDPOINT_URL, AWS_REGION and AWS_PROFILE are read by the SDK itself when the options are absent. */
export function awsClients(target: AwsTarget): AwsClients {
  const config = {
    ...(target.endpoint !== undefined ? { endpoint: target.endpoint } : {}),
    ...(target.region !== undefined ? { region: target.region } : {}),
    ...(target.profile !== undefined ? { profile: target.profile } : {}),
    ...(target.credentials !== undefined ? { credentials: target.credentials } : {}),
  };
  const logs = new CloudWatchLogsClient(config);
  const ec2 = new EC2Client(config);
  const iam = new IAMClient(config);
  return { logs, ec2, iam, destroy: () => [logs, ec2, iam].forEach((c) => c.destroy()) };
}
