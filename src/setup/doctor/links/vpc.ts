/** doctor's VPC link: the --vpc given (id or Name tag) names one VPC in the Region. */
import type { AwsClients } from "../../clients.js";
import { findVpc } from "../../vpc.js";
import type { Check } from "../check.js";

export async function vpcLink(clients: AwsClients, vpc: string): Promise<{ check: Check; vpcId?: string }> {
  try {
    const vpcId = await findVpc(clients, vpc);
    return { check: { id: "vpc", title: "VPC", status: "ok", detail: vpcId }, vpcId };
  } catch (error) {
    return {
      check: { id: "vpc", title: "VPC", status: "fail", detail: (error as Error).message, fix: "--vpc with the VPC's id or Name tag, in the right --region" },
    };
  }
}
