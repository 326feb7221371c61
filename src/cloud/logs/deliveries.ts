/**
 * The log delivery API: delivery sources, delivery destinations (and their policies), deliveries.
 * Stored and answered as AWS answers them; nothing is delivered, because flowwatch runs none of
 * the services that vend logs through this API (VPC flow logs use CreateFlowLogs instead).
 */
import { randomBytes } from "node:crypto";
import type {
  CreateDeliveryRequest,
  CreateDeliveryResponse,
  DeleteDeliveryDestinationPolicyRequest,
  DeleteDeliveryDestinationRequest,
  DeleteDeliveryRequest,
  DeleteDeliverySourceRequest,
  Delivery,
  DeliveryDestination,
  DeliverySource,
  DescribeDeliveriesRequest,
  DescribeDeliveriesResponse,
  DescribeDeliveryDestinationsRequest,
  DescribeDeliveryDestinationsResponse,
  DescribeDeliverySourcesRequest,
  DescribeDeliverySourcesResponse,
  GetDeliveryDestinationPolicyRequest,
  GetDeliveryDestinationPolicyResponse,
  GetDeliveryDestinationRequest,
  GetDeliveryDestinationResponse,
  GetDeliveryRequest,
  GetDeliveryResponse,
  GetDeliverySourceRequest,
  GetDeliverySourceResponse,
  PutDeliveryDestinationPolicyRequest,
  PutDeliveryDestinationPolicyResponse,
  PutDeliveryDestinationRequest,
  PutDeliveryDestinationResponse,
  PutDeliverySourceRequest,
  PutDeliverySourceResponse,
} from "../validation/logs-types.js";
import type { RequestContext } from "../service.js";
import { deliveryArn, deliveryDestinationArn, deliverySourceArn, parseArn } from "./arn.js";
import type { LogsContext } from "./context.js";
import type { DocumentKind } from "./documents.js";
import * as errors from "./errors.js";
import { decodePageToken, page } from "./pagination.js";

/** Services that vend logs through this API and their log types (AWS's vended-logs table, as moto 5.2 lists it). */
const LOG_TYPES: Record<string, readonly string[]> = {
  cloudfront: ["ACCESS_LOGS"],
  bedrock: ["APPLICATION_LOGS"],
  codewhisperer: ["EVENT_LOGS"],
  mediapackage: ["EGRESS_ACCESS_LOGS", "INGRESS_ACCESS_LOGS"],
  mediatailor: ["AD_DECISION_SERVER_LOGS", "MANIFEST_SERVICE_LOGS", "TRANSCODE_LOGS"],
  sso: ["ERROR_LOGS"],
  qdeveloper: ["EVENT_LOGS"],
  ses: ["APPLICATION_LOG"],
  workmail: [
    "ACCESS_CONTROL_LOGS",
    "AUTHENTICATION_LOGS",
    "WORKMAIL_AVAILABILITY_PROVIDER_LOGS",
    "WORKMAIL_MAILBOX_ACCESS_LOGS",
    "WORKMAIL_PERSONAL_ACCESS_TOKEN_LOGS",
  ],
};

/** deliveryDestinationType from the destination resource's service. */
const DESTINATION_TYPES: Record<string, DeliveryDestination["deliveryDestinationType"]> = { s3: "S3", logs: "CWL", firehose: "FH" };

type Policy = { deliveryDestinationPolicy?: string };
/** What this module stores: AWS's shapes, with the members every stored one has made required. */
type StoredSource = DeliverySource & { name: string; arn: string; resourceArns: string[] };
type StoredDestination = DeliveryDestination & Policy & { name: string; arn: string };
type StoredDelivery = Delivery & { id: string; arn: string };

export function deliveryOperations(logs: LogsContext) {
  const { documents, tags } = logs;
  const list = <T>(kind: DocumentKind, ctx: RequestContext, token: string | undefined, limit: number | undefined) => {
    const n = limit ?? 50;
    const after = token === undefined ? "" : String(decodePageToken(kind, token)[0]);
    return page(documents.list<T>(kind, ctx, after, n + 1), n, (r) => [r.name], kind);
  };
  const withTags = <T extends { arn: string }>(body: T): T => {
    const t = tags.list(body.arn);
    return Object.keys(t).length > 0 ? { ...body, tags: t } : body;
  };
  const destination = (ctx: RequestContext, name: string): StoredDestination => {
    const found = documents.get<StoredDestination>("delivery-destination", ctx, name);
    if (found === undefined) throw errors.deliveryDestinationNotFound();
    return found;
  };
  const delivery = (ctx: RequestContext, id: string): StoredDelivery => {
    const found = documents.get<StoredDelivery>("delivery", ctx, id);
    if (found === undefined) throw errors.deliveryNotFound();
    return found;
  };

  return {
    putDeliverySource(input: PutDeliverySourceRequest, ctx: RequestContext): PutDeliverySourceResponse {
      const name = input.name;
      const service = parseArn(input.resourceArn)?.service ?? "";
      const types = LOG_TYPES[service];
      if (types === undefined) throw errors.cannotAccessService();
      if (!types.includes(input.logType)) throw errors.logTypeNotAllowed();
      const previous = documents.get<StoredSource>("delivery-source", ctx, name);
      if (previous !== undefined) {
        if (input.tags !== undefined) throw errors.tagsOnUpdate();
        if (!previous.resourceArns.includes(input.resourceArn)) throw errors.sourceResourceChanged();
      }
      const source: StoredSource = { name, arn: deliverySourceArn(ctx, name), resourceArns: [input.resourceArn], service, logType: input.logType };
      documents.put("delivery-source", ctx, name, source);
      tags.tag(source.arn, input.tags);
      return { deliverySource: withTags(source) };
    },
    getDeliverySource(input: GetDeliverySourceRequest, ctx: RequestContext): GetDeliverySourceResponse {
      const source = documents.get<StoredSource>("delivery-source", ctx, input.name);
      if (source === undefined) throw errors.deliverySourceNotFound();
      return { deliverySource: withTags(source) };
    },
    describeDeliverySources(input: DescribeDeliverySourcesRequest, ctx: RequestContext): DescribeDeliverySourcesResponse {
      const { items, nextToken } = list<StoredSource>("delivery-source", ctx, input.nextToken, input.limit);
      return { deliverySources: items.map((r) => withTags(r.body)), ...(nextToken === undefined ? {} : { nextToken }) };
    },
    deleteDeliverySource(input: DeleteDeliverySourceRequest, ctx: RequestContext): Record<string, never> {
      const name = input.name;
      if (!documents.delete("delivery-source", ctx, name)) throw errors.deliverySourceNotFoundOnDelete();
      tags.drop(deliverySourceArn(ctx, name));
      return {};
    },

    /** PutDeliveryDestination: an update may not change the output format or add tags (AWS's rules, as moto records them). */
    putDeliveryDestination(input: PutDeliveryDestinationRequest, ctx: RequestContext): PutDeliveryDestinationResponse {
      const name = input.name;
      const resource = input.deliveryDestinationConfiguration?.destinationResourceArn;
      const type = resource === undefined ? undefined : DESTINATION_TYPES[parseArn(resource)?.service ?? ""];
      if (resource === undefined || type === undefined) throw errors.invalidDestinationResource();
      const previous = documents.get<StoredDestination>("delivery-destination", ctx, name);
      if (previous !== undefined) {
        if (input.tags !== undefined) throw errors.tagsOnUpdate();
        if (input.outputFormat !== undefined && previous.outputFormat !== undefined && input.outputFormat !== previous.outputFormat) {
          throw errors.outputFormatChanged();
        }
      }
      const body: StoredDestination = {
        name,
        arn: deliveryDestinationArn(ctx, name),
        deliveryDestinationType: type,
        ...(input.outputFormat === undefined ? {} : { outputFormat: input.outputFormat }),
        deliveryDestinationConfiguration: { destinationResourceArn: resource },
        ...(previous?.deliveryDestinationPolicy === undefined ? {} : { deliveryDestinationPolicy: previous.deliveryDestinationPolicy }),
      };
      documents.put("delivery-destination", ctx, name, body);
      tags.tag(body.arn, input.tags);
      return { deliveryDestination: withTags(publicDestination(body)) };
    },
    getDeliveryDestination(input: GetDeliveryDestinationRequest, ctx: RequestContext): GetDeliveryDestinationResponse {
      return { deliveryDestination: withTags(publicDestination(destination(ctx, input.name))) };
    },
    describeDeliveryDestinations(input: DescribeDeliveryDestinationsRequest, ctx: RequestContext): DescribeDeliveryDestinationsResponse {
      const { items, nextToken } = list<StoredDestination>("delivery-destination", ctx, input.nextToken, input.limit);
      return { deliveryDestinations: items.map((r) => withTags(publicDestination(r.body))), ...(nextToken === undefined ? {} : { nextToken }) };
    },
    deleteDeliveryDestination(input: DeleteDeliveryDestinationRequest, ctx: RequestContext): Record<string, never> {
      const name = input.name;
      if (!documents.delete("delivery-destination", ctx, name)) throw errors.deliveryDestinationNotFound();
      tags.drop(deliveryDestinationArn(ctx, name));
      return {};
    },

    putDeliveryDestinationPolicy(input: PutDeliveryDestinationPolicyRequest, ctx: RequestContext): PutDeliveryDestinationPolicyResponse {
      const name = input.deliveryDestinationName;
      const body = destination(ctx, name);
      documents.put("delivery-destination", ctx, name, { ...body, deliveryDestinationPolicy: input.deliveryDestinationPolicy });
      return { policy: { deliveryDestinationPolicy: input.deliveryDestinationPolicy } };
    },
    getDeliveryDestinationPolicy(input: GetDeliveryDestinationPolicyRequest, ctx: RequestContext): GetDeliveryDestinationPolicyResponse {
      const body = destination(ctx, input.deliveryDestinationName);
      return { policy: body.deliveryDestinationPolicy === undefined ? {} : { deliveryDestinationPolicy: body.deliveryDestinationPolicy } };
    },
    deleteDeliveryDestinationPolicy(input: DeleteDeliveryDestinationPolicyRequest, ctx: RequestContext): Record<string, never> {
      const name = input.deliveryDestinationName;
      const { deliveryDestinationPolicy: _dropped, ...rest } = destination(ctx, name);
      documents.put("delivery-destination", ctx, name, rest);
      return {};
    },

    /** CreateDelivery: one per source and destination, and one per source and destination type (moto's record of AWS). */
    createDelivery(input: CreateDeliveryRequest, ctx: RequestContext): CreateDeliveryResponse {
      const sourceName = input.deliverySourceName;
      if (documents.get("delivery-source", ctx, sourceName) === undefined) throw errors.deliverySourceNotFound();
      const destinationName = (parseArn(input.deliveryDestinationArn)?.resource ?? "").replace(/^delivery-destination:/, "");
      const target = documents.get<StoredDestination>("delivery-destination", ctx, destinationName);
      if (target === undefined || target.arn !== input.deliveryDestinationArn) throw errors.deliveryDestinationNotFound();
      for (const { body } of documents.list<StoredDelivery>("delivery", ctx, "", Number.MAX_SAFE_INTEGER)) {
        if (body.deliverySourceName !== sourceName) continue;
        if (body.deliveryDestinationArn === input.deliveryDestinationArn) throw errors.deliveryExists();
        if (body.deliveryDestinationType === target.deliveryDestinationType) throw errors.deliveryTypeExists();
      }
      const id = deliveryId();
      const created: StoredDelivery = {
        id,
        arn: deliveryArn(ctx, id),
        deliverySourceName: sourceName,
        deliveryDestinationArn: input.deliveryDestinationArn,
        deliveryDestinationType: target.deliveryDestinationType,
        ...(input.recordFields === undefined ? {} : { recordFields: input.recordFields }),
        ...(input.fieldDelimiter === undefined ? {} : { fieldDelimiter: input.fieldDelimiter }),
        ...(input.s3DeliveryConfiguration === undefined ? {} : { s3DeliveryConfiguration: input.s3DeliveryConfiguration }),
      };
      documents.put("delivery", ctx, id, created);
      tags.tag(created.arn, input.tags);
      return { delivery: withTags(created) };
    },
    getDelivery(input: GetDeliveryRequest, ctx: RequestContext): GetDeliveryResponse {
      return { delivery: withTags(delivery(ctx, input.id)) };
    },
    describeDeliveries(input: DescribeDeliveriesRequest, ctx: RequestContext): DescribeDeliveriesResponse {
      const { items, nextToken } = list<StoredDelivery>("delivery", ctx, input.nextToken, input.limit);
      return { deliveries: items.map((r) => withTags(r.body)), ...(nextToken === undefined ? {} : { nextToken }) };
    },
    deleteDelivery(input: DeleteDeliveryRequest, ctx: RequestContext): Record<string, never> {
      const found = delivery(ctx, input.id);
      documents.delete("delivery", ctx, found.id);
      tags.drop(found.arn);
      return {};
    },
  };
}

/** The stored policy is not part of a DeliveryDestination's shape. */
function publicDestination(body: StoredDestination): DeliveryDestination & { arn: string } {
  const { deliveryDestinationPolicy: _policy, ...rest } = body;
  return rest;
}

/** Delivery ids are alphanumeric (the model's `^[0-9A-Za-z]+$`); 16 characters like AWS's. */
function deliveryId(): string {
  const alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
  return [...randomBytes(16)].map((b) => alphabet[b % alphabet.length]).join("");
}
