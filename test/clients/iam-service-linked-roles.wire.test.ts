/**
 * Service-linked roles with the SDK v3: the role AWS names and places, trusting only its service; protected
 * from DeleteRole, UpdateAssumeRolePolicy and PutRolePermissionsBoundary (UnmodifiableEntity); deleted only
 * through DeleteServiceLinkedRole, whose task reports SUCCEEDED.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import * as IAM from "@aws-sdk/client-iam";
import { useLocalCloud } from "../support/local-cloud.js";

const env = useLocalCloud();
const A = "000000000000";
const refused = (code: string, message: string | RegExp) => (error: Error & { Code?: string }) => {
  assert.equal(error.Code ?? error.name, code);
  if (typeof message === "string") assert.equal(error.message, message);
  else assert.match(error.message, message);
  return true;
};

describe("service-linked roles (SDK v3)", () => {
  test("create, protect, delete, deletion status", async () => {
    const iam = new IAM.IAMClient(env.clientConfig());
    const role = (await iam.send(new IAM.CreateServiceLinkedRoleCommand({ AWSServiceName: "autoscaling.amazonaws.com", Description: "for the fleet" }))).Role;
    assert.equal(role?.RoleName, "AWSServiceRoleForAutoScaling");
    assert.equal(role?.Path, "/aws-service-role/autoscaling.amazonaws.com/");
    assert.equal(role?.Arn, `arn:aws:iam::${A}:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling`);
    assert.deepEqual(JSON.parse(decodeURIComponent(role?.AssumeRolePolicyDocument ?? "")).Statement[0].Principal, { Service: ["autoscaling.amazonaws.com"] });
    const suffixed = (await iam.send(new IAM.CreateServiceLinkedRoleCommand({ AWSServiceName: "autoscaling.amazonaws.com", CustomSuffix: "fleet2" }))).Role;
    assert.equal(suffixed?.RoleName, "AWSServiceRoleForAutoScaling_fleet2");

    await assert.rejects(
      iam.send(new IAM.CreateServiceLinkedRoleCommand({ AWSServiceName: "autoscaling.amazonaws.com" })),
      refused("InvalidInput", "Service role name AWSServiceRoleForAutoScaling has been taken in this account, please try a different suffix."),
    );
    await assert.rejects(
      iam.send(new IAM.CreateServiceLinkedRoleCommand({ AWSServiceName: "ecs.amazonaws.com", CustomSuffix: "x" })),
      refused("InvalidInput", "Custom suffix is not allowed for ecs.amazonaws.com"),
    );
    await assert.rejects(
      iam.send(new IAM.CreateServiceLinkedRoleCommand({ AWSServiceName: "unknown.amazonaws.com" })),
      refused("InvalidInput", /unknown\.amazonaws\.com/),
    );

    const protectedMessage = "Cannot perform the operation on the protected role 'AWSServiceRoleForAutoScaling' - this role is only modifiable by AWS";
    await assert.rejects(iam.send(new IAM.DeleteRoleCommand({ RoleName: "AWSServiceRoleForAutoScaling" })), refused("UnmodifiableEntity", protectedMessage));
    const trust = JSON.stringify({
      Version: "2012-10-17",
      Statement: [{ Effect: "Allow", Principal: { AWS: `arn:aws:iam::${A}:root` }, Action: "sts:AssumeRole" }],
    });
    await assert.rejects(
      iam.send(new IAM.UpdateAssumeRolePolicyCommand({ RoleName: "AWSServiceRoleForAutoScaling", PolicyDocument: trust })),
      refused("UnmodifiableEntity", protectedMessage),
    );
    await assert.rejects(
      iam.send(
        new IAM.PutRolePermissionsBoundaryCommand({ RoleName: "AWSServiceRoleForAutoScaling", PermissionsBoundary: "arn:aws:iam::aws:policy/ReadOnlyAccess" }),
      ),
      refused("UnmodifiableEntity", protectedMessage),
    );

    await iam.send(new IAM.CreateRoleCommand({ RoleName: "plain", AssumeRolePolicyDocument: trust }));
    await assert.rejects(
      iam.send(new IAM.DeleteServiceLinkedRoleCommand({ RoleName: "plain" })),
      refused("InvalidInput", "Role plain is not a service-linked role."),
    );

    const task = (await iam.send(new IAM.DeleteServiceLinkedRoleCommand({ RoleName: "AWSServiceRoleForAutoScaling" }))).DeletionTaskId as string;
    assert.match(task, /^task\/aws-service-role\/autoscaling\.amazonaws\.com\/AWSServiceRoleForAutoScaling\/[0-9a-f-]{36}$/);
    assert.equal((await iam.send(new IAM.GetServiceLinkedRoleDeletionStatusCommand({ DeletionTaskId: task }))).Status, "SUCCEEDED");
    await assert.rejects(
      iam.send(new IAM.GetRoleCommand({ RoleName: "AWSServiceRoleForAutoScaling" })),
      refused("NoSuchEntity", "The role with name AWSServiceRoleForAutoScaling cannot be found."),
    );
    await assert.rejects(
      iam.send(new IAM.GetServiceLinkedRoleDeletionStatusCommand({ DeletionTaskId: `${task.slice(0, -4)}0000` })),
      refused("NoSuchEntity", /cannot be found/),
    );
  });
});
