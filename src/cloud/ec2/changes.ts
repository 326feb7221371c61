/**
 * Change notifications for the data plane (the traffic gateway opens and closes listeners on them).
 * Changes made inside an operation are queued and delivered after its transaction commits, so a
 * listener never sees a change that was rolled back.
 */
import type { InstanceStateName } from "./records.js";

export type VpcChange =
  | {
      type: "instance-state";
      account: string;
      region: string;
      instanceId: string;
      interfaceId: string;
      state: InstanceStateName;
      privateIp: string;
      /** Present while the instance runs with a public address. */
      publicIp?: string;
    }
  | { type: "security-group"; account: string; region: string; groupId: string; change: "created" | "rules" | "deleted" }
  | { type: "flow-log"; account: string; region: string; flowLogId: string; change: "created" | "deleted" };

export type VpcChangeListener = (change: VpcChange) => void;

export class ChangeFeed {
  private readonly listeners = new Set<VpcChangeListener>();
  private queued: VpcChange[] = [];

  subscribe(listener: VpcChangeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  queue(change: VpcChange): void {
    this.queued.push(change);
  }

  discard(): void {
    this.queued = [];
  }

  /** Delivers the queued changes; a listener that throws does not stop the others or the caller. */
  flush(onError: (error: unknown) => void = () => {}): void {
    const changes = this.queued;
    this.queued = [];
    for (const change of changes) {
      for (const listener of this.listeners) {
        try {
          listener(change);
        } catch (error) {
          onError(error);
        }
      }
    }
  }
}
