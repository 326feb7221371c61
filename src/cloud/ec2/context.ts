/** What every EC2 operation group is built from: one per service instance, never module state. */
import type Database from "better-sqlite3";
import type { Clock } from "../clock.js";
import type { Cidr } from "./addresses.js";
import type { ChangeFeed } from "./changes.js";
import type { ResourceStore, Scope } from "./resource-store.js";

export interface Ec2Context {
  db: Database.Database;
  clock: Clock;
  store: ResourceStore;
  changes: ChangeFeed;
  /** Where public addresses come from: loopback addresses the traffic gateway can listen on. */
  publicPool: Cidr;
  /** Whether another local cloud on this machine holds an address (false), else takes it (true); absent: none is checked. */
  claimPublicAddress?: (ip: string) => boolean;
  /** Whether an S3 bucket exists (CreateFlowLogs to S3); filled by the cloud once S3 is up, absent: none is checked. */
  bucketExists?: (name: string) => boolean;
  /** Makes the account's default VPC in the Region the first time the scope is used. */
  ensureDefaults(scope: Scope): void;
}
