/**
 * S3 as an AWS service principal meets it from inside the local cloud: GetBucketAcl and PutObject made
 * by `delivery.logs.amazonaws.com` for VPC Flow Logs, allowed by the bucket's policy alone (a service
 * principal has no identity policies), with the request's aws:SourceAccount, aws:SourceArn and
 * s3:x-amz-acl in the context. The object is stored as PutObject stores it.
 */
import { createHash } from "node:crypto";
import { evaluate, parsePolicyDocument } from "../../policy/index.js";
import type { Clock } from "../clock.js";
import { bucketArn } from "./authorize.js";
import { objectArn } from "./objects.js";
import type { S3Storage } from "./storage.js";

export interface ServiceCall {
  bucket: string;
  servicePrincipal: string;
  context: { sourceAccount: string; sourceArn: string };
}

/** An S3 error code when the call failed: NoSuchBucket, AccessDenied. */
export type ServiceCallOutcome = { ok: true } | { ok: false; code: string };

export class S3ServiceWriter {
  constructor(
    private readonly storage: S3Storage,
    private readonly clock: Clock,
  ) {}

  private decide(call: ServiceCall, action: string, resource: string, extra: Record<string, string> = {}): ServiceCallOutcome {
    const bucket = this.storage.bucket(call.bucket);
    if (bucket === undefined) return { ok: false, code: "NoSuchBucket" };
    if (bucket.policy === null) return { ok: false, code: "AccessDenied" };
    const decision = evaluate(
      {
        // A service principal belongs to no account: the bucket policy alone decides (no cross-account identity side).
        principal: { kind: "Service", arn: call.servicePrincipal },
        action,
        resource,
        now: new Date(this.clock.now()),
        context: {
          "aws:SourceAccount": call.context.sourceAccount,
          "aws:SourceArn": call.context.sourceArn,
          "aws:SecureTransport": false,
          "s3:ResourceAccount": bucket.account,
          ...extra,
        },
      },
      [{ policy: parsePolicyDocument(bucket.policy, "resource"), id: bucketArn(bucket.region, bucket.name), sourceType: "resource", use: "resource" }],
    );
    return decision.decision === "Allow" ? { ok: true } : { ok: false, code: "AccessDenied" };
  }

  async getBucketAclAsService(call: ServiceCall): Promise<ServiceCallOutcome> {
    const bucket = this.storage.bucket(call.bucket);
    return this.decide(call, "s3:GetBucketAcl", bucketArn(bucket?.region ?? "us-east-1", call.bucket));
  }

  async putObjectAsService(call: ServiceCall & { key: string; body: Uint8Array; contentType: string; acl: string }): Promise<ServiceCallOutcome> {
    const bucket = this.storage.bucket(call.bucket);
    const allowed = this.decide(call, "s3:PutObject", objectArn(bucket?.region ?? "us-east-1", call.bucket, call.key), { "s3:x-amz-acl": call.acl });
    if (!allowed.ok || bucket === undefined) return allowed;
    const writer = await this.storage.writer();
    try {
      await writer.write(call.body);
      await writer.commit();
    } catch (error) {
      await writer.discard();
      throw error;
    }
    let stored = false;
    const replaced = this.storage.transaction(
      () => {
        // The bucket may have been deleted while the body was written.
        if (this.storage.bucket(call.bucket) === undefined) return undefined;
        stored = true;
        return this.storage.putObject({
          bucket: call.bucket,
          key: call.key,
          file: writer.name,
          size: call.body.length,
          etag: createHash("md5").update(call.body).digest("hex"),
          modified: this.clock.now(),
          headers: JSON.stringify({ "content-type": call.contentType }),
          metadata: "{}",
          parts: null,
          // Under BucketOwnerEnforced (and bucket-owner-full-control) the bucket's owner owns what is delivered.
          owner: bucket.account,
        });
      },
      () => this.storage.removeFiles([writer.name]),
    );
    if (!stored) {
      this.storage.removeFiles([writer.name]);
      return { ok: false, code: "NoSuchBucket" };
    }
    if (replaced !== undefined) this.storage.removeFiles([replaced]);
    return { ok: true };
  }
}
