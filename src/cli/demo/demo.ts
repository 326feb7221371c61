/**
 * `flowwatch up --demo`: on a started local cloud, the tutorial through `setup` over the SDK, the
 * instance `web` in MyVpc22, and traffic to it; then where to look. Resumes on a second start.
 */
import { awsClients } from "../../setup/clients.js";
import { DEFAULTS } from "../../setup/config.js";
import { runSetup } from "../../setup/setup.js";
import { ensureDemoNetwork } from "./network.js";
import { startWorkload, type Workload } from "./workload.js";

export interface DemoOptions {
  endpoint: string;
  region: string;
  print: (line: string) => void;
  /** The cloud's root secret for the key `test`: random in strict mode (printed by `up`, never again here). */
  rootSecret?: string;
}

export async function startDemo({ endpoint, region, print, rootSecret = "test" }: DemoOptions): Promise<Workload> {
  // The account's root (access key `test`), as the tutorial's reader would be.
  const clients = awsClients({ endpoint, region, credentials: { accessKeyId: "test", secretAccessKey: rootSecret } });
  try {
    const network = await ensureDemoNetwork(clients.ec2, DEFAULTS.vpc);
    print(`instance web: ${network.instanceId} in ${network.vpcId}, interface ${network.interfaceId}, public address ${network.publicIp}`);
    print("flowwatch setup --alarms (the tutorial's steps 1-5, hardened, and the alarm preset):");
    await runSetup(
      clients,
      { ...DEFAULTS, alarmPreset: true },
      {
        print: (text) =>
          text.split("\n").forEach((line) => {
            print(`  ${line}`);
          }),
        wait: { timeoutMs: 30_000, pollMs: 500 },
      },
    );
    const workload = startWorkload(network.publicIp, { endpoint, rootSecret });
    const stream = `${network.interfaceId}-all`;
    print(
      [
        "",
        "traffic: a few HTTP requests a second to web, a port scan of 22, 443, 3389, 8080 every 20 s,",
        "  and a wide port scan (the port-scan scenario) 90 s in and every 5 minutes: see the dashboard's Alerts",
        "records arrive at the end of each 60 s window",
        "",
        `try it:   curl http://${network.publicIp}/`,
        "",
        "the AWS CLI against it:",
        `  export AWS_ENDPOINT_URL=${endpoint}`,
        rootSecret === "test"
          ? "  export AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test"
          : "  export AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=<the root secret printed above>",
        `  export AWS_DEFAULT_REGION=${region} AWS_REGION=${region}`,
        "",
        "where to look:",
        `  aws --endpoint-url ${endpoint} logs get-log-events --log-group-name ${DEFAULTS.logGroupName} --log-stream-name ${stream}`,
        `  aws --endpoint-url ${endpoint} ec2 describe-flow-logs`,
        `  npx flowwatch doctor --endpoint ${endpoint}`,
        `  npx flowwatch query --endpoint ${endpoint} --log-group ${DEFAULTS.logGroupName} 'filter action="REJECT" | stats count(*) by dstPort'`,
        "",
      ].join("\n"),
    );
    return workload;
  } finally {
    clients.destroy();
  }
}
