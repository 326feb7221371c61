/**
 * The explanation of one connection, in AWS's order: the request leaves the initiator (outbound security
 * groups, outbound network ACL, route), enters the responder (inbound network ACL, inbound security
 * groups); the reply goes back the same way, where security groups let it pass (stateful) and network ACLs
 * judge it again on the client's port (stateless). The first step that drops it decides; every failing
 * step gets the smallest change that would let it through (printed, never made).
 */
import { contains } from "./cidr.js";
import { addressesOf, type Connection, type InterfaceConfig, isUnreadable, type Lookups } from "./model.js";
import { evaluateAcl } from "./network-acls.js";
import { lookupRoute } from "./routes.js";
import { evaluateGroups } from "./security-groups.js";
import { flowText, hasPorts, ICMP, ICMPV6, isIcmp, protocolWord } from "./traffic-text.js";

export type Leg = "request" | "reply";
export type Outcome = "allow" | "deny" | "no-route" | "unknown" | "not-visible" | "not-crossed";

export interface Change {
  text: string;
  /** The AWS CLI command that would make it; empty when there is no one command. */
  command: string;
}

export interface Step {
  leg: Leg;
  /** Where the step is: inbound or outbound at an interface, or the sender's route table. */
  where: "inbound" | "outbound" | "route";
  kind: "security-groups" | "network-acl" | "route" | "outside";
  interfaceId?: string;
  outcome: Outcome;
  text: string;
  change?: Change;
}

export type Verdict = "ACCEPT" | "REJECT" | "NO ROUTE" | "UNDECIDED";

export interface RecordSeen {
  interfaceId: string;
  /** Which leg the record shows: the request (initiator to responder) or the reply. */
  leg: Leg;
  action?: string;
}

export interface ExplainInput {
  connection: Connection;
  /** The interfaces read: the record's own, and the peer's when it is an interface of the VPC. */
  interfaces: InterfaceConfig[];
  lookups?: Lookups;
  record?: RecordSeen;
}

export interface Explanation {
  connection: Connection;
  verdict: Verdict;
  /** The deciding step in one line: "inbound: NACL acl-… rule 100 denies tcp 22 from 0.0.0.0/0". */
  headline: string;
  steps: Step[];
  /** Every change needed, in path order: fixing only the first can reveal the next. */
  changes: Change[];
  /** How the record's action relates to the rules read now. */
  recordNote?: string;
  /** What decides too but the EC2 API cannot show. */
  notVisible: string[];
}

/** The ICMP reply type of a request type: echo (8) is answered by echo reply (0); ICMPv6 128 by 129. */
function icmpReplyType(protocol: number, type: number | undefined): number | undefined {
  if (protocol === ICMP && type === 8) return 0;
  if (protocol === ICMPV6 && type === 128) return 129;
  return undefined;
}

/** The range a client's ephemeral port is taken from when the record does not give it: AWS's NACL guide covers 1024-65535. */
export const EPHEMERAL = { from: 1024, to: 65535 } as const;

const owner = (interfaces: InterfaceConfig[], address: string) => interfaces.find((i) => addressesOf(i).includes(address));

function crossesSubnet(sender: InterfaceConfig | undefined, receiver: InterfaceConfig | undefined, senderAddress: string, receiverAddress: string): boolean {
  if (sender && receiver) return sender.subnetId === undefined || sender.subnetId !== receiver.subnetId;
  const known = sender ?? receiver;
  const other = sender ? receiverAddress : senderAddress;
  return !(known?.subnetCidrs ?? []).some((block) => contains(block, other));
}

const label = (i: InterfaceConfig) => (i.instanceName ? `${i.interfaceId} (${i.instanceName})` : i.interfaceId);

function legSteps(input: ExplainInput, leg: Leg, requestAllowedIn: boolean): Step[] {
  const c = input.connection;
  const lookups = input.lookups ?? {};
  const from = leg === "request" ? c.initiator : c.responder;
  const to = leg === "request" ? c.responder : c.initiator;
  const sender = owner(input.interfaces, from.address);
  const receiver = owner(input.interfaces, to.address);
  const icmpType = leg === "request" ? c.icmpType : icmpReplyType(c.protocol, c.icmpType);
  const icmpCode = leg === "request" ? c.icmpCode : undefined;
  const port = to.port;
  const ports = port !== undefined ? { from: port, to: port } : leg === "reply" && hasPorts(c.protocol) ? EPHEMERAL : undefined;
  const crosses = crossesSubnet(sender, receiver, from.address, to.address);
  const steps: Step[] = [];
  const stateful = (where: "inbound" | "outbound", i: InterfaceConfig): Step => ({
    leg,
    where,
    kind: "security-groups",
    interfaceId: i.interfaceId,
    outcome: "allow",
    text: requestAllowedIn
      ? `security groups of ${label(i)} let the reply of an allowed connection through without a rule (they are stateful)`
      : `security groups of ${label(i)} would let the reply through (stateful), had the request been allowed`,
  });

  if (sender === undefined) {
    steps.push({
      leg,
      where: "outbound",
      kind: "outside",
      outcome: "not-visible",
      text: `${from.address} is not an interface read here: what its side lets out is not visible`,
    });
  } else {
    if (leg === "reply") steps.push(stateful("outbound", sender));
    else
      steps.push(
        groupsStep(
          leg,
          "outbound",
          sender,
          {
            protocol: c.protocol,
            peer: to.address,
            ...(port !== undefined ? { port } : {}),
            ...(icmpType !== undefined ? { icmpType } : {}),
            ...(icmpCode !== undefined ? { icmpCode } : {}),
          },
          lookups,
        ),
      );
    steps.push(
      aclStep(
        leg,
        "outbound",
        sender,
        crosses,
        {
          protocol: c.protocol,
          peer: to.address,
          ...(ports ? { ports } : {}),
          ...(icmpType !== undefined ? { icmpType } : {}),
          ...(icmpCode !== undefined ? { icmpCode } : {}),
        },
        receiver,
      ),
    );
    steps.push(routeStep(leg, sender, to.address, lookups));
  }
  if (receiver === undefined) {
    steps.push({
      leg,
      where: "inbound",
      kind: "outside",
      outcome: "not-visible",
      text: `${to.address} is not an interface read here: what its side lets in is not visible`,
    });
  } else {
    steps.push(
      aclStep(
        leg,
        "inbound",
        receiver,
        crosses,
        {
          protocol: c.protocol,
          peer: from.address,
          ...(ports ? { ports } : {}),
          ...(icmpType !== undefined ? { icmpType } : {}),
          ...(icmpCode !== undefined ? { icmpCode } : {}),
        },
        sender,
      ),
    );
    if (leg === "reply") steps.push(stateful("inbound", receiver));
    else
      steps.push(
        groupsStep(
          leg,
          "inbound",
          receiver,
          {
            protocol: c.protocol,
            peer: from.address,
            ...(port !== undefined ? { port } : {}),
            ...(icmpType !== undefined ? { icmpType } : {}),
            ...(icmpCode !== undefined ? { icmpCode } : {}),
          },
          lookups,
        ),
      );
  }
  return steps;
}

function groupsStep(
  leg: Leg,
  where: "inbound" | "outbound",
  i: InterfaceConfig,
  q: { protocol: number; peer: string; port?: number; icmpType?: number; icmpCode?: number },
  lookups: Lookups,
): Step {
  const base = { leg, where, kind: "security-groups" as const, interfaceId: i.interfaceId };
  if (isUnreadable(i.groups)) return { ...base, outcome: "unknown", text: `the security groups of ${label(i)} could not be read (${i.groups.unreadable})` };
  const r = evaluateGroups(i.groups, { direction: where, ...q }, lookups);
  if (r.outcome === "allow") return { ...base, outcome: "allow", text: `allowed by ${r.text}` };
  if (r.outcome === "unknown") return { ...base, outcome: "unknown", text: r.text };
  return { ...base, outcome: "deny", text: r.text, change: { text: r.change.text, command: r.change.command } };
}

function aclStep(
  leg: Leg,
  where: "inbound" | "outbound",
  i: InterfaceConfig,
  crosses: boolean,
  q: { protocol: number; peer: string; ports?: { from: number; to: number }; icmpType?: number; icmpCode?: number },
  other: InterfaceConfig | undefined,
): Step {
  const base = { leg, where, kind: "network-acl" as const, interfaceId: i.interfaceId };
  if (!crosses) {
    return { ...base, outcome: "not-crossed", text: `${other ? label(other) : q.peer} is in the same subnet as ${label(i)}: no network ACL is crossed` };
  }
  if (isUnreadable(i.networkAcl))
    return { ...base, outcome: "unknown", text: `the network ACL of ${i.subnetId ?? "the subnet"} could not be read (${i.networkAcl.unreadable})` };
  const r = evaluateAcl(i.networkAcl, { direction: where, ...q });
  // A reply's fix opens the client's whole ephemeral range: its next connection comes from another port.
  const fix =
    leg === "reply" && hasPorts(q.protocol) && r.change
      ? (evaluateAcl(i.networkAcl, { direction: where, ...q, ports: EPHEMERAL }).change ?? r.change)
      : r.change;
  const change = fix ? { change: { text: fix.text, command: fix.command } } : {};
  return { ...base, outcome: r.outcome, text: r.text, ...change };
}

function routeStep(leg: Leg, sender: InterfaceConfig, address: string, lookups: Lookups): Step {
  const base = { leg, where: "route" as const, kind: "route" as const, interfaceId: sender.interfaceId };
  if (isUnreadable(sender.routeTable))
    return { ...base, outcome: "unknown", text: `the route table of ${sender.subnetId ?? "the subnet"} could not be read (${sender.routeTable.unreadable})` };
  const r = lookupRoute(sender.routeTable, address, lookups, sender.internetGatewayId);
  if (r.outcome === "allow") {
    // The internet gateway translates a private IPv4 address only to the interface's public one.
    if (r.internet && !address.includes(":") && sender.publicAddresses.length === 0) {
      return {
        ...base,
        outcome: "no-route",
        text: `${r.text}, but ${label(sender)} has no public IPv4 address, so the internet gateway cannot carry its traffic`,
        change: {
          text: `give ${sender.interfaceId} a public address (an Elastic IP)`,
          command: `aws ec2 associate-address --network-interface-id ${sender.interfaceId} --allocation-id eipalloc-…`,
        },
      };
    }
    return { ...base, outcome: "allow", text: r.text };
  }
  if (r.outcome === "unknown") return { ...base, outcome: "unknown", text: r.text };
  return { ...base, outcome: "no-route", text: r.text, ...(r.change ? { change: r.change } : {}) };
}

const failing = (s: Step) => s.outcome === "deny" || s.outcome === "no-route";

/** "inbound: …", "reply, outbound: …", "route: …". */
export function stepHeadline(s: Step): string {
  return `${s.leg === "reply" ? "reply, " : ""}${s.where}: ${s.text}`;
}

export function connectionText(c: Connection): string {
  const end = (e: { address: string; port?: number }) =>
    e.port === undefined || !hasPorts(c.protocol) ? e.address : e.address.includes(":") ? `[${e.address}]:${e.port}` : `${e.address}:${e.port}`;
  return `${flowText(c.protocol, c.responder.port, c.icmpType)} from ${end(c.initiator)} to ${end(c.responder)}`;
}

export function explainConnection(input: ExplainInput): Explanation {
  const request = legSteps(input, "request", true);
  const requestIn = !request.some(failing);
  const reply = legSteps(input, "reply", requestIn);
  const steps = [...request, ...reply];
  const deciding = steps.find(failing) ?? steps.find((s) => s.outcome === "unknown");
  let verdict: Verdict = "ACCEPT";
  if (deciding?.outcome === "deny") verdict = "REJECT";
  else if (deciding?.outcome === "no-route") verdict = "NO ROUTE";
  else if (deciding?.outcome === "unknown") verdict = "UNDECIDED";
  const headline = deciding
    ? stepHeadline(deciding)
    : `allowed both ways: ${steps
        .filter((s) => s.outcome === "allow" && !(s.kind === "security-groups" && s.leg === "reply"))
        .map(stepHeadline)
        .join("; ")}`;
  const changes = steps.filter((s) => s.change !== undefined && s.outcome !== "allow").map((s) => s.change as Change);
  const notVisible = notVisibleOf(input);
  const recordNote = input.record ? noteOfRecord(input.record, steps) : undefined;
  return { connection: input.connection, verdict, headline, steps, changes, notVisible, ...(recordNote ? { recordNote } : {}) };
}

function notVisibleOf(input: ExplainInput): string[] {
  const c = input.connection;
  const out: string[] = [];
  const responder = owner(input.interfaces, c.responder.address);
  if (responder) {
    const what = hasPorts(c.protocol)
      ? `whether anything listens on ${protocolWord(c.protocol)} ${c.responder.port ?? "(port not known)"}`
      : isIcmp(c.protocol)
        ? "whether the instance answers ICMP"
        : "how the instance handles the protocol";
    out.push(
      `${what} and any firewall inside ${label(responder)} (iptables, nftables, Windows Firewall) are not visible to the EC2 API: with every rule allowing, a connection that still fails is refused or dropped there`,
    );
  }
  for (const e of [c.initiator, c.responder]) {
    if (!owner(input.interfaces, e.address))
      out.push(`${e.address} is outside what was read (not an interface of this VPC, or not described): its own firewall and network decide its side`);
  }
  if (hasPorts(c.protocol) && c.initiator.port === undefined) {
    out.push(`the client's port is not known: the reply was judged over ${EPHEMERAL.from}-${EPHEMERAL.to}, the range a client picks its port from`);
  }
  if (isIcmp(c.protocol) && c.icmpType === undefined)
    out.push("flow log records do not carry the ICMP type and code: rules naming one type cannot be decided from a record");
  return out;
}

/** The record's action against the steps at its interface on its leg (security groups and the network ACL). */
function noteOfRecord(record: RecordSeen, steps: Step[]): string | undefined {
  const legSteps_ = steps.filter((s) => s.leg === record.leg);
  const own = legSteps_.filter((s) => s.interfaceId === record.interfaceId && (s.kind === "security-groups" || s.kind === "network-acl"));
  if (own.length === 0) return undefined;
  const firstOwn = legSteps_.indexOf(own[0] as Step);
  const before = legSteps_.slice(0, firstOwn).find(failing);
  if (before)
    return `the rules read now drop this packet before it reaches ${record.interfaceId} (${stepHeadline(before)}), so no record would be written: they changed after the record, or the packet came another way`;
  const denying = own.find((s) => s.outcome === "deny");
  const undecided = own.find((s) => s.outcome === "unknown");
  const expected = denying ? "REJECT" : undecided ? undefined : "ACCEPT";
  if (record.action === undefined || record.action === "-" || expected === undefined) return undefined;
  if (record.action === expected) {
    if (expected === "REJECT") {
      const d = denying as Step;
      return `the record's REJECT is this rule's: the ${d.leg === "reply" ? "reply's " : ""}${d.where} ${d.kind === "network-acl" ? "network ACL" : "security groups"} of ${record.interfaceId} drop it`;
    }
    return `the record's ACCEPT: ${own
      .filter((s) => s.outcome === "allow")
      .map(stepHeadline)
      .join("; ")}`;
  }
  if (record.action === "REJECT") {
    return `the record says REJECT but the rules read now let this packet through at ${record.interfaceId}: they changed since the record was written (records arrive minutes late), or a rule this reader cannot see decided`;
  }
  return `the record says ${record.action} but the rules read now reject it (${stepHeadline(denying as Step)}): a rule changed since, or the connection was already tracked (a security group keeps tracked connections open after the rule that allowed them is removed)`;
}
