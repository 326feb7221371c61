/**
 * Permissions boundaries through boto3: set on CreateUser/CreateRole and by Put/Delete…PermissionsBoundary,
 * shown by GetUser/GetRole (not by the List calls), counted by GetPolicy, and enforced: a user allowed logs:*
 * inside a logs:Describe* boundary is refused CreateLogGroup with AWS's "no permissions boundary" clause.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { boto3 } from "../support/aws-cli.js";
import { useLocalCloud } from "../support/local-cloud.js";

const env = useLocalCloud();
const A = "000000000000";

const PRELUDE = `
import boto3, json, os
from botocore.exceptions import ClientError
E = os.environ["ENDPOINT"]
iam = boto3.client("iam", endpoint_url=E, region_name="us-east-1")
sts = boto3.client("sts", endpoint_url=E, region_name="us-east-1")
out = {}
def err(f):
    try:
        f()
        return None
    except ClientError as e:
        return [e.response["Error"]["Code"], e.response["Error"]["Message"]]
def doc(*statements):
    return json.dumps({"Version": "2012-10-17", "Statement": list(statements)})
def allow(action, **extra):
    return dict({"Effect": "Allow", "Action": action, "Resource": "*"}, **extra)
A = "${A}"
`;

async function run(body: string): Promise<Record<string, any>> {
  const r = await boto3(env.endpoint, `${PRELUDE}\n${body}\nprint(json.dumps(out, default=str))`);
  assert.equal(r.status, 0, r.stderr);
  return r.json as Record<string, any>;
}

describe("permissions boundaries through boto3", () => {
  test("a user allowed logs:* inside a logs:Describe* boundary: Describe passes, CreateLogGroup is refused", async () => {
    const out = await run(`
b = iam.create_policy(PolicyName="describe-only", PolicyDocument=doc(allow("logs:Describe*")))["Policy"]["Arn"]
out["created"] = iam.create_user(UserName="bounded", PermissionsBoundary=b)["User"].get("PermissionsBoundary")
iam.put_user_policy(UserName="bounded", PolicyName="all-logs", PolicyDocument=doc(allow("logs:*")))
key = iam.create_access_key(UserName="bounded")["AccessKey"]
logs = boto3.client("logs", endpoint_url=E, region_name="us-east-1", aws_access_key_id=key["AccessKeyId"], aws_secret_access_key=key["SecretAccessKey"])
out["describe"] = "logGroups" in logs.describe_log_groups()
out["create"] = err(lambda: logs.create_log_group(logGroupName="g1"))
out["get"] = iam.get_user(UserName="bounded")["User"].get("PermissionsBoundary")
out["listed"] = [u for u in iam.list_users()["Users"] if u["UserName"] == "bounded"][0].get("PermissionsBoundary")
out["usage"] = iam.get_policy(PolicyArn=b)["Policy"]["PermissionsBoundaryUsageCount"]
out["boundaryOnly"] = [p["PolicyName"] for p in iam.list_policies(Scope="Local", PolicyUsageFilter="PermissionsBoundary")["Policies"]]
ents = iam.list_entities_for_policy(PolicyArn=b, PolicyUsageFilter="PermissionsBoundary")
out["entities"] = [u["UserName"] for u in ents["PolicyUsers"]]
out["attachedOnly"] = iam.list_entities_for_policy(PolicyArn=b, PolicyUsageFilter="PermissionsPolicy")["PolicyUsers"]
out["deletePolicy"] = err(lambda: iam.delete_policy(PolicyArn=b))
sim = iam.simulate_principal_policy(PolicySourceArn="arn:aws:iam::%s:user/bounded" % A, ActionNames=["logs:CreateLogGroup", "logs:DescribeLogGroups"])["EvaluationResults"]
out["simulated"] = [[r["EvalActionName"], r["EvalDecision"], r.get("PermissionsBoundaryDecisionDetail")] for r in sim]
# The boundary removed: CreateLogGroup passes (identity policies alone decide again).
iam.delete_user_permissions_boundary(UserName="bounded")
out["afterDelete"] = err(lambda: logs.create_log_group(logGroupName="g1"))
out["getAfter"] = iam.get_user(UserName="bounded")["User"].get("PermissionsBoundary")
# Put it back with an explicit deny in the boundary.
d = iam.create_policy(PolicyName="deny-put", PolicyDocument=doc(allow("*"), {"Effect": "Deny", "Action": "logs:DeleteLogGroup", "Resource": "*"}))["Policy"]["Arn"]
iam.put_user_permissions_boundary(UserName="bounded", PermissionsBoundary=d)
out["explicit"] = err(lambda: logs.delete_log_group(logGroupName="g1"))
out["replaced"] = iam.get_user(UserName="bounded")["User"]["PermissionsBoundary"]["PermissionsBoundaryArn"] == d
out["usageAfter"] = [iam.get_policy(PolicyArn=b)["Policy"]["PermissionsBoundaryUsageCount"], iam.get_policy(PolicyArn=d)["Policy"]["PermissionsBoundaryUsageCount"]]
`);
    const boundary = { PermissionsBoundaryType: "PermissionsBoundaryPolicy", PermissionsBoundaryArn: `arn:aws:iam::${A}:policy/describe-only` };
    assert.deepEqual(out.created, boundary);
    assert.equal(out.describe, true);
    assert.deepEqual(out.create, [
      "AccessDeniedException",
      `User: arn:aws:iam::${A}:user/bounded is not authorized to perform: logs:CreateLogGroup on resource: arn:aws:logs:us-east-1:${A}:log-group:g1:log-stream: because no permissions boundary allows the logs:CreateLogGroup action`,
    ]);
    assert.deepEqual(out.get, boundary);
    assert.equal(out.listed, null);
    assert.equal(out.usage, 1);
    assert.deepEqual(out.boundaryOnly, ["describe-only"]);
    assert.deepEqual(out.entities, ["bounded"]);
    assert.deepEqual(out.attachedOnly, []);
    assert.deepEqual(out.deletePolicy, ["DeleteConflict", "Cannot delete a policy attached to entities."]);
    assert.deepEqual(out.simulated, [
      ["logs:CreateLogGroup", "implicitDeny", { AllowedByPermissionsBoundary: false }],
      ["logs:DescribeLogGroups", "allowed", { AllowedByPermissionsBoundary: true }],
    ]);
    assert.equal(out.afterDelete, null);
    assert.equal(out.getAfter, null);
    assert.deepEqual(out.explicit, [
      "AccessDeniedException",
      `User: arn:aws:iam::${A}:user/bounded is not authorized to perform: logs:DeleteLogGroup on resource: arn:aws:logs:us-east-1:${A}:log-group:g1:log-stream: with an explicit deny in a permissions boundary`,
    ]);
    assert.equal(out.replaced, true);
    assert.deepEqual(out.usageAfter, [0, 1]);
  });

  test("a role's boundary narrows its sessions; refusals of bad boundaries", async () => {
    const out = await run(`
b = iam.create_policy(PolicyName="role-bound", PolicyDocument=doc(allow("logs:Describe*")))["Policy"]["Arn"]
trust = doc({"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::%s:root" % A}, "Action": "sts:AssumeRole"})
r = iam.create_role(RoleName="bounded-role", AssumeRolePolicyDocument=trust, PermissionsBoundary="arn:aws:iam::aws:policy/ReadOnlyAccess")["Role"]
out["created"] = r.get("PermissionsBoundary")
iam.put_role_permissions_boundary(RoleName="bounded-role", PermissionsBoundary=b)
out["get"] = iam.get_role(RoleName="bounded-role")["Role"]["PermissionsBoundary"]["PermissionsBoundaryArn"]
out["listed"] = [x for x in iam.list_roles()["Roles"] if x["RoleName"] == "bounded-role"][0].get("PermissionsBoundary")
iam.put_role_policy(RoleName="bounded-role", PolicyName="all", PolicyDocument=doc(allow("logs:*")))
c = sts.assume_role(RoleArn="arn:aws:iam::%s:role/bounded-role" % A, RoleSessionName="s1")["Credentials"]
logs = boto3.client("logs", endpoint_url=E, region_name="us-east-1", aws_access_key_id=c["AccessKeyId"], aws_secret_access_key=c["SecretAccessKey"], aws_session_token=c["SessionToken"])
out["describe"] = "logGroups" in logs.describe_log_groups()
out["create"] = err(lambda: logs.create_log_group(logGroupName="rg"))
out["noPolicy"] = err(lambda: iam.put_role_permissions_boundary(RoleName="bounded-role", PermissionsBoundary="arn:aws:iam::%s:policy/absent" % A))
out["notPolicy"] = err(lambda: iam.create_user(UserName="u2", PermissionsBoundary="arn:aws:iam::%s:role/bounded-role" % A))
out["u2"] = err(lambda: iam.get_user(UserName="u2"))
out["noRole"] = err(lambda: iam.delete_role_permissions_boundary(RoleName="absent"))
iam.delete_role_permissions_boundary(RoleName="bounded-role")
out["twice"] = err(lambda: iam.delete_role_permissions_boundary(RoleName="bounded-role"))
iam.put_role_permissions_boundary(RoleName="bounded-role", PermissionsBoundary=b)
iam.delete_role_policy(RoleName="bounded-role", PolicyName="all")
iam.delete_role(RoleName="bounded-role")
out["usageAfterDelete"] = iam.get_policy(PolicyArn=b)["Policy"]["PermissionsBoundaryUsageCount"]
iam.create_role(RoleName="bounded-role", AssumeRolePolicyDocument=trust)
out["recreated"] = iam.get_role(RoleName="bounded-role")["Role"].get("PermissionsBoundary")
`);
    assert.deepEqual(out.created, { PermissionsBoundaryType: "PermissionsBoundaryPolicy", PermissionsBoundaryArn: "arn:aws:iam::aws:policy/ReadOnlyAccess" });
    assert.equal(out.get, `arn:aws:iam::${A}:policy/role-bound`);
    assert.equal(out.listed, null);
    assert.equal(out.describe, true);
    assert.equal(out.create?.[0], "AccessDeniedException");
    assert.match(
      out.create?.[1],
      new RegExp(
        `^User: arn:aws:sts::${A}:assumed-role/bounded-role/s1 is not authorized to perform: logs:CreateLogGroup on resource: .* because no permissions boundary allows the logs:CreateLogGroup action$`,
      ),
    );
    assert.deepEqual(out.noPolicy, ["NoSuchEntity", `Scope ARN: arn:aws:iam::${A}:policy/absent does not exist or is not attachable.`]);
    assert.deepEqual(out.notPolicy, ["InvalidInput", `Value (arn:aws:iam::${A}:role/bounded-role) for parameter PermissionsBoundary is invalid.`]);
    assert.deepEqual(out.u2, ["NoSuchEntity", "The user with name u2 cannot be found."]);
    assert.deepEqual(out.noRole, ["NoSuchEntity", "The role with name absent cannot be found."]);
    assert.equal(out.twice, null);
    assert.equal(out.usageAfterDelete, 0);
    assert.equal(out.recreated, null);
  });
});
