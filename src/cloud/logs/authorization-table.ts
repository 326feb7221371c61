/**
 * CloudWatch Logs' rows of the authorization table (Service Authorization Reference, Amazon
 * CloudWatch Logs), and the resources of the calls authorization.ts leaves at `*`: deliveries,
 * multi-group queries and tags on resources other than log groups.
 */
import { type AuthorizationTable, row, tagConditions, withTagConditions } from "../authorization-table.js";
import type { RequestContext } from "../service.js";
import { deliveryArn, deliveryDestinationArn, deliverySourceArn, groupNameFromIdentifier } from "./arn.js";
import { logsResourcesFor } from "./authorization.js";

const BASE = "arn:${Partition}:logs:${Region}:${Account}:";
const GROUP = `${BASE}log-group:\${LogGroupName}`;
const STREAM = `${BASE}log-group:\${LogGroupName}:log-stream:\${LogStreamName}`;
const DESTINATION = `${BASE}destination:\${DestinationName}`;
const SOURCE = `${BASE}delivery-source:\${DeliverySourceName}`;
const DELIVERY_DESTINATION = `${BASE}delivery-destination:\${DeliveryDestinationName}`;
const DELIVERY = `${BASE}delivery:\${DeliveryId}`;
const TAGGABLE = [GROUP, DESTINATION, SOURCE, DELIVERY_DESTINATION, DELIVERY];

const on = (resources: readonly string[], ...names: string[]) => names.map((n) => [n, row(`logs:${n}`, resources)] as const);

const UNTAGGED: AuthorizationTable = Object.fromEntries([
  ...on([GROUP], "CreateLogGroup", "DeleteLogGroup", "DescribeLogGroups", "CreateLogStream", "DeleteLogStream", "DescribeLogStreams", "FilterLogEvents"),
  ...on([GROUP], "PutRetentionPolicy", "DeleteRetentionPolicy", "TagLogGroup", "UntagLogGroup", "ListTagsLogGroup"),
  ...on([GROUP], "PutSubscriptionFilter", "DescribeSubscriptionFilters", "DeleteSubscriptionFilter", "PutMetricFilter", "DescribeMetricFilters", "DeleteMetricFilter"),
  ...on([GROUP], "StartQuery", "GetLogGroupFields"),
  ...on([STREAM], "PutLogEvents", "GetLogEvents"),
  ...on(TAGGABLE, "TagResource", "UntagResource", "ListTagsForResource"),
  ...on(["*"], "PutResourcePolicy", "DescribeResourcePolicies", "DeleteResourcePolicy", "DescribeDestinations", "TestMetricFilter"),
  ...on(["*"], "GetQueryResults", "StopQuery", "DescribeQueries", "GetLogRecord", "PutQueryDefinition", "DescribeQueryDefinitions", "DeleteQueryDefinition"),
  ...on(["*"], "DescribeDeliverySources", "DescribeDeliveryDestinations", "DescribeDeliveries"),
  ...on([DESTINATION], "PutDestination", "PutDestinationPolicy", "DeleteDestination"),
  ...on([SOURCE], "PutDeliverySource", "GetDeliverySource", "DeleteDeliverySource"),
  ...on([DELIVERY_DESTINATION], "PutDeliveryDestination", "GetDeliveryDestination", "DeleteDeliveryDestination"),
  ...on([DELIVERY_DESTINATION], "PutDeliveryDestinationPolicy", "GetDeliveryDestinationPolicy", "DeleteDeliveryDestinationPolicy"),
  ...on([DELIVERY, SOURCE, DELIVERY_DESTINATION], "CreateDelivery"),
  ...on([DELIVERY], "GetDelivery", "DeleteDelivery"),
]);

export const LOGS_AUTHORIZATION: AuthorizationTable = withTagConditions(UNTAGGED, {
  CreateLogGroup: (i) => tagConditions(i.tags),
  TagLogGroup: (i) => tagConditions(i.tags),
  UntagLogGroup: (i) => tagConditions(undefined, i.tags),
  TagResource: (i) => tagConditions(i.tags),
  UntagResource: (i) => tagConditions(undefined, i.tagKeys),
  PutDestination: (i) => tagConditions(i.tags),
  PutDeliverySource: (i) => tagConditions(i.tags),
  PutDeliveryDestination: (i) => tagConditions(i.tags),
  CreateDelivery: (i) => tagConditions(i.tags),
});

const text = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);
const texts = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : []);

export function logsTableResourcesFor(operation: string, raw: unknown, ctx: RequestContext): readonly string[] {
  const input = (raw ?? {}) as Record<string, unknown>;
  const one = (arn: (name: string) => string, v: unknown) => (text(v) === undefined ? ["*"] : [arn(text(v) as string)]);
  switch (operation) {
    case "PutDeliverySource":
    case "GetDeliverySource":
    case "DeleteDeliverySource":
      return one((n) => deliverySourceArn(ctx, n), input.name);
    case "PutDeliveryDestination":
    case "GetDeliveryDestination":
    case "DeleteDeliveryDestination":
      return one((n) => deliveryDestinationArn(ctx, n), input.name);
    case "PutDeliveryDestinationPolicy":
    case "GetDeliveryDestinationPolicy":
    case "DeleteDeliveryDestinationPolicy":
      return one((n) => deliveryDestinationArn(ctx, n), input.deliveryDestinationName);
    case "GetDelivery":
    case "DeleteDelivery":
      return one((n) => deliveryArn(ctx, n), input.id);
    case "CreateDelivery":
      // The delivery's id is not known before it exists: AWS authorizes the new delivery as `delivery:*`.
      return [deliveryArn(ctx, "*"), ...one((n) => deliverySourceArn(ctx, n), input.deliverySourceName), ...(text(input.deliveryDestinationArn) === undefined ? [] : [input.deliveryDestinationArn as string])];
    case "StartQuery": {
      const groups = [...texts(input.logGroupNames), ...texts(input.logGroupIdentifiers).map((id) => groupNameFromIdentifier(ctx, id) ?? id)];
      if (groups.length > 0) return groups.flatMap((g) => logsResourcesFor("StartQuery", { logGroupName: g }, ctx));
      break;
    }
    case "TagResource":
    case "UntagResource":
    case "ListTagsForResource":
      if (text(input.resourceArn) !== undefined && !/:log-group:/.test(input.resourceArn as string)) return [input.resourceArn as string];
      break;
  }
  return logsResourcesFor(operation, raw, ctx);
}
