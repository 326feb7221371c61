/**
 * Walks every row of S3's authorization table with the SDK v3: an IAM user allowed the row's action on another
 * ARN is refused with S3's AccessDenied (HEAD: a bare 403; DeleteObjects: per key), allowed it on exactly the
 * call's ARN it is not; CopyObject also needs s3:GetObject on its source; another account needs the bucket policy.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import * as S3 from "@aws-sdk/client-s3";
import { CreateAccessKeyCommand, CreateUserCommand, IAMClient, PutUserPolicyCommand } from "@aws-sdk/client-iam";
import { matchesPattern } from "../../src/cloud/authorization-table.js";
import { S3_AUTHORIZATION } from "../../src/cloud/s3/index.js";
import { useLocalCloud } from "../support/local-cloud.js";

const env = useLocalCloud();
const A = "000000000000";
const B = "walk-bucket";
const bucket = (name = B) => `arn:aws:s3:::${name}`;
const object = (key: string) => `arn:aws:s3:::${B}/${key}`;
const doc = (...statements: object[]) => JSON.stringify({ Version: "2012-10-17", Statement: statements });

interface Case {
  input: Record<string, unknown>;
  resource: string;
}

/** Each operation's call and the ARN it acts on; `upload` is an open multipart upload of `multi`. */
function caseFor(op: string, upload: string): Case {
  switch (op) {
    case "ListBuckets":
      return { input: {}, resource: "*" };
    case "CreateBucket":
      return { input: { Bucket: "walk-created" }, resource: bucket("walk-created") };
    case "PutBucketTagging":
      return { input: { Bucket: B, Tagging: { TagSet: [{ Key: "k", Value: "v" }] } }, resource: bucket() };
    case "PutBucketPolicy":
      return {
        input: {
          Bucket: B,
          Policy: doc({ Effect: "Deny", Principal: { AWS: "arn:aws:iam::111122223333:root" }, Action: "s3:GetObject", Resource: `${bucket()}/*` }),
        },
        resource: bucket(),
      };
    case "PutBucketAcl":
      return { input: { Bucket: B, ACL: "private" }, resource: bucket() };
    case "PutObject":
      return { input: { Bucket: B, Key: "put", Body: "x" }, resource: object("put") };
    case "GetObject":
    case "HeadObject":
    case "DeleteObject":
      return { input: { Bucket: B, Key: "obj" }, resource: object("obj") };
    case "CopyObject":
      return { input: { Bucket: B, Key: "copied", CopySource: `${B}/obj` }, resource: object("copied") };
    case "DeleteObjects":
      return { input: { Bucket: B, Delete: { Objects: [{ Key: "gone" }] } }, resource: object("gone") };
    case "CreateMultipartUpload":
      return { input: { Bucket: B, Key: "multi2" }, resource: object("multi2") };
    case "UploadPart":
      return { input: { Bucket: B, Key: "multi", UploadId: upload, PartNumber: 1, Body: "part" }, resource: object("multi") };
    case "ListParts":
      return { input: { Bucket: B, Key: "multi", UploadId: upload }, resource: object("multi") };
    case "CompleteMultipartUpload":
    case "AbortMultipartUpload":
      // Walked with an upload that is no longer there: past authorization, S3 answers NoSuchUpload.
      return {
        input: { Bucket: B, Key: "multi", UploadId: "not-an-upload", MultipartUpload: { Parts: [{ PartNumber: 1, ETag: '"x"' }] } },
        resource: object("multi"),
      };
    default:
      return { input: { Bucket: B }, resource: bucket() };
  }
}

describe("the S3 authorization table, row by row", () => {
  const iam = () => new IAMClient(env.clientConfig());
  const root = () => new S3.S3Client({ ...env.clientConfig(), forcePathStyle: true });
  const clients: { walker?: S3.S3Client; upload?: string } = {};
  const allow = (...statements: object[]) =>
    iam().send(new PutUserPolicyCommand({ UserName: "walker", PolicyName: "walk", PolicyDocument: doc(...statements) }));

  test("every operation S3 serves has a row", async () => {
    const served = Object.keys((await import("../../src/cloud/validation/s3-bindings.js")).s3Bindings.operations).sort();
    assert.deepEqual(Object.keys(S3_AUTHORIZATION).sort(), served);
  });

  test("a bucket, an object and an upload owned by the root; a walker user with a key", async () => {
    await root().send(new S3.CreateBucketCommand({ Bucket: B }));
    await root().send(new S3.PutObjectCommand({ Bucket: B, Key: "obj", Body: "object" }));
    clients.upload = (await root().send(new S3.CreateMultipartUploadCommand({ Bucket: B, Key: "multi" }))).UploadId;
    await iam().send(new CreateUserCommand({ UserName: "walker" }));
    const key = (await iam().send(new CreateAccessKeyCommand({ UserName: "walker" }))).AccessKey;
    clients.walker = new S3.S3Client({ ...env.clientConfig(key?.AccessKeyId, key?.SecretAccessKey), forcePathStyle: true });
  });

  for (const [op, row] of Object.entries(S3_AUTHORIZATION)) {
    test(`${op}: ${row.action}`, async () => {
      const { input, resource } = caseFor(op, clients.upload ?? "");
      assert.ok(
        row.resources.some((p) => matchesPattern(p, resource)),
        `${resource} is not one of ${row.resources.join(", ")}`,
      );
      const Command = (S3 as unknown as Record<string, new (input: object) => never>)[`${op}Command`] as new (input: object) => never;
      const call = () => (clients.walker as S3.S3Client).send(new Command(input)) as Promise<S3.DeleteObjectsOutput>;
      // CopyObject reads its source too: allowed that, it is refused only for want of the row's action.
      const extra = op === "CopyObject" ? [{ Effect: "Allow", Action: "s3:GetObject", Resource: object("obj") }] : [];
      await allow({ Effect: "Allow", Action: row.action, Resource: resource === "*" ? bucket("nobody") : `${resource}-other` }, ...extra);
      if (op === "DeleteObjects") {
        const out = await call();
        assert.deepEqual(
          out.Errors?.map((e) => e.Code),
          ["AccessDenied"],
        );
      } else {
        await assert.rejects(call(), (error: S3.S3ServiceException) => {
          assert.equal(error.$metadata.httpStatusCode, 403);
          if (!op.startsWith("Head")) {
            assert.equal(error.name, "AccessDenied");
            assert.equal(
              error.message,
              `User: arn:aws:iam::${A}:user/walker is not authorized to perform: ${row.action} on resource: ${resource} because no identity-based policy allows the ${row.action} action`,
            );
          }
          return true;
        });
      }
      await allow({ Effect: "Allow", Action: row.action, Resource: resource }, ...extra);
      const out = await call().catch((error: S3.S3ServiceException) => {
        assert.notEqual(error.$metadata.httpStatusCode, 403, `${op} refused: ${error.name} ${error.message}`);
        return undefined;
      });
      if (op === "DeleteObjects") assert.equal(out?.Errors, undefined);
    });
  }

  test("CopyObject without s3:GetObject on its source is AccessDenied on the source's ARN", async () => {
    await allow({ Effect: "Allow", Action: "s3:PutObject", Resource: object("copied") });
    await assert.rejects(
      (clients.walker as S3.S3Client).send(new S3.CopyObjectCommand({ Bucket: B, Key: "copied", CopySource: `${B}/obj` })),
      (error: Error) => {
        assert.equal(error.name, "AccessDenied");
        assert.match(error.message, /s3:GetObject on resource: arn:aws:s3:::walk-bucket\/obj/);
        return true;
      },
    );
  });

  test("across accounts: another account's root is refused as 'Access Denied' until the bucket policy names that account", async () => {
    // Relaxed mode: a 12-digit key is that account's root.
    const other = new S3.S3Client({ ...env.clientConfig("111122223333", "any"), forcePathStyle: true });
    await root().send(new S3.DeleteBucketPolicyCommand({ Bucket: B }));
    await root().send(new S3.PutObjectCommand({ Bucket: B, Key: "obj", Body: "object" }));
    await assert.rejects(
      other.send(new S3.GetObjectCommand({ Bucket: B, Key: "obj" })),
      (error: Error) => error.name === "AccessDenied" && error.message === "Access Denied",
    );
    await root().send(
      new S3.PutBucketPolicyCommand({
        Bucket: B,
        Policy: doc({ Effect: "Allow", Principal: { AWS: "111122223333" }, Action: "s3:GetObject", Resource: `${bucket()}/*` }),
      }),
    );
    const got = await other.send(new S3.GetObjectCommand({ Bucket: B, Key: "obj" }));
    assert.equal(await got.Body?.transformToString(), "object");
    await assert.rejects(other.send(new S3.ListObjectsV2Command({ Bucket: B })), { name: "AccessDenied" });
  });
});
