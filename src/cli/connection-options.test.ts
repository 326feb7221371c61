/** The connection flags: declared once with their default, turned into ConnectionOptions, a bad --timeout refused. */
import assert from "node:assert/strict";
import { test } from "node:test";
import { Command } from "commander";
import { CliError } from "./cli-error.js";
import { connectionOf, withConnectionOptions } from "./connection-options.js";

test("withConnectionOptions declares --endpoint, --region, --profile and --timeout (default 30)", () => {
  const command = withConnectionOptions(new Command("x").exitOverride());
  assert.deepEqual(
    command.options.map((o) => o.long),
    ["--endpoint", "--region", "--profile", "--timeout"],
  );
  command.parse(["--endpoint", "http://127.0.0.1:9", "--region", "eu-west-1"], { from: "user" });
  assert.deepEqual(connectionOf(command.opts()), { endpoint: "http://127.0.0.1:9", region: "eu-west-1", timeoutSeconds: 30 });
});

test("connectionOf leaves absent flags to the SDK and refuses a timeout out of (0, 3600] as a misuse", () => {
  assert.deepEqual(connectionOf({}), {});
  assert.deepEqual(connectionOf({ profile: "p", timeout: "0.5" }), { profile: "p", timeoutSeconds: 0.5 });
  for (const timeout of ["0", "-1", "3601", "soon"]) {
    assert.throws(
      () => connectionOf({ timeout }),
      (e: unknown) => e instanceof CliError && e.exitCode === 2 && e.message.includes(`'${timeout}'`),
    );
  }
});
