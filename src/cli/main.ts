#!/usr/bin/env node
/** The flowwatch executable: declares the commands and loads each one's code only when it runs. */
import { Command, Option } from "commander";
import { CliError } from "./cli-error.js";

// The SDK warns on every command that its releases after January 2027 need Node 22; the lockfile pins
// a release that supports Node 20, so the warning only hides flowwatch's own output. Opt back in by
// setting the variable to anything else.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
// The AWS CLI reads AWS_DEFAULT_REGION, the SDK v3 only AWS_REGION: a shell set up for the CLI works here too.
if (process.env.AWS_REGION === undefined && process.env.AWS_DEFAULT_REGION !== undefined) process.env.AWS_REGION = process.env.AWS_DEFAULT_REGION;
import { withPipelineOptions } from "./commands/setup-options.js";
import { withConnectionOptions } from "./connection-options.js";

const program = new Command()
  .name("flowwatch")
  .description("Watch a VPC's traffic through VPC Flow Logs delivered to CloudWatch Logs.")
  .version("0.1.0")
  .showHelpAfterError();

program
  .command("parse")
  .description("read flow log lines (files, .gz or standard input) and print them as records")
  .argument("[files...]", "flow log files, plain or gzip; - or nothing for standard input")
  .option("--format <format>", "the records' format, '${field} ${field} ...' (default: a header line, else the default format)")
  .addOption(new Option("--output <output>", "how to print records").choices(["json", "csv", "table"]).default("json"))
  .option("--skip-bad", "skip lines that are not records of the format, and exit 0")
  .action(async (files: string[], options) => (await import("./commands/parse.js")).parseCommand(files, options));

program
  .command("up")
  .description("run the local cloud: IAM, STS, EC2, CloudWatch Logs and metrics, and S3 on one AWS-compatible endpoint")
  .option("--host <host>", "address to listen on; a non-loopback address needs --auth strict", "127.0.0.1")
  .option("--port <port>", "port to listen on", "4566")
  .option("--data-dir <dir>", "folder of the persistent state", ".flowwatch")
  .option("--memory", "keep nothing on disk")
  .option("--repair", "start from a damaged --data-dir: keep what is intact, move the damaged files aside, report what was lost")
  .option("--demo", "also set up the tutorial's pipeline, an instance `web` in MyVpc22 and traffic to it (npm start)")
  .addOption(
    new Option("--auth <mode>", "relaxed: any key works; strict: only known keys with valid signatures").choices(["relaxed", "strict"]).default("relaxed"),
  )
  .option("--region <region>", "the default region", "us-east-1")
  .option("--account <account>", "the account of unknown access keys in relaxed mode", "000000000000")
  .option(
    "--allowed-host <name>",
    "a Host name to serve besides the listening address and localhost (repeatable; name or name:port)",
    (value: string, previous: string[] = []) => [...previous, value],
  )
  .addOption(
    new Option("--root-secret <secret>", "strict mode: the secret of the root key `test` (default: a random one, printed at start)").env(
      "FLOWWATCH_ROOT_SECRET",
    ),
  )
  .action(async (options) => (await import("./commands/up.js")).upCommand(options));

const collect = (value: string, previous: string[] = []) => [...previous, value];

program
  .command("traffic")
  .description("scenario traffic on the local cloud's monitored instances: live for a while, or backfilled over a past range")
  .argument("[scenario]", "web-clients, app-database, dns, s3-egress, port-scan, ssh-brute-force, exfiltration, baseline or incident")
  .option("--endpoint <url>", "the local cloud (default: AWS_ENDPOINT_URL, else http://127.0.0.1:4566)")
  .option("--rate <n>", "arrivals per second (sessions, probes, attempts; MB/s for exfiltration)")
  .option("--seed <n>", "the same seed gives the same traffic")
  .option("--duration <d>", "live: how long, e.g. 60s, 5m (default 60s)")
  .option("--backfill <d>", "generate the past range now, e.g. 1h, 1d, as fast as possible")
  .option("--stop", "stop every live run")
  .action(async (scenario: string | undefined, options) => (await import("./commands/traffic.js")).trafficCommand(scenario, options));

withConnectionOptions(
  program
    .command("query")
    .description("run a Logs Insights query against a log group (through the AWS SDK, any endpoint) or over flow log files")
    .argument("<query>", "the query, e.g. 'filter action=\"REJECT\" | stats count(*) as n by srcAddr | sort n desc'")
    .option("--log-group <name>", "a log group to query (repeatable)", collect)
    .option("--file <path>", "a flow log file, plain or gzip, or s3://bucket/prefix (its objects), to query offline (repeatable)", collect)
    .option(
      "--format <format>",
      "the records' format, '${field} ...' (files: default the default format, or the S3 header line; a log group: the query starts with a parse of it)",
    )
    .option("--since <duration>", "the last 15m, 1h, 7d... (default 1h)")
    .option("--start <time>", "start of the range: epoch seconds or an ISO date")
    .option("--end <time>", "end of the range: epoch seconds or an ISO date")
    .addOption(new Option("--output <output>", "how to print rows").choices(["table", "json", "csv"]).default("table")),
).action(async (query: string, options) => (await import("./commands/query.js")).queryCommand(query, options));

withConnectionOptions(
  program
    .command("report")
    .description("a terminal report of a VPC's flow logs from Logs Insights queries: totals, talkers, rejections, ports, gaps")
    .option("--log-group <name>", "the flow logs' log group (default: the only flow log's group, else MyVpc22-Log)")
    .option("--vpc <vpc>", "the log group of this VPC's flow log (its id or Name tag)")
    .option("--file <path>", "report over flow log files or s3://bucket/prefix instead (repeatable)", collect)
    .option("--format <format>", "the records' format (default: the flow log's LogFormat; for files, the default format)")
    .option("--since <duration>", "the last 15m, 1h, 7d... (default 1h)")
    .option("--start <time>", "start of the range: epoch seconds or an ISO date")
    .option("--end <time>", "end of the range: epoch seconds or an ISO date"),
).action(async (options) => (await import("./commands/report.js")).reportCommand(options));

withConnectionOptions(
  program
    .command("tail")
    .description("follow a flow log group's interface streams: records decoded in the flow log's format, enriched, ACCEPT/REJECT coloured")
    .option("--log-group <name>", "the flow logs' log group (default: the only flow log's group, else MyVpc22-Log)")
    .option("--vpc <vpc>", "the log group of this VPC's flow log (its id or Name tag)")
    .option("--eni <id>", "only this network interface's streams")
    .option("--filter <pattern>", "a CloudWatch Logs filter pattern, e.g. '[..., action=\"REJECT\", status]'")
    .option("--format <format>", "the records' format (default: the flow log's LogFormat from DescribeFlowLogs)")
    .option("--since <duration>", "start this far back: 30s, 10m, 1h", "10m")
    .option("-f, --follow", "keep polling for new records (Ctrl-C stops)")
    .option("--live", "follow with CloudWatch Logs Live Tail (StartLiveTail): new records within a second; polls where it is refused")
    .option("--interval <seconds>", "seconds between polls when following", "2")
    .addOption(new Option("--output <output>", "how to print records").choices(["table", "json", "raw"]).default("table")),
).action(async (options) => (await import("./commands/tail.js")).tailCommand(options));

withConnectionOptions(
  program
    .command("explain")
    .description(
      "why a flow was accepted or rejected: the security group, network ACL or route that decided it, in AWS's order, and the smallest change that would let it through (printed, never made)",
    )
    .argument(
      "[record]",
      "a flow log record line, in the flow log's format (default format, --format, or the flow log's LogFormat); - reads the first line of standard input",
    )
    .option("--format <format>", "the record's format, '${field} ...' (default: the default format, else the flow log's LogFormat)")
    .option("--log-group <name>", "read the record's format from the flow log delivering to this group")
    .option("--vpc <vpc>", "read the record's format from this VPC's flow log (its id or Name tag)")
    .option("--eni <id>", "the network interface (required without a record; with a record, when its format has no interface-id)")
    .option("--src <address>", "the address that opens the connection (default with --direction outbound: the interface's)")
    .option("--dst <address>", "the address it is opened to (default with --direction inbound: the interface's)")
    .option("--port <port>", "the destination port (tcp, udp); for icmp, the ICMP type")
    .option("--src-port <port>", "the client's port, if known (else the reply is judged over 1024-65535)")
    .option("--protocol <protocol>", "tcp, udp, icmp, icmpv6, or a protocol number (default tcp)")
    .addOption(
      new Option("--direction <direction>", "inbound: the interface is the destination; outbound: the source (default: from the addresses)").choices([
        "inbound",
        "outbound",
      ]),
    )
    .addOption(new Option("--output <output>", "how to print the explanation").choices(["text", "json"]).default("text")),
).action(async (record: string | undefined, options) => (await import("./commands/explain.js")).explainCommand(record, options));

withConnectionOptions(
  program
    .command("watch")
    .description(
      "detections over a flow log group's new records and its delivery: port scan, brute force, rejected-traffic spike, exfiltration, new external talker, delivery broken; alerts as text, JSON lines, webhook",
    )
    .option("--log-group <name>", "the flow logs' log group (default: the only flow log's group, else MyVpc22-Log)")
    .option("--vpc <vpc>", "the log group of this VPC's flow log (its id or Name tag)")
    .option("--config <file>", 'a JSON file of rule thresholds and windows over the built-in defaults, e.g. {"portScan": {"threshold": 10}}')
    .option("--since <duration>", "start this far back: 30s, 10m, 1h", "10m")
    .option("-f, --follow", "keep polling for new records (Ctrl-C stops)")
    .addOption(new Option("--output <output>", "how to print alerts").choices(["text", "json"]).default("text"))
    .option("--webhook <url>", "POST each alert as JSON to this URL"),
).action(async (options) => (await import("./commands/watch.js")).watchCommand(options));

const setupChoices = (command: Command) =>
  command
    .option("--traffic-type <type>", "ALL, ACCEPT or REJECT", "ALL")
    .option("--format <format>", "record format: default, v5 (every field of versions 2-5) or a custom '${field} ...' string", "default")
    .option("--interval <seconds>", "maximum aggregation interval: 60 or 600", "60")
    // No default here: only a value given on the command line changes an existing group's retention.
    .option(
      "--retention-days <days>",
      "log group retention in days, or 'never' (default 30 for a new group; an existing group keeps its own unless this is given; shorter is DESTRUCTIVE and needs --yes)",
    )
    .option("--seed-exact", "the tutorial's policy documents verbatim instead of the hardened ones")
    .option("--alarms", "the alarm preset too: metric filters and alarms for rejected traffic, SSH/RDP attempts and no data")
    .option("--alarm-action <arn>", "notify this ARN on ALARM and OK: an SNS topic, or arn:flowwatch:webhook:::URL on the local cloud (repeatable)", collect)
    // No defaults here: doctor judges a found preset by the settings given and reads the rest from its alarms.
    .option("--alarm-period <seconds>", "period of the rejected-traffic and SSH/RDP alarms, a multiple of 60 (default 300)")
    .option("--rejected-threshold <n>", "rejected records in one period that raise the alarm (default 100)")
    .option("--remote-access-threshold <n>", "records to port 22 (or 3389) in one period that raise the SSH (RDP) alarm (default 20)")
    .option("--missing-data-minutes <m>", "no record for this long raises the no-data alarm, a multiple of 10, at least 20 (default 30)");

setupChoices(
  withPipelineOptions(
    program
      .command("setup")
      .description("create or update the tutorial's pipeline: policy, role, log group, flow log (with --alarms, metric filters and alarms too); idempotent"),
  ),
)
  .addOption(new Option("--emit <kind>", "print the equivalent template instead of applying").choices(["cloudformation", "terraform"]))
  .option("-y, --yes", "apply the plan without asking (a DESTRUCTIVE plan is applied only with it)")
  .option("--replace-policy", "replace a permissions policy document that differs from flowwatch's (a new default version)")
  .option("--replace-trust-policy", "replace a trust policy that differs from flowwatch's")
  .option("--replace-flow-log", "recreate a flow log whose format, interval, traffic type or role differs (DESTRUCTIVE: records are lost meanwhile)")
  .option("--wait-timeout <seconds>", "how long to wait for the flow log to be ACTIVE", "120")
  .action(async (options) => (await import("./commands/setup.js")).setupCommand(options));

withPipelineOptions(program.command("destroy").description("remove what setup created (tagged managed-by=flowwatch), in dependency order"))
  .option("--dry-run", "only say what would be removed")
  .option("-y, --yes", "remove without asking (without a terminal, destroy removes nothing unless given)")
  .action(async (options) => (await import("./commands/destroy.js")).destroyCommand(options));

setupChoices(
  withPipelineOptions(program.command("doctor").description("check every link of the pipeline and say how to fix each broken one; exit 0 only when healthy")),
)
  .option("--json", "the checklist as JSON")
  .option("--fix", "repair the broken links setup manages (and iam:PassRole for an IAM user)")
  .action(async (options) => (await import("./commands/doctor.js")).doctorCommand(options));

withConnectionOptions(
  program
    .command("dashboard")
    .description("the web dashboard (overview, live tail, Insights console, pipeline, alerts) against any endpoint or AWS")
    .option("--port <port>", "port to serve on", "8080")
    .option("--host <host>", "address to serve on", "127.0.0.1")
    .option("--allowed-host <name>", "a Host name to serve besides the listening address and localhost (repeatable; name or name:port)", collect)
    .option("--log-group <name>", "the flow logs' log group (default: the only flow log's group, else MyVpc22-Log)")
    .option("--vpc <vpc>", "the log group of this VPC's flow log (its id or Name tag)")
    .option("--format <format>", "the records' format (default: the flow log's LogFormat)")
    .option("--since <duration>", "how far back the overview starts: 15m, 1h, 1d", "1h")
    .option("--config <file>", "a JSON file of detection rule thresholds and windows for the Alerts page (as flowwatch watch --config)"),
).action(async (options) => (await import("./commands/dashboard.js")).dashboardCommand(options));

async function main(): Promise<void> {
  try {
    await program.parseAsync(process.argv);
  } catch (error) {
    if (error instanceof CliError) {
      process.stderr.write(`flowwatch: ${error.message}\n`);
      process.exitCode = error.exitCode;
      return;
    }
    throw error;
  }
}

await main();
