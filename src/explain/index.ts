/** Why a flow was accepted or rejected: security groups, network ACLs and route tables, evaluated in AWS's order from what the EC2 API shows. */
export { type Cidr, contains, hostCidr, parseAddress, parseCidr } from "./cidr.js";
export {
  connectionText,
  EPHEMERAL,
  type Change,
  type ExplainInput,
  type Explanation,
  explainConnection,
  type Leg,
  type Outcome,
  type RecordSeen,
  type Step,
  stepHeadline,
  type Verdict,
} from "./explain.js";
export {
  addressesOf,
  type Connection,
  type Endpoint,
  type GroupConfig,
  type InterfaceConfig,
  isUnreadable,
  type Lookups,
  type NetworkAclConfig,
  type RouteTableConfig,
  type Unreadable,
} from "./model.js";
export { DEFAULT_RULE, evaluateAcl } from "./network-acls.js";
export { connectionOfPacket, type Packet, type ReadConnection } from "./packet.js";
export { explanationLines } from "./report-text.js";
export { lookupRoute } from "./routes.js";
export { evaluateGroups, ruleProtocol } from "./security-groups.js";
