/**
 * Tags: TagSpecifications on create calls, and CreateTags, DeleteTags and DescribeTags over every
 * resource kind this service keeps. A resource holds its tags in its own record.
 */
import type { RequestContext } from "../service.js";
import type { CreateTagsRequest, DeleteTagsRequest, DescribeTagsRequest, DescribeTagsResult, Tag, TagSpecification } from "../validation/ec2-types.js";
import type { Ec2Context } from "./context.js";
import {
  flowLogsNotFound,
  groupNotFound,
  instanceNotFound,
  internetGatewayNotFound,
  invalidId,
  invalidParameterValue,
  networkAclNotFound,
  networkInterfaceNotFound,
  routeTableNotFound,
  subnetNotFound,
  tagLimit,
  vpcNotFound,
} from "./errors.js";
import { applyFilters, type Tags } from "./filters.js";
import { kindOfId } from "./ids.js";
import { page } from "./pagination.js";
import type { AnyRecord, Kind } from "./records.js";

const MAX_TAGS = 50;

/** A record's tags as the model's `Tags` member (the encoder writes them as `tagSet`). */
export const modelTags = (tags: Tags): Tag[] => Object.entries(tags).map(([Key, Value]) => ({ Key, Value }));

function checkTag(key: string | undefined, value: string | undefined): asserts key is string {
  if (key === undefined || key === "") throw invalidParameterValue("Tag key cannot be null or empty.");
  if (key.length > 128) throw invalidParameterValue(`Tag key exceeds the maximum length of 128 characters`);
  if ((value ?? "").length > 256) throw invalidParameterValue(`Tag value exceeds the maximum length of 256 characters`);
  if (key.toLowerCase().startsWith("aws:")) throw invalidParameterValue("Tag keys starting with 'aws:' are reserved for internal use");
}

export function addTags(target: Tags, tags: readonly Tag[]): void {
  for (const t of tags) {
    checkTag(t.Key, t.Value);
    target[t.Key] = t.Value ?? "";
  }
  if (Object.keys(target).length > MAX_TAGS) throw tagLimit();
}

/**
 * The tags a create call's TagSpecifications give a resource of `resourceType`. A specification
 * for a type the operation cannot tag is refused; `alsoAllowed` are types it tags elsewhere
 * (RunInstances: `network-interface`) or accepts and ignores.
 */
export function tagsFromSpecifications(specs: readonly TagSpecification[] | undefined, resourceType: string, alsoAllowed: readonly string[] = []): Tags {
  const tags: Tags = {};
  for (const spec of specs ?? []) {
    const type = spec.ResourceType;
    if (type === undefined) throw invalidParameterValue("Tag specification resource type must have a value");
    if (type !== resourceType && !alsoAllowed.includes(type)) {
      throw invalidParameterValue(`'${type}' is not a valid taggable resource type for this operation.`);
    }
    if ((spec.Tags ?? []).length === 0) throw invalidParameterValue("Tag specification must have at least one tag");
    if (type === resourceType) addTags(tags, spec.Tags ?? []);
  }
  return tags;
}

/** The taggable kinds by id prefix; reservations and attachments are not taggable. */
const TAGGABLE: readonly Kind[] = [
  "vpc",
  "subnet",
  "internet-gateway",
  "security-group",
  "instance",
  "network-interface",
  "vpc-flow-log",
  "network-acl",
  "route-table",
];

export function tagOperations(ec2: Ec2Context) {
  const { store } = ec2;

  function resolve(ctx: RequestContext, id: string): { kind: Kind; record: AnyRecord } {
    const idKind = kindOfId(id);
    const kind = TAGGABLE.find((k) => k === idKind);
    if (kind === undefined) throw invalidId(id);
    const record = store.get(ctx, kind, id);
    if (record === undefined) throw notFoundFor(kind, id);
    return { kind, record };
  }

  /** CreateTags: every resource must exist, or nothing is tagged. */
  function createTags(input: CreateTagsRequest, ctx: RequestContext) {
    const targets = input.Resources.map((id) => resolve(ctx, id));
    for (const { kind, record } of targets) {
      addTags(record.tags, input.Tags);
      store.update(ctx, kind, record);
    }
  }

  /** DeleteTags: a tag given with a value is removed only when the value matches; no tags removes all. */
  function deleteTags(input: DeleteTagsRequest, ctx: RequestContext) {
    const targets = input.Resources.map((id) => resolve(ctx, id));
    for (const { kind, record } of targets) {
      if (input.Tags === undefined) record.tags = {};
      for (const t of input.Tags ?? []) {
        if (t.Key === undefined) continue;
        if (t.Value === undefined || record.tags[t.Key] === t.Value) delete record.tags[t.Key];
      }
      store.update(ctx, kind, record);
    }
  }

  /** DescribeTags: one row per tag of every resource, in creation order. */
  function describeTags(input: DescribeTagsRequest, ctx: RequestContext): DescribeTagsResult {
    ec2.ensureDefaults(ctx);
    const rows: Array<{ resourceId: string; resourceType: string; key: string; value: string; tags: Tags }> = [];
    for (const kind of TAGGABLE) {
      for (const record of store.list(ctx, kind)) {
        for (const [key, value] of Object.entries(record.tags)) rows.push({ resourceId: record.id, resourceType: kind, key, value, tags: { [key]: value } });
      }
    }
    const filtered = applyFilters(
      rows,
      input.Filters,
      {
        key: (r) => r.key,
        value: (r) => r.value,
        "resource-id": (r) => r.resourceId,
        "resource-type": (r) => r.resourceType,
      },
      { tags: true },
    );
    const { items, nextToken } = page(filtered, input);
    return {
      Tags: items.map((r) => ({ ResourceId: r.resourceId, ResourceType: r.resourceType, Key: r.key, Value: r.value })),
      NextToken: nextToken,
    };
  }

  return { createTags, deleteTags, describeTags };
}

/** The NotFound error of a kind, for an id of that kind that does not exist. */
export function notFoundFor(kind: Kind, id: string) {
  switch (kind) {
    case "vpc":
      return vpcNotFound(id);
    case "subnet":
      return subnetNotFound(id);
    case "internet-gateway":
      return internetGatewayNotFound(id);
    case "security-group":
      return groupNotFound(id);
    case "instance":
      return instanceNotFound([id]);
    case "network-interface":
      return networkInterfaceNotFound(id);
    case "vpc-flow-log":
      return flowLogsNotFound([id]);
    case "network-acl":
      return networkAclNotFound(id);
    case "route-table":
      return routeTableNotFound(id);
  }
}
