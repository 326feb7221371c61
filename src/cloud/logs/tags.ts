/**
 * TagLogGroup, UntagLogGroup, ListTagsLogGroup (deprecated, by name) and TagResource, UntagResource,
 * ListTagsForResource (by ARN): two views of the same tags, as AWS shows
 * (test/vectors/aws-recorded/logs_test_logs_groups.snapshot.json, test_tag_resource_api).
 */
import type {
  ListTagsForResourceRequest,
  ListTagsForResourceResponse,
  ListTagsLogGroupRequest,
  ListTagsLogGroupResponse,
  TagLogGroupRequest,
  TagResourceRequest,
  UntagLogGroupRequest,
  UntagResourceRequest,
} from "../validation/logs-types.js";
import type { RequestContext } from "../service.js";
import { logGroupArn, parseArn } from "./arn.js";
import { inPartitionOf } from "../partitions.js";
import type { LogsContext } from "./context.js";
import type { DocumentKind } from "./documents.js";
import { logGroupNotFound, resourceNotFound } from "./errors.js";

const DOCUMENT_KINDS: Record<string, DocumentKind> = {
  destination: "destination",
  "delivery-source": "delivery-source",
  "delivery-destination": "delivery-destination",
  delivery: "delivery",
};

export function tagOperations(logs: LogsContext) {
  const { catalog, tags } = logs;

  /** The ARN's resource must exist in the caller's account and region. */
  const existing = (arn: string, ctx: RequestContext): string => {
    const parsed = parseArn(arn);
    if (
      parsed === undefined ||
      !inPartitionOf(arn, ctx.region) ||
      parsed.service !== "logs" ||
      parsed.account !== ctx.account ||
      parsed.region !== ctx.region
    ) {
      throw resourceNotFound();
    }
    const [type = "", ...rest] = parsed.resource.split(":");
    const name = rest.join(":");
    if (type === "log-group") {
      if (rest.length !== 1 || catalog.findGroup(ctx, name) === undefined) throw logGroupNotFound();
      return arn;
    }
    const kind = DOCUMENT_KINDS[type];
    if (kind === undefined || logs.documents.get(kind, ctx, name) === undefined) throw resourceNotFound();
    return arn;
  };

  return {
    tagLogGroup(input: TagLogGroupRequest, ctx: RequestContext): Record<string, never> {
      const group = catalog.group(ctx, input.logGroupName);
      tags.tag(logGroupArn(ctx, group.name), input.tags);
      return {};
    },
    untagLogGroup(input: UntagLogGroupRequest, ctx: RequestContext): Record<string, never> {
      const group = catalog.group(ctx, input.logGroupName);
      tags.untag(logGroupArn(ctx, group.name), input.tags);
      return {};
    },
    listTagsLogGroup(input: ListTagsLogGroupRequest, ctx: RequestContext): ListTagsLogGroupResponse {
      const group = catalog.group(ctx, input.logGroupName);
      return { tags: tags.list(logGroupArn(ctx, group.name)) };
    },
    tagResource(input: TagResourceRequest, ctx: RequestContext): Record<string, never> {
      tags.tag(existing(input.resourceArn, ctx), input.tags);
      return {};
    },
    untagResource(input: UntagResourceRequest, ctx: RequestContext): Record<string, never> {
      tags.untag(existing(input.resourceArn, ctx), input.tagKeys);
      return {};
    },
    listTagsForResource(input: ListTagsForResourceRequest, ctx: RequestContext): ListTagsForResourceResponse {
      return { tags: tags.list(existing(input.resourceArn, ctx)) };
    },
  };
}
