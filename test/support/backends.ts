/**
 * For conformance tests: the same cases against moto's server (an AWS implementation this project did
 * not write) and against the local cloud, each started for the test file. moto is skipped, saying why,
 * only where `moto_server` is not installed.
 */
import { CreateVpcCommand, EC2Client } from "@aws-sdk/client-ec2";
import { useLocalCloud } from "./local-cloud.js";
import { motoAvailable, useMotoServer } from "./moto-server.js";

export interface Backend {
  name: "moto_server" | "local cloud";
  /** Set once the file's `before` hooks ran. */
  endpoint(): string;
  clientConfig(): { endpoint: string; region: string; credentials: { accessKeyId: string; secretAccessKey: string }; maxAttempts: number };
  /** A reason to skip this backend's cases, or false. */
  skip: string | false;
}

export function useBackends(): Backend[] {
  const hasMoto = motoAvailable();
  const moto = hasMoto ? useMotoServer() : undefined;
  const local = useLocalCloud();
  return [
    {
      name: "moto_server",
      endpoint: () => moto?.endpoint ?? "",
      clientConfig: () => moto?.clientConfig() ?? local.clientConfig(),
      skip: hasMoto ? false : "moto_server is not installed (pip install 'moto[server]')",
    },
    { name: "local cloud", endpoint: () => local.endpoint, clientConfig: () => local.clientConfig(), skip: false },
  ];
}

/** A VPC with this Name tag; its id. */
export async function createVpc(backend: Backend, name: string): Promise<string> {
  const ec2 = new EC2Client(backend.clientConfig());
  try {
    const vpc = await ec2.send(
      new CreateVpcCommand({ CidrBlock: "10.0.0.0/16", TagSpecifications: [{ ResourceType: "vpc", Tags: [{ Key: "Name", Value: name }] }] }),
    );
    return vpc.Vpc?.VpcId ?? "";
  } finally {
    ec2.destroy();
  }
}

/** The pipeline's names for one case, so cases on one backend never meet: `--vpc`, `--log-group`, ... */
export function pipelineNames(tag: string): { vpc: string; logGroup: string; role: string; policy: string; flowLog: string; args: string[] } {
  const names = { vpc: `Vpc-${tag}`, logGroup: `Log-${tag}`, role: `role-${tag}`, policy: `policy-${tag}`, flowLog: `flowlog-${tag}` };
  return {
    ...names,
    args: ["--vpc", names.vpc, "--log-group", names.logGroup, "--role-name", names.role, "--policy-name", names.policy, "--flow-log-name", names.flowLog],
  };
}
