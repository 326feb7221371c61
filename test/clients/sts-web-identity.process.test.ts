/**
 * IAM OpenID Connect providers and STS AssumeRoleWithWebIdentity, with the SDK v3 and boto3, against a
 * loopback HTTPS issuer whose self-signed certificate is trusted only through the provider's thumbprint.
 * The cloud runs in strict mode: AssumeRoleWithWebIdentity is the one call served unsigned.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { CloudWatchLogsClient, DescribeLogGroupsCommand } from "@aws-sdk/client-cloudwatch-logs";
import * as IAM from "@aws-sdk/client-iam";
import { AssumeRoleWithWebIdentityCommand, GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { boto3 } from "../support/aws-cli.js";
import { useLocalCloud } from "../support/local-cloud.js";
import { type OidcIssuer, startOidcIssuer } from "../support/oidc-issuer.js";

const env = useLocalCloud({ auth: "strict", rootSecret: "test" });
const A = "000000000000";
let issuer: OidcIssuer;
before(async () => {
  issuer = await startOidcIssuer();
});
after(() => issuer.close());

const doc = (...Statement: object[]) => JSON.stringify({ Version: "2012-10-17", Statement });
/** The error code on the wire (the SDK's `name` is the model's shape name, `EntityAlreadyExistsException`). */
const refused = (code: string, message: string | RegExp) => (error: Error & { Code?: string }) => {
  assert.equal(error.Code ?? error.name, code);
  if (typeof message === "string") assert.equal(error.message, message);
  else assert.match(error.message, message);
  return true;
};
/** An SDK client with no credentials at all: the SDK sends AssumeRoleWithWebIdentity unsigned. */
const anonymousSts = () =>
  new STSClient({ endpoint: env.endpoint, region: "us-east-1", maxAttempts: 1, credentials: { accessKeyId: "", secretAccessKey: "" } });

describe("OpenID Connect providers (SDK v3)", () => {
  test("create, get, list, client ids, thumbprints, tags, delete, with AWS's refusals", async () => {
    const iam = new IAM.IAMClient(env.clientConfig());
    const url = "https://oidc.example.com/tenant";
    const arn = `arn:aws:iam::${A}:oidc-provider/oidc.example.com/tenant`;
    const created = await iam.send(
      new IAM.CreateOpenIDConnectProviderCommand({
        Url: url,
        ClientIDList: ["a", "a", "b"],
        ThumbprintList: ["9".repeat(40)],
        Tags: [{ Key: "team", Value: "ci" }],
      }),
    );
    assert.equal(created.OpenIDConnectProviderArn, arn);
    assert.deepEqual(created.Tags, [{ Key: "team", Value: "ci" }]);
    await assert.rejects(
      iam.send(new IAM.CreateOpenIDConnectProviderCommand({ Url: url, ThumbprintList: ["9".repeat(40)] })),
      refused("EntityAlreadyExists", `Provider with url ${url} already exists.`),
    );
    await assert.rejects(
      iam.send(new IAM.CreateOpenIDConnectProviderCommand({ Url: "http://oidc.example.com", ThumbprintList: ["9".repeat(40)] })),
      refused("ValidationError", "Invalid Open ID Connect Provider URL"),
    );
    await assert.rejects(
      iam.send(new IAM.CreateOpenIDConnectProviderCommand({ Url: "https://x.example.com?a=b", ThumbprintList: ["9".repeat(40)] })),
      refused("ValidationError", "Invalid Open ID Connect Provider URL"),
    );
    await assert.rejects(
      iam.send(
        new IAM.CreateOpenIDConnectProviderCommand({ Url: "https://six.example.com", ThumbprintList: ["1", "2", "3", "4", "5", "6"].map((d) => d.repeat(40)) }),
      ),
      refused("InvalidInput", "Thumbprint list must contain fewer than 5 entries."),
    );
    await assert.rejects(
      iam.send(new IAM.CreateOpenIDConnectProviderCommand({ Url: "https://short.example.com", ThumbprintList: ["abc"] })),
      refused("ValidationError", /ThumbprintList/i),
    );
    await assert.rejects(
      iam.send(
        new IAM.CreateOpenIDConnectProviderCommand({
          Url: "https://many.example.com",
          ThumbprintList: ["9".repeat(40)],
          ClientIDList: Array.from({ length: 101 }, (_, i) => `c${i}`),
        }),
      ),
      refused("LimitExceeded", "Cannot exceed quota for ClientIdsPerOpenIdConnectProvider: 100"),
    );

    await iam.send(new IAM.AddClientIDToOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn, ClientID: "c" }));
    await iam.send(new IAM.AddClientIDToOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn, ClientID: "c" }));
    await iam.send(new IAM.RemoveClientIDFromOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn, ClientID: "a" }));
    await iam.send(new IAM.RemoveClientIDFromOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn, ClientID: "absent" }));
    await iam.send(new IAM.UpdateOpenIDConnectProviderThumbprintCommand({ OpenIDConnectProviderArn: arn, ThumbprintList: ["8".repeat(40), "7".repeat(40)] }));
    await iam.send(new IAM.TagOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn, Tags: [{ Key: "env", Value: "prod" }] }));
    await iam.send(new IAM.UntagOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn, TagKeys: ["team"] }));
    const got = await iam.send(new IAM.GetOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn }));
    assert.equal(got.Url, "oidc.example.com/tenant");
    assert.deepEqual(got.ClientIDList, ["b", "c"]);
    assert.deepEqual(got.ThumbprintList, ["8".repeat(40), "7".repeat(40)]);
    assert.ok(got.CreateDate instanceof Date);
    assert.deepEqual(got.Tags, [{ Key: "env", Value: "prod" }]);
    assert.deepEqual((await iam.send(new IAM.ListOpenIDConnectProviderTagsCommand({ OpenIDConnectProviderArn: arn }))).Tags, [{ Key: "env", Value: "prod" }]);
    const listed = await iam.send(new IAM.ListOpenIDConnectProvidersCommand({}));
    assert.ok(listed.OpenIDConnectProviderList?.some((p) => p.Arn === arn));

    await iam.send(new IAM.DeleteOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn }));
    await assert.rejects(
      iam.send(new IAM.GetOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn })),
      refused("NoSuchEntity", `OpenIDConnect Provider not found for arn ${arn}`),
    );
    await assert.rejects(
      iam.send(new IAM.DeleteOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn })),
      refused("NoSuchEntity", `OpenIDConnect Provider not found for arn ${arn}`),
    );
  });

  test("without a ThumbprintList, IAM takes the top certificate's thumbprint from the host", async () => {
    const iam = new IAM.IAMClient(env.clientConfig());
    const arn = (await iam.send(new IAM.CreateOpenIDConnectProviderCommand({ Url: `${issuer.url}/auto`, ClientIDList: ["x"] })))
      .OpenIDConnectProviderArn as string;
    assert.deepEqual((await iam.send(new IAM.GetOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn }))).ThumbprintList, [issuer.thumbprint]);
    await iam.send(new IAM.DeleteOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn }));
    // Nothing listens on port 1 of loopback: IAM cannot read a certificate.
    await assert.rejects(
      iam.send(new IAM.CreateOpenIDConnectProviderCommand({ Url: "https://127.0.0.1:1" })),
      refused("OpenIdIdpCommunicationError", /^Could not communicate with the OpenID Connect provider/),
    );
  });
});

describe("AssumeRoleWithWebIdentity (SDK v3, unsigned, strict mode)", () => {
  let providerArn = "";
  const roleArn = `arn:aws:iam::${A}:role/ci/deployer`;

  test("a provider for the issuer and a role trusting it for one repository's main branch", async () => {
    const iam = new IAM.IAMClient(env.clientConfig());
    providerArn = (
      await iam.send(new IAM.CreateOpenIDConnectProviderCommand({ Url: issuer.url, ClientIDList: ["sts.amazonaws.com"], ThumbprintList: [issuer.thumbprint] }))
    ).OpenIDConnectProviderArn as string;
    assert.equal(providerArn, `arn:aws:iam::${A}:oidc-provider/${issuer.host}`);
    const trust = doc({
      Effect: "Allow",
      Principal: { Federated: providerArn },
      Action: "sts:AssumeRoleWithWebIdentity",
      Condition: { StringEquals: { [`${issuer.host}:aud`]: "sts.amazonaws.com" }, StringLike: { [`${issuer.host}:sub`]: "repo:org/app:ref:refs/heads/main" } },
    });
    await iam.send(new IAM.CreateRoleCommand({ RoleName: "deployer", Path: "/ci/", AssumeRolePolicyDocument: trust, MaxSessionDuration: 7200 }));
    await iam.send(
      new IAM.PutRolePolicyCommand({
        RoleName: "deployer",
        PolicyName: "read-logs",
        PolicyDocument: doc({ Effect: "Allow", Action: "logs:Describe*", Resource: "*" }),
      }),
    );
  });

  test("a valid RS256 token gives working credentials of the role session; an ES256 one too", async () => {
    const sts = anonymousSts();
    const out = await sts.send(
      new AssumeRoleWithWebIdentityCommand({ RoleArn: roleArn, RoleSessionName: "gha-1", WebIdentityToken: issuer.token(), DurationSeconds: 1800 }),
    );
    assert.equal(out.SubjectFromWebIdentityToken, "repo:org/app:ref:refs/heads/main");
    assert.equal(out.Audience, "sts.amazonaws.com");
    assert.equal(out.Provider, providerArn);
    assert.equal(out.AssumedRoleUser?.Arn, `arn:aws:sts::${A}:assumed-role/deployer/gha-1`);
    assert.match(out.AssumedRoleUser?.AssumedRoleId ?? "", /^AROA[A-Z2-7]{17}:gha-1$/);
    assert.match(out.Credentials?.AccessKeyId ?? "", /^ASIA/);
    const lifetime = (out.Credentials?.Expiration?.getTime() ?? 0) - Date.now();
    assert.ok(lifetime > 1790_000 && lifetime <= 1800_000, String(lifetime));
    assert.ok(issuer.requests.includes("/.well-known/openid-configuration") && issuer.requests.includes("/keys"));

    const creds = {
      accessKeyId: out.Credentials?.AccessKeyId ?? "",
      secretAccessKey: out.Credentials?.SecretAccessKey ?? "",
      sessionToken: out.Credentials?.SessionToken ?? "",
    };
    const me = await new STSClient({ ...env.clientConfig(), credentials: creds }).send(new GetCallerIdentityCommand({}));
    assert.equal(me.Arn, `arn:aws:sts::${A}:assumed-role/deployer/gha-1`);
    await new CloudWatchLogsClient({ ...env.clientConfig(), credentials: creds }).send(new DescribeLogGroupsCommand({}));

    const ec = await sts.send(
      new AssumeRoleWithWebIdentityCommand({ RoleArn: roleArn, RoleSessionName: "gha-ec", WebIdentityToken: issuer.token({}, { alg: "ES256" }) }),
    );
    assert.equal(ec.AssumedRoleUser?.Arn, `arn:aws:sts::${A}:assumed-role/deployer/gha-ec`);
    // Unsigned is allowed for this call only: strict mode still refuses an unsigned GetCallerIdentity.
    const bare = await fetch(`${env.endpoint}/`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "Action=GetCallerIdentity&Version=2011-06-15",
    });
    assert.equal(bare.status, 403);
    assert.match(await bare.text(), /<Code>MissingAuthenticationToken<\/Code>/);
  });

  test("tokens AWS refuses are refused with AWS's errors", async () => {
    const sts = anonymousSts();
    const call = (WebIdentityToken: string, RoleArn = roleArn) =>
      sts.send(new AssumeRoleWithWebIdentityCommand({ RoleArn, RoleSessionName: "s1", WebIdentityToken }));
    const now = Math.floor(Date.now() / 1000);
    await assert.rejects(
      call(issuer.token({ exp: now - 10 })),
      refused("ExpiredTokenException", /^Token expired: current date\/time \d+ must be before the expiration date\/time \d+$/),
    );
    await assert.rejects(call(issuer.token({ aud: "someone-else" })), refused("InvalidIdentityToken", "Incorrect token audience"));
    await assert.rejects(
      call(issuer.token({ iss: "https://unknown.example.com" })),
      refused("InvalidIdentityToken", "No OpenIDConnect provider found in your account for https://unknown.example.com"),
    );
    await assert.rejects(call(issuer.token({}, { key: "other" })), refused("InvalidIdentityToken", /could not be validated by AWS/));
    await assert.rejects(call(issuer.token({}, { kid: "no-such-key" })), refused("InvalidIdentityToken", /^Couldn't retrieve verification key/));
    // A token whose claims were changed after signing: the signature no longer covers them.
    const [h, , s] = issuer.token().split(".");
    const forged = `${h}.${Buffer.from(JSON.stringify({ iss: issuer.url, aud: "sts.amazonaws.com", sub: "repo:org/app:ref:refs/heads/main", exp: now + 300 })).toString("base64url")}.${s}`;
    await assert.rejects(call(forged), refused("InvalidIdentityToken", /could not be validated by AWS/));
    const unsigned = `${Buffer.from(JSON.stringify({ alg: "none" })).toString("base64url")}.${forged.split(".")[1]}.`;
    await assert.rejects(call(unsigned), refused("InvalidIdentityToken", /not a valid JWT/));
    await assert.rejects(call("not-a-jwt"), refused("InvalidIdentityToken", /not a valid JWT/));
    // The trust policy's sub condition: another branch is refused, as is a role that does not exist.
    await assert.rejects(
      call(issuer.token({ sub: "repo:org/app:ref:refs/heads/dev" })),
      refused("AccessDenied", "Not authorized to perform sts:AssumeRoleWithWebIdentity"),
    );
    await assert.rejects(
      call(issuer.token(), `arn:aws:iam::${A}:role/absent`),
      refused("AccessDenied", "Not authorized to perform sts:AssumeRoleWithWebIdentity"),
    );
  });

  test("a thumbprint that is not the certificate's: the issuer is not trusted", async () => {
    const iam = new IAM.IAMClient(env.clientConfig());
    await iam.send(new IAM.UpdateOpenIDConnectProviderThumbprintCommand({ OpenIDConnectProviderArn: providerArn, ThumbprintList: ["0".repeat(40)] }));
    await assert.rejects(
      anonymousSts().send(new AssumeRoleWithWebIdentityCommand({ RoleArn: roleArn, RoleSessionName: "s1", WebIdentityToken: issuer.token() })),
      refused("InvalidIdentityToken", "OpenIDConnect provider's HTTPS certificate doesn't match configured thumbprint"),
    );
    await iam.send(new IAM.UpdateOpenIDConnectProviderThumbprintCommand({ OpenIDConnectProviderArn: providerArn, ThumbprintList: [issuer.thumbprint] }));
  });

  test("boto3: assume_role_with_web_identity unsigned, and the session narrowed by a session policy", async () => {
    const r = await boto3(
      env.endpoint,
      `
import boto3, json, os
from botocore.exceptions import ClientError
E = os.environ["ENDPOINT"]
from botocore import UNSIGNED
from botocore.config import Config
sts = boto3.client("sts", endpoint_url=E, region_name="us-east-1", config=Config(signature_version=UNSIGNED))
out = {}
c = sts.assume_role_with_web_identity(RoleArn=${JSON.stringify(roleArn)}, RoleSessionName="py", WebIdentityToken=${JSON.stringify(issuer.token())},
    Policy=json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "logs:DescribeLogStreams", "Resource": "*"}]}))
out["arn"] = c["AssumedRoleUser"]["Arn"]
out["packed"] = c.get("PackedPolicySize")
k = c["Credentials"]
logs = boto3.client("logs", endpoint_url=E, region_name="us-east-1", aws_access_key_id=k["AccessKeyId"], aws_secret_access_key=k["SecretAccessKey"], aws_session_token=k["SessionToken"])
try:
    logs.describe_log_groups()
    out["narrowed"] = None
except ClientError as e:
    out["narrowed"] = [e.response["Error"]["Code"], e.response["Error"]["Message"]]
try:
    sts.assume_role_with_web_identity(RoleArn=${JSON.stringify(roleArn)}, RoleSessionName="py", WebIdentityToken="x.y.z")
except ClientError as e:
    out["bad"] = e.response["Error"]["Code"]
print(json.dumps(out))
`,
    );
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.json.arn, `arn:aws:sts::${A}:assumed-role/deployer/py`);
    assert.equal(r.json.narrowed[0], "AccessDeniedException");
    assert.match(
      r.json.narrowed[1],
      new RegExp(
        `^User: arn:aws:sts::${A}:assumed-role/deployer/py is not authorized to perform: logs:DescribeLogGroups on resource: \\S+ because no session policy allows the logs:DescribeLogGroups action$`,
      ),
    );
    assert.equal(r.json.bad, "InvalidIdentityToken");
  });
});
