/**
 * IAM SAML providers and STS AssumeRoleWithSAML with the SDK v3 and boto3: responses signed by a test IdP
 * (openssl key, xml-crypto signature) are accepted only when the metadata's certificate verifies them, and
 * the Role attribute, audience, times and trust policy are checked. Strict mode: the call is served unsigned.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import * as IAM from "@aws-sdk/client-iam";
import { AssumeRoleWithSAMLCommand, GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { boto3 } from "../support/aws-cli.js";
import { useLocalCloud } from "../support/local-cloud.js";
import { makeSamlIdp } from "../support/saml-idp.js";

const env = useLocalCloud({ auth: "strict", rootSecret: "test" });
const A = "000000000000";
const idp = makeSamlIdp();
const providerArn = `arn:aws:iam::${A}:saml-provider/corp-idp`;
const roleArn = `arn:aws:iam::${A}:role/saml-admin`;
const doc = (...Statement: object[]) => JSON.stringify({ Version: "2012-10-17", Statement });
/** The error code on the wire (the SDK's `name` is the model's shape name). */
const refused = (code: string, message: string | RegExp) => (error: Error & { Code?: string }) => {
  assert.equal(error.Code ?? error.name, code);
  if (typeof message === "string") assert.equal(error.message, message);
  else assert.match(error.message, message);
  return true;
};
const anonymousSts = () =>
  new STSClient({ endpoint: env.endpoint, region: "us-east-1", maxAttempts: 1, credentials: { accessKeyId: "", secretAccessKey: "" } });
const assume = (SAMLAssertion: string, RoleArn = roleArn) =>
  anonymousSts().send(new AssumeRoleWithSAMLCommand({ RoleArn, PrincipalArn: providerArn, SAMLAssertion }));
const pair = `${roleArn},${providerArn}`;

describe("SAML providers (SDK v3)", () => {
  test("create, get, list, update, tags, delete; metadata IAM cannot use is refused", async () => {
    const iam = new IAM.IAMClient(env.clientConfig());
    const created = await iam.send(
      new IAM.CreateSAMLProviderCommand({ Name: "corp-idp", SAMLMetadataDocument: idp.metadata, Tags: [{ Key: "team", Value: "it" }] }),
    );
    assert.equal(created.SAMLProviderArn, providerArn);
    const got = await iam.send(new IAM.GetSAMLProviderCommand({ SAMLProviderArn: providerArn }));
    assert.equal(got.SAMLMetadataDocument, idp.metadata);
    assert.equal(got.ValidUntil?.toISOString(), "2030-01-01T00:00:00.000Z");
    assert.deepEqual(got.Tags, [{ Key: "team", Value: "it" }]);
    assert.ok((await iam.send(new IAM.ListSAMLProvidersCommand({}))).SAMLProviderList?.some((p) => p.Arn === providerArn));
    await iam.send(new IAM.TagSAMLProviderCommand({ SAMLProviderArn: providerArn, Tags: [{ Key: "env", Value: "prod" }] }));
    await iam.send(new IAM.UntagSAMLProviderCommand({ SAMLProviderArn: providerArn, TagKeys: ["team"] }));
    assert.deepEqual((await iam.send(new IAM.ListSAMLProviderTagsCommand({ SAMLProviderArn: providerArn }))).Tags, [{ Key: "env", Value: "prod" }]);
    assert.equal(
      (await iam.send(new IAM.UpdateSAMLProviderCommand({ SAMLProviderArn: providerArn, SAMLMetadataDocument: idp.metadata }))).SAMLProviderArn,
      providerArn,
    );

    await assert.rejects(
      iam.send(new IAM.CreateSAMLProviderCommand({ Name: "corp-idp", SAMLMetadataDocument: idp.metadata })),
      refused("EntityAlreadyExists", "SAMLProvider corp-idp already exists."),
    );
    const noCert = idp.metadata.replace(/<md:KeyDescriptor[\s\S]*<\/md:KeyDescriptor>/, `<!-- ${"x".repeat(1000)} -->`);
    await assert.rejects(
      iam.send(new IAM.CreateSAMLProviderCommand({ Name: "no-cert", SAMLMetadataDocument: noCert })),
      refused("InvalidInput", "Could not parse metadata"),
    );
    await assert.rejects(
      iam.send(new IAM.CreateSAMLProviderCommand({ Name: "not-xml", SAMLMetadataDocument: `<md:EntityDescriptor ${"x".repeat(1000)}` })),
      refused("InvalidInput", "Could not parse metadata"),
    );
    const dtd = `<!DOCTYPE x [<!ENTITY a "${"a".repeat(1000)}">]>${idp.metadata.replace(/^<\?xml[^>]*>/, "")}`;
    await assert.rejects(
      iam.send(new IAM.CreateSAMLProviderCommand({ Name: "dtd", SAMLMetadataDocument: dtd })),
      refused("InvalidInput", "Could not parse metadata"),
    );
    const other = `arn:aws:iam::${A}:saml-provider/absent`;
    await assert.rejects(iam.send(new IAM.GetSAMLProviderCommand({ SAMLProviderArn: other })), refused("NoSuchEntity", `SAMLProvider ${other} not found`));
    await iam.send(new IAM.CreateSAMLProviderCommand({ Name: "doomed", SAMLMetadataDocument: idp.metadata }));
    await iam.send(new IAM.DeleteSAMLProviderCommand({ SAMLProviderArn: `arn:aws:iam::${A}:saml-provider/doomed` }));
    await assert.rejects(
      iam.send(new IAM.DeleteSAMLProviderCommand({ SAMLProviderArn: `arn:aws:iam::${A}:saml-provider/doomed` })),
      refused("NoSuchEntity", /not found$/),
    );
  });
});

describe("AssumeRoleWithSAML (SDK v3, unsigned, strict mode)", () => {
  test("a role trusting the provider for AWS's sign-in audience", async () => {
    const iam = new IAM.IAMClient(env.clientConfig());
    const trust = doc({
      Effect: "Allow",
      Principal: { Federated: providerArn },
      Action: "sts:AssumeRoleWithSAML",
      Condition: { StringEquals: { "SAML:aud": "https://signin.aws.amazon.com/saml" } },
    });
    await iam.send(new IAM.CreateRoleCommand({ RoleName: "saml-admin", AssumeRolePolicyDocument: trust }));
    // A second role the provider may assume: what a wrapped (unsigned) assertion would try to reach.
    await iam.send(new IAM.CreateRoleCommand({ RoleName: "other", AssumeRolePolicyDocument: trust }));
  });

  test("a signed response gives a working session with AWS's Subject, Issuer and NameQualifier", async () => {
    const out = await assume(idp.response({ roles: [pair], sessionName: "alice" }));
    assert.equal(out.AssumedRoleUser?.Arn, `arn:aws:sts::${A}:assumed-role/saml-admin/alice`);
    assert.equal(out.Subject, "alice@example.com");
    assert.equal(out.SubjectType, "persistent");
    assert.equal(out.Issuer, idp.entityId);
    assert.equal(out.Audience, "https://signin.aws.amazon.com/saml");
    // Base64(SHA1(Issuer + account + "/" + provider name)), as the API reference gives it.
    const { createHash } = await import("node:crypto");
    assert.equal(out.NameQualifier, createHash("sha1").update(`${idp.entityId}${A}/corp-idp`).digest("base64"));
    const creds = {
      accessKeyId: out.Credentials?.AccessKeyId ?? "",
      secretAccessKey: out.Credentials?.SecretAccessKey ?? "",
      sessionToken: out.Credentials?.SessionToken ?? "",
    };
    assert.equal((await new STSClient({ ...env.clientConfig(), credentials: creds }).send(new GetCallerIdentityCommand({}))).Arn, out.AssumedRoleUser?.Arn);
    // The pair in the other order is the same pair.
    await assume(idp.response({ roles: [`${providerArn},${roleArn}`] }));
  });

  test("what AWS refuses: forged, tampered, wrapped, expired, wrong audience, issuer, role pairing, status", async () => {
    await assert.rejects(assume(idp.response({ roles: [pair], foreignKey: true })), refused("InvalidIdentityToken", /signature could not be verified/));
    await assert.rejects(
      assume(idp.response({ roles: [pair], after: (x) => x.replace(">alice<", ">mallory<") })),
      refused("InvalidIdentityToken", /signature could not be verified/),
    );
    // Signature wrapping: an unsigned assertion naming another role placed before the signed one is never read.
    const otherRole = `arn:aws:iam::${A}:role/other`;
    const wrapped = idp.response({
      roles: [pair],
      after: (x) =>
        x.replace(
          "<saml:Assertion ",
          `<saml:Assertion ID="_evil" Version="2.0" IssueInstant="2030-01-01T00:00:00Z"><saml:Issuer>${idp.entityId}</saml:Issuer><saml:Subject><saml:NameID>mallory</saml:NameID></saml:Subject><saml:AttributeStatement><saml:Attribute Name="https://aws.amazon.com/SAML/Attributes/Role"><saml:AttributeValue>${otherRole},${providerArn}</saml:AttributeValue></saml:Attribute></saml:AttributeStatement></saml:Assertion><saml:Assertion `,
        ),
    });
    await assert.rejects(assume(wrapped, otherRole), refused("AccessDenied", "Not authorized to perform sts:AssumeRoleWithSAML"));
    // The same assertion signed for the other role is accepted: the refusal above was the wrapping's.
    assert.equal(
      (await assume(idp.response({ roles: [`${otherRole},${providerArn}`] }), otherRole)).AssumedRoleUser?.Arn,
      `arn:aws:sts::${A}:assumed-role/other/alice`,
    );
    await assert.rejects(assume(idp.response({ roles: [pair], validFor: -10 })), refused("ExpiredTokenException", /^The SAML assertion expired/));
    await assert.rejects(assume(idp.response({ roles: [pair], audience: "https://elsewhere.example.com" })), refused("InvalidIdentityToken", /audience/));
    await assert.rejects(
      assume(idp.response({ roles: [pair], issuer: "https://impostor.example.com" })),
      refused("InvalidIdentityToken", /Issuer https:\/\/impostor\.example\.com/),
    );
    await assert.rejects(
      assume(idp.response({ roles: [`${otherRole},${providerArn}`] })),
      refused("AccessDenied", "Not authorized to perform sts:AssumeRoleWithSAML"),
    );
    await assert.rejects(assume(idp.response({ roles: [pair], sessionName: "x" })), refused("InvalidIdentityToken", /RoleSessionName/));
    await assert.rejects(
      assume(idp.response({ roles: [pair], status: "urn:oasis:names:tc:SAML:2.0:status:Requester" })),
      refused("IDPRejectedClaim", /authentication failed/),
    );
    await assert.rejects(assume("not base64 at all!"), refused("InvalidIdentityToken", /not a well-formed/));
    await assert.rejects(
      anonymousSts().send(
        new AssumeRoleWithSAMLCommand({
          RoleArn: roleArn,
          PrincipalArn: `arn:aws:iam::${A}:saml-provider/absent`,
          SAMLAssertion: idp.response({ roles: [pair] }),
        }),
      ),
      refused("InvalidIdentityToken", /No SAML provider/),
    );
  });

  test("boto3: assume_role_with_saml unsigned", async () => {
    const r = await boto3(
      env.endpoint,
      `
import boto3, json, os
from botocore import UNSIGNED
from botocore.config import Config
sts = boto3.client("sts", endpoint_url=os.environ["ENDPOINT"], region_name="us-east-1", config=Config(signature_version=UNSIGNED))
c = sts.assume_role_with_saml(RoleArn=${JSON.stringify(roleArn)}, PrincipalArn=${JSON.stringify(providerArn)}, SAMLAssertion=${JSON.stringify(idp.response({ roles: [pair], sessionName: "py-user" }))}, DurationSeconds=900)
print(json.dumps({"arn": c["AssumedRoleUser"]["Arn"], "issuer": c["Issuer"], "subjectType": c["SubjectType"]}))
`,
    );
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(r.json, { arn: `arn:aws:sts::${A}:assumed-role/saml-admin/py-user`, issuer: idp.entityId, subjectType: "persistent" });
  });
});
