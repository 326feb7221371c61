/** Finding the VPC to watch: by id (vpc-...) or by its Name tag. Setup never creates a VPC. */
import { DescribeVpcsCommand } from "@aws-sdk/client-ec2";
import type { AwsClients } from "./clients.js";
import { isAwsError, SetupError } from "./errors.js";

export async function findVpc(clients: AwsClients, vpc: string): Promise<string> {
  const byId = /^vpc-[0-9a-f]+$/.test(vpc);
  try {
    const answer = await clients.ec2.send(new DescribeVpcsCommand(byId ? { VpcIds: [vpc] } : { Filters: [{ Name: "tag:Name", Values: [vpc] }] }));
    const vpcs = answer.Vpcs ?? [];
    if (vpcs.length > 1) throw new SetupError(`${vpcs.length} VPCs are named '${vpc}' (${vpcs.map((v) => v.VpcId).join(", ")}): give --vpc with an id`);
    const id = vpcs[0]?.VpcId;
    if (id !== undefined) return id;
  } catch (error) {
    if (!isAwsError(error, "InvalidVpcID.NotFound")) throw error;
  }
  throw new SetupError(byId ? `VPC ${vpc} does not exist in this Region` : `no VPC has the Name tag '${vpc}' in this Region (--vpc takes a name or an id)`);
}
