/**
 * GetSessionToken with a virtual MFA device, through boto3 with codes computed in the test (Python's hmac,
 * RFC 6238): a wrong code is AccessDenied, the right one gives credentials whose requests carry
 * aws:MultiFactorAuthPresent (a policy allowing only with MFA lets them through and refuses the same user's
 * long-term key and its session without MFA), a spent code is refused again; and the SDK v3's GetSessionToken.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { createHmac } from "node:crypto";
import {
  ListUsersCommand,
  CreateAccessKeyCommand,
  CreateUserCommand,
  CreateVirtualMFADeviceCommand,
  EnableMFADeviceCommand,
  IAMClient,
  PutUserPolicyCommand,
} from "@aws-sdk/client-iam";
import { GetSessionTokenCommand, STSClient } from "@aws-sdk/client-sts";
import { boto3 } from "../support/aws-cli.js";
import { useLocalCloud } from "../support/local-cloud.js";

const env = useLocalCloud();

/** Python's TOTP from RFC 6238 (HMAC-SHA-1, 30 s, 6 digits), independent of the server's. */
const PY_TOTP = `
import base64, hmac, hashlib, struct, time
def totp(seed, step):
    mac = hmac.new(base64.b32decode(seed), struct.pack(">Q", step), hashlib.sha1).digest()
    o = mac[19] & 15
    return "%06d" % ((struct.unpack(">I", mac[o:o + 4])[0] & 0x7fffffff) % 1000000)
def now_step():
    return int(time.time()) // 30
`;

describe("GetSessionToken with MFA (boto3)", () => {
  test("the code is checked and the session's requests carry aws:MultiFactorAuthPresent", async () => {
    const r = await boto3(
      env.endpoint,
      `
import boto3, json, os
from botocore.exceptions import ClientError
${PY_TOTP}
E = os.environ["ENDPOINT"]
iam = boto3.client("iam", endpoint_url=E, region_name="us-east-1")
out = {}
def err(f):
    try:
        f()
        return None
    except ClientError as e:
        return [e.response["Error"]["Code"], e.response["Error"]["Message"]]
iam.create_user(UserName="mfa-caller")
iam.put_user_policy(UserName="mfa-caller", PolicyName="mfa-only", PolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Action": ["iam:ListUsers", "logs:DescribeLogGroups"], "Resource": "*", "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "true"}, "NumericLessThan": {"aws:MultiFactorAuthAge": "3600"}}}]}))
k = iam.create_access_key(UserName="mfa-caller")["AccessKey"]
d = iam.create_virtual_mfa_device(VirtualMFADeviceName="caller-phone")["VirtualMFADevice"]
seed = d["Base32StringSeed"].decode()
s = now_step()
iam.enable_mfa_device(UserName="mfa-caller", SerialNumber=d["SerialNumber"], AuthenticationCode1=totp(seed, s - 2), AuthenticationCode2=totp(seed, s - 1))
sts = boto3.client("sts", endpoint_url=E, region_name="us-east-1", aws_access_key_id=k["AccessKeyId"], aws_secret_access_key=k["SecretAccessKey"])
def as_creds(c):
    return boto3.client("iam", endpoint_url=E, region_name="us-east-1", aws_access_key_id=c["AccessKeyId"], aws_secret_access_key=c["SecretAccessKey"], aws_session_token=c["SessionToken"])
out["wrong"] = err(lambda: sts.get_session_token(SerialNumber=d["SerialNumber"], TokenCode="000000" if totp(seed, s) != "000000" else "111111"))
out["otherSerial"] = err(lambda: sts.get_session_token(SerialNumber=d["SerialNumber"] + "-x", TokenCode=totp(seed, s)))
c = sts.get_session_token(SerialNumber=d["SerialNumber"], TokenCode=totp(seed, s), DurationSeconds=900)["Credentials"]
out["spent"] = err(lambda: sts.get_session_token(SerialNumber=d["SerialNumber"], TokenCode=totp(seed, s)))
out["withMfa"] = err(lambda: as_creds(c).list_users())
plain = sts.get_session_token(DurationSeconds=900)["Credentials"]
out["sessionWithoutMfa"] = err(lambda: as_creds(plain).list_users())[0]
def logs(c):
    return boto3.client("logs", endpoint_url=E, region_name="us-east-1", aws_access_key_id=c["AccessKeyId"], aws_secret_access_key=c["SecretAccessKey"], aws_session_token=c["SessionToken"])
out["logsWithMfa"] = err(lambda: logs(c).describe_log_groups())
out["logsWithoutMfa"] = err(lambda: logs(plain).describe_log_groups())
longterm = boto3.client("iam", endpoint_url=E, region_name="us-east-1", aws_access_key_id=k["AccessKeyId"], aws_secret_access_key=k["SecretAccessKey"])
out["longTerm"] = err(lambda: longterm.list_users())
print(json.dumps(out, default=str))
`,
    );
    assert.equal(r.status, 0, r.stderr);
    const out = r.json;
    const denied = ["AccessDenied", "MultiFactorAuthentication failed with invalid MFA one time pass code."];
    assert.deepEqual(out.wrong, denied);
    assert.deepEqual(out.otherSerial, denied);
    assert.deepEqual(out.spent, denied);
    assert.equal(out.withMfa, null);
    // Without MFA, IAM does not take GetSessionToken's credentials at all (IAM UG, temporary credentials).
    assert.equal(out.sessionWithoutMfa, "InvalidClientTokenId");
    assert.equal(out.logsWithMfa, null);
    assert.equal(out.logsWithoutMfa?.[0], "AccessDeniedException");
    assert.match(out.logsWithoutMfa?.[1] ?? "", /logs:DescribeLogGroups/);
    assert.equal(out.longTerm?.[0], "AccessDenied");
    assert.match(out.longTerm?.[1] ?? "", /iam:ListUsers/);
  });

  test("the SDK v3: GetSessionToken with SerialNumber and TokenCode", async () => {
    const iam = new IAMClient(env.clientConfig());
    await iam.send(new CreateUserCommand({ UserName: "sdk-mfa-caller" }));
    await iam.send(
      new PutUserPolicyCommand({
        UserName: "sdk-mfa-caller",
        PolicyName: "p",
        PolicyDocument: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "iam:ListUsers", Resource: "*" }] }),
      }),
    );
    const key = (await iam.send(new CreateAccessKeyCommand({ UserName: "sdk-mfa-caller" }))).AccessKey;
    const d = (await iam.send(new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: "sdk-caller-phone" }))).VirtualMFADevice;
    const secret = base32Decode(Buffer.from(d?.Base32StringSeed ?? new Uint8Array()).toString("ascii"));
    const s = Math.floor(Date.now() / 30_000);
    await iam.send(
      new EnableMFADeviceCommand({
        UserName: "sdk-mfa-caller",
        SerialNumber: d?.SerialNumber,
        AuthenticationCode1: totp(secret, s - 2),
        AuthenticationCode2: totp(secret, s - 1),
      }),
    );
    const sts = new STSClient(env.clientConfig(key?.AccessKeyId, key?.SecretAccessKey));
    const creds = (await sts.send(new GetSessionTokenCommand({ SerialNumber: d?.SerialNumber, TokenCode: totp(secret, s) }))).Credentials;
    assert.match(creds?.AccessKeyId ?? "", /^ASIA/);
    const asSession = new IAMClient({
      ...env.clientConfig(creds?.AccessKeyId, creds?.SecretAccessKey),
      credentials: { accessKeyId: creds?.AccessKeyId ?? "", secretAccessKey: creds?.SecretAccessKey ?? "", sessionToken: creds?.SessionToken ?? "" },
    });
    assert.ok(((await asSession.send(new ListUsersCommand({}))).Users ?? []).some((u) => u.UserName === "sdk-mfa-caller"));
  });
});

function base32Decode(text: string): Buffer {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  let bits = "";
  for (const c of text) bits += alphabet.indexOf(c).toString(2).padStart(5, "0");
  return Buffer.from((bits.match(/.{8}/g) ?? []).map((b) => Number.parseInt(b, 2)));
}

function totp(secret: Buffer, step: number): string {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(step));
  const mac = createHmac("sha1", secret).update(counter).digest();
  const o = (mac[19] ?? 0) & 15;
  return String((mac.readUInt32BE(o) & 0x7fffffff) % 1_000_000).padStart(6, "0");
}
