/**
 * The VPC data plane of a LocalCloud: the traffic gateway on running instances' public addresses,
 * the subnet's route table, network ACL and the security groups deciding each connection, one aggregator per aggregation interval, windows closed
 * on the wall clock (or now, by POST /_flowwatch/flush), and delivery of what they hold.
 */
import { FlowAggregator } from "../../network/aggregator.js";
import type { Cidr } from "../../network/addresses.js";
import { type ConnectionDecision, type GatewayTarget, TrafficGateway } from "../../network/gateway.js";
import { evaluateNetworkAcl } from "../../network/network-acls.js";
import type { ClosedWindow, Observation } from "../../network/observation.js";
import { type Packet, TCP_ACK, TCP_SYN } from "../../network/packet.js";
import { isRouted } from "../../network/routes.js";
import { SecurityGroupEngine } from "../../network/security-groups.js";
import type { Clock } from "../clock.js";
import type { DeliveryOutcome, FlowLogDelivery } from "./delivery.js";
import type { MonitoredInterface, VpcView } from "./ports.js";
import { TrafficRunner } from "./traffic.js";

export interface DataPlaneOptions {
  vpc: VpcView;
  delivery: FlowLogDelivery;
  clock: Clock;
  /** Ports the gateway listens on at every public address. */
  ports?: readonly number[];
  /** How often windows are checked for closing, in ms. */
  tickMs?: number;
  /** The machine-wide public address locks (public-address-claims.ts): the gateway listens only on addresses this cloud holds. */
  claims?: AddressClaims;
  onError?(error: unknown): void;
}

/** What the data plane needs of PublicAddressClaims. */
export interface AddressClaims {
  claim(ip: string): boolean;
  retain(ips: ReadonlySet<string>): void;
}

const INTERVALS = [60, 600] as const;

export class VpcDataPlane {
  private readonly engine: SecurityGroupEngine;
  /** Network ACL blocks parsed once. */
  private readonly cidrs = new Map<string, Cidr>();
  private readonly gateway: TrafficGateway;
  private readonly aggregators = new Map<60 | 600, FlowAggregator>(INTERVALS.map((i) => [i, new FlowAggregator({ defaultInterval: i })]));
  private interfaces = new Map<string, MonitoredInterface>();
  /** Addresses another cloud held when this one wanted to listen on them: warned once. */
  private readonly unheld = new Set<string>();
  /** `interval/interfaceId` of every interface a flow log of that interval covers. */
  private readonly monitored = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  private syncing: Promise<void> = Promise.resolve();
  /** Windows close one at a time: a flush and a tick never deliver the same window twice. */
  private closing: Promise<unknown> = Promise.resolve();
  /** Scenario traffic, live into these aggregators or backfilled through its own. */
  readonly traffic: TrafficRunner;

  constructor(private readonly options: DataPlaneOptions) {
    this.engine = new SecurityGroupEngine({
      clock: options.clock,
      // A rule naming a group matches the primary private addresses of that group's interfaces.
      membership: (groupId, address) => {
        for (const iface of this.interfaces.values()) if (iface.privateIp === address && iface.securityGroupIds.includes(groupId)) return true;
        return false;
      },
    });
    this.gateway = new TrafficGateway({
      clock: options.clock,
      ...(options.ports ? { ports: options.ports } : {}),
      decide: (target, packet) => this.decide(target, packet),
      observe: (observation) => this.observe(observation),
      onListenError: (target, port, error) => options.onError?.(new Error(`cannot listen on ${target.publicIp}:${port}: ${error.message}`)),
      onError: (error) => options.onError?.(error),
    });
    options.vpc.onChange(() => this.refresh());
    this.traffic = new TrafficRunner(options.vpc, options.delivery, (observation) => this.observe(observation), options.clock);
  }

  /** Re-reads EC2's state (after a change, or a reset that emptied it). */
  refresh(): Promise<void> {
    this.syncing = this.syncing.then(() => this.sync()).catch((e) => this.options.onError?.(e));
    return this.syncing;
  }

  async start(): Promise<void> {
    await this.sync();
    this.timer = setInterval(() => {
      void this.close((aggregator, now) => aggregator.closeWindows(now));
    }, this.options.tickMs ?? 1000);
    this.timer.unref();
  }

  /** Applies EC2's state: gateway listeners for running instances with public addresses, monitoring per flow log interval. */
  private async sync(): Promise<void> {
    const now = this.options.clock.now();
    const next = new Map(this.options.vpc.interfaces().map((i) => [i.interfaceId, i]));
    for (const interval of INTERVALS) {
      const aggregator = this.aggregators.get(interval) as FlowAggregator;
      for (const iface of next.values()) {
        const key = `${interval}/${iface.interfaceId}`;
        const covered =
          iface.running && this.options.vpc.flowLogsCovering(iface.account, iface.region, iface.interfaceId).some((f) => f.maxAggregationInterval === interval);
        if (covered && !this.monitored.has(key)) {
          aggregator.monitor(iface.interfaceId, { aggregationInterval: interval, since: now });
          this.monitored.add(key);
        } else if (!covered && this.monitored.has(key)) {
          aggregator.unmonitor(iface.interfaceId);
          this.monitored.delete(key);
        }
      }
    }
    for (const key of [...this.monitored]) {
      const [interval, interfaceId] = key.split("/") as [string, string];
      if (next.has(interfaceId)) continue;
      this.aggregators.get(Number(interval) as 60 | 600)?.unmonitor(interfaceId);
      this.monitored.delete(key);
    }
    this.interfaces = next;
    const claims = this.options.claims;
    // Addresses EC2 no longer gives are released; those it gives are claimed again, which matters after
    // a restart: a running instance's address from the data dir may meanwhile be held by another cloud.
    claims?.retain(new Set([...next.values()].flatMap((i) => (i.publicIp === null ? [] : [i.publicIp]))));
    const held = (i: MonitoredInterface) => {
      if (claims === undefined || claims.claim(i.publicIp as string)) return true;
      if (!this.unheld.has(i.publicIp as string))
        this.options.onError?.(
          new Error(`${i.publicIp} (instance ${i.instanceId}) is held by another local cloud on this machine: the gateway does not listen on it`),
        );
      this.unheld.add(i.publicIp as string);
      return false;
    };
    const targets: GatewayTarget[] = [...next.values()]
      .filter((i) => i.running && i.publicIp !== null && i.instanceId !== null && held(i))
      .map((i) => ({ publicIp: i.publicIp as string, interfaceId: i.interfaceId, privateIp: i.privateIp, instanceId: i.instanceId as string }));
    await this.gateway.setTargets(targets);
  }

  /**
   * A new inbound connection in AWS's order: a route back to the client (else it is not carried at all),
   * the subnet's network ACL inbound, the security groups (stateful), then the network ACL outbound for
   * the SYN-ACK, since network ACLs are stateless. Rules are read at each decision, so a change made
   * through the EC2 API applies to the next connection.
   */
  private decide(target: GatewayTarget, packet: Packet): ConnectionDecision {
    const iface = this.interfaces.get(target.interfaceId);
    if (iface === undefined || !iface.running) return { request: "REJECT" };
    try {
      const routing = this.options.vpc.subnetRouting(iface.account, iface.region, iface.subnetId);
      if (routing !== undefined) {
        if (!isRouted(routing.routeTable, packet.srcaddr)) return { request: "REJECT", routed: false };
        if (evaluateNetworkAcl(routing.networkAcl, packet, this.cidrs).action === "deny") return { request: "REJECT" };
      }
      const groups = this.options.vpc.securityGroups(iface.account, iface.region, iface.securityGroupIds);
      const request = this.engine.evaluate({ interfaceId: iface.interfaceId, groups }, packet);
      if (request === "REJECT" || routing === undefined) return { request };
      const reply: Packet = {
        direction: "egress",
        protocol: packet.protocol,
        srcaddr: packet.dstaddr,
        dstaddr: packet.srcaddr,
        srcport: packet.dstport,
        dstport: packet.srcport,
        tcpFlags: TCP_SYN | TCP_ACK,
      };
      return { request, reply: evaluateNetworkAcl(routing.networkAcl, reply, this.cidrs).action === "deny" ? "REJECT" : "ACCEPT" };
    } catch (error) {
      // A rule the engine refuses (a prefix list) must not take the server down: the packet is dropped.
      this.options.onError?.(error);
      return { request: "REJECT" };
    }
  }

  /** Observations go to the aggregator of each interval a flow log covering the interface uses. */
  observe(observation: Observation): void {
    for (const interval of INTERVALS) {
      if (this.monitored.has(`${interval}/${observation.interfaceId}`)) this.aggregators.get(interval)?.add(observation);
    }
  }

  /** Closes every open window now and delivers it (POST /_flowwatch/flush). */
  flush(): Promise<DeliveryOutcome[]> {
    return this.close((aggregator, now) => aggregator.flush(now), true);
  }

  private close(take: (aggregator: FlowAggregator, now: number) => ClosedWindow[], flushing = false): Promise<DeliveryOutcome[]> {
    const run = this.closing.then(async () => {
      await this.syncing;
      const now = this.options.clock.now();
      const outcomes: DeliveryOutcome[] = [];
      for (const interval of INTERVALS) {
        const aggregator = this.aggregators.get(interval) as FlowAggregator;
        for (const window of take(aggregator, now)) {
          const iface = this.interfaces.get(window.interfaceId);
          if (iface === undefined) continue;
          outcomes.push(...(await this.options.delivery.deliver(window, iface, interval)));
        }
      }
      // S3 files close on their own five-minute intervals; a flush closes them all with the windows.
      outcomes.push(...(await this.options.delivery.closeFiles(flushing)));
      return outcomes;
    });
    this.closing = run.catch((error) => this.options.onError?.(error));
    return run;
  }

  async stop(): Promise<void> {
    this.traffic.stopAll();
    if (this.timer !== undefined) clearInterval(this.timer);
    await this.gateway.stop();
  }
}
