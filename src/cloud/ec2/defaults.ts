/**
 * The default VPC every account has in every Region on AWS: 172.31.0.0/16, a /20 default subnet per
 * Availability Zone mapping public addresses on launch, an attached internet gateway, a main route
 * table sending 0.0.0.0/0 to it, the default network ACL and the default security group. Made the first time an account uses EC2 in a Region; deleting it is remembered.
 */
import type Database from "better-sqlite3";
import type { Ec2Context } from "./context.js";
import { newNetworkAcl } from "./default-network-acl.js";
import { defaultSecurityGroup } from "./default-security-group.js";
import { newId } from "./ids.js";
import { newRouteTable } from "./main-route-table.js";
import type { Scope } from "./resource-store.js";
import { zonesOf } from "./regions.js";
import { newVpc } from "./vpcs.js";

export const DEFAULT_VPC_CIDR = "172.31.0.0/16";

export function defaultsMaker(db: Database.Database, ec2: () => Ec2Context): { ensure(scope: Scope): void; forget(): void } {
  const seen = db.prepare("SELECT 1 FROM ec2_scopes WHERE account = ? AND region = ?");
  const mark = db.prepare("INSERT INTO ec2_scopes (account, region) VALUES (?, ?)");
  const done = new Set<string>();
  const ensure = (scope: Scope) => {
    const key = `${scope.account}/${scope.region}`;
    if (done.has(key)) return;
    if (seen.get(scope.account, scope.region) === undefined) {
      mark.run(scope.account, scope.region);
      createDefaultVpc(ec2(), scope);
    }
    done.add(key);
  };
  return { ensure, forget: () => done.clear() };
}

function createDefaultVpc(ec2: Ec2Context, scope: Scope): void {
  const { store } = ec2;
  const vpc = newVpc(DEFAULT_VPC_CIDR, true);
  store.insert(scope, "vpc", vpc);
  const acl = newNetworkAcl(vpc.id, true);
  zonesOf(scope.region).forEach((zone, i) => {
    const subnetId = newId("subnet");
    acl.associations.push({ id: newId("network-acl-association"), subnetId });
    store.insert(scope, "subnet", {
      id: subnetId,
      vpcId: vpc.id,
      cidr: `172.31.${i * 16}.0/20`,
      az: zone.name,
      azId: zone.id,
      mapPublicIpOnLaunch: true,
      defaultForAz: true,
      tags: {},
    });
  });
  const igw = newId("internet-gateway");
  store.insert(scope, "internet-gateway", { id: igw, vpcId: vpc.id, tags: {} });
  store.insert(scope, "network-acl", acl);
  const table = newRouteTable(vpc.id, vpc.cidr, true);
  table.routes.push({ destinationCidrBlock: "0.0.0.0/0", gatewayId: igw, origin: "CreateRouteTable" });
  store.insert(scope, "route-table", table);
  store.insert(scope, "security-group", defaultSecurityGroup(vpc.id, scope.account));
}
