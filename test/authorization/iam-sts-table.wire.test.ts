/**
 * Walks every row of IAM's and STS's authorization tables with the SDK v3: a user whose identity
 * policy allows exactly the row's action on exactly the call's resource ARN is not refused; the
 * same policy on another ARN gets AWS's AccessDenied naming the action and that resource.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import * as IAM from "@aws-sdk/client-iam";
import * as STS from "@aws-sdk/client-sts";
import { type AuthorizationRow, matchesPattern } from "../../src/cloud/authorization-table.js";
import { IAM_AUTHORIZATION } from "../../src/cloud/iam/authorization.js";
import { newIam } from "../support/iam-harness.js";
import { STS_AUTHORIZATION } from "../../src/cloud/sts/authorization.js";
import { useLocalCloud } from "../support/local-cloud.js";
import { makeSamlIdp } from "../support/saml-idp.js";

const env = useLocalCloud();
const samlMetadata = makeSamlIdp().metadata;
const A = "000000000000";
const iamArn = (kind: string, pathAndName: string) => `arn:aws:iam::${A}:${kind}/${pathAndName}`;
const doc = (statement: object) => JSON.stringify({ Version: "2012-10-17", Statement: [statement] });
const anyDoc = doc({ Effect: "Allow", Action: "s3:GetObject", Resource: "*" });
const trust = doc({ Effect: "Allow", Principal: { AWS: `arn:aws:iam::${A}:root` }, Action: "sts:AssumeRole" });

/** Per operation: the input naming this operation's own fixtures (u-OP, r-OP, g-OP, p-OP) and the ARN the call acts on. */
type Case = { input: Record<string, unknown>; resource: string };
const fixtures = (op: string) => ({ user: `u-${op}`, role: `r-${op}`, group: `g-${op}`, policy: iamArn("policy", `p/p-${op}`) });

function caseFor(op: string, key: string): Case {
  const { user, role, group, policy } = fixtures(op);
  const onUser = (extra: object = {}): Case => ({ input: { UserName: user, ...extra }, resource: iamArn("user", `team/${user}`) });
  const onRole = (extra: object = {}): Case => ({ input: { RoleName: role, ...extra }, resource: iamArn("role", `svc/${role}`) });
  const onPolicy = (extra: object = {}): Case => ({ input: { PolicyArn: policy, ...extra }, resource: policy });
  const anywhere = (input: object = {}): Case => ({ input: { ...input }, resource: "*" });
  const onProfile = (extra: object = {}): Case => ({
    input: { InstanceProfileName: `ip-${op}`, ...extra },
    resource: iamArn("instance-profile", `ip/ip-${op}`),
  });
  const onGroup = (extra: object = {}): Case => ({ input: { GroupName: group, ...extra }, resource: iamArn("group", `grp/${group}`) });
  const oidc = iamArn("oidc-provider", `oidc.example.com/${op}`);
  const onOidc = (extra: object = {}): Case => ({ input: { OpenIDConnectProviderArn: oidc, ...extra }, resource: oidc });
  const saml = iamArn("saml-provider", `s-${op}`);
  const onSaml = (extra: object = {}): Case => ({ input: { SAMLProviderArn: saml, ...extra }, resource: saml });
  switch (op) {
    case "CreatePolicy":
      return { input: { PolicyName: `new-${op}`, Path: "/p/", PolicyDocument: anyDoc }, resource: iamArn("policy", `p/new-${op}`) };
    case "CreatePolicyVersion":
      return onPolicy({ PolicyDocument: anyDoc });
    case "GetPolicyVersion":
    case "SetDefaultPolicyVersion":
    case "DeletePolicyVersion":
      return onPolicy({ VersionId: "v1" });
    case "SimulateCustomPolicy":
      return anywhere({ PolicyInputList: [anyDoc], ActionNames: ["s3:GetObject"] });
    case "CreateRole":
      return { input: { RoleName: `new-${op}`, Path: "/svc/", AssumeRolePolicyDocument: trust }, resource: iamArn("role", `svc/new-${op}`) };
    case "UpdateRole":
      return onRole({ Description: "walked" });
    case "UpdateAssumeRolePolicy":
      return onRole({ PolicyDocument: trust });
    case "TagRole":
      return onRole({ Tags: [{ Key: "k", Value: "v" }] });
    case "UntagRole":
      return onRole({ TagKeys: ["k"] });
    case "PutRolePolicy":
      return onRole({ PolicyName: "inline", PolicyDocument: anyDoc });
    case "GetRolePolicy":
    case "DeleteRolePolicy":
      return onRole({ PolicyName: "inline" });
    case "AttachRolePolicy":
    case "DetachRolePolicy":
      return onRole({ PolicyArn: policy });
    case "CreateUser":
      return { input: { UserName: `new-${op}`, Path: "/team/" }, resource: iamArn("user", `team/new-${op}`) };
    case "UpdateAccessKey":
      return onUser({ AccessKeyId: key, Status: "Inactive" });
    case "DeleteAccessKey":
      return onUser({ AccessKeyId: key });
    case "PutUserPolicy":
      return onUser({ PolicyName: "inline", PolicyDocument: anyDoc });
    case "GetUserPolicy":
    case "DeleteUserPolicy":
      return onUser({ PolicyName: "inline" });
    case "AttachUserPolicy":
    case "DetachUserPolicy":
      return onUser({ PolicyArn: policy });
    case "CreateGroup":
      return { input: { GroupName: `new-${op}`, Path: "/grp/" }, resource: iamArn("group", `grp/new-${op}`) };
    case "AddUserToGroup":
    case "RemoveUserFromGroup":
      return onGroup({ UserName: user });
    case "PutGroupPolicy":
      return onGroup({ PolicyName: "inline", PolicyDocument: anyDoc });
    case "GetGroupPolicy":
    case "DeleteGroupPolicy":
      return onGroup({ PolicyName: "inline" });
    case "AttachGroupPolicy":
    case "DetachGroupPolicy":
      return onGroup({ PolicyArn: policy });
    case "TagUser":
      return onUser({ Tags: [{ Key: "k", Value: "v" }] });
    case "UntagUser":
      return onUser({ TagKeys: ["k"] });
    case "TagPolicy":
      return onPolicy({ Tags: [{ Key: "k", Value: "v" }] });
    case "UntagPolicy":
      return onPolicy({ TagKeys: ["k"] });
    case "CreateInstanceProfile":
      return { input: { InstanceProfileName: `new-${op}`, Path: "/ip/" }, resource: iamArn("instance-profile", `ip/new-${op}`) };
    case "AddRoleToInstanceProfile":
    case "RemoveRoleFromInstanceProfile":
      return onProfile({ RoleName: role });
    case "TagInstanceProfile":
      return onProfile({ Tags: [{ Key: "k", Value: "v" }] });
    case "UntagInstanceProfile":
      return onProfile({ TagKeys: ["k"] });
    // The input is decoded and checked before it is authorized: required members must be there.
    case "CreateAccountAlias":
    case "DeleteAccountAlias":
      return anywhere({ AccountAlias: "walk-alias" });
    case "PutUserPermissionsBoundary":
      return onUser({ PermissionsBoundary: policy });
    case "PutRolePermissionsBoundary":
      return onRole({ PermissionsBoundary: policy });
    case "CreateOpenIDConnectProvider":
      return { input: { Url: `https://new.example.com/${op}`, ThumbprintList: ["9".repeat(40)] }, resource: iamArn("oidc-provider", `new.example.com/${op}`) };
    case "AddClientIDToOpenIDConnectProvider":
    case "RemoveClientIDFromOpenIDConnectProvider":
      return onOidc({ ClientID: "c" });
    case "UpdateOpenIDConnectProviderThumbprint":
      return onOidc({ ThumbprintList: ["8".repeat(40)] });
    case "TagOpenIDConnectProvider":
      return onOidc({ Tags: [{ Key: "k", Value: "v" }] });
    case "UntagOpenIDConnectProvider":
      return onOidc({ TagKeys: ["k"] });
    case "CreateServiceSpecificCredential":
      return onUser({ ServiceName: "codecommit.amazonaws.com" });
    case "UpdateServiceSpecificCredential":
      return onUser({ ServiceSpecificCredentialId: "ACCAAAAAAAAAAAAAAAAAA", Status: "Inactive" });
    case "ResetServiceSpecificCredential":
    case "DeleteServiceSpecificCredential":
      return onUser({ ServiceSpecificCredentialId: "ACCAAAAAAAAAAAAAAAAAA" });
    case "CreateServiceLinkedRole":
      return { input: { AWSServiceName: "ecs.amazonaws.com" }, resource: iamArn("role", "aws-service-role/ecs.amazonaws.com/AWSServiceRoleForECS") };
    case "GetServiceLinkedRoleDeletionStatus":
      return {
        input: { DeletionTaskId: "task/aws-service-role/rds.amazonaws.com/AWSServiceRoleForRDS/0b0b0b0b-0000-4000-8000-000000000000" },
        resource: iamArn("role", "aws-service-role/rds.amazonaws.com/AWSServiceRoleForRDS"),
      };
    case "UploadSSHPublicKey":
      return onUser({ SSHPublicKeyBody: "ssh-rsa AAAAB3NzaC1yc2E= walk" });
    case "GetSSHPublicKey":
      return onUser({ SSHPublicKeyId: "APKAAAAAAAAAAAAAAAAA", Encoding: "SSH" });
    case "UpdateSSHPublicKey":
      return onUser({ SSHPublicKeyId: "APKAAAAAAAAAAAAAAAAA", Status: "Inactive" });
    case "DeleteSSHPublicKey":
      return onUser({ SSHPublicKeyId: "APKAAAAAAAAAAAAAAAAA" });
    case "CreateVirtualMFADevice":
      return { input: { VirtualMFADeviceName: `mfa-${op}`, Path: "/m/" }, resource: iamArn("mfa", `m/mfa-${op}`) };
    case "DeleteVirtualMFADevice":
      return { input: { SerialNumber: iamArn("mfa", `mfa-${op}`) }, resource: iamArn("mfa", `mfa-${op}`) };
    case "EnableMFADevice":
    case "ResyncMFADevice":
      return onUser({ SerialNumber: iamArn("mfa", `mfa-${op}`), AuthenticationCode1: "123456", AuthenticationCode2: "654321" });
    case "DeactivateMFADevice":
    case "GetMFADevice":
      return onUser({ SerialNumber: iamArn("mfa", `mfa-${op}`) });
    case "CreateSAMLProvider":
      return { input: { Name: `new-${op}`, SAMLMetadataDocument: samlMetadata }, resource: iamArn("saml-provider", `new-${op}`) };
    case "UpdateSAMLProvider":
      return onSaml({ SAMLMetadataDocument: samlMetadata });
    case "TagSAMLProvider":
      return onSaml({ Tags: [{ Key: "k", Value: "v" }] });
    case "UntagSAMLProvider":
      return onSaml({ TagKeys: ["k"] });
    case "SimulatePrincipalPolicy":
      return { input: { PolicySourceArn: iamArn("user", `team/${user}`), ActionNames: ["s3:GetObject"] }, resource: iamArn("user", `team/${user}`) };
    case "AssumeRole":
      return { input: { RoleArn: iamArn("role", `svc/${role}`), RoleSessionName: "walk" }, resource: iamArn("role", `svc/${role}`) };
    case "GetCallerIdentity":
    case "GetSessionToken":
      return anywhere();
    case "GetAccessKeyInfo":
      return anywhere({ AccessKeyId: key });
    case "GetAccessKeyLastUsed":
      return { input: { AccessKeyId: key }, resource: iamArn("user", `team/${user}`) };
    case "GetFederationToken":
      return { input: { Name: "fed" }, resource: `arn:aws:sts::${A}:federated-user/fed` };
  }
  const row = IAM_AUTHORIZATION[op] as AuthorizationRow;
  if (row.resources[0] === "*") return anywhere();
  if (row.resources[0]?.includes(":role/")) return onRole();
  if (row.resources[0]?.includes(":user/")) return onUser();
  if (row.resources[0]?.includes(":instance-profile/")) return onProfile();
  if (row.resources[0]?.includes(":group/")) return onGroup();
  if (row.resources[0]?.includes(":oidc-provider/")) return onOidc();
  if (row.resources[0]?.includes(":saml-provider/")) return onSaml();
  return onPolicy();
}

const other = (resource: string) => (resource === "*" ? iamArn("user", "nobody") : `${resource}-other`);

describe("the IAM and STS authorization tables, row by row", () => {
  const root = { iam: new IAM.IAMClient({}), sts: new STS.STSClient({}) };
  const walker: { iam?: IAM.IAMClient; sts?: STS.STSClient } = {};
  const rows: [string, string, AuthorizationRow][] = [
    ...Object.entries(IAM_AUTHORIZATION).map(([op, row]): [string, string, AuthorizationRow] => ["iam", op, row]),
    ...Object.entries(STS_AUTHORIZATION)
      // AssumeRoleWithWebIdentity and AssumeRoleWithSAML are called without credentials: their own tests.
      .filter(([op]) => Object.hasOwn(newIam().sts.operations, op) && !op.startsWith("AssumeRoleWith"))
      .map(([op, row]): [string, string, AuthorizationRow] => ["sts", op, row]),
  ];

  test("every operation IAM and STS serve has a row, and every row a served operation", () => {
    const { iam, sts } = newIam();
    assert.deepEqual(Object.keys(IAM_AUTHORIZATION).sort(), Object.keys(iam.operations).sort());
    // STS's table also holds rows for operations still to come (GetSessionToken ...).
    for (const op of Object.keys(sts.operations)) assert.ok(Object.hasOwn(STS_AUTHORIZATION, op), `no row for ${op}`);
  });

  test("a walker user with a key", async () => {
    root.iam = new IAM.IAMClient(env.clientConfig());
    root.sts = new STS.STSClient(env.clientConfig());
    await root.iam.send(new IAM.CreateUserCommand({ UserName: "walker" }));
    const key = (await root.iam.send(new IAM.CreateAccessKeyCommand({ UserName: "walker" }))).AccessKey;
    walker.iam = new IAM.IAMClient(env.clientConfig(key?.AccessKeyId, key?.SecretAccessKey));
    walker.sts = new STS.STSClient(env.clientConfig(key?.AccessKeyId, key?.SecretAccessKey));
  });

  for (const [service, op, row] of rows) {
    test(`${row.action}`, async () => {
      const { user, role, group } = fixtures(op);
      await root.iam.send(new IAM.CreateUserCommand({ UserName: user, Path: "/team/" }));
      await root.iam.send(new IAM.CreateRoleCommand({ RoleName: role, Path: "/svc/", AssumeRolePolicyDocument: trust }));
      await root.iam.send(new IAM.CreateGroupCommand({ GroupName: group, Path: "/grp/" }));
      await root.iam.send(new IAM.CreatePolicyCommand({ PolicyName: `p-${op}`, Path: "/p/", PolicyDocument: anyDoc }));
      if (op.includes("InstanceProfile")) await root.iam.send(new IAM.CreateInstanceProfileCommand({ InstanceProfileName: `ip-${op}`, Path: "/ip/" }));
      if (op.includes("SAMLProvider")) await root.iam.send(new IAM.CreateSAMLProviderCommand({ Name: `s-${op}`, SAMLMetadataDocument: samlMetadata }));
      if (op.includes("OpenIDConnectProvider"))
        await root.iam.send(new IAM.CreateOpenIDConnectProviderCommand({ Url: `https://oidc.example.com/${op}`, ThumbprintList: ["9".repeat(40)] }));
      const key = (await root.iam.send(new IAM.CreateAccessKeyCommand({ UserName: user }))).AccessKey?.AccessKeyId as string;
      const { input, resource } = caseFor(op, key);
      assert.ok(
        row.resources.some((pattern) => matchesPattern(pattern, resource)),
        `${resource} is not one of ${row.resources.join(", ")}`,
      );

      const client = (service === "iam" ? walker.iam : walker.sts) as { send(command: unknown): Promise<unknown> };
      const commands = (service === "iam" ? IAM : STS) as unknown as Record<string, new (input: object) => unknown>;
      const call = () => client.send(new (commands[`${op}Command`] as new (input: object) => unknown)(input));
      const allow = async (resourceArn: string) => {
        await root.iam.send(
          new IAM.PutUserPolicyCommand({
            UserName: "walker",
            PolicyName: "walk",
            PolicyDocument: doc({ Effect: "Allow", Action: row.action, Resource: resourceArn }),
          }),
        );
        // AddRoleToInstanceProfile also needs iam:PassRole on the role (its own test covers the refusal).
        if (op === "AddRoleToInstanceProfile")
          await root.iam.send(
            new IAM.PutUserPolicyCommand({
              UserName: "walker",
              PolicyName: "pass",
              PolicyDocument: doc({ Effect: "Allow", Action: "iam:PassRole", Resource: "*" }),
            }),
          );
      };

      // Refused first: a Delete that is allowed leaves nothing to be refused about.
      await allow(other(resource));
      if (row.decider === "none") await call();
      else {
        const because = row.decider === "identity" ? ` because no identity-based policy allows the ${row.action} action` : "";
        await assert.rejects(call(), (error: Error) => {
          assert.equal(error.name, "AccessDenied");
          assert.equal(error.message, `User: ${iamArn("user", "walker")} is not authorized to perform: ${row.action} on resource: ${resource}${because}`);
          return true;
        });
      }

      await allow(resource);
      await call().catch((error: Error) => assert.notEqual(error.name, "AccessDenied", `${op} refused: ${error.message}`));
    });
  }
});
