/** For tests: run the real AWS CLI v2 (Debian's awscli, /usr/bin/aws) or python3 with boto3 against an endpoint. */
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";

/** Debian's awscli is v2; the `aws` on pyenv's PATH is v1, so the path is explicit. */
export const AWS_CLI_V2 = "/usr/bin/aws";

export function cleanAwsEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME };
  return {
    ...env,
    AWS_ACCESS_KEY_ID: "test",
    AWS_SECRET_ACCESS_KEY: "test",
    AWS_DEFAULT_REGION: "us-east-1",
    AWS_REGION: "us-east-1",
    AWS_PAGER: "",
    AWS_EC2_METADATA_DISABLED: "true",
    AWS_CONFIG_FILE: "/dev/null",
    AWS_SHARED_CREDENTIALS_FILE: "/dev/null",
    ...extra,
  };
}

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
  /** stdout parsed as JSON, when it is JSON. */
  json: any;
}

/** Asynchronous on purpose: the server under test usually runs in this same process. */
function run(command: string, args: string[], env: NodeJS.ProcessEnv, lastLineOnly: boolean): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(command, args, { env, encoding: "utf8", timeout: 60_000, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      const status = error === null ? 0 : typeof error.code === "number" ? error.code : null;
      let json: unknown;
      try {
        const text = lastLineOnly ? (stdout.trim().split("\n").pop() ?? "") : stdout;
        json = text.trim() === "" ? undefined : JSON.parse(text);
      } catch {
        json = undefined;
      }
      resolve({ status, stdout, stderr, json });
    });
  });
}

/** Runs `aws --endpoint-url ENDPOINT ...args` and gives its status, output and parsed JSON. */
export function awsCli(endpoint: string, args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  if (!existsSync(AWS_CLI_V2)) throw new Error(`${AWS_CLI_V2} is missing: install Debian's awscli (.ci/run does)`);
  return run(AWS_CLI_V2, ["--endpoint-url", endpoint, "--output", "json", ...args], cleanAwsEnv(env), false);
}

/** Runs a python3 script with boto3 (on the machine's Python), ENDPOINT in its environment; its last line is JSON. */
export function boto3(endpoint: string, script: string): Promise<CliResult> {
  return run("python3", ["-c", script], cleanAwsEnv({ ENDPOINT: endpoint }), true);
}
