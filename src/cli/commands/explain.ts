/**
 * `flowwatch explain`: why a flow log record (or a flow described with --eni --src --dst --port
 * --protocol) was accepted or rejected, from the interface's security groups, its subnet's network ACL
 * and route table read through the EC2 API. Exit 0 when the rules let the connection through both ways,
 * 1 when they drop it (or a call failed), 3 when what could be read does not decide it, 2 for a misuse.
 */
import { DEFAULT_FORMAT, FlowLogError, type FlowLogFormat, type FlowRecord, parseFormat, recordParser } from "../../flowlog/index.js";
import { explanationLines } from "../../explain/index.js";
import { awsClients, type AwsClients } from "../../monitor/aws-clients.js";
import { ExplainInputError, type ExplainedFlow, explainFlow, explainRecord } from "../../monitor/explain-flow.js";
import { InterfaceNotFound } from "../../monitor/explain-reader.js";
import { formatOfGroup } from "../../monitor/flow-log-format.js";
import { awsFailure, CliError } from "../cli-error.js";
import { type ConnectionFlags, connectionOf } from "../connection-options.js";
import { chosenLogGroup } from "./pipeline-choice.js";

export interface ExplainOptions extends ConnectionFlags {
  format?: string;
  logGroup?: string;
  vpc?: string;
  eni?: string;
  src?: string;
  dst?: string;
  port?: string;
  srcPort?: string;
  protocol?: string;
  direction?: "inbound" | "outbound";
  output: "text" | "json";
}

const EXIT = { ACCEPT: 0, REJECT: 1, "NO ROUTE": 1, UNDECIDED: 3 } as const;

export async function explainCommand(argument: string | undefined, options: ExplainOptions): Promise<void> {
  // `-`: the first record line on standard input (`flowwatch tail --output raw | grep REJECT | flowwatch explain -`).
  const line = argument === "-" ? await firstLine() : argument;
  const described = options.src !== undefined || options.dst !== undefined || options.port !== undefined || options.protocol !== undefined;
  if (line !== undefined && described) throw new CliError("give a record line or --src/--dst/--port/--protocol, not both");
  if (line === undefined && !described) throw new CliError("give a flow log record line, or --eni with --src/--dst, --port and --protocol");
  if (line === undefined && options.eni === undefined) throw new CliError("--eni is required with --src/--dst/--port/--protocol");
  const clients = awsClients(connectionOf(options));
  try {
    let explained: ExplainedFlow;
    try {
      if (line !== undefined) explained = await explainRecord(clients.ec2, await recordOf(clients, line.trim(), options), options.eni);
      else {
        explained = await explainFlow(clients.ec2, {
          eni: options.eni as string,
          protocol: options.protocol ?? "tcp",
          ...(options.src !== undefined ? { src: options.src } : {}),
          ...(options.dst !== undefined ? { dst: options.dst } : {}),
          ...(options.port !== undefined ? { port: portOf(options.port, "--port") } : {}),
          ...(options.srcPort !== undefined ? { srcPort: portOf(options.srcPort, "--src-port") } : {}),
          ...(options.direction !== undefined ? { direction: options.direction } : {}),
        });
      }
    } catch (error) {
      if (error instanceof ExplainInputError) throw new CliError(error.message, 2);
      if (error instanceof InterfaceNotFound) throw new CliError(error.message, 1);
      throw awsFailure(error);
    }
    const e = explained.explanation;
    if (options.output === "json") process.stdout.write(`${JSON.stringify({ context: explained.context, ...e }, null, 2)}\n`);
    else process.stdout.write(`${explanationLines(e, explained.context).join("\n")}\n`);
    process.exitCode = EXIT[e.verdict];
  } finally {
    clients.destroy();
  }
}

async function firstLine(): Promise<string> {
  // A header line (`version account-id ...`, as S3 files start) is not a record.
  const record = (l: string) => l.trim() !== "" && !/^version\s/.test(l);
  let text = "";
  for await (const chunk of process.stdin) {
    text += String(chunk);
    const found = text.split("\n").slice(0, -1).find(record);
    if (found !== undefined) return found;
    if (text.length > 1_000_000) break;
  }
  const found = text.split("\n").find(record);
  if (found === undefined) throw new CliError("no record line on standard input");
  return found;
}

function portOf(value: string, flag: string): number {
  if (!/^\d{1,5}$/.test(value) || Number(value) > 65535) throw new CliError(`${flag} takes a port 0-65535, not '${value}'`);
  return Number(value);
}

/**
 * The record in its flow log's format: --format, else the format of --log-group's (or --vpc's) flow log,
 * else the default format, and when the line is not a default-format record, the format of the Region's
 * only flow log (as tail and query find it).
 */
async function recordOf(clients: AwsClients, line: string, options: ExplainOptions): Promise<FlowRecord> {
  const parse = (format: FlowLogFormat, source: string): FlowRecord => {
    try {
      return recordParser(format)(line);
    } catch (error) {
      if (error instanceof FlowLogError) throw new CliError(`the line is not a record of ${source}: ${error.message}`, 2);
      throw error;
    }
  };
  if (options.format !== undefined) {
    let format: FlowLogFormat;
    try {
      format = parseFormat(options.format);
    } catch (error) {
      if (error instanceof FlowLogError) throw new CliError(`--format: ${error.message}`);
      throw error;
    }
    return parse(format, "--format");
  }
  const ofGroup = async () => {
    const group = await chosenLogGroup(clients, options);
    const format = await formatOfGroup(clients.ec2, group).catch((error: unknown) => Promise.reject(awsFailure(error)));
    return parse(format, `the format of ${group}'s flow log`);
  };
  if (options.logGroup !== undefined || options.vpc !== undefined) return ofGroup();
  try {
    return recordParser(DEFAULT_FORMAT)(line);
  } catch (error) {
    if (!(error instanceof FlowLogError)) throw error;
    return ofGroup();
  }
}
