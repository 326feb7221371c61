/** For process tests: the flowwatch CLI (src/cli/main.ts through tsx) in a clean AWS environment, timed. */
import { execFile } from "node:child_process";

export interface CliRun {
  status: number | null;
  stdout: string;
  stderr: string;
  /** Wall-clock milliseconds from spawn to exit. */
  ms: number;
}

const main = new URL("../../src/cli/main.ts", import.meta.url).pathname;

/** Asynchronous, so that a server under test in this process keeps answering; killed after `killAfterMs`. */
export function flowwatch(args: string[], env: Record<string, string> = {}, killAfterMs = 60_000): Promise<CliRun> {
  const started = Date.now();
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ["--import", "tsx", main, ...args],
      {
        encoding: "utf8",
        timeout: killAfterMs,
        env: {
          PATH: process.env.PATH,
          HOME: process.env.HOME,
          AWS_ACCESS_KEY_ID: "test",
          AWS_SECRET_ACCESS_KEY: "test",
          AWS_REGION: "us-east-1",
          AWS_CONFIG_FILE: "/dev/null",
          AWS_SHARED_CREDENTIALS_FILE: "/dev/null",
          AWS_EC2_METADATA_DISABLED: "true",
          NO_COLOR: "1",
          ...env,
        },
      },
      (error, stdout, stderr) =>
        resolve({ status: error === null ? 0 : typeof error.code === "number" ? error.code : null, stdout, stderr, ms: Date.now() - started }),
    );
  });
}
