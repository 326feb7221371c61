/** `npm run bench`: every benchmark of the project, or those named on the command line. */
import { benchCloudWatch } from "./cloudwatch.js";
import { benchDashboard } from "./dashboard.js";
import { benchFilterLogEvents } from "./filter-log-events.js";
import { benchFilterPattern } from "./filterpattern.js";
import { benchFlowDelivery } from "./flow-delivery.js";
import { benchFlowLog } from "./flowlog.js";
import { benchInsights } from "./insights.js";
import { benchInsightsApi } from "./insights-api.js";
import { benchLogsIngest } from "./logs-ingest.js";
import { benchNetwork } from "./network.js";
import { benchPolicy } from "./policy.js";
import { benchRegex } from "./regex.js";
import { benchConcurrentStats, benchSoak } from "./soak.js";
import type { Figure } from "./measure.js";

const suites: Record<string, () => Promise<Figure[]>> = {
  flowlog: benchFlowLog,
  filterpattern: benchFilterPattern,
  "filter-log-events": benchFilterLogEvents,
  insights: benchInsights,
  "insights-api": benchInsightsApi,
  policy: benchPolicy,
  regex: benchRegex,
  logs: () => benchLogsIngest(),
  network: benchNetwork,
  "flow-delivery": benchFlowDelivery,
  dashboard: benchDashboard,
  cloudwatch: benchCloudWatch,
  soak: benchSoak,
  "soak-stats": benchConcurrentStats,
};

const wanted = process.argv.slice(2);
const names = wanted.length > 0 ? wanted : Object.keys(suites);
console.log(`flowwatch benchmarks, ${new Date().toISOString()}, node ${process.version}, ${process.platform}/${process.arch}`);
for (const name of names) {
  const suite = suites[name];
  if (suite === undefined) {
    console.error(`unknown benchmark '${name}'; known: ${Object.keys(suites).join(", ")}`);
    process.exit(2);
  }
  for (const figure of await suite()) {
    const value = figure.value >= 1000 ? Math.round(figure.value).toLocaleString("en-US") : figure.value.toPrecision(3);
    console.log(`${figure.name.padEnd(52)} ${value.padStart(14)} ${figure.unit}${figure.note ? `   ${figure.note}` : ""}`);
  }
}
