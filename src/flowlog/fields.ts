/**
 * The catalogue of VPC Flow Logs fields, versions 2 to 8 (Amazon VPC User Guide, "Available fields"),
 * plus the two newer fields seen in AWS's current documents (resource-id, encryption-status).
 */

/** How a field's value is typed once parsed: integers become numbers, everything else stays a string. */
export type FieldType = "int32" | "int64" | "string";

export interface FieldSpec {
  /** The field's name as AWS spells it in a format string: `srcaddr`, `log-status`. */
  readonly name: string;
  /** The flow log version that introduced the field. */
  readonly version: number;
  readonly type: FieldType;
  /** The name Logs Insights discovers for the field in default-format messages, when it discovers one. */
  readonly insightsName?: string;
  readonly description: string;
}

const field = (name: string, version: number, type: FieldType, description: string, insightsName?: string): FieldSpec =>
  insightsName === undefined ? { name, version, type, description } : { name, version, type, description, insightsName };

/** Every field, in the order of AWS's table. */
export const FIELDS: readonly FieldSpec[] = [
  field("version", 2, "int32", "VPC Flow Logs version", "version"),
  field("account-id", 2, "string", "AWS account of the owner of the source network interface", "accountId"),
  field("interface-id", 2, "string", "network interface whose traffic is recorded", "interfaceId"),
  field("srcaddr", 2, "string", "source address of incoming traffic, or the interface's address for outgoing", "srcAddr"),
  field("dstaddr", 2, "string", "destination address of outgoing traffic, or the interface's address for incoming", "dstAddr"),
  field("srcport", 2, "int32", "source port", "srcPort"),
  field("dstport", 2, "int32", "destination port", "dstPort"),
  field("protocol", 2, "int32", "IANA protocol number", "protocol"),
  field("packets", 2, "int64", "packets transferred during the flow", "packets"),
  field("bytes", 2, "int64", "bytes transferred during the flow", "bytes"),
  field("start", 2, "int64", "Unix seconds of the first packet within the aggregation interval", "startTime"),
  field("end", 2, "int64", "Unix seconds of the last packet within the aggregation interval", "endTime"),
  field("action", 2, "string", "ACCEPT or REJECT", "action"),
  field("log-status", 2, "string", "OK, NODATA or SKIPDATA", "logStatus"),
  field("vpc-id", 3, "string", "VPC of the network interface"),
  field("subnet-id", 3, "string", "subnet of the network interface"),
  field("instance-id", 3, "string", "instance attached to the network interface, if the account owns it"),
  field("tcp-flags", 3, "int32", "bitmask of FIN (1), SYN (2), RST (4) and SYN-ACK (18), OR-ed over the interval"),
  field("type", 3, "string", "IPv4, IPv6 or EFA"),
  field("pkt-srcaddr", 3, "string", "packet-level (original) source address"),
  field("pkt-dstaddr", 3, "string", "packet-level (original) destination address"),
  field("region", 4, "string", "region of the network interface"),
  field("az-id", 4, "string", "Availability Zone ID of the network interface"),
  field("sublocation-type", 4, "string", "wavelength, outpost or localzone"),
  field("sublocation-id", 4, "string", "ID of the sublocation"),
  field("pkt-src-aws-service", 5, "string", "AWS service owning pkt-srcaddr, from ip-ranges.json"),
  field("pkt-dst-aws-service", 5, "string", "AWS service owning pkt-dstaddr, from ip-ranges.json"),
  field("flow-direction", 5, "string", "ingress or egress, relative to the interface"),
  field("traffic-path", 5, "int32", "egress path: 1 same VPC ... 8 internet gateway (Nitro)"),
  field("ecs-cluster-arn", 7, "string", "ECS cluster of the task"),
  field("ecs-cluster-name", 7, "string", "name of the ECS cluster"),
  field("ecs-container-instance-arn", 7, "string", "ECS container instance of the task, on EC2"),
  field("ecs-container-instance-id", 7, "string", "ID of the ECS container instance"),
  field("ecs-container-id", 7, "string", "Docker runtime ID of the task's first container"),
  field("ecs-second-container-id", 7, "string", "Docker runtime ID of the task's second container"),
  field("ecs-service-name", 7, "string", "ECS service that started the task"),
  field("ecs-task-definition-arn", 7, "string", "task definition of the task"),
  field("ecs-task-arn", 7, "string", "ARN of the ECS task"),
  field("ecs-task-id", 7, "string", "ID of the ECS task"),
  field("reject-reason", 8, "string", "why traffic was rejected: BPA, or - for any other reason"),
  field("resource-id", 9, "string", "resource of the interface (newer field, seen in AWS's current documents)"),
  field("encryption-status", 10, "int32", "0 none, 1 Nitro, 2 application, 3 both (newer field, VPC encryption controls)"),
];

const BY_NAME: ReadonlyMap<string, FieldSpec> = new Map(FIELDS.map((f) => [f.name, f]));

/** The field named as in a format string, or undefined for a name AWS does not know. */
export function findField(name: string): FieldSpec | undefined {
  return BY_NAME.get(name);
}

/** The fields Logs Insights discovers by itself in default-format messages, keyed by their Insights name. */
export const INSIGHTS_FIELDS: ReadonlyMap<string, FieldSpec> = new Map(
  FIELDS.filter((f) => f.insightsName !== undefined).map((f) => [f.insightsName as string, f]),
);
