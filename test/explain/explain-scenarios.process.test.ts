/**
 * explain over the EC2 API of two AWS implementations: the table of rejections (test/support/reject-scenarios.ts)
 * set up through the SDK on moto_server (which this project did not write) and on the local cloud, each
 * scenario's record explained; the verdict and the deciding rule must be AWS's. Then flows inside the VPC,
 * described flows, and `flowwatch explain` itself (a process) for exit codes and one-line errors.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import {
  AuthorizeSecurityGroupIngressCommand,
  CreateSecurityGroupCommand,
  EC2Client,
  RevokeSecurityGroupEgressCommand,
  RunInstancesCommand,
} from "@aws-sdk/client-ec2";
import { DEFAULT_FORMAT, recordParser } from "../../src/flowlog/index.js";
import { explainFlow, explainRecord } from "../../src/monitor/explain-flow.js";
import { type Backend, useBackends } from "../support/backends.js";
import { CLIENT, EXPLAIN_EXPECTED, recordLine, ruleIdsOf } from "../support/explain-scenarios.js";
import { flowwatch } from "../support/flowwatch-process.js";
import {
  applyScenario,
  buildScenarioVpc,
  REJECT_SCENARIOS,
  type RejectScenario,
  type ScenarioInstance,
  type ScenarioVpc,
} from "../support/reject-scenarios.js";

const backends = useBackends();
const CLIENT_PORT = 51234;

/** A scenario of explain's own beyond the table (no records expected of it). */
const own = (name: string, port: number, ingress: RejectScenario["ingress"]): RejectScenario => ({ name, port, ingress, records: [], decidedBy: "" });
const http = [{ IpProtocol: "tcp", FromPort: 80, ToPort: 80, IpRanges: [{ CidrIp: "0.0.0.0/0" }] }];

for (const backend of backends) {
  describe(`explain on ${backend.name}`, { skip: backend.skip }, () => {
    let vpc: Promise<ScenarioVpc> | undefined;
    /** The scenario's subnet and instance in this backend's one VPC (10.40.<index>.0/24). */
    async function setUp(b: Backend, scenario: RejectScenario, index: number): Promise<{ ec2: EC2Client; vpc: ScenarioVpc; instance: ScenarioInstance }> {
      const ec2 = new EC2Client(b.clientConfig());
      vpc ??= buildScenarioVpc(ec2);
      const built = await vpc;
      return { ec2, vpc: built, instance: await applyScenario(ec2, built, scenario, index) };
    }

    REJECT_SCENARIOS.forEach((scenario, i) => {
      test(scenario.name, async () => {
        const expected = EXPLAIN_EXPECTED[scenario.name];
        assert.ok(expected, `explain has an expectation for "${scenario.name}"`);
        const { ec2, vpc: v, instance } = await setUp(backend, scenario, i + 1);
        try {
          // The record AWS writes for the connection (its REJECT when there is one), else the connection itself.
          const record = scenario.records.find((r) => r.action === "REJECT") ?? scenario.records[0];
          const explained = record
            ? await explainRecord(
                ec2,
                recordParser(DEFAULT_FORMAT)(
                  record.direction === "ingress"
                    ? recordLine(instance, CLIENT, instance.privateIp, CLIENT_PORT, scenario.port, record.action)
                    : recordLine(instance, instance.privateIp, CLIENT, scenario.port, CLIENT_PORT, record.action),
                ),
              )
            : await explainFlow(ec2, { eni: instance.interfaceId, src: CLIENT, srcPort: CLIENT_PORT, port: scenario.port, protocol: "tcp" });
          const context = { vpc: v, instance, rules: await ruleIdsOf(ec2, instance.groupId), groupName: `scenario-${i + 1}`, client: CLIENT };
          assert.equal(explained.explanation.verdict, expected.verdict, explained.explanation.headline);
          assert.equal(
            explained.explanation.headline,
            backend.name === "moto_server" && expected.moto ? expected.moto.headline(context) : expected.headline(context),
          );
          if (record) assert.match(explained.explanation.recordNote ?? "", new RegExp(`^the record's ${record.action}`), "the record agrees with the rules");
        } finally {
          ec2.destroy();
        }
      });
    });

    test("described flows: outbound by default egress, ICMP by type, the interface's own address filled in, and refusals", async () => {
      const icmp = [{ IpProtocol: "icmp", FromPort: 8, ToPort: -1, IpRanges: [{ CidrIp: "0.0.0.0/0" }] }];
      const { ec2, instance } = await setUp(backend, own("icmp echo only", 80, icmp), 20);
      try {
        const out = await explainFlow(ec2, { eni: instance.interfaceId, dst: "198.51.100.7", port: 443, protocol: "tcp" });
        assert.equal(out.explanation.verdict, "ACCEPT", out.explanation.headline);
        assert.equal(out.explanation.connection.initiator.address, instance.privateIp, "--direction outbound is read from --dst");
        assert.match(
          out.explanation.headline,
          new RegExp(`^allowed both ways: outbound: allowed by rule sgr-\\w+ of ${instance.groupId} \\(scenario-20\\) allowing all traffic to 0\\.0\\.0\\.0/0`),
        );
        const ping = await explainFlow(ec2, { eni: instance.interfaceId, src: CLIENT, port: 8, protocol: "icmp" });
        assert.equal(ping.explanation.verdict, "ACCEPT", ping.explanation.headline);
        const unreachable = await explainFlow(ec2, { eni: instance.interfaceId, src: CLIENT, port: 3, protocol: "icmp" });
        assert.equal(unreachable.explanation.verdict, "REJECT");
        assert.match(
          unreachable.explanation.headline,
          /allows icmp type 3 from 203\.0\.113\.9\/32; the closest is rule sgr-\w+ .* allowing icmp type 8 from 0\.0\.0\.0\/0$/,
        );
        await assert.rejects(explainFlow(ec2, { eni: instance.interfaceId, src: CLIENT, protocol: "udp" }), /--port is required for tcp and udp/);
        await assert.rejects(
          explainFlow(ec2, { eni: instance.interfaceId, src: "not-an-address", port: 80, protocol: "tcp" }),
          /--src must be an IPv4 or IPv6 address, not 'not-an-address'/,
        );
        await assert.rejects(
          explainFlow(ec2, { eni: instance.interfaceId, src: CLIENT, dst: "10.40.20.200", port: 80, protocol: "tcp", direction: "inbound" }),
          /10\.40\.20\.200 is not an address of eni-/,
        );
        await assert.rejects(explainFlow(ec2, { eni: instance.interfaceId, src: CLIENT, port: 80, protocol: "bogus" }), /--protocol takes tcp, udp, icmp/);
      } finally {
        ec2.destroy();
      }
    });

    test("inside the VPC: a group as the source matches its members, and the peer interface's own outbound rules are read", async () => {
      const { ec2, vpc: v, instance: db } = await setUp(backend, own("database", 5432, []), 21);
      try {
        const appGroup = (await ec2.send(new CreateSecurityGroupCommand({ GroupName: "app", Description: "app servers", VpcId: v.vpcId }))).GroupId as string;
        await ec2.send(
          new AuthorizeSecurityGroupIngressCommand({
            GroupId: db.groupId,
            IpPermissions: [{ IpProtocol: "tcp", FromPort: 5432, ToPort: 5432, UserIdGroupPairs: [{ GroupId: appGroup }] }],
          }),
        );
        const launch = async (groups: string[]) =>
          (
            await ec2.send(
              new RunInstancesCommand({
                ImageId: "ami-0abcdef1234567890",
                InstanceType: "t3.micro",
                MinCount: 1,
                MaxCount: 1,
                SubnetId: db.subnetId,
                SecurityGroupIds: groups,
              }),
            )
          ).Instances?.[0]?.PrivateIpAddress as string;
        const app = await launch([appGroup]);
        const stranger = await launch([db.groupId]);
        const allowed = await explainFlow(ec2, { eni: db.interfaceId, src: app, port: 5432, protocol: "tcp" });
        assert.equal(allowed.explanation.verdict, "ACCEPT", allowed.explanation.headline);
        assert.match(
          allowed.explanation.headline,
          new RegExp(`inbound: allowed by rule sgr-\\w+ of ${db.groupId} \\(scenario-21\\) allowing tcp 5432 from members of ${appGroup}`),
        );
        assert.ok(
          allowed.explanation.steps.some((st) => st.leg === "request" && st.where === "outbound" && st.kind === "security-groups" && st.outcome === "allow"),
          "the app's own egress was read",
        );
        assert.ok(
          allowed.explanation.steps.filter((st) => st.kind === "network-acl").every((st) => st.outcome === "not-crossed"),
          "one subnet: no network ACL",
        );
        const refused = await explainFlow(ec2, { eni: db.interfaceId, src: stranger, port: 5432, protocol: "tcp" });
        assert.equal(refused.explanation.verdict, "REJECT");
        assert.match(
          refused.explanation.headline,
          new RegExp(`^inbound: no rule of ${db.groupId} \\(scenario-21\\) allows tcp 5432 from ${stranger.replaceAll(".", "\\.")}/32`),
        );
        await ec2.send(new RevokeSecurityGroupEgressCommand({ GroupId: appGroup, IpPermissions: [{ IpProtocol: "-1", IpRanges: [{ CidrIp: "0.0.0.0/0" }] }] }));
        const noEgress = await explainFlow(ec2, { eni: db.interfaceId, src: app, port: 5432, protocol: "tcp" });
        assert.equal(noEgress.explanation.verdict, "REJECT");
        assert.match(
          noEgress.explanation.headline,
          new RegExp(`^outbound: no rule of ${appGroup} \\(app\\) allows tcp 5432 to ${db.privateIp.replaceAll(".", "\\.")}/32`),
        );
      } finally {
        ec2.destroy();
      }
    });

    test("flowwatch explain: exit 1 and the rule for a REJECT, 0 for an ACCEPT, one-line errors", async () => {
      const { ec2, instance } = await setUp(backend, own("web", 80, http), 22);
      ec2.destroy();
      const config = backend.clientConfig();
      const env = { AWS_ACCESS_KEY_ID: config.credentials.accessKeyId, AWS_SECRET_ACCESS_KEY: config.credentials.secretAccessKey };
      const run = (args: string[]) => flowwatch(["explain", ...args, "--endpoint", backend.endpoint()], env);
      const [rejected, accepted, json, missing, misuse] = await Promise.all([
        run([recordLine(instance, CLIENT, instance.privateIp, CLIENT_PORT, 8080, "REJECT")]),
        run(["--eni", instance.interfaceId, "--src", CLIENT, "--port", "80"]),
        run(["--eni", instance.interfaceId, "--src", CLIENT, "--port", "443", "--output", "json"]),
        run(["--eni", "eni-0123456789abcdef0", "--src", CLIENT, "--port", "80"]),
        run(["--src", CLIENT, "--port", "80"]),
      ]);
      assert.equal(rejected.status, 1, rejected.stderr);
      assert.match(
        rejected.stdout,
        new RegExp(`^REJECT: inbound: no rule of ${instance.groupId} \\(scenario-22\\) allows tcp 8080 from 203\\.0\\.113\\.9/32`, "m"),
      );
      assert.match(
        rejected.stdout,
        /aws ec2 authorize-security-group-ingress --group-id sg-\w+ --ip-permissions 'IpProtocol=tcp,FromPort=8080,ToPort=8080,IpRanges=\[\{CidrIp=203.0.113.9\/32\}\]'/,
      );
      assert.match(rejected.stdout, /^record: the record's REJECT is this rule's/m);
      assert.equal(accepted.status, 0, accepted.stderr);
      assert.match(accepted.stdout, /^ACCEPT: allowed both ways/m);
      assert.equal(json.status, 1);
      assert.equal(JSON.parse(json.stdout).verdict, "REJECT");
      assert.equal(missing.status, 1);
      assert.equal(missing.stdout, "");
      assert.match(
        missing.stderr,
        /^flowwatch: network interface eni-0123456789abcdef0 not found \(DescribeNetworkInterfaces: InvalidNetworkInterfaceID.NotFound: .*\)\n$/,
      );
      assert.equal(misuse.status, 2);
      assert.equal(misuse.stderr, "flowwatch: --eni is required with --src/--dst/--port/--protocol\n");
    });
  });
}
