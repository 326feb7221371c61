/**
 * The pipeline doctor judges: its options resolved (../pipeline-resolution.ts) into the log group and the
 * VPC of the flow log feeding it, so `doctor --log-group G` checks the flow log delivering to G.
 */
import type { AwsClients } from "../clients.js";
import type { SetupConfig } from "../config.js";
import { SetupError } from "../errors.js";
import { cloudWatchFlowLogs, listCandidates, resolvePipeline } from "../pipeline-resolution.js";
import { findVpc } from "../vpc.js";

/** Which of config's names were given as options; the others are defaults doctor may replace by what it finds. */
export interface GivenNames {
  logGroup: boolean;
  vpc: boolean;
}

/**
 * config with the group and VPC resolved. A lookup that fails for want of credentials, an endpoint or the
 * VPC leaves config as it is: doctor's own checks then report that link. Several candidates are a SetupError.
 */
export async function doctorTarget(clients: AwsClients, config: SetupConfig, given: GivenNames): Promise<SetupConfig> {
  let vpcId: string | undefined;
  if (given.vpc) {
    try {
      vpcId = await findVpc(clients, config.vpc);
    } catch {
      return config;
    }
  }
  let resolved;
  try {
    // A VPC without a flow log is a broken pipeline for the checklist to report, not a question.
    if (vpcId !== undefined && !given.logGroup && (await cloudWatchFlowLogs(clients.ec2, { vpcId })).length === 0) return config;
    resolved = await resolvePipeline(clients.ec2, { ...(given.logGroup ? { logGroup: config.logGroupName } : {}), ...(vpcId !== undefined ? { vpcId } : {}) });
  } catch (error) {
    if (error instanceof SetupError) throw error;
    return config;
  }
  const out = { ...config, logGroupName: resolved.logGroupName };
  if (given.vpc) return out;
  const vpcFlowLogs = resolved.flowLogs.filter((f) => f.ResourceId?.startsWith("vpc-"));
  const vpcs = [...new Set(vpcFlowLogs.map((f) => f.ResourceId as string))];
  if (vpcs.length > 1)
    throw new SetupError(
      `flow logs of ${vpcs.length} VPCs deliver to ${resolved.logGroupName}; say which with --vpc:\n  LOG GROUP  FLOW LOG  RESOURCE\n${listCandidates(vpcFlowLogs)}`,
    );
  return vpcs.length === 1 ? { ...out, vpc: vpcs[0] as string } : out;
}
