/**
 * Network ACL entries: CreateNetworkAclEntry's parameters checked and canonicalized as AWS stores them
 * (protocol as a number, ports for tcp/udp only, ICMP type and code for icmp/icmpv6 only), and the
 * entrySet of DescribeNetworkAcls.
 */
import { isIPv6 } from "node:net";
import { formatCidr, parseCidr } from "./addresses.js";
import { LAST_RULE } from "./default-network-acl.js";
import {
  invalidCidr,
  invalidIpv6Cidr,
  invalidParameterCombination,
  invalidParameterValue,
  invalidPortRange,
  invalidProtocol,
  invalidRuleNumber,
  missingParameter,
} from "./errors.js";
import type { CreateNetworkAclEntryRequest, NetworkAclEntry, ReplaceNetworkAclEntryRequest } from "../validation/ec2-types.js";
import type { NetworkAclEntryRecord } from "./records.js";

/** Create- and ReplaceNetworkAclEntry take the same members. */
export type NetworkAclEntryRequest = CreateNetworkAclEntryRequest | ReplaceNetworkAclEntryRequest;

const NAMED: Readonly<Record<string, string>> = { all: "-1", tcp: "6", udp: "17", icmp: "1", icmpv6: "58" };
const NAMES: Readonly<Record<string, string>> = { "6": "tcp", "17": "udp", "1": "icmp", "58": "icmpv6" };

/** `-1`, a number 0-255, or a name, to the number text AWS stores and describes. */
export function canonicalProtocol(text: string): string {
  const lower = text.trim().toLowerCase();
  const named = NAMED[lower];
  if (named !== undefined) return named;
  if (lower === "-1") return lower;
  if (/^\d{1,3}$/.test(lower) && Number(lower) <= 255) return String(Number(lower));
  throw invalidProtocol(text);
}

/** The protocol's name where it has one (the entry.protocol filter takes either). */
export const protocolName = (protocol: string): string | undefined => NAMES[protocol];

export function checkRuleNumber(n: number): void {
  if (!Number.isInteger(n) || n < 1 || n >= LAST_RULE) throw invalidRuleNumber(n);
}

function ipv6Cidr(text: string): string {
  const slash = text.indexOf("/");
  const prefix = text.slice(slash + 1);
  if (slash < 0 || !isIPv6(text.slice(0, slash)) || !/^\d{1,3}$/.test(prefix) || Number(prefix) > 128) throw invalidIpv6Cidr(text);
  return text.toLowerCase();
}

/** The entry a Create/ReplaceNetworkAclEntry call describes, as stored. */
export function entryFromRequest(input: NetworkAclEntryRequest): NetworkAclEntryRecord {
  checkRuleNumber(input.RuleNumber);
  if (input.RuleAction !== "allow" && input.RuleAction !== "deny") {
    throw invalidParameterValue(`Value (${input.RuleAction}) for parameter ruleAction is invalid. Valid values are allow, deny.`);
  }
  const protocol = canonicalProtocol(input.Protocol);
  const entry: NetworkAclEntryRecord = { ruleNumber: input.RuleNumber, protocol, ruleAction: input.RuleAction, egress: input.Egress };
  if (input.CidrBlock !== undefined && input.Ipv6CidrBlock !== undefined) {
    throw invalidParameterCombination("Only one of cidrBlock and ipv6CidrBlock may be specified.");
  }
  if (input.CidrBlock !== undefined) {
    const cidr = parseCidr(input.CidrBlock);
    if (cidr === undefined) throw invalidCidr(input.CidrBlock);
    entry.cidrBlock = formatCidr(cidr);
  } else if (input.Ipv6CidrBlock !== undefined) {
    entry.ipv6CidrBlock = ipv6Cidr(input.Ipv6CidrBlock);
  } else {
    throw missingParameter("cidrBlock or ipv6CidrBlock");
  }
  // Ports and ICMP codes mean something for these protocols only; for the others AWS ignores them.
  if (protocol === "6" || protocol === "17") {
    const from = input.PortRange?.From;
    const to = input.PortRange?.To;
    if (from === undefined || to === undefined) throw missingParameter("portRange");
    if (from < 0 || to > 65535 || from > to) throw invalidPortRange(from, to);
    entry.portRange = { from, to };
  } else if (protocol === "1" || protocol === "58") {
    const type = input.IcmpTypeCode?.Type;
    const code = input.IcmpTypeCode?.Code;
    if (type === undefined || code === undefined) throw missingParameter("icmpTypeCode");
    if (type < -1 || type > 255 || code < -1 || code > 255)
      throw invalidParameterValue(`Invalid ICMP type ${type} or code ${code}: each is -1 (any) or 0 to 255.`);
    entry.icmpTypeCode = { type, code };
  }
  return entry;
}

/** Egress entries first, then by rule number, as DescribeNetworkAcls lists them. */
export const entryOrder = (a: NetworkAclEntryRecord, b: NetworkAclEntryRecord) => Number(b.egress) - Number(a.egress) || a.ruleNumber - b.ruleNumber;

/** An entry as the model's `NetworkAclEntry`. */
export function entryOutput(e: NetworkAclEntryRecord): NetworkAclEntry {
  return {
    CidrBlock: e.cidrBlock,
    Egress: e.egress,
    IcmpTypeCode: e.icmpTypeCode === undefined ? undefined : { Code: e.icmpTypeCode.code, Type: e.icmpTypeCode.type },
    Ipv6CidrBlock: e.ipv6CidrBlock,
    PortRange: e.portRange === undefined ? undefined : { From: e.portRange.from, To: e.portRange.to },
    Protocol: e.protocol,
    RuleAction: e.ruleAction,
    RuleNumber: e.ruleNumber,
  };
}
