/**
 * explain over the EC2 API of two AWS implementations: each scenario's network built through the SDK on
 * moto_server (which this project did not write) and on the local cloud, then explained; the verdict and
 * the deciding rule must be AWS's. `flowwatch explain` itself (a process) for exit codes and one-line errors.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { EC2Client } from "@aws-sdk/client-ec2";
import { DEFAULT_FORMAT, recordParser } from "../../src/flowlog/index.js";
import { explainFlow, explainRecord } from "../../src/monitor/explain-flow.js";
import { useBackends } from "../support/backends.js";
import { type BuiltNetwork, buildNetwork } from "../support/explain-network.js";
import { CLIENT, EXPLAIN_SCENARIOS, type ExplainScenario, recordLine } from "../support/explain-scenarios.js";
import { flowwatch } from "../support/flowwatch-process.js";

const backends = useBackends();

async function explain(ec2: EC2Client, scenario: ExplainScenario, n: BuiltNetwork) {
  const flow = scenario.flow(n, CLIENT);
  if ("record" in flow) return explainRecord(ec2, recordParser(DEFAULT_FORMAT)(flow.record));
  return explainFlow(ec2, { eni: n.eniId, ...flow });
}

for (const backend of backends) {
  describe(`explain on ${backend.name}`, { skip: backend.skip }, () => {
    // Each scenario gets its own VPC (10.N.0.0/16), so none sees another's rules.
    EXPLAIN_SCENARIOS.forEach((scenario, i) => {
      test(scenario.name, async () => {
        const ec2 = new EC2Client(backend.clientConfig());
        try {
          const n = await buildNetwork(ec2, scenario.network, `10.${i + 1}.0.0/16`);
          const { explanation } = await explain(ec2, scenario, n);
          assert.equal(explanation.verdict, scenario.verdict, explanation.headline);
          const expected = backend.name === "moto_server" && scenario.moto ? scenario.moto.headline(n, CLIENT) : scenario.headline(n, CLIENT);
          assert.equal(explanation.headline, expected);
        } finally {
          ec2.destroy();
        }
      });
    });

    test("flowwatch explain: exit 1 and the rule for a REJECT, 0 for an ACCEPT, one-line errors", async () => {
      const ec2 = new EC2Client(backend.clientConfig());
      let n: BuiltNetwork;
      try {
        n = await buildNetwork(ec2, { ingress: [{ IpProtocol: "tcp", FromPort: 80, ToPort: 80, IpRanges: [{ CidrIp: "0.0.0.0/0" }] }] }, "10.50.0.0/16");
      } finally {
        ec2.destroy();
      }
      const config = backend.clientConfig();
      const env = { AWS_ACCESS_KEY_ID: config.credentials.accessKeyId, AWS_SECRET_ACCESS_KEY: config.credentials.secretAccessKey };
      const run = (args: string[]) => flowwatch(["explain", ...args, "--endpoint", backend.endpoint()], env);
      const [rejected, accepted, json, missing, misuse] = await Promise.all([
        run([recordLine(n, CLIENT, n.privateIp, 51234, 8080, "REJECT")]),
        run(["--eni", n.eniId, "--src", CLIENT, "--port", "80"]),
        run(["--eni", n.eniId, "--src", CLIENT, "--port", "443", "--output", "json"]),
        run(["--eni", "eni-0123456789abcdef0", "--src", CLIENT, "--port", "80"]),
        run(["--src", CLIENT, "--port", "80"]),
      ]);
      assert.equal(rejected.status, 1, rejected.stderr);
      assert.match(rejected.stdout, new RegExp(`^REJECT: inbound: no rule of ${n.groupId} \\(launch-wizard-1\\) allows tcp 8080 from 203\\.0\\.113\\.9/32`, "m"));
      assert.match(rejected.stdout, /aws ec2 authorize-security-group-ingress --group-id sg-\w+ --ip-permissions 'IpProtocol=tcp,FromPort=8080,ToPort=8080,IpRanges=\[\{CidrIp=203.0.113.9\/32\}\]'/);
      assert.match(rejected.stdout, /^record: the record's REJECT is this rule's/m);
      assert.equal(accepted.status, 0, accepted.stderr);
      assert.match(accepted.stdout, /^ACCEPT: allowed both ways/m);
      assert.equal(json.status, 1);
      assert.equal(JSON.parse(json.stdout).verdict, "REJECT");
      assert.equal(missing.status, 1);
      assert.equal(missing.stdout, "");
      assert.match(missing.stderr, /^flowwatch: network interface eni-0123456789abcdef0 not found \(DescribeNetworkInterfaces: InvalidNetworkInterfaceID.NotFound: .*\)\n$/);
      assert.equal(misuse.status, 2);
      assert.equal(misuse.stderr, "flowwatch: --eni is required with --src/--dst/--port/--protocol\n");
    });
  });
}
