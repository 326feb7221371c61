/**
 * The credential report through boto3: ReportNotPresent before one is generated, STARTED then COMPLETE, and the
 * CSV with AWS's 22 columns: the root's row (not_supported passwords), a user with a console password and two
 * access keys (one used: its date, region and service), a user with nothing.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { boto3 } from "../support/aws-cli.js";
import { useLocalCloud } from "../support/local-cloud.js";

const env = useLocalCloud();
const A = "000000000000";

describe("credential report (boto3)", () => {
  test("generate, get, and the CSV's rows", async () => {
    const r = await boto3(
      env.endpoint,
      `
import boto3, json, os, csv, io
from botocore.exceptions import ClientError
E = os.environ["ENDPOINT"]
iam = boto3.client("iam", endpoint_url=E, region_name="us-east-1")
out = {}
try:
    iam.get_credential_report()
except ClientError as e:
    out["before"] = [e.response["Error"]["Code"], e.response["ResponseMetadata"]["HTTPStatusCode"]]
iam.create_user(UserName="console", Path="/staff/")
iam.create_login_profile(UserName="console", Password="Corr3ct-Horse-Battery")
k1 = iam.create_access_key(UserName="console")["AccessKey"]
k2 = iam.create_access_key(UserName="console")["AccessKey"]
iam.update_access_key(UserName="console", AccessKeyId=k2["AccessKeyId"], Status="Inactive")
iam.create_user(UserName="bare")
sts = boto3.client("sts", endpoint_url=E, region_name="eu-west-1", aws_access_key_id=k1["AccessKeyId"], aws_secret_access_key=k1["SecretAccessKey"])
sts.get_caller_identity()
out["first"] = iam.generate_credential_report()
out["second"] = iam.generate_credential_report()["State"]
rep = iam.get_credential_report()
out["format"] = rep["ReportFormat"]
rows = list(csv.reader(io.StringIO(rep["Content"].decode())))
out["header"] = rows[0]
out["rows"] = rows[1:]
print(json.dumps(out, default=str))
`,
    );
    assert.equal(r.status, 0, r.stderr);
    const out = r.json;
    assert.deepEqual(out.before, ["ReportNotPresent", 410]);
    assert.equal(out.first.State, "STARTED");
    assert.equal(out.second, "COMPLETE");
    assert.equal(out.format, "text/csv");
    assert.equal(out.header.length, 22);
    assert.deepEqual(out.header.slice(0, 8), [
      "user",
      "arn",
      "user_creation_time",
      "password_enabled",
      "password_last_used",
      "password_last_changed",
      "password_next_rotation",
      "mfa_active",
    ]);
    const [root, bare, consoleUser] = out.rows as string[][];
    assert.deepEqual(root?.slice(0, 8), [
      "<root_account>",
      `arn:aws:iam::${A}:root`,
      "2026-01-01T00:00:00+00:00",
      "not_supported",
      "no_information",
      "not_supported",
      "not_supported",
      "false",
    ]);
    assert.deepEqual(bare?.slice(3), [
      "false",
      "N/A",
      "N/A",
      "N/A",
      "false",
      "false",
      "N/A",
      "N/A",
      "N/A",
      "N/A",
      "false",
      "N/A",
      "N/A",
      "N/A",
      "N/A",
      "false",
      "N/A",
      "false",
      "N/A",
    ]);
    assert.equal(consoleUser?.[0], "console");
    assert.equal(consoleUser?.[1], `arn:aws:iam::${A}:user/staff/console`);
    assert.match(consoleUser?.[2] ?? "", /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00$/);
    assert.deepEqual(consoleUser?.slice(3, 5), ["true", "no_information"]);
    assert.match(consoleUser?.[5] ?? "", /\+00:00$/);
    // Key 1 active and used for STS in eu-west-1; key 2 inactive and never used.
    assert.equal(consoleUser?.[8], "true");
    assert.match(consoleUser?.[10] ?? "", /\+00:00$/);
    assert.deepEqual(consoleUser?.slice(11, 14), ["eu-west-1", "sts", "false"]);
    assert.deepEqual(consoleUser?.slice(15, 18), ["N/A", "N/A", "N/A"]);
  });
});
