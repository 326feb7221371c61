/** EC2's public surface for the rest of flowwatch: the service factory and the VpcDirectory the data plane and delivery use. */
export type { VpcChange, VpcChangeListener } from "./changes.js";
export type { CoveringFlowLog, InterfaceInfo, NetworkAclRule, RouteInfo, SecurityGroupInfo, SecurityRule, SubnetRouting, VpcDirectory } from "./directory.js";
export type { InstanceStateName } from "./records.js";
export { PUBLIC_POOL } from "./addresses.js";
export { createEc2Service, type Ec2ServiceDefinition } from "./service.js";
