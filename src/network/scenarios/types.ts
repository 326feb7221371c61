/** What a scenario is given and what it is: interfaces and a time range in, observations in time order out. */
import type { Observation } from "../observation.js";

export type ScenarioRole = "web" | "app" | "database" | "dns" | "bastion";

export interface ScenarioInterface {
  interfaceId: string;
  /** The address the interface sees itself as: flow records show it, also for traffic to the public address. */
  privateIp: string;
  publicIp?: string | null;
  /** What the instance does; a scenario picks its interfaces by role, or all of them when none has the role. */
  roles?: readonly ScenarioRole[];
  /** Ports its security groups open to the internet; attacks on other ports are REJECT. Default: 22, 80, 443. */
  openPorts?: readonly number[];
}

export interface ScenarioOptions {
  seed: number;
  /** Milliseconds since the epoch: the range [start, end) is generated, live or as a backfill. */
  start: number;
  end: number;
  /** Arrivals per second: sessions, probes or login attempts; for exfiltration, megabytes per second. */
  rate: number;
}

export type Scenario = (interfaces: readonly ScenarioInterface[], options: ScenarioOptions) => Iterable<Observation>;

/** The interfaces that have a role, or all of them when none has it. */
export function withRole(interfaces: readonly ScenarioInterface[], role: ScenarioRole): readonly ScenarioInterface[] {
  const chosen = interfaces.filter((i) => i.roles?.includes(role));
  return chosen.length > 0 ? chosen : interfaces;
}

export const DEFAULT_OPEN_PORTS: readonly number[] = [22, 80, 443];
