/**
 * Bucket policies and identity policies together, in strict mode (every signature checked): an anonymous GET is
 * refused until the bucket policy grants `*`; a user of the owner's account is allowed by the bucket policy alone; a Deny in the bucket policy beats the owner account's identity allow; and the log delivery policy AWS documents
 * (s3:x-amz-acl = bucket-owner-full-control) admits exactly the PutObject that carries that ACL.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import * as S3 from "@aws-sdk/client-s3";
import { CreateAccessKeyCommand, CreateUserCommand, IAMClient, PutUserPolicyCommand } from "@aws-sdk/client-iam";
import { useLocalCloud } from "../support/local-cloud.js";

const env = useLocalCloud({ auth: "strict", rootSecret: "root-secret-for-tests" });
const doc = (...statements: object[]) => JSON.stringify({ Version: "2012-10-17", Statement: statements });
const B = "policy-bucket";

async function userIn(name: string, policy: object): Promise<S3.S3Client> {
  const iam = new IAMClient(env.clientConfig());
  await iam.send(new CreateUserCommand({ UserName: name }));
  await iam.send(new PutUserPolicyCommand({ UserName: name, PolicyName: "p", PolicyDocument: doc(policy) }));
  const key = (await iam.send(new CreateAccessKeyCommand({ UserName: name }))).AccessKey;
  return new S3.S3Client({ ...env.clientConfig(key?.AccessKeyId, key?.SecretAccessKey), forcePathStyle: true });
}

describe("S3 bucket policies with identity policies", () => {
  const root = () => new S3.S3Client({ ...env.clientConfig(), forcePathStyle: true });

  test("anonymous: refused, then allowed by a bucket policy naming *, for that action only", async () => {
    await root().send(new S3.CreateBucketCommand({ Bucket: B }));
    await root().send(new S3.PutObjectCommand({ Bucket: B, Key: "public/page.html", Body: "<p>hi</p>" }));
    const url = `${env.endpoint}/${B}/public/page.html`;
    const refused = await fetch(url);
    assert.equal(refused.status, 403);
    assert.match(await refused.text(), /<Code>AccessDenied<\/Code><Message>Access Denied<\/Message>/);
    await root().send(
      new S3.PutBucketPolicyCommand({
        Bucket: B,
        Policy: doc({ Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: `arn:aws:s3:::${B}/public/*` }),
      }),
    );
    const served = await fetch(url);
    assert.equal(served.status, 200);
    assert.equal(await served.text(), "<p>hi</p>");
    assert.equal((await fetch(`${env.endpoint}/${B}?list-type=2`)).status, 403);
  });

  test("a Deny in the bucket policy beats the owner account's identity allow", async () => {
    const reader = await userIn("reader", { Effect: "Allow", Action: "s3:GetObject", Resource: "*" });
    assert.equal((await reader.send(new S3.GetObjectCommand({ Bucket: B, Key: "public/page.html" }))).$metadata.httpStatusCode, 200);
    await root().send(
      new S3.PutBucketPolicyCommand({
        Bucket: B,
        Policy: doc({ Effect: "Deny", Principal: { AWS: "arn:aws:iam::000000000000:user/reader" }, Action: "s3:GetObject", Resource: `arn:aws:s3:::${B}/*` }),
      }),
    );
    await assert.rejects(reader.send(new S3.GetObjectCommand({ Bucket: B, Key: "public/page.html" })), (error: Error) => {
      assert.equal(error.name, "AccessDenied");
      assert.match(error.message, /with an explicit deny in a resource-based policy$/);
      return true;
    });
  });

  test("a user of the bucket's account allowed by the bucket policy alone, with no identity policy for it", async () => {
    const writer = await userIn("writer", { Effect: "Allow", Action: "s3:ListAllMyBuckets", Resource: "*" });
    await assert.rejects(writer.send(new S3.PutObjectCommand({ Bucket: B, Key: "in/x", Body: "x" })), { name: "AccessDenied" });
    await root().send(
      new S3.PutBucketPolicyCommand({
        Bucket: B,
        Policy: doc({
          Effect: "Allow",
          Principal: { AWS: "arn:aws:iam::000000000000:user/writer" },
          Action: "s3:PutObject",
          Resource: `arn:aws:s3:::${B}/in/*`,
        }),
      }),
    );
    await writer.send(new S3.PutObjectCommand({ Bucket: B, Key: "in/x", Body: "x" }));
    await assert.rejects(writer.send(new S3.PutObjectCommand({ Bucket: B, Key: "out/x", Body: "x" })), { name: "AccessDenied" });
  });

  test("s3:x-amz-acl: the delivery-style condition admits only bucket-owner-full-control", async () => {
    const deliverer = await userIn("deliverer", { Effect: "Allow", Action: "s3:ListAllMyBuckets", Resource: "*" });
    await root().send(
      new S3.PutBucketPolicyCommand({
        Bucket: B,
        Policy: doc({
          Effect: "Allow",
          Principal: { AWS: "arn:aws:iam::000000000000:user/deliverer" },
          Action: "s3:PutObject",
          Resource: `arn:aws:s3:::${B}/AWSLogs/*`,
          Condition: { StringEquals: { "s3:x-amz-acl": "bucket-owner-full-control" } },
        }),
      }),
    );
    await assert.rejects(deliverer.send(new S3.PutObjectCommand({ Bucket: B, Key: "AWSLogs/a.log", Body: "x" })), { name: "AccessDenied" });
    await deliverer.send(new S3.PutObjectCommand({ Bucket: B, Key: "AWSLogs/a.log", Body: "x", ACL: "bucket-owner-full-control" }));
  });

  test("strict mode: a wrong secret is SignatureDoesNotMatch, an unknown key InvalidAccessKeyId", async () => {
    const wrong = new S3.S3Client({ ...env.clientConfig("test", "not-the-secret"), forcePathStyle: true });
    await assert.rejects(wrong.send(new S3.ListBucketsCommand({})), { name: "SignatureDoesNotMatch" });
    const unknown = new S3.S3Client({ ...env.clientConfig("AKIAUNKNOWNKEY000000", "x"), forcePathStyle: true });
    await assert.rejects(unknown.send(new S3.ListBucketsCommand({})), { name: "InvalidAccessKeyId" });
  });
});
