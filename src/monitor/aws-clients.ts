/** The SDK v3 clients of monitor/ and web/: any endpoint, Region, profile or explicit credentials. */
import { CloudWatchClient } from "@aws-sdk/client-cloudwatch";
import { CloudWatchLogsClient } from "@aws-sdk/client-cloudwatch-logs";
import { EC2Client } from "@aws-sdk/client-ec2";
import { IAMClient } from "@aws-sdk/client-iam";
import { STSClient } from "@aws-sdk/client-sts";

export interface AwsTarget {
  endpoint?: string;
  region?: string;
  profile?: string;
  credentials?: { accessKeyId: string; secretAccessKey: string };
}

/** A superset of setup's clients (src/setup/clients.ts), so doctor's checks run on the same connection. */
export interface AwsClients {
  logs: CloudWatchLogsClient;
  ec2: EC2Client;
  iam: IAMClient;
  sts: STSClient;
  cloudwatch: CloudWatchClient;
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
  const sts = new STSClient(config);
  const cloudwatch = new CloudWatchClient(config);
  return { logs, ec2, iam, sts, cloudwatch, destroy: () => [logs, ec2, iam, sts, cloudwatch].forEach((c) => c.destroy()) };
}
