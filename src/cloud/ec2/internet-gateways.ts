/** Internet gateways: create, attach to one VPC, detach, describe, delete. */
import type { RequestContext } from "../service.js";
import type {
  AttachInternetGatewayRequest,
  CreateInternetGatewayRequest,
  DeleteInternetGatewayRequest,
  DescribeInternetGatewaysRequest,
  DetachInternetGatewayRequest,
  CreateInternetGatewayResult,
  DescribeInternetGatewaysResult,
  InternetGateway,
} from "../validation/ec2-types.js";
import type { Ec2Context } from "./context.js";
import { alreadyAttached, gatewayNotAttached, internetGatewayDependencies, internetGatewayNotFound, vpcHasGateway } from "./errors.js";
import { applyFilters } from "./filters.js";
import { checkId, newId } from "./ids.js";
import { page } from "./pagination.js";
import type { InternetGatewayRecord } from "./records.js";
import type { Scope } from "./resource-store.js";
import { modelTags, tagsFromSpecifications } from "./tags.js";
import { requireVpc } from "./vpcs.js";

function requireGateway(ec2: Ec2Context, scope: Scope, id: string): InternetGatewayRecord {
  checkId("internet-gateway", id);
  const igw = ec2.store.get(scope, "internet-gateway", id);
  if (igw === undefined) throw internetGatewayNotFound(id);
  return igw;
}

export function internetGatewayOperations(ec2: Ec2Context) {
  const { store } = ec2;

  const output = (g: InternetGatewayRecord, account: string): InternetGateway => ({
    Attachments: g.vpcId === undefined ? [] : [{ VpcId: g.vpcId, State: "available" }],
    InternetGatewayId: g.id,
    OwnerId: account,
    Tags: modelTags(g.tags),
  });

  function createInternetGateway(input: CreateInternetGatewayRequest, ctx: RequestContext): CreateInternetGatewayResult {
    ec2.ensureDefaults(ctx);
    const igw: InternetGatewayRecord = { id: newId("internet-gateway"), tags: tagsFromSpecifications(input.TagSpecifications, "internet-gateway") };
    store.insert(ctx, "internet-gateway", igw);
    return { InternetGateway: output(igw, ctx.account) };
  }

  /** AttachInternetGateway. A gateway attaches to one VPC, and a VPC takes one gateway. */
  function attachInternetGateway(input: AttachInternetGatewayRequest, ctx: RequestContext) {
    const igw = requireGateway(ec2, ctx, input.InternetGatewayId);
    const vpc = requireVpc(ec2, ctx, input.VpcId);
    if (igw.vpcId !== undefined) throw alreadyAttached(igw.id, igw.vpcId);
    if (store.list(ctx, "internet-gateway").some((g) => g.vpcId === vpc.id)) throw vpcHasGateway(vpc.id);
    igw.vpcId = vpc.id;
    store.update(ctx, "internet-gateway", igw);
  }

  function detachInternetGateway(input: DetachInternetGatewayRequest, ctx: RequestContext) {
    const igw = requireGateway(ec2, ctx, input.InternetGatewayId);
    requireVpc(ec2, ctx, input.VpcId);
    if (igw.vpcId !== input.VpcId) throw gatewayNotAttached(igw.id, input.VpcId);
    delete igw.vpcId;
    store.update(ctx, "internet-gateway", igw);
  }

  function describeInternetGateways(input: DescribeInternetGatewaysRequest, ctx: RequestContext): DescribeInternetGatewaysResult {
    ec2.ensureDefaults(ctx);
    let gateways = store.list(ctx, "internet-gateway");
    if (input.InternetGatewayIds !== undefined && input.InternetGatewayIds.length > 0) {
      for (const id of input.InternetGatewayIds) requireGateway(ec2, ctx, id);
      gateways = gateways.filter((g) => input.InternetGatewayIds?.includes(g.id));
    }
    const filtered = applyFilters(gateways, input.Filters, {
      "attachment.state": (g) => (g.vpcId === undefined ? undefined : "available"),
      "attachment.vpc-id": (g) => g.vpcId,
      "internet-gateway-id": (g) => g.id,
      "owner-id": () => ctx.account,
    });
    const { items, nextToken } = page(filtered, input);
    return { InternetGateways: items.map((g) => output(g, ctx.account)), NextToken: nextToken };
  }

  /** DeleteInternetGateway. An attached gateway is a dependency of its VPC: detach it first, as on AWS. */
  function deleteInternetGateway(input: DeleteInternetGatewayRequest, ctx: RequestContext) {
    const igw = requireGateway(ec2, ctx, input.InternetGatewayId);
    if (igw.vpcId !== undefined) throw internetGatewayDependencies(igw.id);
    store.delete(ctx, igw.id);
  }

  return { createInternetGateway, attachInternetGateway, detachInternetGateway, describeInternetGateways, deleteInternetGateway };
}
