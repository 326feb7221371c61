/**
 * EC2's error codes and messages, in AWS's words where they are known (recorded on AWS:
 * test/vectors/aws-recorded/ec2_test_ec2.snapshot.json; messages quoted in public issues, see README.md);
 * every other message says plainly what is wrong.
 */
import { AwsError } from "../protocol/aws-error.js";

const err = (code: string, message: string, status = 400) => new AwsError(code, message, status);

/** DryRun on a call the caller may make: HTTP 412, as EC2 answers. */
export const dryRunOperation = () => err("DryRunOperation", "Request would have succeeded, but DryRun flag is set.", 412);

export const missingParameter = (name: string) => err("MissingParameter", `The request must contain the parameter ${name}`);
export const unknownParameter = (name: string) => err("UnknownParameter", `The parameter ${name} is not recognized`);
export const invalidParameterValue = (message: string) => err("InvalidParameterValue", message);
export const invalidParameter = (message: string) => err("InvalidParameter", message);
export const invalidParameterCombination = (message: string) => err("InvalidParameterCombination", message);
export const invalidFilter = (name: string) => invalidParameterValue(`The filter '${name}' is invalid`);
export const invalidNextToken = (token: string) => err("InvalidNextToken", `The token '${token}' is invalid`);
export const invalidMaxResults = (value: number, min: number, max: number) =>
  invalidParameterValue(`Value ( ${value} ) for parameter maxResults is invalid. Parameter must be between ${min} and ${max}.`);
export const invalidCidr = (cidr: string) => invalidParameterValue(`Value (${cidr}) for parameter cidrBlock is invalid. This is not a valid CIDR block.`);

/** `Invalid id: "x"`: the form botocore's own parser documents for a malformed id. */
export const malformedId = (code: string, id: string) => err(code, `Invalid id: "${id}"`);
export const malformedAmi = (id: string) => err("InvalidAMIID.Malformed", `Invalid id: "${id}" (expecting "ami-...")`);
/** CreateTags / DeleteTags on an id of no known resource type. */
export const invalidId = (id: string) => err("InvalidID", `The ID '${id}' is not valid`);

export const vpcNotFound = (id: string) => err("InvalidVpcID.NotFound", `The vpc ID '${id}' does not exist`);
export const subnetNotFound = (id: string) => err("InvalidSubnetID.NotFound", `The subnet ID '${id}' does not exist`);
export const internetGatewayNotFound = (id: string) => err("InvalidInternetGatewayID.NotFound", `The internetGateway ID '${id}' does not exist`);
export const groupNotFound = (idOrName: string) => err("InvalidGroup.NotFound", `The security group '${idOrName}' does not exist`);
export const groupNameNotFoundInVpc = (name: string, vpcId: string, isDefault: boolean) =>
  err("InvalidGroup.NotFound", `The security group '${name}' does not exist in ${isDefault ? "default " : ""}VPC '${vpcId}'`);
export const groupDuplicate = (name: string, vpcId: string) => err("InvalidGroup.Duplicate", `The security group '${name}' already exists for VPC '${vpcId}'`);
export const groupNameLikeId = (name: string) =>
  invalidParameterValue(`Value (${name}) for parameter GroupName is invalid. Group names may not be in the format sg-*.`);
export const defaultGroupName = () => err("InvalidGroup.Reserved", "The security group 'default' is reserved");
export const cannotDeleteDefaultGroup = (id: string) => err("CannotDelete", `the specified group: "${id}" name: "default" cannot be deleted by a user`);
export const permissionDuplicate = (peer: string) => err("InvalidPermission.Duplicate", `the specified rule "${peer}" already exists`);
export const permissionNotFound = () => err("InvalidPermission.NotFound", "The specified rule does not exist in this security group.");
export const groupRuleNotFound = (id: string) => err("InvalidSecurityGroupRuleId.NotFound", `The security group rule ID '${id}' does not exist`);
export const instanceNotFound = (ids: readonly string[]) =>
  err("InvalidInstanceID.NotFound", ids.length === 1 ? `The instance ID '${ids[0]}' does not exist` : `The instance IDs '${ids.join(", ")}' do not exist`);
export const networkInterfaceNotFound = (id: string) => err("InvalidNetworkInterfaceID.NotFound", `The networkInterface ID '${id}' does not exist`);
export const flowLogsNotFound = (ids: readonly string[]) =>
  err("InvalidFlowLogId.NotFound", `These flow log ids in the input list are not found: [TotalCount: ${ids.length}] ${ids.join(" ")}`);
export const flowLogAlreadyExists = () => err("FlowLogAlreadyExists", "Error. There is an existing Flow Log with the same configuration and log destination.");

export const vpcRange = (cidr: string) => err("InvalidVpc.Range", `The CIDR '${cidr}' is invalid.`);
export const subnetRange = (cidr: string) => err("InvalidSubnet.Range", `The CIDR '${cidr}' is invalid.`);
export const subnetConflict = (cidr: string) => err("InvalidSubnet.Conflict", `The CIDR '${cidr}' conflicts with another subnet`);
export const invalidAvailabilityZone = (zone: string, zones: readonly string[]) =>
  invalidParameterValue(
    `Value (${zone}) for parameter availabilityZone is invalid. Subnets can currently only be created in the following availability zones: ${zones.join(", ")}.`,
  );

export const vpcDependencies = (id: string) => err("DependencyViolation", `The vpc '${id}' has dependencies and cannot be deleted.`);
export const subnetDependencies = (id: string) => err("DependencyViolation", `The subnet '${id}' has dependencies and cannot be deleted.`);
export const groupDependency = (id: string) => err("DependencyViolation", `resource ${id} has a dependent object`);
export const internetGatewayDependencies = (id: string) => err("DependencyViolation", `The internetGateway '${id}' has dependencies and cannot be deleted.`);
export const alreadyAttached = (igw: string, vpc: string) => err("Resource.AlreadyAssociated", `resource ${igw} is already attached to network ${vpc}`);
export const vpcHasGateway = (vpc: string) => err("InvalidParameterValue", `Network ${vpc} already has an internet gateway attached`);
export const gatewayNotAttached = (igw: string, vpc: string) => err("Gateway.NotAttached", `resource ${igw} is not attached to network ${vpc}`);

export const incorrectInstanceState = (id: string, verb: "started" | "stopped") =>
  err("IncorrectInstanceState", `The instance '${id}' is not in a state from which it can be ${verb}.`);
export const addressesExhausted = (subnet: string) =>
  err("InsufficientFreeAddressesInSubnet", `There are not enough free addresses in subnet '${subnet}' to satisfy the requested number of instances.`);
export const noDefaultVpc = () => err("VPCIdNotSpecified", "No default VPC for this user. GroupName is only supported for EC2-Classic and default VPC.");
export const noDefaultSubnet = () => err("MissingInput", "No subnets found for the default VPC. Please specify a subnet.");
export const tagLimit = () => err("TagLimitExceeded", "The maximum number of Tags for a resource has been reached.");
export const publicPoolExhausted = () =>
  err("AddressLimitExceeded", "flowwatch's public address pool (127.100.0.0/16) is exhausted: release addresses by stopping or terminating instances.");

// Network ACLs and route tables (README.md gives each message's source, or says it is chosen).
export const networkAclNotFound = (id: string) => err("InvalidNetworkAclID.NotFound", `The networkAcl ID '${id}' does not exist`);
export const networkAclEntryExists = (ruleNumber: number) =>
  err("NetworkAclEntryAlreadyExists", `The network acl entry identified by ${ruleNumber} already exists.`);
export const networkAclEntryNotFound = (ruleNumber: number, egress: boolean, aclId: string) =>
  err("InvalidNetworkAclEntry.NotFound", `No ${egress ? "egress" : "ingress"} entry with rule number ${ruleNumber} exists in network ACL '${aclId}'.`);
export const networkAclEntryLimit = () => err("NetworkAclEntryLimitExceeded", "The maximum number of entries for this network ACL has been reached.");
export const cannotDeleteDefaultNetworkAcl = (id: string) => invalidParameterValue(`cannot delete default network ACL ${id}`);
export const networkAclDependencies = (id: string) => err("DependencyViolation", `The network ACL '${id}' has dependencies and cannot be deleted.`);
export const invalidRuleNumber = (n: number) =>
  invalidParameterValue(`Value (${n}) for parameter ruleNumber is invalid. Rule numbers must be between 1 and 32766.`);
export const invalidProtocol = (p: string) =>
  invalidParameterValue(`Invalid value '${p}' for protocol. Specify -1 (all), a protocol number from 0 to 255, or tcp, udp, icmp or icmpv6.`);
export const invalidPortRange = (from: number, to: number) =>
  invalidParameterValue(`Invalid port range ${from} - ${to}: ports must be between 0 and 65535, From no greater than To.`);
export const invalidIpv6Cidr = (cidr: string) =>
  invalidParameterValue(`Value (${cidr}) for parameter ipv6CidrBlock is invalid. This is not a valid IPv6 CIDR block.`);
export const associationNotFound = (id: string) => err("InvalidAssociationID.NotFound", `The association ID '${id}' does not exist`);
export const differentNetworks = (what: string, subnetOrGateway: string) =>
  invalidParameterValue(`${what} and ${subnetOrGateway} belong to different networks`);

export const routeTableNotFound = (id: string) => err("InvalidRouteTableID.NotFound", `The routeTable ID '${id}' does not exist`);
export const routeTableDependencies = (id: string) => err("DependencyViolation", `The routeTable '${id}' has dependencies and cannot be deleted.`);
export const routeAlreadyExists = (destination: string) => err("RouteAlreadyExists", `The route identified by ${destination} already exists.`);
export const routeNotFound = (destination: string, tableId: string) =>
  err("InvalidRoute.NotFound", `no route with destination-cidr-block ${destination} in route table ${tableId}`);
export const noRouteToReplace = (destination: string) =>
  invalidParameterValue(`There is no route defined for '${destination}' in the route table. Use CreateRoute instead.`);
export const cannotChangeLocalRoute = (destination: string, tableId: string) =>
  invalidParameterValue(`cannot remove local route ${destination} in route table ${tableId}`);
export const routeInsideVpc = (destination: string) =>
  invalidParameterValue(
    `The destination CIDR block ${destination} is equal to or more specific than one of this VPC's CIDR blocks. This route can target only an interface or an instance.`,
  );
export const gatewayNotFound = (id: string) => err("InvalidGatewayID.NotFound", `The gateway ID '${id}' does not exist`);
export const associationConflict = (tableId: string) =>
  err("Resource.AlreadyAssociated", `the specified association for route table ${tableId} conflicts with an existing association`);
export const cannotDisassociateMain = (associationId: string) => invalidParameterValue(`cannot disassociate the main route table association ${associationId}`);
export const idempotentMismatch = () => err("IdempotentParameterMismatch", "The request uses the same client token as a previous, but non-identical request.");
export const routeLimit = () => err("RouteLimitExceeded", "The maximum number of routes has been reached.");
