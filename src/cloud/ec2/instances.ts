/**
 * Instances, simulated (no virtual machine): RunInstances, DescribeInstances, Start, Stop and
 * TerminateInstances. A call's response shows the transitional state AWS shows (pending, stopping,
 * shutting-down); the stored state is the settled one at once, so the next Describe shows running,
 * stopped or terminated. Terminated instances stay visible for an hour by the injected clock.
 */
import type { RequestContext } from "../service.js";
import type {
  DescribeInstancesRequest,
  DescribeInstancesResult,
  Instance,
  InstanceState,
  InstanceStateChange,
  Reservation,
  RunInstancesRequest,
  StartInstancesRequest,
  StartInstancesResult,
  StopInstancesResult,
  TerminateInstancesResult,
  StopInstancesRequest,
  TerminateInstancesRequest,
} from "../validation/ec2-types.js";
import { privateDnsName, publicDnsName } from "./addresses.js";
import type { Ec2Context } from "./context.js";
import {
  incorrectInstanceState,
  instanceNotFound,
  invalidParameter,
  invalidParameterCombination,
  invalidParameterValue,
  malformedAmi,
  missingParameter,
  noDefaultSubnet,
} from "./errors.js";
import { applyFilters } from "./filters.js";
import { checkId, newId } from "./ids.js";
import { instanceInterfaceOutput, newInterface, takePublicAddress } from "./network-interfaces.js";
import { page } from "./pagination.js";
import type { InstanceRecord, InstanceStateName, NetworkInterfaceRecord, SubnetRecord } from "./records.js";
import type { Scope } from "./resource-store.js";
import { requireGroup } from "./security-groups.js";
import { requireSubnet } from "./subnets.js";
import { modelTags, tagsFromSpecifications } from "./tags.js";

const STATE_CODES: Readonly<Record<InstanceStateName, number>> = {
  pending: 0,
  running: 16,
  "shutting-down": 32,
  terminated: 48,
  stopping: 64,
  stopped: 80,
};
const state = (name: InstanceStateName): InstanceState => ({ Code: STATE_CODES[name], Name: name });
/** How long AWS keeps a terminated instance visible. */
const TERMINATED_VISIBLE_MS = 60 * 60 * 1000;
const AMI = /^ami-[0-9a-f]{8,17}$/;
/** RunInstances' default when no InstanceType is given (RunInstances doc). */
const DEFAULT_INSTANCE_TYPE = "m1.small";

export function instanceOperations(ec2: Ec2Context) {
  const { store, clock } = ec2;
  const groupName = (scope: Scope) => (id: string) => store.get(scope, "security-group", id)?.name;

  function instanceOutput(i: InstanceRecord, ctx: Scope, shown: InstanceStateName = i.state): Instance {
    const eni = store.get(ctx, "network-interface", i.interfaceId);
    const names = groupName(ctx);
    const publicIp = eni?.publicIp;
    const stopped = i.state === "stopped" || i.state === "terminated";
    return {
      InstanceId: i.id,
      ImageId: i.imageId,
      State: state(shown),
      PrivateDnsName: i.state === "terminated" ? "" : privateDnsName(i.privateIp, ctx.region),
      PublicDnsName: publicIp === undefined ? "" : publicDnsName(publicIp, ctx.region),
      StateTransitionReason: i.stateTransitionReason,
      KeyName: i.keyName,
      AmiLaunchIndex: i.amiLaunchIndex,
      ProductCodes: [],
      InstanceType: i.instanceType,
      LaunchTime: new Date(i.launchTime),
      Placement: { AvailabilityZone: i.az, GroupName: "", Tenancy: "default" },
      Monitoring: { State: "disabled" },
      SubnetId: i.state === "terminated" ? undefined : i.subnetId,
      VpcId: i.state === "terminated" ? undefined : i.vpcId,
      PrivateIpAddress: i.state === "terminated" ? undefined : i.privateIp,
      PublicIpAddress: publicIp,
      ...(stopped ? { StateReason: { Code: "Client.UserInitiatedShutdown", Message: "Client.UserInitiatedShutdown: User initiated shutdown" } } : {}),
      Architecture: "x86_64",
      RootDeviceType: "ebs",
      RootDeviceName: "/dev/xvda",
      BlockDeviceMappings: [],
      VirtualizationType: "hvm",
      ClientToken: i.clientToken ?? "",
      Tags: modelTags(i.tags),
      SecurityGroups: i.groupIds.map((id) => ({ GroupId: id, GroupName: names(id) })),
      SourceDestCheck: true,
      Hypervisor: "xen",
      NetworkInterfaces: eni === undefined ? [] : [instanceInterfaceOutput(eni, ctx, names)],
      EbsOptimized: false,
      EnaSupport: true,
      CpuOptions: { CoreCount: 1, ThreadsPerCore: 1 },
      CapacityReservationSpecification: { CapacityReservationPreference: "open" },
      HibernationOptions: { Configured: false },
      MetadataOptions: {
        State: "applied",
        HttpTokens: "required",
        HttpPutResponseHopLimit: 2,
        HttpEndpoint: "enabled",
        HttpProtocolIpv6: "disabled",
        InstanceMetadataTags: "disabled",
      },
      EnclaveOptions: { Enabled: false },
      PlatformDetails: "Linux/UNIX",
      UsageOperation: "RunInstances",
      PrivateDnsNameOptions: { HostnameType: "ip-name", EnableResourceNameDnsARecord: false, EnableResourceNameDnsAAAARecord: false },
      MaintenanceOptions: { AutoRecovery: "default" },
      CurrentInstanceBootMode: "legacy-bios",
    };
  }

  function announce(ctx: Scope, i: InstanceRecord, eni: NetworkInterfaceRecord | undefined): void {
    ec2.changes.queue({
      type: "instance-state",
      account: ctx.account,
      region: ctx.region,
      instanceId: i.id,
      interfaceId: i.interfaceId,
      state: i.state,
      privateIp: i.privateIp,
      ...(eni?.publicIp === undefined ? {} : { publicIp: eni.publicIp }),
    });
  }

  /** The subnet to launch into: the request's, the interface specification's, or the default subnet of the zone asked (else the first). */
  function launchSubnet(input: RunInstancesRequest, ctx: RequestContext): SubnetRecord {
    const primary = input.NetworkInterfaces?.find((n) => (n.DeviceIndex ?? 0) === 0);
    const id = input.SubnetId ?? primary?.SubnetId;
    if (id !== undefined) return requireSubnet(ec2, ctx, id);
    const defaultVpc = store.list(ctx, "vpc").find((v) => v.isDefault);
    const subnets = store.list(ctx, "subnet").filter((s) => s.vpcId === defaultVpc?.id && s.defaultForAz);
    const zone = input.Placement?.AvailabilityZone;
    const subnet = zone === undefined ? subnets[0] : subnets.find((s) => s.az === zone);
    if (subnet === undefined) throw noDefaultSubnet();
    return subnet;
  }

  function launchGroups(input: RunInstancesRequest, ctx: RequestContext, subnet: SubnetRecord): string[] {
    const primary = input.NetworkInterfaces?.find((n) => (n.DeviceIndex ?? 0) === 0);
    const ids = [...(input.SecurityGroupIds ?? []), ...(primary?.Groups ?? [])];
    const groups = ids.map((id) => requireGroup(ec2, ctx, id));
    for (const name of input.SecurityGroups ?? []) {
      const g = store.list(ctx, "security-group").find((x) => x.vpcId === subnet.vpcId && x.name === name);
      if (g === undefined) throw invalidParameterValue(`The security group '${name}' does not exist in VPC '${subnet.vpcId}'`);
      groups.push(g);
    }
    for (const g of groups) {
      if (g.vpcId !== subnet.vpcId) throw invalidParameter(`Security group ${g.id} and subnet ${subnet.id} belong to different networks.`);
    }
    if (groups.length === 0) {
      const def = store.list(ctx, "security-group").find((g) => g.vpcId === subnet.vpcId && g.name === "default");
      if (def !== undefined) groups.push(def);
    }
    return [...new Set(groups.map((g) => g.id))];
  }

  /**
   * RunInstances. MaxCount instances when the subnet has room, at least MinCount or an error. Each
   * gets a primary interface; a public address when the interface specification asks for one or,
   * without that choice, when the subnet maps public addresses on launch.
   */
  function runInstances(input: RunInstancesRequest, ctx: RequestContext): Reservation {
    ec2.ensureDefaults(ctx);
    if (input.LaunchTemplate !== undefined)
      throw invalidParameterCombination("flowwatch does not simulate launch templates: give ImageId and InstanceType instead.");
    if (input.ImageId === undefined) throw missingParameter("ImageId");
    if (!AMI.test(input.ImageId)) throw malformedAmi(input.ImageId);
    if (input.MinCount < 1) throw invalidParameterValue(`Value (${input.MinCount}) for parameter minCount is invalid. Expected a positive integer.`);
    if (input.MaxCount < input.MinCount)
      throw invalidParameterValue(`Value (${input.MaxCount}) for parameter maxCount is invalid. Expected a value greater than or equal to minCount.`);
    if ((input.NetworkInterfaces ?? []).length > 1) throw invalidParameterCombination("flowwatch simulates one network interface per instance.");
    const primary = input.NetworkInterfaces?.[0];
    if (primary?.NetworkInterfaceId !== undefined)
      throw invalidParameterCombination("flowwatch creates each instance's interface: NetworkInterfaceId is refused.");
    if (primary !== undefined && (input.SubnetId !== undefined || (input.SecurityGroupIds ?? []).length > 0)) {
      throw invalidParameterCombination("Network interfaces and an instance-level subnet ID or security groups may not be specified on the same request");
    }
    const subnet = launchSubnet(input, ctx);
    const groupIds = launchGroups(input, ctx, subnet);
    const instanceTags = tagsFromSpecifications(input.TagSpecifications, "instance", ["network-interface", "volume"]);
    const eniTags = tagsFromSpecifications(input.TagSpecifications, "network-interface", ["instance", "volume"]);
    const publicOnRun = primary?.AssociatePublicIpAddress ?? subnet.mapPublicIpOnLaunch;
    const reservationId = newId("reservation");
    const now = clock.now();
    const launched: InstanceRecord[] = [];
    for (let index = 0; index < input.MaxCount; index++) {
      let eni: NetworkInterfaceRecord;
      try {
        eni = newInterface(store, ctx, subnet, groupIds, publicOnRun);
      } catch (error) {
        if (index >= input.MinCount) break;
        throw error;
      }
      const instance: InstanceRecord = {
        id: newId("instance"),
        reservationId,
        imageId: input.ImageId,
        instanceType: input.InstanceType ?? DEFAULT_INSTANCE_TYPE,
        ...(input.KeyName === undefined ? {} : { keyName: input.KeyName }),
        state: "running",
        stateTransitionReason: "",
        launchTime: now,
        amiLaunchIndex: index,
        subnetId: subnet.id,
        vpcId: subnet.vpcId,
        az: subnet.az,
        interfaceId: eni.id,
        privateIp: eni.privateIp,
        groupIds,
        ...(input.ClientToken === undefined ? {} : { clientToken: input.ClientToken }),
        tags: { ...instanceTags },
      };
      eni.instanceId = instance.id;
      eni.attachmentId = newId("attachment");
      eni.attachTime = now;
      eni.description = primary?.Description ?? "";
      eni.deleteOnTermination = primary?.DeleteOnTermination ?? true;
      eni.tags = { ...eniTags };
      if (publicOnRun) eni.publicIp = takePublicAddress(store, ec2.publicPool, ec2.claimPublicAddress);
      store.insert(ctx, "network-interface", eni);
      store.insert(ctx, "instance", instance);
      announce(ctx, instance, eni);
      launched.push(instance);
    }
    return {
      ReservationId: reservationId,
      OwnerId: ctx.account,
      Groups: [],
      Instances: launched.map((i) => instanceOutput(i, ctx, "pending")),
    };
  }

  /** Instances by id; every missing id is named in one NotFound error, as AWS names them. */
  function requireInstances(ctx: RequestContext, ids: readonly string[]): InstanceRecord[] {
    for (const id of ids) checkId("instance", id);
    const found: InstanceRecord[] = [];
    const missing: string[] = [];
    for (const id of ids) {
      const instance = store.get(ctx, "instance", id);
      if (instance === undefined || !visible(instance)) missing.push(id);
      else found.push(instance);
    }
    if (missing.length > 0) throw instanceNotFound(missing);
    return found;
  }

  const visible = (i: InstanceRecord) => i.terminatedAt === undefined || clock.now() - i.terminatedAt < TERMINATED_VISIBLE_MS;

  function change(i: InstanceRecord, previous: InstanceStateName, shown: InstanceStateName): InstanceStateChange {
    return { InstanceId: i.id, CurrentState: state(shown), PreviousState: state(previous) };
  }

  /** StartInstances. A stopped instance runs again with a fresh public address, as on AWS. */
  function startInstances(input: StartInstancesRequest, ctx: RequestContext): StartInstancesResult {
    const instances = requireInstances(ctx, input.InstanceIds);
    for (const i of instances) if (i.state === "terminated" || i.state === "shutting-down") throw incorrectInstanceState(i.id, "started");
    return {
      StartingInstances: instances.map((i) => {
        const previous = i.state;
        if (previous === "running") return change(i, previous, previous);
        i.state = "running";
        i.stateTransitionReason = "";
        const eni = store.get(ctx, "network-interface", i.interfaceId);
        if (eni?.publicOnRun && eni.publicIp === undefined) {
          eni.publicIp = takePublicAddress(store, ec2.publicPool, ec2.claimPublicAddress);
          store.update(ctx, "network-interface", eni);
        }
        store.update(ctx, "instance", i);
        announce(ctx, i, eni);
        return change(i, previous, "pending");
      }),
    };
  }

  /** StopInstances. The public address is released, as AWS releases it. */
  function stopInstances(input: StopInstancesRequest, ctx: RequestContext): StopInstancesResult {
    const instances = requireInstances(ctx, input.InstanceIds);
    for (const i of instances) if (i.state === "terminated" || i.state === "shutting-down") throw incorrectInstanceState(i.id, "stopped");
    const reason = `User initiated (${new Date(clock.now())
      .toISOString()
      .replace("T", " ")
      .replace(/\.\d+Z$/, " GMT")})`;
    return {
      StoppingInstances: instances.map((i) => {
        const previous = i.state;
        if (previous === "stopped") return change(i, previous, previous);
        i.state = "stopped";
        i.stateTransitionReason = reason;
        const eni = store.get(ctx, "network-interface", i.interfaceId);
        if (eni !== undefined && eni.publicIp !== undefined) {
          delete eni.publicIp;
          store.update(ctx, "network-interface", eni);
        }
        store.update(ctx, "instance", i);
        announce(ctx, i, eni);
        return change(i, previous, "stopping");
      }),
    };
  }

  /** TerminateInstances. The primary interface goes with the instance; a second call is a no-op. */
  function terminateInstances(input: TerminateInstancesRequest, ctx: RequestContext): TerminateInstancesResult {
    const instances = requireInstances(ctx, input.InstanceIds);
    const reason = `User initiated (${new Date(clock.now())
      .toISOString()
      .replace("T", " ")
      .replace(/\.\d+Z$/, " GMT")})`;
    return {
      TerminatingInstances: instances.map((i) => {
        const previous = i.state;
        if (previous === "terminated") return change(i, previous, previous);
        i.state = "terminated";
        i.stateTransitionReason = reason;
        i.terminatedAt = clock.now();
        const eni = store.get(ctx, "network-interface", i.interfaceId);
        if (eni !== undefined) {
          if (eni.deleteOnTermination) store.delete(ctx, eni.id);
          else {
            delete eni.publicIp;
            delete eni.instanceId;
            delete eni.attachmentId;
            store.update(ctx, "network-interface", eni);
          }
        }
        store.update(ctx, "instance", i);
        announce(ctx, i, undefined);
        return change(i, previous, "shutting-down");
      }),
    };
  }

  function describeInstances(input: DescribeInstancesRequest, ctx: RequestContext): DescribeInstancesResult {
    ec2.ensureDefaults(ctx);
    if (input.MaxResults !== undefined && (input.InstanceIds ?? []).length > 0) {
      throw invalidParameterCombination("The parameter instancesSet cannot be used with the parameter maxResults");
    }
    let instances = store.list(ctx, "instance");
    // Terminated instances past their hour are gone for good.
    for (const i of instances) if (!visible(i)) store.delete(ctx, i.id);
    instances = instances.filter(visible);
    if (input.InstanceIds !== undefined && input.InstanceIds.length > 0) {
      requireInstances(ctx, input.InstanceIds);
      instances = instances.filter((i) => input.InstanceIds?.includes(i.id));
    }
    const eniOf = (i: InstanceRecord) => store.get(ctx, "network-interface", i.interfaceId);
    const names = groupName(ctx);
    const filtered = applyFilters(instances, input.Filters, {
      "availability-zone": (i) => i.az,
      "image-id": (i) => i.imageId,
      "instance-id": (i) => i.id,
      "instance-state-name": (i) => i.state,
      "instance-state-code": (i) => STATE_CODES[i.state],
      "instance-type": (i) => i.instanceType,
      "instance.group-id": (i) => i.groupIds,
      "instance.group-name": (i) => i.groupIds.map(names),
      "ip-address": (i) => eniOf(i)?.publicIp,
      "key-name": (i) => i.keyName,
      "launch-time": (i) => new Date(i.launchTime).toISOString(),
      "network-interface.network-interface-id": (i) => (i.state === "terminated" ? undefined : i.interfaceId),
      "network-interface.addresses.private-ip-address": (i) => i.privateIp,
      "network-interface.addresses.association.public-ip": (i) => eniOf(i)?.publicIp,
      "network-interface.subnet-id": (i) => i.subnetId,
      "network-interface.vpc-id": (i) => i.vpcId,
      "network-interface.group-id": (i) => i.groupIds,
      "owner-id": () => ctx.account,
      "private-ip-address": (i) => (i.state === "terminated" ? undefined : i.privateIp),
      "private-dns-name": (i) => privateDnsName(i.privateIp, ctx.region),
      "dns-name": (i) => {
        const ip = eniOf(i)?.publicIp;
        return ip === undefined ? undefined : publicDnsName(ip, ctx.region);
      },
      "reservation-id": (i) => i.reservationId,
      "subnet-id": (i) => i.subnetId,
      "vpc-id": (i) => i.vpcId,
      "client-token": (i) => i.clientToken,
      architecture: () => "x86_64",
    });
    const { items, nextToken } = page(filtered, input);
    // Instances are answered inside their reservations, in launch order.
    const reservations = new Map<string, InstanceRecord[]>();
    for (const i of items) {
      const list = reservations.get(i.reservationId) ?? [];
      list.push(i);
      reservations.set(i.reservationId, list);
    }
    return {
      Reservations: [...reservations].map(([reservationId, list]) => ({
        ReservationId: reservationId,
        OwnerId: ctx.account,
        Groups: [],
        Instances: list.map((i) => instanceOutput(i, ctx)),
      })),
      NextToken: nextToken,
    };
  }

  return { runInstances, describeInstances, startInstances, stopInstances, terminateInstances };
}
