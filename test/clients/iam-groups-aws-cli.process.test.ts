/**
 * IAM groups through the AWS CLI v2 and boto3: the lifecycle with AWS's errors, Marker paging, and a
 * user's groups deciding its requests (allowed through a group, refused once out of it, a group Deny).
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { awsCli, boto3 } from "../support/aws-cli.js";
import { useLocalCloud } from "../support/local-cloud.js";

const env = useLocalCloud();
const A = "000000000000";
const _doc = (effect: string, action: string) => JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: effect, Action: action, Resource: "*" }] });

const ok = async (args: string[], creds: Record<string, string> = {}) => {
  const r = await awsCli(env.endpoint, args, creds);
  assert.equal(r.status, 0, `${args.join(" ")}: ${r.stderr}`);
  return r.json;
};
const fails = async (args: string[], pattern: RegExp, creds: Record<string, string> = {}) => {
  const r = await awsCli(env.endpoint, args, creds);
  assert.equal(r.status, 254, `${args.join(" ")} succeeded: ${r.stdout}`);
  assert.match(r.stderr, pattern);
};

/** boto3's preamble: a root client, and err() giving a refused call's [code, message]. */
const PY = `
import boto3, json, os
from botocore.exceptions import ClientError
iam = boto3.client("iam", endpoint_url=os.environ["ENDPOINT"], region_name="us-east-1")
def err(call, **kw):
    try:
        call(**kw)
        return "succeeded"
    except ClientError as e:
        return [e.response["Error"]["Code"], e.response["Error"]["Message"]]
out = {}
`;

describe("IAM groups through boto3 and the AWS CLI v2", () => {
  test("create, get, list by path, rename, members and policies, with AWS's errors (boto3)", async () => {
    const big = JSON.stringify({
      Version: "2012-10-17",
      Statement: [
        { Effect: "Allow", Action: "logs:GetLogEvents", Resource: Array.from({ length: 95 }, (_, i) => `arn:aws:logs:us-east-1:${A}:log-group:g${i}`) },
      ],
    });
    const run = await boto3(
      env.endpoint,
      `${PY}
g = iam.create_group(GroupName="devs", Path="/team/")["Group"]
out["created"] = [g["Arn"], g["GroupId"][:4], len(g["GroupId"])]
out["again"] = err(iam.create_group, GroupName="DEVS")
out["badName"] = err(iam.create_group, GroupName="bad name!")
out["missing"] = err(iam.get_group, GroupName="nope")
iam.create_group(GroupName="ops")
out["byPath"] = [x["GroupName"] for x in iam.list_groups(PathPrefix="/team/")["Groups"]]
out["all"] = [x["GroupName"] for x in iam.list_groups()["Groups"]]
for u in ["ann", "bob"]: iam.create_user(UserName=u)
iam.add_user_to_group(GroupName="devs", UserName="ann")
iam.add_user_to_group(GroupName="devs", UserName="bob")
iam.add_user_to_group(GroupName="devs", UserName="bob")
iam.add_user_to_group(GroupName="ops", UserName="ann")
out["noUser"] = err(iam.add_user_to_group, GroupName="devs", UserName="zed")
out["members"] = [u["UserName"] for u in iam.get_group(GroupName="devs")["Users"]]
out["forUser"] = [x["GroupName"] for x in iam.list_groups_for_user(UserName="ann")["Groups"]]
out["deleteGroupWithUsers"] = err(iam.delete_group, GroupName="devs")
out["deleteMember"] = err(iam.delete_user, UserName="bob")
doc = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "logs:Describe*", "Resource": "*"}]}
iam.put_group_policy(GroupName="devs", PolicyName="read", PolicyDocument=json.dumps(doc))
got = iam.get_group_policy(GroupName="devs", PolicyName="read")
out["inline"] = [got["GroupName"], got["PolicyName"], got["PolicyDocument"] == doc]
out["inlineNames"] = iam.list_group_policies(GroupName="devs")["PolicyNames"]
out["noInline"] = err(iam.get_group_policy, GroupName="devs", PolicyName="none")
out["tooBig"] = err(iam.put_group_policy, GroupName="devs", PolicyName="big", PolicyDocument=${JSON.stringify(big)})
managed = "arn:aws:iam::aws:policy/CloudWatchLogsReadOnlyAccess"
iam.attach_group_policy(GroupName="devs", PolicyArn=managed)
out["attached"] = iam.list_attached_group_policies(GroupName="devs")["AttachedPolicies"]
out["entities"] = [[x["GroupName"], x["GroupId"] == g["GroupId"]] for x in iam.list_entities_for_policy(PolicyArn=managed, EntityFilter="Group")["PolicyGroups"]]
iam.update_group(GroupName="devs", NewGroupName="developers", NewPath="/eng/")
out["renameClash"] = err(iam.update_group, GroupName="developers", NewGroupName="OPS")
out["oldName"] = err(iam.get_group, GroupName="devs")[0]
r = iam.get_group(GroupName="developers")
out["renamed"] = [r["Group"]["Arn"], len(r["Users"]), iam.list_group_policies(GroupName="developers")["PolicyNames"]]
iam.remove_user_from_group(GroupName="developers", UserName="ann")
iam.remove_user_from_group(GroupName="developers", UserName="bob")
out["notMember"] = err(iam.remove_user_from_group, GroupName="developers", UserName="bob")[0]
out["deleteAttached"] = err(iam.delete_group, GroupName="developers")
iam.detach_group_policy(GroupName="developers", PolicyArn=managed)
out["detachAgain"] = err(iam.detach_group_policy, GroupName="developers", PolicyArn=managed)
out["deleteInline"] = err(iam.delete_group, GroupName="developers")
iam.delete_group_policy(GroupName="developers", PolicyName="read")
iam.delete_group(GroupName="developers")
iam.delete_user(UserName="bob")
out["deleted"] = err(iam.delete_group, GroupName="developers")
print(json.dumps(out))
`,
    );
    assert.equal(run.status, 0, run.stderr);
    const o = run.json;
    assert.deepEqual(o.created, [`arn:aws:iam::${A}:group/team/devs`, "AGPA", 21]);
    assert.deepEqual(o.again, ["EntityAlreadyExists", "Group with name DEVS already exists."]);
    assert.equal(o.badName[0], "ValidationError");
    assert.match(o.badName[1], /Value 'bad name!' at 'groupName' failed to satisfy constraint: Member must satisfy regular expression pattern/);
    assert.deepEqual(o.missing, ["NoSuchEntity", "The group with name nope cannot be found."]);
    assert.deepEqual([o.byPath, o.all], [["devs"], ["devs", "ops"]]);
    assert.deepEqual(o.noUser, ["NoSuchEntity", "The user with name zed cannot be found."]);
    assert.deepEqual(
      [o.members, o.forUser],
      [
        ["ann", "bob"],
        ["devs", "ops"],
      ],
    );
    assert.deepEqual(o.deleteGroupWithUsers, ["DeleteConflict", "Cannot delete entity, must remove users from group first."]);
    assert.deepEqual(o.deleteMember, ["DeleteConflict", "Cannot delete entity, must remove users from group first."]);
    assert.deepEqual([o.inline, o.inlineNames], [["devs", "read", true], ["read"]]);
    assert.deepEqual(o.noInline, ["NoSuchEntity", "The group policy with name none cannot be found."]);
    // 5,120 characters of inline policies per group, whitespace not counted: "read" plus "big" is over.
    assert.deepEqual(o.tooBig, ["LimitExceeded", "Maximum policy size of 5120 bytes exceeded for group devs"]);
    assert.deepEqual(o.attached, [{ PolicyName: "CloudWatchLogsReadOnlyAccess", PolicyArn: "arn:aws:iam::aws:policy/CloudWatchLogsReadOnlyAccess" }]);
    assert.deepEqual(o.entities, [["devs", true]]);
    assert.deepEqual(o.renameClash, ["EntityAlreadyExists", "Group with name OPS already exists."]);
    assert.equal(o.oldName, "NoSuchEntity");
    assert.deepEqual(o.renamed, [`arn:aws:iam::${A}:group/eng/developers`, 2, ["read"]]);
    assert.equal(o.notMember, "NoSuchEntity");
    assert.deepEqual(o.deleteAttached, ["DeleteConflict", "Cannot delete entity, must detach all policies first."]);
    assert.equal(o.detachAgain[0], "NoSuchEntity");
    assert.deepEqual(o.deleteInline, ["DeleteConflict", "Cannot delete entity, must delete policies first."]);
    assert.deepEqual(o.deleted, ["NoSuchEntity", "The group with name developers cannot be found."]);
  });

  test("the CLI's names and errors: create-group, get-group, delete-group", async () => {
    await ok(["iam", "create-group", "--group-name", "cli"]);
    await fails(
      ["iam", "create-group", "--group-name", "cli"],
      /\(EntityAlreadyExists\) when calling the CreateGroup operation: Group with name cli already exists\./,
    );
    assert.deepEqual((await ok(["iam", "get-group", "--group-name", "cli"])).Users, []);
    await ok(["iam", "delete-group", "--group-name", "cli"]);
    await fails(["iam", "get-group", "--group-name", "cli"], /\(NoSuchEntity\) when calling the GetGroup operation: The group with name cli cannot be found\./);
  });

  test("Marker paging of ListGroups, GetGroup's users and ListGroupsForUser, and the 10 groups per user, through boto3", async () => {
    const run = await boto3(
      env.endpoint,
      `
import boto3, json, os
iam = boto3.client("iam", endpoint_url=os.environ["ENDPOINT"], region_name="us-east-1")
out = {}
iam.create_user(UserName="pager")
for i in range(3):
    iam.create_group(GroupName=f"page{i}", Path="/paged/")
    iam.create_user(UserName=f"member{i}")
    iam.add_user_to_group(GroupName="page0", UserName=f"member{i}")
    iam.add_user_to_group(GroupName=f"page{i}", UserName="pager")
first = iam.list_groups(PathPrefix="/paged/", MaxItems=2)
rest = iam.list_groups(PathPrefix="/paged/", MaxItems=2, Marker=first["Marker"])
out["groups"] = [[g["GroupName"] for g in first["Groups"]], first["IsTruncated"], [g["GroupName"] for g in rest["Groups"]], rest["IsTruncated"], "Marker" in rest]
g1 = iam.get_group(GroupName="page0", MaxItems=2)
g2 = iam.get_group(GroupName="page0", MaxItems=2, Marker=g1["Marker"])
out["users"] = [[u["UserName"] for u in g1["Users"]], g1["IsTruncated"], [u["UserName"] for u in g2["Users"]], g2["IsTruncated"]]
f1 = iam.list_groups_for_user(UserName="pager", MaxItems=1)
out["forUser"] = [[g["GroupName"] for g in f1["Groups"]], f1["IsTruncated"], len(iam.list_groups_for_user(UserName="pager")["Groups"])]
for i in range(3, 11):
    iam.create_group(GroupName=f"page{i}", Path="/paged/")
for i in range(3, 10):
    iam.add_user_to_group(GroupName=f"page{i}", UserName="pager")
try:
    iam.add_user_to_group(GroupName="page10", UserName="pager")
    out["eleventh"] = "succeeded"
except iam.exceptions.LimitExceededException as e:
    out["eleventh"] = [e.response["Error"]["Code"], e.response["Error"]["Message"]]
print(json.dumps(out))
`,
    );
    assert.equal(run.status, 0, run.stderr);
    assert.deepEqual(run.json, {
      groups: [["page0", "page1"], true, ["page2"], false, false],
      users: [["member0", "pager"], true, ["member1", "member2"], false],
      forUser: [["page0"], true, 3],
      // IAM UG quotas: a user is in at most 10 groups.
      eleventh: ["LimitExceeded", "Cannot exceed quota for GroupsPerUser: 10"],
    });
  });
});

describe("a user's groups in the policy engine (boto3)", () => {
  test("allowed through a group, refused once removed, a group Deny overrides the user's Allow; SimulatePrincipalPolicy agrees", async () => {
    const run = await boto3(
      env.endpoint,
      `${PY}
def allow(effect, action):
    return json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": effect, "Action": action, "Resource": "*"}]})
iam.create_user(UserName="gina")
key = iam.create_access_key(UserName="gina")["AccessKey"]
logs = boto3.client("logs", endpoint_url=os.environ["ENDPOINT"], region_name="us-east-1", aws_access_key_id=key["AccessKeyId"], aws_secret_access_key=key["SecretAccessKey"])
out["before"] = err(logs.create_log_group, logGroupName="before")
iam.create_group(GroupName="loggers")
iam.put_group_policy(GroupName="loggers", PolicyName="create", PolicyDocument=allow("Allow", "logs:CreateLogGroup"))
iam.add_user_to_group(GroupName="loggers", UserName="gina")
out["inGroup"] = err(logs.create_log_group, logGroupName="through-group")
sim = iam.simulate_principal_policy(PolicySourceArn="arn:aws:iam::${A}:user/gina", ActionNames=["logs:CreateLogGroup"])
out["simUser"] = [r["EvalDecision"] for r in sim["EvaluationResults"]]
sim = iam.simulate_principal_policy(PolicySourceArn="arn:aws:iam::${A}:group/loggers", ActionNames=["logs:CreateLogGroup", "logs:DeleteLogGroup"])
out["simGroup"] = [r["EvalDecision"] for r in sim["EvaluationResults"]]
out["simNoGroup"] = err(iam.simulate_principal_policy, PolicySourceArn="arn:aws:iam::${A}:group/none", ActionNames=["logs:CreateLogGroup"])
iam.remove_user_from_group(GroupName="loggers", UserName="gina")
out["after"] = err(logs.create_log_group, logGroupName="after")
iam.put_user_policy(UserName="gina", PolicyName="own", PolicyDocument=allow("Allow", "logs:CreateLogGroup"))
out["ownAllow"] = err(logs.create_log_group, logGroupName="own-allow")
iam.create_group(GroupName="no-logs")
deny = iam.create_policy(PolicyName="deny-logs", PolicyDocument=allow("Deny", "logs:*"))["Policy"]["Arn"]
iam.attach_group_policy(GroupName="no-logs", PolicyArn=deny)
iam.add_user_to_group(GroupName="no-logs", UserName="gina")
out["denied"] = err(logs.create_log_group, logGroupName="denied")
sim = iam.simulate_principal_policy(PolicySourceArn="arn:aws:iam::${A}:user/gina", ActionNames=["logs:CreateLogGroup"])
out["simDeny"] = [r["EvalDecision"] for r in sim["EvaluationResults"]]
print(json.dumps(out))
`,
    );
    assert.equal(run.status, 0, run.stderr);
    const o = run.json;
    const refused = (name: string, why: string) => [
      "AccessDeniedException",
      new RegExp(
        `^User: arn:aws:iam::${A}:user/gina is not authorized to perform: logs:CreateLogGroup on resource: arn:aws:logs:us-east-1:${A}:log-group:${name}\\S* ${why}$`,
      ),
    ];
    const check = (got: [string, string], [code, message]: (string | RegExp)[]) => {
      assert.equal(got[0], code);
      assert.match(got[1], message as RegExp);
    };
    const noAllow = "because no identity-based policy allows the logs:CreateLogGroup action";
    check(o.before, refused("before", noAllow));
    assert.equal(o.inGroup, "succeeded");
    assert.deepEqual(o.simUser, ["allowed"]);
    assert.deepEqual(o.simGroup, ["allowed", "implicitDeny"]);
    assert.deepEqual(o.simNoGroup, ["NoSuchEntity", "The group with name none cannot be found."]);
    check(o.after, refused("after", noAllow));
    assert.equal(o.ownAllow, "succeeded");
    check(o.denied, refused("denied", "with an explicit deny in an identity-based policy"));
    assert.deepEqual(o.simDeny, ["explicitDeny"]);
  });
});
