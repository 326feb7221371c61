/**
 * CloudWatch Logs' rows of the authorization table (Service Authorization Reference, Amazon
 * CloudWatch Logs), and the resources each operation acts on, read from its typed input.
 */
import { type AuthorizationTable, row, tagConditions, withTagConditions } from "../authorization-table.js";
import { type RequestContext, resourcesFrom } from "../service.js";
import type { LogsOperations } from "../validation/logs-types.js";
import { deliveryArn, deliveryDestinationArn, deliverySourceArn, destinationArn, groupNameFromIdentifier } from "./arn.js";
import { groupResources, streamScoped } from "./authorization.js";

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
  ...on(
    [GROUP],
    "PutSubscriptionFilter",
    "DescribeSubscriptionFilters",
    "DeleteSubscriptionFilter",
    "PutMetricFilter",
    "DescribeMetricFilters",
    "DeleteMetricFilter",
  ),
  ...on([GROUP], "StartQuery", "GetLogGroupFields", "StartLiveTail"),
  ...on([STREAM], "PutLogEvents", "GetLogEvents"),
  ...on(TAGGABLE, "TagResource", "UntagResource", "ListTagsForResource"),
  ...on(["*"], "PutResourcePolicy", "DescribeResourcePolicies", "DeleteResourcePolicy", "DescribeDestinations", "TestMetricFilter"),
  ...on(["*"], "GetQueryResults", "StopQuery", "DescribeQueries", "GetLogRecord", "PutQueryDefinition", "DescribeQueryDefinitions", "DeleteQueryDefinition"),
  // The Service Authorization Reference lists CreateExportTask on log-group, the other two on no resource.
  ...on([GROUP], "CreateExportTask"),
  ...on(["*"], "DescribeExportTasks", "CancelExportTask"),
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

const group = groupResources;
const destination = (i: { destinationName: string }, ctx: RequestContext) => [destinationArn(ctx, i.destinationName)];
const source = (i: { name: string }, ctx: RequestContext) => [deliverySourceArn(ctx, i.name)];
const deliveryDestination = (i: { name: string }, ctx: RequestContext) => [deliveryDestinationArn(ctx, i.name)];
const destinationPolicy = (i: { deliveryDestinationName: string }, ctx: RequestContext) => [deliveryDestinationArn(ctx, i.deliveryDestinationName)];
const delivery = (i: { id: string }, ctx: RequestContext) => [deliveryArn(ctx, i.id)];
/** Tags on a destination or a delivery resource name it; on a log group, the group as its other operations do. */
const tagged = (i: { resourceArn: string }, ctx: RequestContext) => (/:log-group:/.test(i.resourceArn) ? group(i, ctx) : [i.resourceArn]);

/** The resources of each operation, from its typed input; an operation not listed acts on `*`. */
export const logsTableResourcesFor = resourcesFrom<LogsOperations>({
  CreateLogGroup: group,
  DeleteLogGroup: group,
  // An account-wide listing: the group and stream left empty, as AWS's denials show it.
  DescribeLogGroups: (_i, ctx) => [streamScoped(ctx, "", "")],
  CreateLogStream: group,
  DeleteLogStream: group,
  DescribeLogStreams: group,
  PutLogEvents: group,
  GetLogEvents: group,
  FilterLogEvents: group,
  PutRetentionPolicy: group,
  DeleteRetentionPolicy: group,
  TagLogGroup: group,
  UntagLogGroup: group,
  ListTagsLogGroup: group,
  TagResource: tagged,
  UntagResource: tagged,
  ListTagsForResource: tagged,
  PutSubscriptionFilter: group,
  DescribeSubscriptionFilters: group,
  DeleteSubscriptionFilter: group,
  PutMetricFilter: group,
  DescribeMetricFilters: group,
  DeleteMetricFilter: group,
  GetLogGroupFields: group,
  CreateExportTask: group,
  DescribeQueries: group,
  StartQuery: (i, ctx) => {
    const names = [...(i.logGroupNames ?? []), ...(i.logGroupIdentifiers ?? []).map((id) => groupNameFromIdentifier(ctx, id) ?? id)];
    return names.length > 0 ? names.map((g) => streamScoped(ctx, g, "")) : group(i, ctx);
  },
  // Each group the session would tail, named as an ARN or a name.
  StartLiveTail: (i, ctx) => i.logGroupIdentifiers.map((id) => streamScoped(ctx, groupNameFromIdentifier(ctx, id) ?? id, "")),
  // The handlers refuse a resourceArn; authorization comes first and reads it as the group it names.
  PutResourcePolicy: group,
  DescribeResourcePolicies: group,
  DeleteResourcePolicy: group,
  PutDestination: destination,
  PutDestinationPolicy: destination,
  DeleteDestination: destination,
  PutDeliverySource: source,
  GetDeliverySource: source,
  DeleteDeliverySource: source,
  PutDeliveryDestination: deliveryDestination,
  GetDeliveryDestination: deliveryDestination,
  DeleteDeliveryDestination: deliveryDestination,
  PutDeliveryDestinationPolicy: destinationPolicy,
  GetDeliveryDestinationPolicy: destinationPolicy,
  DeleteDeliveryDestinationPolicy: destinationPolicy,
  GetDelivery: delivery,
  DeleteDelivery: delivery,
  // The delivery's id is not known before it exists: AWS authorizes the new delivery as `delivery:*`.
  CreateDelivery: (i, ctx) => [deliveryArn(ctx, "*"), deliverySourceArn(ctx, i.deliverySourceName), i.deliveryDestinationArn],
});
