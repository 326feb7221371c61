/**
 * doctor's own evaluation agrees with SimulatePrincipalPolicy: the same roles judged by the local cloud's
 * simulation (the root may simulate) and by flowwatch reading the policies (a caller refused the simulation).
 */
import assert from "node:assert/strict";
import { before, describe, test } from "node:test";
import {
  AttachRolePolicyCommand,
  CreateAccessKeyCommand,
  CreatePolicyCommand,
  CreateRoleCommand,
  CreateUserCommand,
  IAMClient,
  PutRolePolicyCommand,
  PutUserPolicyCommand,
} from "@aws-sdk/client-iam";
import { useLocalCloud } from "../../../test/support/local-cloud.js";
import { awsClients } from "../clients.js";
import { SEED_POLICY, SEED_TRUST } from "../documents.js";
import { passRoleCheck, rolePermissionsCheck, simulationFailure } from "./permissions.js";

const env = useLocalCloud();
const scope = { partition: "aws", region: "us-east-1", account: "000000000000" };
const group = "Perm-Log";
const statement = (Effect: string, Action: string[], Resource: string) => ({ Version: "2012-10-17", Statement: [{ Effect, Action, Resource }] });

/** Role name -> how it is set up; the decision both ways must be the same. */
const ROLES: Record<string, { inline?: object; managed?: object; expected: "ok" | "fail" }> = {
  "perm-seed": { inline: SEED_POLICY, expected: "ok" },
  "perm-managed": { managed: statement("Allow", ["logs:*"], `arn:aws:logs:us-east-1:000000000000:log-group:${group}:*`), expected: "ok" },
  "perm-denied": { managed: statement("Allow", ["logs:*"], "*"), inline: statement("Deny", ["logs:PutLogEvents"], "*"), expected: "fail" },
  "perm-other-group": {
    inline: statement("Allow", ["logs:CreateLogStream", "logs:PutLogEvents"], "arn:aws:logs:us-east-1:000000000000:log-group:Other:*"),
    expected: "fail",
  },
  "perm-none": { expected: "fail" },
};

describe("doctor's own evaluation of a role's permissions", () => {
  let narrow: { accessKeyId: string; secretAccessKey: string };

  before(async () => {
    const iam = new IAMClient(env.clientConfig());
    for (const [name, setup] of Object.entries(ROLES)) {
      await iam.send(new CreateRoleCommand({ RoleName: name, AssumeRolePolicyDocument: JSON.stringify(SEED_TRUST) }));
      if (setup.inline) await iam.send(new PutRolePolicyCommand({ RoleName: name, PolicyName: "inline", PolicyDocument: JSON.stringify(setup.inline) }));
      if (setup.managed) {
        const arn = (await iam.send(new CreatePolicyCommand({ PolicyName: `${name}-managed`, PolicyDocument: JSON.stringify(setup.managed) }))).Policy?.Arn;
        await iam.send(new AttachRolePolicyCommand({ RoleName: name, PolicyArn: arn }));
      }
    }
    await iam.send(new CreateUserCommand({ UserName: "reader" }));
    await iam.send(
      new PutUserPolicyCommand({
        UserName: "reader",
        PolicyName: "reads",
        PolicyDocument: JSON.stringify(statement("Allow", ["iam:Get*", "iam:List*", "iam:PassRole"], "*")),
      }),
    );
    const key = (await iam.send(new CreateAccessKeyCommand({ UserName: "reader" }))).AccessKey;
    narrow = { accessKeyId: key?.AccessKeyId ?? "", secretAccessKey: key?.SecretAccessKey ?? "" };
    iam.destroy();
  });

  for (const [name, { expected }] of Object.entries(ROLES)) {
    test(`${name}: simulated and evaluated agree (${expected})`, async () => {
      const root = awsClients({ endpoint: env.endpoint, region: "us-east-1", credentials: { accessKeyId: "test", secretAccessKey: "test" } });
      const reader = awsClients({ endpoint: env.endpoint, region: "us-east-1", credentials: narrow });
      try {
        const arn = `arn:aws:iam::000000000000:role/${name}`;
        const simulated = await rolePermissionsCheck(root, scope, arn, group, true);
        const evaluated = await rolePermissionsCheck(reader, scope, arn, group, true);
        assert.deepEqual([simulated.status, evaluated.status], [expected, expected], `${simulated.detail} | ${evaluated.detail}`);
        assert.doesNotMatch(simulated.detail, /evaluated by flowwatch/);
        assert.match(evaluated.detail, /evaluated by flowwatch from .*: SimulatePrincipalPolicy refused to the caller \(AccessDenied/);
        if (name === "perm-denied") assert.match(evaluated.detail, /logs:PutLogEvents \(explicitDeny\)/);
      } finally {
        root.destroy();
        reader.destroy();
      }
    });
  }

  test("iam:PassRole: the reader's own inline policy allows it, evaluated by flowwatch", async () => {
    const reader = awsClients({ endpoint: env.endpoint, region: "us-east-1", credentials: narrow });
    try {
      const check = await passRoleCheck(
        reader,
        { arn: "arn:aws:iam::000000000000:user/reader", account: "000000000000", isRoot: false },
        "arn:aws:iam::000000000000:role/perm-seed",
      );
      assert.equal(check.status, "ok", check.detail);
      assert.match(check.detail, /evaluated by flowwatch from 0 attached, 1 inline policy/);
    } finally {
      reader.destroy();
    }
  });
});

describe("simulationFailure: the cause in words that do not blame the role", () => {
  const error = (name: string, status?: number) => Object.assign(new Error("m"), { name, $metadata: { httpStatusCode: status } });
  test("AccessDenied is refused to the caller; NotImplemented, InvalidAction and an HTML 500 are unavailable", () => {
    assert.deepEqual(simulationFailure(error("AccessDenied", 403)), { why: "SimulatePrincipalPolicy refused to the caller (AccessDenied)", refused: true });
    assert.equal(simulationFailure(error("NotImplemented", 501)).why, "SimulatePrincipalPolicy unavailable (NotImplemented)");
    assert.equal(simulationFailure(error("InvalidAction", 400)).why, "SimulatePrincipalPolicy unavailable (InvalidAction)");
    assert.equal(simulationFailure(error("Error", 500)).why, "SimulatePrincipalPolicy unavailable (HTTP 500, not an AWS error)");
    // The clients refuse an HTML page before the SDK parses it (NotAwsResponseError, with the status).
    assert.equal(
      simulationFailure(Object.assign(new Error("x"), { name: "NotAwsResponseError", status: 500 })).why,
      "SimulatePrincipalPolicy unavailable (HTTP 500, not an AWS error)",
    );
    assert.equal(simulationFailure(error("Throttling", 400)).why, "SimulatePrincipalPolicy failed (Throttling: m)");
  });
});
