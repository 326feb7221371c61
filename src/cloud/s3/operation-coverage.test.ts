/**
 * S3 is not in the service registry (it takes requests before the shared pipeline), so its own check: every
 * served operation is in docs/aws-compatibility.md's S3 section and named by a wire or process test that talks to
 * S3 (its SDK command, the CLI's kebab-case or boto3's snake_case name).
 */
import assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { s3Bindings } from "../validation/s3-bindings.js";

const root = new URL("../../..", import.meta.url).pathname;
const served = Object.keys(s3Bindings.operations);

function wireTests(): string[] {
  const texts: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (/\.(wire|process)\.test\.ts$/.test(name)) texts.push(readFileSync(path, "utf8"));
    }
  };
  walk(join(root, "src"));
  walk(join(root, "test"));
  return texts.filter((text) => /@aws-sdk\/client-s3"|["'`]s3["'`]|["'`]s3api["'`]/.test(text));
}

test("every S3 operation served is in docs/aws-compatibility.md's S3 section", () => {
  const doc = readFileSync(join(root, "docs/aws-compatibility.md"), "utf8");
  const start = doc.indexOf("## S3 (");
  assert.ok(start >= 0, "no S3 section");
  const end = doc.indexOf("\n## ", start + 1);
  const words = new Set(doc.slice(start, end < 0 ? undefined : end).match(/[A-Za-z0-9]+/g) ?? []);
  assert.deepEqual(
    served.filter((op) => !words.has(op)),
    [],
  );
});

test("every S3 operation served is named by a wire test", () => {
  const text = wireTests().join("\n");
  const names = new Set<string>();
  for (const pattern of [/\b([A-Z][A-Za-z0-9]*)Command\b/g, /["'`]([a-z0-9]+(?:-[a-z0-9]+)+)["'`]/g, /\.([a-z0-9]+(?:_[a-z0-9]+)+)\(/g]) {
    for (const match of text.matchAll(pattern)) names.add(match[1] as string);
  }
  const missing = served.filter((op) => {
    const words = op
      .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
      .toLowerCase()
      .split(" ");
    return !names.has(op) && !names.has(words.join("-")) && !names.has(words.join("_"));
  });
  assert.deepEqual(missing, []);
});
