/**
 * A destination a subscription filter can really deliver to. flowwatch runs none today (no Kinesis,
 * Firehose or Lambda), so filters to any destination are refused; a service that runs one registers here.
 */

export interface SubscriptionDelivery {
  owner: string;
  logGroup: string;
  logStream: string;
  subscriptionFilters: string[];
  logEvents: { id: string; timestamp: number; message: string }[];
}

export interface SubscriptionTarget {
  /** True when this target runs the resource the ARN names, in the caller's account and region. */
  accepts(destinationArn: string, scope: { account: string; region: string }): boolean;
  /** Called after the batch is durably stored; must not throw. */
  deliver(destinationArn: string, delivery: SubscriptionDelivery): void;
}
