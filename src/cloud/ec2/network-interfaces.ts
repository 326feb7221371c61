/**
 * Network interfaces: the primary interface each instance gets (private address from its subnet,
 * public address while it runs when asked), and DescribeNetworkInterfaces.
 */
import type { RequestContext } from "../service.js";
import type { DescribeNetworkInterfacesRequest, DescribeNetworkInterfacesResult, InstanceNetworkInterface, NetworkInterface } from "../validation/ec2-types.js";
import { type Cidr, allocatePrivate, allocatePublic, macAddress, parseCidr, privateDnsName, publicDnsName } from "./addresses.js";
import type { Ec2Context } from "./context.js";
import { addressesExhausted, networkInterfaceNotFound, publicPoolExhausted } from "./errors.js";
import { applyFilters } from "./filters.js";
import { checkId, newId } from "./ids.js";
import { page } from "./pagination.js";
import type { NetworkInterfaceRecord, SubnetRecord } from "./records.js";
import type { ResourceStore, Scope } from "./resource-store.js";
import { modelTags } from "./tags.js";

/** A new interface in `subnet` with the lowest free private address. */
export function newInterface(store: ResourceStore, scope: Scope, subnet: SubnetRecord, groupIds: string[], publicOnRun: boolean): NetworkInterfaceRecord {
  const used = new Set(
    store
      .list(scope, "network-interface")
      .filter((n) => n.subnetId === subnet.id)
      .map((n) => n.privateIp),
  );
  const cidr = parseCidr(subnet.cidr);
  const privateIp = cidr === undefined ? undefined : allocatePrivate(cidr, used);
  if (privateIp === undefined) throw addressesExhausted(subnet.id);
  return {
    id: newId("network-interface"),
    subnetId: subnet.id,
    vpcId: subnet.vpcId,
    az: subnet.az,
    azId: subnet.azId,
    description: "",
    privateIp,
    publicOnRun,
    groupIds,
    deleteOnTermination: true,
    sourceDestCheck: true,
    tags: {},
  };
}

/** A public address from the pool, unique across every account and Region (the gateway listens on it). */
export function takePublicAddress(store: ResourceStore, pool: Cidr, claim?: (ip: string) => boolean): string {
  const used = new Set<string>();
  for (const { record } of store.all("network-interface")) if (record.publicIp !== undefined) used.add(record.publicIp);
  const ip = allocatePublic(used, pool, claim);
  if (ip === undefined) throw publicPoolExhausted();
  return ip;
}

/** What an interface shows both in DescribeNetworkInterfaces and inside an instance (without the attachment's instance). */
function commonOutput(n: NetworkInterfaceRecord, ctx: Scope, groupName: (id: string) => string | undefined, forInstance: boolean) {
  const association =
    n.publicIp === undefined ? undefined : { IpOwnerId: "amazon", PublicDnsName: publicDnsName(n.publicIp, ctx.region), PublicIp: n.publicIp };
  const attachment =
    n.instanceId === undefined
      ? undefined
      : {
          AttachTime: new Date(n.attachTime ?? 0),
          AttachmentId: n.attachmentId,
          DeleteOnTermination: n.deleteOnTermination,
          DeviceIndex: 0,
          NetworkCardIndex: 0,
          Status: "attached",
          ...(forInstance ? {} : { InstanceId: n.instanceId, InstanceOwnerId: ctx.account }),
        };
  return {
    Association: association,
    Attachment: attachment,
    Description: n.description,
    Groups: n.groupIds.map((id) => ({ GroupId: id, GroupName: groupName(id) })),
    Ipv6Addresses: [],
    MacAddress: macAddress(n.id),
    NetworkInterfaceId: n.id,
    OwnerId: ctx.account,
    PrivateDnsName: privateDnsName(n.privateIp, ctx.region),
    PrivateIpAddress: n.privateIp,
    PrivateIpAddresses: [{ Association: association, Primary: true, PrivateDnsName: privateDnsName(n.privateIp, ctx.region), PrivateIpAddress: n.privateIp }],
    SourceDestCheck: n.sourceDestCheck,
    Status: n.instanceId === undefined ? "available" : "in-use",
    SubnetId: n.subnetId,
    VpcId: n.vpcId,
    InterfaceType: "interface",
  };
}

export function instanceInterfaceOutput(n: NetworkInterfaceRecord, ctx: Scope, groupName: (id: string) => string | undefined): InstanceNetworkInterface {
  return commonOutput(n, ctx, groupName, true);
}

export function interfaceOutput(n: NetworkInterfaceRecord, ctx: Scope, groupName: (id: string) => string | undefined): NetworkInterface {
  const common = commonOutput(n, ctx, groupName, false);
  return {
    ...common,
    AvailabilityZone: n.az,
    AvailabilityZoneId: n.azId,
    PublicDnsName: common.Association?.PublicDnsName,
    RequesterManaged: false,
    TagSet: modelTags(n.tags),
  };
}

export function networkInterfaceOperations(ec2: Ec2Context) {
  const { store } = ec2;

  function describeNetworkInterfaces(input: DescribeNetworkInterfacesRequest, ctx: RequestContext): DescribeNetworkInterfacesResult {
    ec2.ensureDefaults(ctx);
    let interfaces = store.list(ctx, "network-interface");
    if (input.NetworkInterfaceIds !== undefined && input.NetworkInterfaceIds.length > 0) {
      for (const id of input.NetworkInterfaceIds) {
        checkId("network-interface", id);
        if (!interfaces.some((n) => n.id === id)) throw networkInterfaceNotFound(id);
      }
      interfaces = interfaces.filter((n) => input.NetworkInterfaceIds?.includes(n.id));
    }
    const groupName = (id: string) => store.get(ctx, "security-group", id)?.name;
    const filtered = applyFilters(interfaces, input.Filters, {
      "addresses.private-ip-address": (n) => n.privateIp,
      "addresses.primary": () => true,
      "addresses.association.public-ip": (n) => n.publicIp,
      "association.public-ip": (n) => n.publicIp,
      "association.public-dns-name": (n) => (n.publicIp === undefined ? undefined : publicDnsName(n.publicIp, ctx.region)),
      "association.ip-owner-id": (n) => (n.publicIp === undefined ? undefined : "amazon"),
      "attachment.attachment-id": (n) => n.attachmentId,
      "attachment.instance-id": (n) => n.instanceId,
      "attachment.instance-owner-id": (n) => (n.instanceId === undefined ? undefined : ctx.account),
      "attachment.device-index": (n) => (n.instanceId === undefined ? undefined : 0),
      "attachment.status": (n) => (n.instanceId === undefined ? undefined : "attached"),
      "attachment.delete-on-termination": (n) => n.deleteOnTermination,
      "availability-zone": (n) => n.az,
      description: (n) => n.description,
      "group-id": (n) => n.groupIds,
      "group-name": (n) => n.groupIds.map(groupName),
      "interface-type": () => "interface",
      "mac-address": (n) => macAddress(n.id),
      "network-interface-id": (n) => n.id,
      "owner-id": () => ctx.account,
      "private-ip-address": (n) => n.privateIp,
      "private-dns-name": (n) => privateDnsName(n.privateIp, ctx.region),
      "requester-managed": () => false,
      "source-dest-check": (n) => n.sourceDestCheck,
      status: (n) => (n.instanceId === undefined ? "available" : "in-use"),
      "subnet-id": (n) => n.subnetId,
      "vpc-id": (n) => n.vpcId,
    });
    const { items, nextToken } = page(filtered, input);
    return { NetworkInterfaces: items.map((n) => interfaceOutput(n, ctx, groupName)), NextToken: nextToken };
  }

  return { describeNetworkInterfaces };
}
