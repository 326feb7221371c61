/** The workload scenarios by name, and the mixes of them that `flowwatch traffic` runs. */
import { appDatabase } from "./app-database.js";
import { dns } from "./dns.js";
import { exfiltration } from "./exfiltration.js";
import { portScan } from "./port-scan.js";
import { s3Egress } from "./s3-egress.js";
import { sshBruteForce } from "./ssh-brute-force.js";
import { mergeByTime } from "./time-order.js";
import type { Scenario } from "./types.js";
import { webClients } from "./web-clients.js";

export type { Scenario, ScenarioInterface, ScenarioOptions, ScenarioRole } from "./types.js";
export { appDatabase, dns, exfiltration, portScan, s3Egress, sshBruteForce, webClients, mergeByTime };

/** Normal traffic of a three-tier VPC; rate is web connections per second, the others in proportion. */
export const baseline: Scenario = (interfaces, options) =>
  mergeByTime([
    webClients(interfaces, options),
    appDatabase(interfaces, { ...options, rate: options.rate * 0.5 }),
    dns(interfaces, { ...options, rate: options.rate * 2 }),
    s3Egress(interfaces, { ...options, rate: options.rate * 0.2 }),
  ]);

/** The baseline with every attack in it: a scan, a brute force and an exfiltration burst to find. */
export const incident: Scenario = (interfaces, options) =>
  mergeByTime([
    baseline(interfaces, options),
    portScan(interfaces, { ...options, rate: 20 }),
    sshBruteForce(interfaces, { ...options, rate: 2 }),
    exfiltration(interfaces, { ...options, rate: 5 }),
  ]);

export const SCENARIOS: Readonly<Record<string, Scenario>> = {
  "web-clients": webClients,
  "app-database": appDatabase,
  dns,
  "s3-egress": s3Egress,
  "port-scan": portScan,
  "ssh-brute-force": sshBruteForce,
  exfiltration,
  baseline,
  incident,
};
