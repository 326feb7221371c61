/**
 * Service-specific credentials through boto3: the CodeCommit/Keyspaces user name and a password shown once,
 * list without passwords, reset to a new password, deactivate, delete; two per service, other services refused,
 * DeleteUser refused while any remain.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { boto3 } from "../support/aws-cli.js";
import { useLocalCloud } from "../support/local-cloud.js";

const env = useLocalCloud();
const A = "000000000000";

describe("service-specific credentials (boto3)", () => {
  test("create, list, reset, update, delete, and AWS's refusals", async () => {
    const r = await boto3(
      env.endpoint,
      `
import boto3, json, os
from botocore.exceptions import ClientError
iam = boto3.client("iam", endpoint_url=os.environ["ENDPOINT"], region_name="us-east-1")
out = {}
def err(f):
    try:
        f()
        return None
    except ClientError as e:
        return [e.response["Error"]["Code"], e.response["ResponseMetadata"]["HTTPStatusCode"]]
iam.create_user(UserName="git")
c = iam.create_service_specific_credential(UserName="git", ServiceName="codecommit.amazonaws.com")["ServiceSpecificCredential"]
out["created"] = {k: c[k] for k in ["UserName", "ServiceName", "ServiceUserName", "Status"]}
out["id"] = c["ServiceSpecificCredentialId"]
out["passwordLength"] = len(c["ServicePassword"])
iam.create_service_specific_credential(UserName="git", ServiceName="codecommit.amazonaws.com")
out["third"] = err(lambda: iam.create_service_specific_credential(UserName="git", ServiceName="codecommit.amazonaws.com"))
iam.create_service_specific_credential(UserName="git", ServiceName="cassandra.amazonaws.com")
out["unsupported"] = err(lambda: iam.create_service_specific_credential(UserName="git", ServiceName="s3.amazonaws.com"))
listed = iam.list_service_specific_credentials(UserName="git", ServiceName="codecommit.amazonaws.com")["ServiceSpecificCredentials"]
out["listed"] = [len(listed), "ServicePassword" in listed[0]]
r = iam.reset_service_specific_credential(UserName="git", ServiceSpecificCredentialId=c["ServiceSpecificCredentialId"])["ServiceSpecificCredential"]
out["resetChanged"] = r["ServicePassword"] != c["ServicePassword"]
iam.update_service_specific_credential(UserName="git", ServiceSpecificCredentialId=c["ServiceSpecificCredentialId"], Status="Inactive")
out["status"] = [x["Status"] for x in iam.list_service_specific_credentials(UserName="git")["ServiceSpecificCredentials"] if x["ServiceSpecificCredentialId"] == c["ServiceSpecificCredentialId"]]
out["deleteUser"] = err(lambda: iam.delete_user(UserName="git"))
for x in iam.list_service_specific_credentials(UserName="git")["ServiceSpecificCredentials"]:
    iam.delete_service_specific_credential(UserName="git", ServiceSpecificCredentialId=x["ServiceSpecificCredentialId"])
out["gone"] = err(lambda: iam.reset_service_specific_credential(UserName="git", ServiceSpecificCredentialId=c["ServiceSpecificCredentialId"]))
iam.delete_user(UserName="git")
print(json.dumps(out, default=str))
`,
    );
    assert.equal(r.status, 0, r.stderr);
    const out = r.json;
    assert.deepEqual(out.created, { UserName: "git", ServiceName: "codecommit.amazonaws.com", ServiceUserName: `git-at-${A}`, Status: "Active" });
    assert.match(out.id, /^ACCA[A-Z2-7]{17}$/);
    assert.equal(out.passwordLength, 44);
    assert.deepEqual(out.third, ["LimitExceeded", 409]);
    assert.deepEqual(out.unsupported, ["NotSupportedService", 404]);
    assert.deepEqual(out.listed, [2, false]);
    assert.equal(out.resetChanged, true);
    assert.deepEqual(out.status, ["Inactive"]);
    assert.deepEqual(out.deleteUser, ["DeleteConflict", 409]);
    assert.deepEqual(out.gone, ["NoSuchEntity", 404]);
  });
});
