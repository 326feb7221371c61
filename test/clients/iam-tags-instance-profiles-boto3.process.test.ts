/**
 * IAM tags on users, policies and instance profiles, the instance profile lifecycle, and
 * aws:ResourceTag / aws:PrincipalTag in enforcement, through boto3 with AWS's errors.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { boto3 } from "../support/aws-cli.js";
import { useLocalCloud } from "../support/local-cloud.js";

const env = useLocalCloud();

const PRELUDE = `
import boto3, json, os
from botocore.exceptions import ClientError
iam = boto3.client("iam", endpoint_url=os.environ["ENDPOINT"], region_name="us-east-1")
out = {}
def err(f):
    try:
        f()
        return None
    except ClientError as e:
        return [e.response["Error"]["Code"], e.response["Error"]["Message"]]
A = "000000000000"
trust = json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}]})
doc = json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]})
`;

async function run(body: string): Promise<Record<string, any>> {
  const r = await boto3(env.endpoint, `${PRELUDE}\n${body}\nprint(json.dumps(out, default=str))`);
  assert.equal(r.status, 0, r.stderr);
  return r.json as Record<string, any>;
}

describe("IAM tags and instance profiles through boto3", () => {
  test("user and policy tags: tag, list, untag, AWS's limits", async () => {
    const out = await run(`
iam.create_user(UserName="tu", Tags=[{"Key": "team", "Value": "blue"}])
iam.tag_user(UserName="tu", Tags=[{"Key": "Cost", "Value": "1"}, {"Key": "empty", "Value": ""}])
iam.tag_user(UserName="tu", Tags=[{"Key": "TEAM", "Value": "red"}])
out["userTags"] = iam.list_user_tags(UserName="tu")["Tags"]
iam.untag_user(UserName="tu", TagKeys=["COST", "absent"])
out["afterUntag"] = iam.list_user_tags(UserName="tu")["Tags"]
out["reserved"] = err(lambda: iam.tag_user(UserName="tu", Tags=[{"Key": "aws:team", "Value": "x"}]))
out["duplicate"] = err(lambda: iam.tag_user(UserName="tu", Tags=[{"Key": "a", "Value": "1"}, {"Key": "A", "Value": "2"}]))
out["tooMany"] = err(lambda: iam.tag_user(UserName="tu", Tags=[{"Key": "k%d" % i, "Value": "v"} for i in range(49)]))
iam.tag_user(UserName="tu", Tags=[{"Key": "k%d" % i, "Value": "v"} for i in range(48)])
out["fifty"] = len(iam.list_user_tags(UserName="tu")["Tags"])
page = iam.list_user_tags(UserName="tu", MaxItems=30)
out["paged"] = [len(page["Tags"]), page["IsTruncated"], len(iam.list_user_tags(UserName="tu", Marker=page["Marker"])["Tags"])]
out["longKey"] = err(lambda: iam.tag_user(UserName="tu", Tags=[{"Key": "k" * 129, "Value": "v"}]))
out["noUser"] = err(lambda: iam.list_user_tags(UserName="nobody"))

arn = iam.create_policy(PolicyName="tp", PolicyDocument=doc, Tags=[{"Key": "team", "Value": "blue"}])["Policy"]["Arn"]
iam.tag_policy(PolicyArn=arn, Tags=[{"Key": "env", "Value": "prod"}])
out["policyTags"] = iam.list_policy_tags(PolicyArn=arn)["Tags"]
iam.untag_policy(PolicyArn=arn, TagKeys=["team"])
out["policyGet"] = iam.get_policy(PolicyArn=arn)["Policy"]["Tags"]
out["awsManaged"] = err(lambda: iam.tag_policy(PolicyArn="arn:aws:iam::aws:policy/ReadOnlyAccess", Tags=[{"Key": "a", "Value": "b"}]))
out["createReserved"] = err(lambda: iam.create_policy(PolicyName="tp2", PolicyDocument=doc, Tags=[{"Key": "AWS:x", "Value": "b"}]))
`);
    assert.equal(out.userTags.length, 3);
    assert.ok(
      out.userTags.some((t: any) => t.Key.toLowerCase() === "team" && t.Value === "red"),
      "a key differing only in case replaces the old value",
    );
    assert.deepEqual(out.afterUntag.map((t: any) => t.Key.toLowerCase()).sort(), ["empty", "team"]);
    assert.equal(out.reserved[0], "InvalidInput");
    assert.deepEqual(out.duplicate, ["InvalidInput", "Duplicate tag keys found. Please note that Tag keys are case insensitive."]);
    assert.deepEqual(out.tooMany, ["LimitExceeded", "Cannot exceed quota for TagsPerUser: 50"]);
    assert.equal(out.fifty, 50);
    assert.deepEqual(out.paged, [30, true, 20]);
    assert.equal(out.longKey[0], "ValidationError");
    assert.deepEqual(out.noUser, ["NoSuchEntity", "The user with name nobody cannot be found."]);
    assert.deepEqual(out.policyTags, [
      { Key: "team", Value: "blue" },
      { Key: "env", Value: "prod" },
    ]);
    assert.deepEqual(out.policyGet, [{ Key: "env", Value: "prod" }]);
    assert.equal(out.awsManaged[0], "InvalidInput");
    assert.equal(out.createReserved[0], "InvalidInput");
  });

  test("instance profiles: create, get, list with PathPrefix and paging, one role, DeleteConflict, tags", async () => {
    const out = await run(`
iam.create_role(RoleName="ec2-role", AssumeRolePolicyDocument=trust)
p = iam.create_instance_profile(InstanceProfileName="web", Path="/app/", Tags=[{"Key": "team", "Value": "blue"}])["InstanceProfile"]
out["created"] = [p["Arn"], p["Path"], p["InstanceProfileId"][:4], p["Roles"], p["Tags"]]
out["exists"] = err(lambda: iam.create_instance_profile(InstanceProfileName="WEB"))
for n in ["a1", "a2", "a3"]:
    iam.create_instance_profile(InstanceProfileName=n)
iam.add_role_to_instance_profile(InstanceProfileName="web", RoleName="ec2-role")
out["second"] = err(lambda: iam.add_role_to_instance_profile(InstanceProfileName="web", RoleName="ec2-role"))
got = iam.get_instance_profile(InstanceProfileName="web")["InstanceProfile"]
out["got"] = [got["Roles"][0]["RoleName"], got["Roles"][0]["Arn"], got["Roles"][0]["AssumeRolePolicyDocument"]["Statement"][0]["Principal"]]
out["byPrefix"] = [x["InstanceProfileName"] for x in iam.list_instance_profiles(PathPrefix="/app/")["InstanceProfiles"]]
first = iam.list_instance_profiles(MaxItems=2)
out["page1"] = [[x["InstanceProfileName"] for x in first["InstanceProfiles"]], first["IsTruncated"]]
out["page2"] = [x["InstanceProfileName"] for x in iam.list_instance_profiles(Marker=first["Marker"])["InstanceProfiles"]]
out["forRole"] = [x["InstanceProfileName"] for x in iam.list_instance_profiles_for_role(RoleName="ec2-role")["InstanceProfiles"]]
out["deleteRole"] = err(lambda: iam.delete_role(RoleName="ec2-role"))
out["deleteProfile"] = err(lambda: iam.delete_instance_profile(InstanceProfileName="web"))
iam.tag_instance_profile(InstanceProfileName="web", Tags=[{"Key": "env", "Value": "prod"}])
iam.untag_instance_profile(InstanceProfileName="web", TagKeys=["team"])
out["profileTags"] = iam.list_instance_profile_tags(InstanceProfileName="web")["Tags"]
out["notIn"] = err(lambda: iam.remove_role_from_instance_profile(InstanceProfileName="a1", RoleName="ec2-role"))
iam.remove_role_from_instance_profile(InstanceProfileName="web", RoleName="ec2-role")
out["emptyRoles"] = iam.get_instance_profile(InstanceProfileName="web")["InstanceProfile"]["Roles"]
iam.delete_instance_profile(InstanceProfileName="web")
iam.delete_role(RoleName="ec2-role")
out["gone"] = err(lambda: iam.get_instance_profile(InstanceProfileName="web"))
out["noRole"] = err(lambda: iam.add_role_to_instance_profile(InstanceProfileName="a1", RoleName="nope"))
`);
    assert.deepEqual(out.created, ["arn:aws:iam::000000000000:instance-profile/app/web", "/app/", "AIPA", [], [{ Key: "team", Value: "blue" }]]);
    assert.deepEqual(out.exists, ["EntityAlreadyExists", "Instance Profile WEB already exists."]);
    assert.deepEqual(out.second, ["LimitExceeded", "Cannot exceed quota for InstanceSessionsPerInstanceProfile: 1"]);
    assert.deepEqual(out.got, ["ec2-role", "arn:aws:iam::000000000000:role/ec2-role", { Service: "ec2.amazonaws.com" }]);
    assert.deepEqual(out.byPrefix, ["web"]);
    assert.deepEqual(out.page1, [["a1", "a2"], true]);
    assert.deepEqual(out.page2, ["a3", "web"]);
    assert.deepEqual(out.forRole, ["web"]);
    assert.deepEqual(out.deleteRole, ["DeleteConflict", "Cannot delete entity, must remove roles from instance profile first."]);
    assert.deepEqual(out.deleteProfile, ["DeleteConflict", "Cannot delete entity, must remove roles from instance profile first."]);
    assert.deepEqual(out.profileTags, [{ Key: "env", Value: "prod" }]);
    assert.equal(out.notIn[0], "NoSuchEntity");
    assert.deepEqual(out.emptyRoles, []);
    assert.deepEqual(out.gone, ["NoSuchEntity", "Instance Profile web cannot be found."]);
    assert.deepEqual(out.noRole, ["NoSuchEntity", "The role with name nope cannot be found."]);
  });

  test("aws:ResourceTag on iam:GetRole and ${aws:PrincipalTag/team} in a Resource are enforced", async () => {
    const out = await run(`
iam.create_role(RoleName="blue-app", AssumeRolePolicyDocument=trust, Tags=[{"Key": "team", "Value": "blue"}])
iam.create_role(RoleName="red-app", AssumeRolePolicyDocument=trust)
iam.create_user(UserName="bob", Tags=[{"Key": "team", "Value": "blue"}])
iam.put_user_policy(UserName="bob", PolicyName="p", PolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Action": "iam:GetRole", "Resource": "*", "Condition": {"StringEquals": {"aws:ResourceTag/team": "blue"}}},
    {"Effect": "Allow", "Action": "iam:ListRoleTags", "Resource": "arn:aws:iam::" + A + ":role/\${aws:PrincipalTag/team}-*"}]}))
k = iam.create_access_key(UserName="bob")["AccessKey"]
bob = boto3.client("iam", endpoint_url=os.environ["ENDPOINT"], region_name="us-east-1", aws_access_key_id=k["AccessKeyId"], aws_secret_access_key=k["SecretAccessKey"])
out["tagged"] = bob.get_role(RoleName="blue-app")["Role"]["RoleName"]
out["untagged"] = err(lambda: bob.get_role(RoleName="red-app"))
out["ownTeam"] = bob.list_role_tags(RoleName="blue-app")["Tags"]
out["otherTeam"] = err(lambda: bob.list_role_tags(RoleName="red-app"))
iam.untag_role(RoleName="blue-app", TagKeys=["team"])
out["afterUntag"] = err(lambda: bob.get_role(RoleName="blue-app"))

iam.create_instance_profile(InstanceProfileName="bob-profile")
iam.put_user_policy(UserName="bob", PolicyName="p", PolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Action": "iam:AddRoleToInstanceProfile", "Resource": "*"}]}))
out["noPassRole"] = err(lambda: bob.add_role_to_instance_profile(InstanceProfileName="bob-profile", RoleName="red-app"))
iam.put_user_policy(UserName="bob", PolicyName="p", PolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Action": "iam:AddRoleToInstanceProfile", "Resource": "*"},
    {"Effect": "Allow", "Action": "iam:PassRole", "Resource": "arn:aws:iam::" + A + ":role/red-app", "Condition": {"StringEquals": {"iam:PassedToService": "ec2.amazonaws.com"}}}]}))
out["withPassRole"] = err(lambda: bob.add_role_to_instance_profile(InstanceProfileName="bob-profile", RoleName="red-app"))
`);
    assert.equal(out.tagged, "blue-app");
    assert.equal(out.untagged[0], "AccessDenied");
    assert.match(
      out.untagged[1],
      /User: arn:aws:iam::000000000000:user\/bob is not authorized to perform: iam:GetRole on resource: arn:aws:iam::000000000000:role\/red-app/,
    );
    assert.deepEqual(out.ownTeam, [{ Key: "team", Value: "blue" }]);
    assert.equal(out.otherTeam[0], "AccessDenied");
    assert.equal(out.afterUntag[0], "AccessDenied");
    assert.equal(out.noPassRole[0], "AccessDenied");
    assert.match(out.noPassRole[1], /not authorized to perform: iam:PassRole on resource: arn:aws:iam::000000000000:role\/red-app/);
    assert.equal(out.withPassRole, null);
  });
});
