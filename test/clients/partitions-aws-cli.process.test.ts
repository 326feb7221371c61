/**
 * Partitions through the AWS CLI v2 in cn-north-1: get-caller-identity, create-role, describe-log-groups,
 * describe-alarms and assume-role answer with aws-cn ARNs. Other partitions: partitions.wire.test.ts (the SDK).
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { awsCli } from "../support/aws-cli.js";
import { useLocalCloud } from "../support/local-cloud.js";

const env = useLocalCloud();

for (const { region, partition, account } of [{ region: "cn-north-1", partition: "aws-cn", account: "111111111111" }]) {
  describe(`AWS CLI v2 in ${region}`, () => {
    const vars = { AWS_REGION: region, AWS_DEFAULT_REGION: region, AWS_ACCESS_KEY_ID: account };
    const ok = async (args: string[]) => {
      const r = await awsCli(env.endpoint, args, vars);
      assert.equal(r.status, 0, `${args.join(" ")}: ${r.stderr}`);
      return r.json;
    };

    test("STS, IAM, Logs and CloudWatch ARNs carry the partition", async () => {
      assert.equal((await ok(["sts", "get-caller-identity"])).Arn, `arn:${partition}:iam::${account}:root`);
      const trust = JSON.stringify({
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Principal: { AWS: `arn:${partition}:iam::${account}:root` }, Action: "sts:AssumeRole" }],
      });
      const role = (await ok(["iam", "create-role", "--role-name", "r", "--assume-role-policy-document", trust])).Role;
      assert.equal(role.Arn, `arn:${partition}:iam::${account}:role/r`);
      await ok(["logs", "create-log-group", "--log-group-name", "g"]);
      const group = (await ok(["logs", "describe-log-groups"])).logGroups[0];
      assert.equal(group.arn, `arn:${partition}:logs:${region}:${account}:log-group:g:*`);
      await ok([
        "cloudwatch",
        "put-metric-alarm",
        "--alarm-name",
        "a",
        "--namespace",
        "N",
        "--metric-name",
        "M",
        "--statistic",
        "Sum",
        "--period",
        "60",
        "--evaluation-periods",
        "1",
        "--threshold",
        "1",
        "--comparison-operator",
        "GreaterThanThreshold",
      ]);
      assert.equal(
        (await ok(["cloudwatch", "describe-alarms", "--alarm-names", "a"])).MetricAlarms[0].AlarmArn,
        `arn:${partition}:cloudwatch:${region}:${account}:alarm:a`,
      );
      const user = (await ok(["iam", "create-user", "--user-name", "u"])).User;
      assert.equal(user.Arn, `arn:${partition}:iam::${account}:user/u`);
      await ok([
        "iam",
        "put-user-policy",
        "--user-name",
        "u",
        "--policy-name",
        "p",
        "--policy-document",
        JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "sts:AssumeRole", Resource: role.Arn }] }),
      ]);
      const key = (await ok(["iam", "create-access-key", "--user-name", "u"])).AccessKey;
      const asUser = await awsCli(env.endpoint, ["sts", "assume-role", "--role-arn", role.Arn, "--role-session-name", "s1"], {
        ...vars,
        AWS_ACCESS_KEY_ID: key.AccessKeyId,
        AWS_SECRET_ACCESS_KEY: key.SecretAccessKey,
      });
      assert.equal(asUser.status, 0, asUser.stderr);
      assert.equal(asUser.json.AssumedRoleUser.Arn, `arn:${partition}:sts::${account}:assumed-role/r/s1`);
    });
  });
}
