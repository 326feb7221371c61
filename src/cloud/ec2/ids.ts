/** Resource ids in AWS's formats (`vpc-` + 17 hex digits) and the id checks EC2 makes before any lookup. */
import { randomBytes } from "node:crypto";
import { malformedId } from "./errors.js";

/** The id prefixes EC2 gives each kind of resource this service keeps. */
export const PREFIXES = {
  vpc: "vpc",
  subnet: "subnet",
  "internet-gateway": "igw",
  "security-group": "sg",
  "security-group-rule": "sgr",
  instance: "i",
  "network-interface": "eni",
  "vpc-flow-log": "fl",
  reservation: "r",
  attachment: "eni-attach",
  "vpc-cidr-assoc": "vpc-cidr-assoc",
  "subnet-cidr-assoc": "subnet-cidr-assoc",
  dopt: "dopt",
  "network-acl": "acl",
  "network-acl-association": "aclassoc",
  "route-table": "rtb",
  "route-table-association": "rtbassoc",
} as const;

export type IdKind = keyof typeof PREFIXES;

/** PREFIXES' kinds, typed (Object.keys gives plain strings). */
const ID_KINDS: readonly IdKind[] = Object.keys(PREFIXES).filter((k): k is IdKind => Object.hasOwn(PREFIXES, k));

/** A fresh id: the prefix, a dash and 17 lowercase hex digits, as AWS has issued since 2018. */
export function newId(kind: IdKind): string {
  return `${PREFIXES[kind]}-${randomBytes(9).toString("hex").slice(0, 17)}`;
}

/** Old 8-digit ids are still valid on AWS, so both lengths pass. */
const ID_BODY = /^(?:[0-9a-f]{8}|[0-9a-f]{17})$/;

export function isIdOf(kind: IdKind, id: string): boolean {
  const prefix = `${PREFIXES[kind]}-`;
  return id.startsWith(prefix) && ID_BODY.test(id.slice(prefix.length));
}

/** The malformed-id codes, one per kind, as EC2 names them. */
const MALFORMED: Partial<Record<IdKind, string>> = {
  vpc: "InvalidVpcID.Malformed",
  subnet: "InvalidSubnetID.Malformed",
  "internet-gateway": "InvalidInternetGatewayID.Malformed",
  "security-group": "InvalidGroupId.Malformed",
  instance: "InvalidInstanceID.Malformed",
  "network-interface": "InvalidNetworkInterfaceID.Malformed",
  "vpc-flow-log": "InvalidFlowLogId.Malformed",
  "security-group-rule": "InvalidSecurityGroupRuleId.Malformed",
  "network-acl": "InvalidNetworkAclId.Malformed",
  "route-table": "InvalidRouteTableId.Malformed",
};

/** Throws the kind's `...Malformed` error unless `id` has its shape. */
export function checkId(kind: IdKind, id: string): void {
  if (!isIdOf(kind, id)) throw malformedId(MALFORMED[kind] ?? "InvalidID", id);
}

/** The kind of a resource id by its prefix, for CreateTags and DescribeTags. */
export function kindOfId(id: string): IdKind | undefined {
  const dash = id.lastIndexOf("-");
  if (dash < 0) return undefined;
  const prefix = id.slice(0, dash);
  if (!ID_BODY.test(id.slice(dash + 1))) return undefined;
  return ID_KINDS.find((kind) => PREFIXES[kind] === prefix);
}
