/**
 * IAM's eventual consistency, against moto_server and the local cloud (neither delays IAM, so AWS's
 * refusal is injected into the SDK client): CreateFlowLogs refused with `InvalidParameter: Unable to
 * assume given IAM role` right after setup changed the role is retried with bounded backoff, saying so;
 * the same refusal for a role setup did not touch is reported at once.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { DeleteFlowLogsCommand, DescribeFlowLogsCommand } from "@aws-sdk/client-ec2";
import { awsClients, type AwsClients } from "../../src/setup/clients.js";
import { setupConfig } from "../../src/setup/config.js";
import { runSetup } from "../../src/setup/setup.js";
import { createVpc, pipelineNames, useBackends } from "../support/backends.js";

const backends = useBackends();

/** `refuse(n)`: the next n CreateFlowLogs calls fail as AWS fails them while a new role propagates. */
function refusingCreateFlowLogs(clients: AwsClients): (times: number) => void {
  let left = 0;
  clients.ec2.middlewareStack.add(
    (next, context) => async (args) => {
      if (context.commandName === "CreateFlowLogsCommand" && left > 0) {
        left--;
        const error = new Error("Unable to assume given IAM role: 'arn:aws:iam::123456789012:role/x'");
        error.name = "InvalidParameter";
        throw Object.assign(error, { $fault: "client", $metadata: { httpStatusCode: 400 } });
      }
      return next(args);
    },
    { step: "initialize", name: "iamNotYetConsistent" },
  );
  return (times) => {
    left = times;
  };
}

for (const backend of backends) {
  describe(`setup waits for IAM (${backend.name})`, { skip: backend.skip }, () => {
    const wait = { timeoutMs: 5_000, pollMs: 50 };

    test("a role just created is refused twice: two waits of 2 and 4 s, said, then the flow log", async () => {
      const p = pipelineNames("iam-new");
      await createVpc(backend, p.vpc);
      const clients = awsClients(backend.clientConfig());
      const slept: number[] = [];
      const lines: string[] = [];
      try {
        const refuse = refusingCreateFlowLogs(clients);
        refuse(2);
        const config = setupConfig({ vpc: p.vpc, logGroup: p.logGroup, roleName: p.role, policyName: p.policy, flowLogName: p.flowLog });
        const result = await runSetup(clients, config, {
          wait,
          print: (l) => lines.push(l),
          iamWait: { totalMs: 60_000, sleep: async (ms) => void slept.push(ms) },
        });
        assert.equal(result.applied, true);
        assert.deepEqual(slept, [2_000, 4_000]);
        assert.equal(lines.filter((l) => /waiting for IAM: .*InvalidParameter: Unable to assume given IAM role/.test(l)).length, 2);
        assert.ok((await clients.ec2.send(new DescribeFlowLogsCommand({}))).FlowLogs?.some((f) => f.FlowLogId === result.flowLogId));

        // The role now exists and setup changes nothing of IAM: the same refusal is the answer, not propagation.
        await clients.ec2.send(new DeleteFlowLogsCommand({ FlowLogIds: [result.flowLogId ?? ""] }));
        refuse(1);
        await assert.rejects(
          runSetup(clients, config, { wait, iamWait: { totalMs: 60_000, sleep: async (ms) => void slept.push(ms) } }),
          /CreateFlowLogs: InvalidParameter: Unable to assume given IAM role.*if it was created or changed in the last minute/,
        );
        assert.deepEqual(slept, [2_000, 4_000]);
      } finally {
        clients.destroy();
      }
    });

    test("refused for longer than the budget: waits at most 60 s in all, then reports the refusal", async () => {
      const p = pipelineNames("iam-never");
      await createVpc(backend, p.vpc);
      const clients = awsClients(backend.clientConfig());
      const slept: number[] = [];
      try {
        refusingCreateFlowLogs(clients)(100);
        const config = setupConfig({ vpc: p.vpc, logGroup: p.logGroup, roleName: p.role, policyName: p.policy, flowLogName: p.flowLog });
        await assert.rejects(
          runSetup(clients, config, { wait, iamWait: { totalMs: 60_000, sleep: async (ms) => void slept.push(ms) } }),
          /Unable to assume given IAM role.*still refused after waiting 60 s for IAM/,
        );
        assert.deepEqual(slept, [2_000, 4_000, 8_000, 16_000, 16_000, 14_000]);
      } finally {
        clients.destroy();
      }
    });
  });
}
