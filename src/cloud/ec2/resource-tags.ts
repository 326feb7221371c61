/**
 * aws:ResourceTag/KEY and its EC2 twin ec2:ResourceTag/KEY for the resource ARN an EC2 request is
 * authorized on: the tags of the VPC, subnet, gateway, security group, instance, interface, flow log,
 * network ACL or route table it names (each has both keys in the Service Authorization Reference).
 */
import type { ConditionValues } from "../authorization-table.js";
import { arnPrefix } from "../partitions.js";
import type { RequestContext } from "../service.js";
import type { Kind } from "./records.js";
import type { ResourceStore } from "./resource-store.js";

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

export function ec2ResourceTagConditions(store: ResourceStore, ctx: Pick<RequestContext, "account" | "region">, arn: string): ConditionValues {
  const prefix = `${arnPrefix(ctx.region)}ec2:${ctx.region}:${ctx.account}:`;
  if (!arn.startsWith(prefix)) return {};
  const m = /^([a-z-]+)\/([A-Za-z0-9-]+)$/.exec(arn.slice(prefix.length));
  const kind = TAGGABLE.find((k) => k === m?.[1]);
  if (m === null || kind === undefined) return {};
  const record = store.get({ account: ctx.account, region: ctx.region }, kind, m[2] ?? "");
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(record?.tags ?? {})) {
    out[`aws:ResourceTag/${k}`] = v;
    out[`ec2:ResourceTag/${k}`] = v;
  }
  return out;
}
