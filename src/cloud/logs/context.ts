/** What every CloudWatch Logs operation group is built from: one per service instance, never module state. */
import type Database from "better-sqlite3";
import type { Clock } from "../clock.js";
import type { Catalog } from "./catalog.js";
import type { Documents } from "./documents.js";
import type { EventStore } from "./event-store.js";
import type { LiveTailHub } from "./live-tail.js";
import type { SubscriptionTarget } from "./subscription-target.js";
import type { TagStore } from "./tag-store.js";

export interface LogsContext {
  db: Database.Database;
  clock: Clock;
  catalog: Catalog;
  events: EventStore;
  tags: TagStore;
  documents: Documents;
  /** Destinations that subscription filters can deliver to; empty unless another part of flowwatch runs one. */
  subscriptionTargets: readonly SubscriptionTarget[];
  /** Open StartLiveTail sessions, offered each batch PutLogEvents stores. */
  liveTail?: LiveTailHub;
}
