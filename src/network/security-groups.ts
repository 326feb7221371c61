/**
 * The security-group decision engine: ACCEPT or REJECT for a packet at an interface, statefully. A tracked
 * connection is accepted whatever the rules; otherwise the union of the interface's groups' rules decides.
 */
import type { Cidr } from "./addresses.js";
import type { Clock } from "./clock.js";
import { type ConnectionTimeouts, ConnectionTracker } from "./connection-tracker.js";
import type { Action, Packet } from "./packet.js";
import { type CompiledRule, compileRules, type GroupMembership, ruleAllows, type SecurityGroup } from "./security-group-rules.js";

/** What the engine needs to know of an interface: its id, its groups, and its tracking timeouts. */
export interface InterfaceSecurity {
  readonly interfaceId: string;
  readonly groups: readonly SecurityGroup[];
  /** The interface's ConnectionTrackingSpecification, in seconds; defaults are AWS's. */
  readonly connectionTracking?: Partial<ConnectionTimeouts>;
}

export interface SecurityGroupEngineOptions {
  clock: Clock;
  /** Resolves group references (UserIdGroupPairs); required only when a rule has one. */
  membership?: GroupMembership;
  /** Defaults for every interface, in seconds. */
  timeouts?: Partial<ConnectionTimeouts>;
}

export class SecurityGroupEngine {
  readonly tracker: ConnectionTracker;
  private readonly membership: GroupMembership | undefined;
  /** Parsed CIDR blocks by text: rules change, blocks recur. */
  private readonly cidrs = new Map<string, Cidr>();

  constructor(options: SecurityGroupEngineOptions) {
    this.tracker = new ConnectionTracker(options.clock, options.timeouts);
    this.membership = options.membership;
  }

  /** Decides a packet and, when its rules allow it, tracks its connection so that replies pass. */
  evaluate(iface: InterfaceSecurity, packet: Packet): Action {
    if (this.tracker.continues(iface.interfaceId, packet, iface.connectionTracking)) return "ACCEPT";
    if (!this.rulesAllow(iface.groups, packet)) return "REJECT";
    this.tracker.track(iface.interfaceId, packet, iface.connectionTracking);
    return "ACCEPT";
  }

  /**
   * The stateless half: whether any rule of any group allows the packet in its direction. Groups are
   * read on every call, so a change made through the EC2 API applies to the next new connection.
   */
  rulesAllow(groups: readonly SecurityGroup[], packet: Packet): boolean {
    for (const group of groups) {
      const permissions = packet.direction === "ingress" ? group.IpPermissions : group.IpPermissionsEgress;
      const rules: CompiledRule[] = compileRules(permissions, group.GroupId, this.cidrs);
      for (const rule of rules) if (ruleAllows(rule, packet, this.membership)) return true;
    }
    return false;
  }
}
