/**
 * doctor --fix against moto_server and the local cloud, run as a user runs it: it repairs only the
 * failed links, with the smallest change, keeping the found documents and retention; a deleted log
 * group comes back with the alarm preset's metric filters in one run.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import {
  CloudWatchLogsClient,
  DeleteLogGroupCommand,
  DeleteMetricFilterCommand,
  DescribeLogGroupsCommand,
  DescribeMetricFiltersCommand,
} from "@aws-sdk/client-cloudwatch-logs";
import { GetPolicyCommand, GetPolicyVersionCommand, GetRoleCommand, IAMClient, UpdateAssumeRolePolicyCommand } from "@aws-sdk/client-iam";
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { buildPreset } from "../../src/setup/alarms/preset.js";
import { setupConfig } from "../../src/setup/config.js";
import { parseDocument, SEED_POLICY, sameDocument } from "../../src/setup/documents.js";
import { createVpc, pipelineNames, useBackends } from "../support/backends.js";
import { flowwatch } from "../support/flowwatch-process.js";

const backends = useBackends();
const ec2Trust = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }] };

for (const backend of backends) {
  describe(`doctor --fix keeps what it was not asked to repair (${backend.name})`, { skip: backend.skip }, () => {
    const cli = (...args: string[]) => flowwatch(args, { AWS_ENDPOINT_URL: backend.endpoint() });

    test("only the trust policy broken on a --seed-exact pipeline: the trust policy gains the service, the policy document and the retention stay", async () => {
      const p = pipelineNames("seed");
      await createVpc(backend, p.vpc);
      const setup = await cli("setup", "--yes", "--seed-exact", "--retention-days", "365", ...p.args);
      assert.equal(setup.status, 0, setup.stderr);
      const iam = new IAMClient(backend.clientConfig());
      const logs = new CloudWatchLogsClient(backend.clientConfig());
      const sts = new STSClient(backend.clientConfig());
      try {
        await iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: p.role, PolicyDocument: JSON.stringify(ec2Trust) }));
        const fixed = await cli("doctor", "--fix", "--json", ...p.args);
        const report = JSON.parse(fixed.stdout) as { fixed: string[] };
        assert.ok(report.fixed.includes("trust-principal"), fixed.stdout + fixed.stderr);

        const account = (await sts.send(new GetCallerIdentityCommand({}))).Account;
        const arn = `arn:aws:iam::${account}:policy/${p.policy}`;
        const version = (await iam.send(new GetPolicyCommand({ PolicyArn: arn }))).Policy?.DefaultVersionId;
        const document = parseDocument((await iam.send(new GetPolicyVersionCommand({ PolicyArn: arn, VersionId: version }))).PolicyVersion?.Document);
        assert.ok(sameDocument(document, SEED_POLICY), `the --seed-exact policy was replaced: ${JSON.stringify(document)}`);
        const group = (await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: p.logGroup }))).logGroups?.find((g) => g.logGroupName === p.logGroup);
        assert.equal(group?.retentionInDays, 365);
        // The user's statement for EC2 is kept beside the one added for the flow logs service.
        const trust = parseDocument((await iam.send(new GetRoleCommand({ RoleName: p.role }))).Role?.AssumeRolePolicyDocument) as {
          Statement: Array<{ Principal: { Service: string } }>;
        };
        assert.deepEqual(
          trust.Statement.map((s) => s.Principal.Service),
          ["ec2.amazonaws.com", "vpc-flow-logs.amazonaws.com"],
        );
      } finally {
        iam.destroy();
        logs.destroy();
        sts.destroy();
      }
    });

    test("the log group deleted: one doctor --fix run recreates it and the alarm preset's metric filters", async () => {
      const p = pipelineNames("deleted");
      await createVpc(backend, p.vpc);
      const setup = await cli("setup", "--yes", "--alarms", ...p.args);
      assert.equal(setup.status, 0, setup.stderr);
      const logs = new CloudWatchLogsClient(backend.clientConfig());
      const filters = async () =>
        new Map(
          ((await logs.send(new DescribeMetricFiltersCommand({ logGroupName: p.logGroup }))).metricFilters ?? []).map((f) => [f.filterName, f.filterPattern]),
        );
      try {
        const preset = new Map(buildPreset(setupConfig({ alarms: true, logGroup: p.logGroup })).filters.map((f) => [f.filterName, f.filterPattern]));
        assert.deepEqual(await filters(), preset);
        await logs.send(new DeleteLogGroupCommand({ logGroupName: p.logGroup }));
        // moto keeps a deleted group's metric filters; AWS deletes them with the group, so they are deleted here as AWS would.
        if (backend.name === "moto_server")
          for (const name of preset.keys()) await logs.send(new DeleteMetricFilterCommand({ logGroupName: p.logGroup, filterName: name }));

        const fixed = await cli("doctor", "--fix", "--json", ...p.args);
        const report = JSON.parse(fixed.stdout) as { fixed: string[]; failed: string[] };
        assert.ok(report.fixed.includes("log-group"), fixed.stdout + fixed.stderr);
        assert.deepEqual(report.failed, []);
        const group = (await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: p.logGroup }))).logGroups?.find((g) => g.logGroupName === p.logGroup);
        assert.equal(group?.retentionInDays, 30);
        assert.deepEqual(await filters(), preset);
      } finally {
        logs.destroy();
      }
    });
  });
}
