/**
 * The registry is the one description of each service: every operation it serves must be listed in
 * docs/aws-compatibility.md and exercised by at least one test that goes over the wire.
 */
import assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { systemClock } from "../src/cloud/clock.js";
import { createServices } from "../src/cloud/services.js";
import { Store } from "../src/cloud/store/store.js";

const root = new URL("..", import.meta.url).pathname;
const services = createServices({ store: new Store({ memory: true }), clock: systemClock });

function wireTests(): { path: string; text: string }[] {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (/\.(wire|process)\.test\.ts$/.test(name)) files.push(path);
    }
  };
  walk(join(root, "src"));
  walk(join(root, "test"));
  return files.map((path) => ({ path, text: readFileSync(path, "utf8") }));
}

/**
 * Which services a test file talks to, by signing name: its SDK client, the AWS CLI's or boto3's service
 * name, or the JSON target prefix. Logs and CloudWatch both serve TagResource: a Logs test does not cover CloudWatch's.
 */
const SERVICE_MARKERS: Record<string, RegExp> = {
  logs: /@aws-sdk\/client-cloudwatch-logs"|["'`]logs["'`]|Logs_20140328/,
  monitoring: /@aws-sdk\/client-cloudwatch"|["'`]cloudwatch["'`]|GraniteServiceVersion20100801/,
  iam: /@aws-sdk\/client-iam"|["'`]iam["'`]/,
  sts: /@aws-sdk\/client-sts"|["'`]sts["'`]/,
  ec2: /@aws-sdk\/client-ec2"|["'`]ec2["'`]/,
};

/**
 * How tests name operations, as whole names: the SDK command (`DeleteRoleCommand`), the CLI's kebab-case
 * name (`"delete-role"`), boto3's snake_case (`.delete_role(`), a raw Query Action (`Action=DeleteRole`) or
 * a JSON target (`.DeleteRole"`). Whole names, never substrings: DeleteRole is inside DeleteRolePolicy.
 */
function mentions(text: string): Set<string> {
  const found = new Set<string>();
  const patterns = [
    /\b([A-Z][A-Za-z0-9]*)Command\b/g,
    /["'`]([a-z0-9]+(?:-[a-z0-9]+)+)["'`]/g,
    /\.([a-z0-9]+(?:_[a-z0-9]+)+)\(/g,
    /\bAction=([A-Za-z0-9]+)\b/g,
    /\.([A-Z][A-Za-z0-9]*)["'`]/g,
  ];
  for (const pattern of patterns) for (const match of text.matchAll(pattern)) found.add(match[1] as string);
  return found;
}

function mentioned(names: Set<string>, operation: string): boolean {
  const words = operation
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .toLowerCase()
    .split(" ");
  return names.has(operation) || names.has(words.join("-")) || names.has(words.join("_"));
}

/** The words of a text, for whole-name lookups (a table cell `DeleteRolePolicy` is not `DeleteRole`). */
const wordsOf = (text: string): Set<string> => new Set(text.match(/[A-Za-z0-9]+/g) ?? []);

test("every operation the local cloud serves is in docs/aws-compatibility.md", () => {
  const doc = wordsOf(readFileSync(join(root, "docs/aws-compatibility.md"), "utf8"));
  const missing = services.flatMap((s) =>
    Object.keys(s.operations)
      .filter((op) => !doc.has(op))
      .map((op) => `${s.signingName}:${op}`),
  );
  assert.deepEqual(missing, []);
});

test("every operation the local cloud serves has a wire test", () => {
  const files = wireTests();
  const missing = services.flatMap((s) => {
    const marker = SERVICE_MARKERS[s.signingName];
    assert.ok(marker, `no way to tell a test of ${s.signingName} from others: add it to SERVICE_MARKERS`);
    const names = mentions(
      files
        .filter((f) => marker.test(f.text))
        .map((f) => f.text)
        .join("\n"),
    );
    return Object.keys(s.operations)
      .filter((op) => !mentioned(names, op))
      .map((op) => `${s.signingName}:${op}`);
  });
  assert.deepEqual(missing, []);
});

test("names are matched whole: a longer operation does not cover a shorter one", () => {
  const names = mentions(
    'await iam.send(new DeleteRolePolicyCommand({})); run(["iam", "delete-role-policy"]); c.delete_role_policy(); "Action=DeleteRolePolicy&"',
  );
  assert.ok(mentioned(names, "DeleteRolePolicy"));
  assert.equal(mentioned(names, "DeleteRole"), false);
  assert.equal(wordsOf("| DeleteRolePolicy |").has("DeleteRole"), false);
});
