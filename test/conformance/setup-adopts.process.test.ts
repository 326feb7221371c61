/**
 * setup on an account that already has parts of the pipeline, run as a user runs it (the CLI), against
 * moto_server and the local cloud: it keeps what the user chose unless a flag names the change, shows
 * every change as before/after, and needs --yes for what deletes data.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import {
  CloudWatchLogsClient,
  CreateLogGroupCommand,
  DescribeLogGroupsCommand,
  DescribeMetricFiltersCommand,
  PutRetentionPolicyCommand,
} from "@aws-sdk/client-cloudwatch-logs";
import { DescribeFlowLogsCommand, EC2Client } from "@aws-sdk/client-ec2";
import { buildPreset } from "../../src/setup/alarms/preset.js";
import { setupConfig } from "../../src/setup/config.js";
import { V5_FORMAT_TEXT, DEFAULT_FORMAT_TEXT } from "../../src/flowlog/index.js";
import { createVpc, pipelineNames, useBackends } from "../support/backends.js";
import { flowwatch } from "../support/flowwatch-process.js";

const backends = useBackends();

for (const backend of backends) {
  describe(`setup adopts existing resources (${backend.name})`, { skip: backend.skip }, () => {
    const cli = (...args: string[]) => flowwatch(args, { AWS_ENDPOINT_URL: backend.endpoint() });
    const logs = () => new CloudWatchLogsClient(backend.clientConfig());
    const retentionOf = async (group: string) => {
      const client = logs();
      try {
        return (await client.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: group }))).logGroups?.find((g) => g.logGroupName === group)
          ?.retentionInDays;
      } finally {
        client.destroy();
      }
    };

    test("a log group with 365 days keeps them; a shorter --retention-days is DESTRUCTIVE and needs --yes", async () => {
      const p = pipelineNames("retention");
      await createVpc(backend, p.vpc);
      const client = logs();
      await client.send(new CreateLogGroupCommand({ logGroupName: p.logGroup }));
      await client.send(new PutRetentionPolicyCommand({ logGroupName: p.logGroup, retentionInDays: 365 }));
      client.destroy();

      const setup = await cli("setup", "--yes", ...p.args);
      assert.equal(setup.status, 0, setup.stderr);
      assert.match(setup.stdout, new RegExp(`kept +log-group ${p.logGroup} +\\(retention 365 days kept \\(longer than 30\\)\\)`));
      assert.equal(await retentionOf(p.logGroup), 365);

      // Given explicitly, shorter: shown as a diff, marked, and not applied without --yes.
      const unconfirmed = await cli("setup", "--retention-days", "7", ...p.args);
      assert.equal(unconfirmed.status, 1);
      assert.match(unconfirmed.stdout, /update +log-group .*DESTRUCTIVE: events older than 7 days are deleted/);
      assert.match(unconfirmed.stdout, /retention: 365 -> 7 days/);
      assert.match(unconfirmed.stderr, /deletes data.*--yes/);
      assert.equal(await retentionOf(p.logGroup), 365);

      const confirmed = await cli("setup", "--yes", "--retention-days", "7", ...p.args);
      assert.equal(confirmed.status, 0, confirmed.stderr);
      assert.equal(await retentionOf(p.logGroup), 7);
    });

    test("a flow log in another format is kept (the difference shown) unless --replace-flow-log; the preset's filters follow the flow log's format", async () => {
      const p = pipelineNames("format");
      await createVpc(backend, p.vpc);
      const first = await cli("setup", "--yes", "--alarms", ...p.args);
      assert.equal(first.status, 0, first.stderr);
      const ec2 = new EC2Client(backend.clientConfig());
      const client = logs();
      try {
        const flowLog = async () => (await ec2.send(new DescribeFlowLogsCommand({}))).FlowLogs?.find((f) => f.LogGroupName === p.logGroup);
        const patterns = async () =>
          new Map(
            ((await client.send(new DescribeMetricFiltersCommand({ logGroupName: p.logGroup }))).metricFilters ?? []).map((f) => [
              f.filterName,
              f.filterPattern,
            ]),
          );
        const expected = (format: string) =>
          new Map(buildPreset(setupConfig({ alarms: true, format, logGroup: p.logGroup })).filters.map((f) => [f.filterName, f.filterPattern]));
        const before = await flowLog();

        const kept = await cli("setup", "--yes", "--format", "v5", ...p.args);
        assert.equal(kept.status, 0, kept.stderr);
        assert.match(kept.stdout, /kept +flow-log .*--replace-flow-log/);
        assert.match(kept.stdout, /format: default -> v5/);
        assert.deepEqual([(await flowLog())?.FlowLogId, (await flowLog())?.LogFormat], [before?.FlowLogId, DEFAULT_FORMAT_TEXT]);
        assert.deepEqual(await patterns(), expected("default"));

        const replaced = await cli("setup", "--yes", "--format", "v5", "--replace-flow-log", ...p.args);
        assert.equal(replaced.status, 0, replaced.stderr);
        assert.match(replaced.stdout, /update +flow-log .*DESTRUCTIVE/);
        assert.match(replaced.stdout, /update +metric-filter flowwatch-rejected +\(the pattern follows the flow log's v5 format\)/);
        assert.match(replaced.stdout, /filterPattern: '\[version, account_id, .*log_status\]' -> '\[version, .*traffic_path\]'/);
        const after = await flowLog();
        assert.notEqual(after?.FlowLogId, before?.FlowLogId);
        assert.equal(after?.LogFormat, V5_FORMAT_TEXT);
        // Without --alarms the preset's settings are left alone; only the patterns follow the records.
        assert.deepEqual(await patterns(), expected("v5"));
      } finally {
        ec2.destroy();
        client.destroy();
      }
    });
  });
}
