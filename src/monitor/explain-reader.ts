/**
 * What `explain` evaluates, read through the EC2 API: an interface, its security groups' rules, its
 * subnet's network ACL and route table, the VPC's internet gateway, and what rules point at (prefix lists,
 * referenced groups' members). A read AWS refuses or does not serve becomes `Unreadable` with AWS's words,
 * so the explanation says what it could not see; an endpoint that does not answer fails the whole read.
 */
import {
  DescribeInstancesCommand,
  DescribeInternetGatewaysCommand,
  DescribeNetworkAclsCommand,
  DescribeNetworkInterfacesCommand,
  DescribeRouteTablesCommand,
  DescribeSecurityGroupRulesCommand,
  DescribeSecurityGroupsCommand,
  DescribeSubnetsCommand,
  type EC2Client,
  type Filter,
  GetManagedPrefixListEntriesCommand,
  type NetworkInterface,
  type SecurityGroup,
  type SecurityGroupRule,
} from "@aws-sdk/client-ec2";
import type { GroupConfig, InterfaceConfig, Lookups, NetworkAclConfig, RouteTableConfig, Unreadable } from "../explain/index.js";
import { isUnreadable } from "../explain/index.js";
import { failureText } from "../setup/sdk-errors.js";

/** The interface a command named does not exist (or is not visible to the caller). */
export class InterfaceNotFound extends Error {
  override readonly name = "InterfaceNotFound";
}

/** True for an error AWS answered (4xx, the client's fault): the read is refused or not served, not broken. */
function answered(error: unknown): boolean {
  const e = error as { $metadata?: { httpStatusCode?: number }; $fault?: string };
  const status = e?.$metadata?.httpStatusCode;
  return typeof status === "number" && status >= 400 && status < 500 && e.$fault === "client";
}

/** A read whose refusal the explanation reports instead of failing: AWS's answer as the reason. */
async function orUnreadable<T>(read: () => Promise<T>): Promise<T | Unreadable> {
  try {
    return await read();
  } catch (error) {
    if (answered(error)) return { unreadable: failureText(error) };
    throw error;
  }
}

/** Every page of a Describe call (bounded: a thousand pages is a bug, not an account). */
async function allPages<P extends { NextToken?: string | undefined }, T>(
  send: (token: string | undefined) => Promise<P>,
  items: (page: P) => T[] | undefined,
): Promise<T[]> {
  const out: T[] = [];
  let token: string | undefined;
  for (let i = 0; i < 1000; i++) {
    const page = await send(token);
    out.push(...(items(page) ?? []));
    token = page.NextToken;
    if (!token) break;
  }
  return out;
}

/** IpPermissions of DescribeSecurityGroups as one rule per peer, for endpoints without DescribeSecurityGroupRules (no rule ids then). */
export function rulesOfGroup(group: SecurityGroup): SecurityGroupRule[] {
  const out: SecurityGroupRule[] = [];
  for (const [egress, permissions] of [
    [false, group.IpPermissions],
    [true, group.IpPermissionsEgress],
  ] as const) {
    for (const p of permissions ?? []) {
      const base = { GroupId: group.GroupId, IsEgress: egress, IpProtocol: p.IpProtocol, FromPort: p.FromPort, ToPort: p.ToPort };
      for (const r of p.IpRanges ?? []) out.push({ ...base, CidrIpv4: r.CidrIp });
      for (const r of p.Ipv6Ranges ?? []) out.push({ ...base, CidrIpv6: r.CidrIpv6 });
      for (const r of p.PrefixListIds ?? []) out.push({ ...base, PrefixListId: r.PrefixListId });
      for (const r of p.UserIdGroupPairs ?? []) out.push({ ...base, ReferencedGroupInfo: { GroupId: r.GroupId, UserId: r.UserId } });
    }
  }
  return out;
}

export class ExplainReader {
  constructor(private readonly ec2: EC2Client) {}

  /** The interface by id; InterfaceNotFound when EC2 says it does not exist. */
  async interfaceById(id: string): Promise<InterfaceConfig> {
    let found: NetworkInterface | undefined;
    try {
      const answer = await this.ec2.send(new DescribeNetworkInterfacesCommand({ NetworkInterfaceIds: [id] }));
      found = answer.NetworkInterfaces?.[0];
    } catch (error) {
      if ((error as { name?: string }).name === "InvalidNetworkInterfaceID.NotFound")
        throw new InterfaceNotFound(`network interface ${id} not found (${failureText(error)})`);
      throw error;
    }
    if (found === undefined) throw new InterfaceNotFound(`network interface ${id} not found`);
    return this.configOf(found);
  }

  /** The interface of the VPC holding this private address, if there is one the caller can see. */
  async interfaceByAddress(vpcId: string, address: string): Promise<InterfaceConfig | undefined> {
    const filters: Filter[] = [
      { Name: "vpc-id", Values: [vpcId] },
      { Name: address.includes(":") ? "ipv6-addresses.ipv6-address" : "addresses.private-ip-address", Values: [address] },
    ];
    const answer = await orUnreadable(() => this.ec2.send(new DescribeNetworkInterfacesCommand({ Filters: filters })));
    if (isUnreadable(answer)) return undefined;
    const found = answer.NetworkInterfaces?.find(
      (n) =>
        n.PrivateIpAddresses?.some((p) => p.PrivateIpAddress === address) ||
        n.PrivateIpAddress === address ||
        n.Ipv6Addresses?.some((a) => a.Ipv6Address === address),
    );
    return found ? this.configOf(found) : undefined;
  }

  private async configOf(n: NetworkInterface): Promise<InterfaceConfig> {
    const interfaceId = n.NetworkInterfaceId ?? "eni-?";
    const privateAddresses = new Set<string>();
    const publicAddresses = new Set<string>();
    if (n.PrivateIpAddress) privateAddresses.add(n.PrivateIpAddress);
    for (const p of n.PrivateIpAddresses ?? []) {
      if (p.PrivateIpAddress) privateAddresses.add(p.PrivateIpAddress);
      if (p.Association?.PublicIp) publicAddresses.add(p.Association.PublicIp);
    }
    if (n.Association?.PublicIp) publicAddresses.add(n.Association.PublicIp);
    for (const a of n.Ipv6Addresses ?? []) if (a.Ipv6Address) privateAddresses.add(a.Ipv6Address);
    const [instanceName, subnetCidrs, groups, networkAcl, routeTable, internetGatewayId] = await Promise.all([
      this.instanceName(n.Attachment?.InstanceId),
      this.subnetCidrs(n.SubnetId),
      this.groups(n),
      this.networkAcl(n.SubnetId, n.VpcId),
      this.routeTable(n.SubnetId, n.VpcId),
      this.internetGateway(n.VpcId),
    ]);
    return {
      interfaceId,
      ...(instanceName ? { instanceName } : {}),
      privateAddresses: [...privateAddresses],
      publicAddresses: [...publicAddresses],
      ...(n.SubnetId ? { subnetId: n.SubnetId } : {}),
      subnetCidrs,
      ...(n.VpcId ? { vpcId: n.VpcId } : {}),
      ...(internetGatewayId ? { internetGatewayId } : {}),
      groups,
      networkAcl,
      routeTable,
    };
  }

  private async instanceName(instanceId: string | undefined): Promise<string | undefined> {
    if (!instanceId) return undefined;
    const answer = await orUnreadable(() => this.ec2.send(new DescribeInstancesCommand({ InstanceIds: [instanceId] })));
    if (isUnreadable(answer)) return undefined;
    return answer.Reservations?.[0]?.Instances?.[0]?.Tags?.find((t) => t.Key === "Name")?.Value;
  }

  private async subnetCidrs(subnetId: string | undefined): Promise<string[]> {
    if (!subnetId) return [];
    const answer = await orUnreadable(() => this.ec2.send(new DescribeSubnetsCommand({ SubnetIds: [subnetId] })));
    if (isUnreadable(answer)) return [];
    const s = answer.Subnets?.[0];
    return [...(s?.CidrBlock ? [s.CidrBlock] : []), ...(s?.Ipv6CidrBlockAssociationSet ?? []).flatMap((a) => (a.Ipv6CidrBlock ? [a.Ipv6CidrBlock] : []))];
  }

  /** The interface's groups' rules: DescribeSecurityGroupRules (rule ids), else DescribeSecurityGroups' permissions. */
  private async groups(n: NetworkInterface): Promise<GroupConfig[] | Unreadable> {
    const ids = (n.Groups ?? []).flatMap((g) => (g.GroupId ? [g.GroupId] : []));
    if (ids.length === 0) return [];
    const names = new Map((n.Groups ?? []).map((g) => [g.GroupId, g.GroupName]));
    const config = (rulesOf: (id: string) => SecurityGroupRule[]): GroupConfig[] =>
      ids.map((groupId) => ({ groupId, ...(names.get(groupId) ? { groupName: names.get(groupId) as string } : {}), rules: rulesOf(groupId) }));
    const rules = await orUnreadable(() =>
      allPages(
        (NextToken) =>
          this.ec2.send(new DescribeSecurityGroupRulesCommand({ Filters: [{ Name: "group-id", Values: ids }], ...(NextToken ? { NextToken } : {}) })),
        (p) => p.SecurityGroupRules,
      ),
    );
    if (!isUnreadable(rules)) return config((id) => rules.filter((r) => r.GroupId === id));
    const groups = await orUnreadable(() =>
      allPages(
        (NextToken) => this.ec2.send(new DescribeSecurityGroupsCommand({ GroupIds: ids, ...(NextToken ? { NextToken } : {}) })),
        (p) => p.SecurityGroups,
      ),
    );
    if (isUnreadable(groups)) return { unreadable: `${rules.unreadable}; ${groups.unreadable}` };
    return config((id) => rulesOfGroup(groups.find((g) => g.GroupId === id) ?? {}));
  }

  /** The subnet's network ACL: the one associated with it, else the VPC's default (which serves unassociated subnets). */
  private async networkAcl(subnetId: string | undefined, vpcId: string | undefined): Promise<NetworkAclConfig | Unreadable> {
    if (!subnetId || !vpcId) return { unreadable: "the interface names no subnet" };
    const read = (Filters: Filter[]) => orUnreadable(() => this.ec2.send(new DescribeNetworkAclsCommand({ Filters })));
    let answer = await read([{ Name: "association.subnet-id", Values: [subnetId] }]);
    if (isUnreadable(answer)) return answer;
    if (!answer.NetworkAcls?.length)
      answer = await read([
        { Name: "vpc-id", Values: [vpcId] },
        { Name: "default", Values: ["true"] },
      ]);
    if (isUnreadable(answer)) return answer;
    const acl = answer.NetworkAcls?.[0];
    if (!acl?.NetworkAclId) return { unreadable: `DescribeNetworkAcls lists no network ACL for ${subnetId}` };
    return { networkAclId: acl.NetworkAclId, ...(acl.IsDefault !== undefined ? { isDefault: acl.IsDefault } : {}), entries: acl.Entries ?? [] };
  }

  /** The subnet's route table: the one associated with it, else the VPC's main table. */
  private async routeTable(subnetId: string | undefined, vpcId: string | undefined): Promise<RouteTableConfig | Unreadable> {
    if (!subnetId || !vpcId) return { unreadable: "the interface names no subnet" };
    const read = (Filters: Filter[]) => orUnreadable(() => this.ec2.send(new DescribeRouteTablesCommand({ Filters })));
    let answer = await read([{ Name: "association.subnet-id", Values: [subnetId] }]);
    if (isUnreadable(answer)) return answer;
    let main = false;
    if (!answer.RouteTables?.length) {
      answer = await read([
        { Name: "vpc-id", Values: [vpcId] },
        { Name: "association.main", Values: ["true"] },
      ]);
      main = true;
    }
    if (isUnreadable(answer)) return answer;
    const table = answer.RouteTables?.[0];
    if (!table?.RouteTableId) return { unreadable: `DescribeRouteTables lists no route table for ${subnetId}` };
    return { routeTableId: table.RouteTableId, ...(main ? { main } : {}), routes: table.Routes ?? [] };
  }

  private async internetGateway(vpcId: string | undefined): Promise<string | undefined> {
    if (!vpcId) return undefined;
    const answer = await orUnreadable(() => this.ec2.send(new DescribeInternetGatewaysCommand({ Filters: [{ Name: "attachment.vpc-id", Values: [vpcId] }] })));
    return isUnreadable(answer) ? undefined : answer.InternetGateways?.[0]?.InternetGatewayId;
  }

  /** What the interfaces' rules and routes point at: prefix lists' entries, referenced groups' members' private addresses. */
  async lookups(configs: InterfaceConfig[]): Promise<Lookups> {
    const lists = new Set<string>();
    const referenced = new Set<string>();
    for (const c of configs) {
      if (!isUnreadable(c.groups)) {
        for (const g of c.groups) {
          for (const r of g.rules) {
            if (r.PrefixListId) lists.add(r.PrefixListId);
            if (r.ReferencedGroupInfo?.GroupId) referenced.add(r.ReferencedGroupInfo.GroupId);
          }
        }
      }
      if (!isUnreadable(c.routeTable)) for (const r of c.routeTable.routes) if (r.DestinationPrefixListId) lists.add(r.DestinationPrefixListId);
    }
    const prefixLists = new Map<string, string[] | Unreadable>();
    const groupMembers = new Map<string, string[] | Unreadable>();
    await Promise.all([
      ...[...lists].map(async (id) => {
        prefixLists.set(
          id,
          await orUnreadable(() =>
            allPages(
              (NextToken) => this.ec2.send(new GetManagedPrefixListEntriesCommand({ PrefixListId: id, ...(NextToken ? { NextToken } : {}) })),
              (p) => p.Entries,
            ).then((es) => es.flatMap((e) => (e.Cidr ? [e.Cidr] : []))),
          ),
        );
      }),
      ...[...referenced].map(async (id) => {
        groupMembers.set(
          id,
          await orUnreadable(() =>
            allPages(
              (NextToken) =>
                this.ec2.send(new DescribeNetworkInterfacesCommand({ Filters: [{ Name: "group-id", Values: [id] }], ...(NextToken ? { NextToken } : {}) })),
              (p) => p.NetworkInterfaces,
            ).then((ns) =>
              ns.flatMap((n) => [
                ...(n.PrivateIpAddresses ?? []).flatMap((p) => (p.PrivateIpAddress ? [p.PrivateIpAddress] : [])),
                ...(n.Ipv6Addresses ?? []).flatMap((a) => (a.Ipv6Address ? [a.Ipv6Address] : [])),
              ]),
            ),
          ),
        );
      }),
    ]);
    return { prefixLists, groupMembers };
  }
}
