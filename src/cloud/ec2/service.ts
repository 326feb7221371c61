/**
 * The EC2 service: EC2 Query protocol, its operations by AWS's names, and the VpcDirectory the data
 * plane reads. Each call's wire parameters are decoded against the generated model (by the pipeline,
 * with `inputs`), DryRun is answered, and the operation runs in one transaction whose changes are announced after commit.
 */
import { type AnyOperation, callOperation, type OperationTable, type ServiceDefinition, type ServiceDeps, wrapOperations } from "../service.js";
import { InputDecoder } from "../validation/decode.js";
import { ec2Model } from "../validation/ec2-model.js";
import type { Ec2Operations } from "../validation/ec2-types.js";
import { parseCidr } from "./addresses.js";
import { ec2ResourcesFor } from "./arn.js";
import { EC2_AUTHORIZATION } from "./authorization-table.js";
import { ChangeFeed } from "./changes.js";
import type { Ec2Context } from "./context.js";
import { defaultsMaker } from "./defaults.js";
import { createVpcDirectory, type VpcDirectory } from "./directory.js";
import { dryRunOperation, invalidParameterValue, missingParameter, unknownParameter } from "./errors.js";
import { flowLogOperations } from "./flow-logs.js";
import { instanceOperations } from "./instances.js";
import { internetGatewayOperations } from "./internet-gateways.js";
import { networkAclOperations } from "./network-acls.js";
import { networkInterfaceOperations } from "./network-interfaces.js";
import { regionOperations } from "./regions.js";
import { ResourceStore } from "./resource-store.js";
import { ec2ResourceTagConditions } from "./resource-tags.js";
import { routeTableOperations } from "./route-tables.js";
import { routeOperations } from "./routes.js";
import { addMissingVpcRouting } from "./vpc-routing-backfill.js";
import { EC2_SCHEMA, EC2_TABLES } from "./schema.js";
import { securityGroupOperations } from "./security-groups.js";
import { subnetOperations } from "./subnets.js";
import { tagOperations } from "./tags.js";
import { vpcOperations } from "./vpcs.js";

export const EC2_XMLNS = "http://ec2.amazonaws.com/doc/2016-11-15/";

/** The service definition plus the directory other parts of flowwatch read EC2's state through. */
export interface Ec2ServiceDefinition extends ServiceDefinition {
  directory: VpcDirectory;
  /** Lets CreateFlowLogs check that an S3 destination's bucket exists (S3 is made after EC2). */
  useBuckets(exists: (name: string) => boolean): void;
}

/** Operations that answer DryRun themselves, after checks the plain one skips (CreateFlowLogs: iam:PassRole). */
const OWN_DRY_RUN = new Set(["CreateFlowLogs"]);

export function createEc2Service(deps: ServiceDeps, options: { onListenerError?: (error: unknown) => void } = {}): Ec2ServiceDefinition {
  const { store: sqlite, clock } = deps;
  sqlite.migrate(EC2_SCHEMA);
  const db = sqlite.db;
  const store = new ResourceStore(db);
  const changes = new ChangeFeed();
  const pool = parseCidr(deps.publicIpBlock ?? "127.100.0.0/16");
  if (pool === undefined || Math.floor(pool.base / 2 ** 24) !== 127)
    throw new Error(`the public address block must be in 127.0.0.0/8, not '${deps.publicIpBlock}'`);
  const ec2: Ec2Context = {
    db,
    clock,
    store,
    changes,
    publicPool: pool,
    ensureDefaults: () => {},
    ...(deps.claimPublicAddress ? { claimPublicAddress: deps.claimPublicAddress } : {}),
  };
  const defaults = defaultsMaker(db, () => ec2);
  ec2.ensureDefaults = defaults.ensure;

  const vpcs = vpcOperations(ec2);
  const subnets = subnetOperations(ec2);
  const gateways = internetGatewayOperations(ec2);
  const regions = regionOperations(ec2);
  const groups = securityGroupOperations(ec2);
  const instances = instanceOperations(ec2);
  const interfaces = networkInterfaceOperations(ec2);
  const tags = tagOperations(ec2);
  const flowLogs = flowLogOperations(ec2);
  const acls = networkAclOperations(ec2);
  const routeTables = routeTableOperations(ec2);
  const routes = routeOperations(ec2);
  db.transaction(() => addMissingVpcRouting(store))();

  // Each handler takes its generated request and returns its generated result under the model's member
  // names (`Vpcs`, `Tags`); encodeEc2Response writes them under EC2's element names (`vpcSet`, `tagSet`).
  const handlers: OperationTable<Ec2Operations> = {
    CreateVpc: vpcs.createVpc,
    DescribeVpcs: vpcs.describeVpcs,
    DeleteVpc: vpcs.deleteVpc,
    CreateSubnet: subnets.createSubnet,
    DescribeSubnets: subnets.describeSubnets,
    DeleteSubnet: subnets.deleteSubnet,
    ModifySubnetAttribute: subnets.modifySubnetAttribute,
    CreateInternetGateway: gateways.createInternetGateway,
    AttachInternetGateway: gateways.attachInternetGateway,
    DetachInternetGateway: gateways.detachInternetGateway,
    DescribeInternetGateways: gateways.describeInternetGateways,
    DeleteInternetGateway: gateways.deleteInternetGateway,
    DescribeAvailabilityZones: regions.describeAvailabilityZones,
    DescribeRegions: regions.describeRegions,
    CreateSecurityGroup: groups.createSecurityGroup,
    DescribeSecurityGroups: groups.describeSecurityGroups,
    AuthorizeSecurityGroupIngress: groups.authorizeSecurityGroupIngress,
    AuthorizeSecurityGroupEgress: groups.authorizeSecurityGroupEgress,
    RevokeSecurityGroupIngress: groups.revokeSecurityGroupIngress,
    RevokeSecurityGroupEgress: groups.revokeSecurityGroupEgress,
    DeleteSecurityGroup: groups.deleteSecurityGroup,
    DescribeSecurityGroupRules: groups.describeSecurityGroupRules,
    RunInstances: instances.runInstances,
    DescribeInstances: instances.describeInstances,
    StartInstances: instances.startInstances,
    StopInstances: instances.stopInstances,
    TerminateInstances: instances.terminateInstances,
    DescribeNetworkInterfaces: interfaces.describeNetworkInterfaces,
    CreateTags: tags.createTags,
    DeleteTags: tags.deleteTags,
    DescribeTags: tags.describeTags,
    CreateFlowLogs: flowLogs.createFlowLogs,
    DescribeFlowLogs: flowLogs.describeFlowLogs,
    DeleteFlowLogs: flowLogs.deleteFlowLogs,
    CreateNetworkAcl: acls.createNetworkAcl,
    DeleteNetworkAcl: acls.deleteNetworkAcl,
    CreateNetworkAclEntry: acls.createNetworkAclEntry,
    ReplaceNetworkAclEntry: acls.replaceNetworkAclEntry,
    DeleteNetworkAclEntry: acls.deleteNetworkAclEntry,
    ReplaceNetworkAclAssociation: acls.replaceNetworkAclAssociation,
    DescribeNetworkAcls: acls.describeNetworkAcls,
    CreateRouteTable: routeTables.createRouteTable,
    DeleteRouteTable: routeTables.deleteRouteTable,
    AssociateRouteTable: routeTables.associateRouteTable,
    DisassociateRouteTable: routeTables.disassociateRouteTable,
    ReplaceRouteTableAssociation: routeTables.replaceRouteTableAssociation,
    DescribeRouteTables: routeTables.describeRouteTables,
    CreateRoute: routes.createRoute,
    ReplaceRoute: routes.replaceRoute,
    DeleteRoute: routes.deleteRoute,
  };

  const operations = wrapOperations<AnyOperation>(handlers, (name, handler) => (input: { DryRun?: boolean }, ctx) => {
    // The pipeline has already authorized the call: a DryRun that gets here would have succeeded.
    if (input.DryRun === true && !OWN_DRY_RUN.has(name)) throw dryRunOperation();
    let output: unknown;
    try {
      output = db.transaction(() => callOperation(handler, input, ctx))();
    } catch (error) {
      changes.discard();
      throw error;
    }
    changes.flush(options.onListenerError);
    return output;
  });

  return {
    signingName: "ec2",
    serviceId: "EC2",
    apiVersion: "2016-11-15",
    protocols: ["ec2"],
    xmlNamespace: EC2_XMLNS,
    resourcesFor: ec2ResourcesFor,
    resourceConditions: (resource, ctx) => ec2ResourceTagConditions(store, ctx, resource),
    authorization: EC2_AUTHORIZATION,
    inputs: new InputDecoder(ec2Model, { kind: "ec2", missingParameter, unknownParameter, invalidParameterValue }),
    operations,
    directory: createVpcDirectory(store, changes),
    useBuckets(exists) {
      ec2.bucketExists = exists;
    },
    reset(): void {
      db.transaction(() => {
        for (const table of EC2_TABLES) db.exec(`DELETE FROM ${table}`);
      })();
      defaults.forget();
      changes.discard();
    },
  };
}
