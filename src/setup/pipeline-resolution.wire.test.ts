/** Pipeline resolution against the local cloud: none, one, a VPC's, and two VPCs feeding one group. */
import assert from "node:assert/strict";
import { after, describe, test } from "node:test";
import { CreateFlowLogsCommand, CreateVpcCommand, EC2Client } from "@aws-sdk/client-ec2";
import { CreateRoleCommand, IAMClient } from "@aws-sdk/client-iam";
import { useLocalCloud } from "../../test/support/local-cloud.js";
import { awsClients } from "./clients.js";
import { DEFAULTS } from "./config.js";
import { SEED_TRUST } from "./documents.js";
import { doctorTarget } from "./doctor/target.js";
import { SetupError } from "./errors.js";
import { logGroupFor, resolvePipeline } from "./pipeline-resolution.js";

const env = useLocalCloud();

describe("pipeline resolution", () => {
  const ec2 = () => {
    client ??= new EC2Client(env.clientConfig());
    return client;
  };
  let client: EC2Client | undefined;
  after(() => client?.destroy());
  const vpc = async (name: string) =>
    (await ec2().send(new CreateVpcCommand({ CidrBlock: "10.0.0.0/16", TagSpecifications: [{ ResourceType: "vpc", Tags: [{ Key: "Name", Value: name }] }] })))
      .Vpc?.VpcId as string;
  const flowLog = async (vpcId: string, group: string) =>
    (
      await ec2().send(
        new CreateFlowLogsCommand({
          ResourceType: "VPC",
          ResourceIds: [vpcId],
          TrafficType: "ALL",
          LogGroupName: group,
          DeliverLogsPermissionArn: "arn:aws:iam::000000000000:role/resolve-role",
        }),
      )
    ).FlowLogIds?.[0] as string;
  const isQuestion = (pattern: RegExp) => (error: unknown) => error instanceof SetupError && pattern.test(error.message);

  test("no flow log yet: the tutorial's group, so a first `doctor` says what is missing", async () => {
    const clients = awsClients({ endpoint: env.endpoint, region: "us-east-1", credentials: { accessKeyId: "test", secretAccessKey: "test" } });
    try {
      assert.deepEqual(await resolvePipeline(clients.ec2, {}), {
        logGroupName: "MyVpc22-Log",
        flowLogs: [],
        how: "the tutorial's (no flow log delivers to CloudWatch Logs yet)",
      });
      const empty = await vpc("Empty");
      await assert.rejects(logGroupFor(clients, { vpc: "Empty" }), isQuestion(new RegExp(`no flow log of ${empty} delivers to CloudWatch Logs`)));
      // doctor --vpc Empty is no question: its checklist reports the missing flow log.
      assert.deepEqual(await doctorTarget(clients, { ...DEFAULTS, vpc: "Empty" }, { logGroup: false, vpc: true }), { ...DEFAULTS, vpc: "Empty" });
    } finally {
      clients.destroy();
    }
  });

  test("two VPCs feeding one group: --log-group alone asks for --vpc (doctor judges one VPC); with --vpc it is that VPC", async () => {
    const iam = new IAMClient(env.clientConfig());
    await iam.send(new CreateRoleCommand({ RoleName: "resolve-role", AssumeRolePolicyDocument: JSON.stringify(SEED_TRUST) }));
    iam.destroy();
    const clients = awsClients({ endpoint: env.endpoint, region: "us-east-1", credentials: { accessKeyId: "test", secretAccessKey: "test" } });
    try {
      const a = await vpc("A");
      const b = await vpc("B");
      const fa = await flowLog(a, "Shared");
      const fb = await flowLog(b, "Shared");
      // Both deliver to one group: tail and watch read that group without a question.
      assert.equal((await resolvePipeline(clients.ec2, {})).logGroupName, "Shared");
      assert.equal((await logGroupFor(clients, { vpc: "B" })).logGroupName, "Shared");
      const config = { ...DEFAULTS, logGroupName: "Shared" };
      await assert.rejects(
        doctorTarget(clients, config, { logGroup: true, vpc: false }),
        isQuestion(new RegExp(`flow logs of 2 VPCs deliver to Shared; say which with --vpc:[^]*${fa}[^]*${fb}`)),
      );
      assert.equal((await doctorTarget(clients, { ...config, vpc: "B" }, { logGroup: true, vpc: true })).vpc, "B");
      // No option at all: the one group is found, and its two VPCs are the question.
      await assert.rejects(doctorTarget(clients, { ...DEFAULTS }, { logGroup: false, vpc: false }), isQuestion(/flow logs of 2 VPCs deliver to Shared/));
    } finally {
      clients.destroy();
    }
  });
});
