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

function wireTests(): string {
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
  return files.map((f) => readFileSync(f, "utf8")).join("\n");
}

/** How a test names an operation: the SDK command, the CLI's kebab-case name, boto3's snake_case, or a raw Action/target. */
function mentioned(text: string, operation: string): boolean {
  const words = operation.replace(/([a-z0-9])([A-Z])/g, "$1 $2").toLowerCase().split(" ");
  return (
    text.includes(`${operation}Command`) ||
    text.includes(`"${words.join("-")}"`) ||
    text.includes(`.${words.join("_")}(`) ||
    text.includes(`Action=${operation}&`) ||
    text.includes(`.${operation}"`)
  );
}

test("every operation the local cloud serves is in docs/aws-compatibility.md", () => {
  const doc = readFileSync(join(root, "docs/aws-compatibility.md"), "utf8");
  const missing = services.flatMap((s) => Object.keys(s.operations).filter((op) => !doc.includes(op)).map((op) => `${s.signingName}:${op}`));
  assert.deepEqual(missing, []);
});

test("every operation the local cloud serves has a wire test", () => {
  const text = wireTests();
  const missing = services.flatMap((s) => Object.keys(s.operations).filter((op) => !mentioned(text, op)).map((op) => `${s.signingName}:${op}`));
  assert.deepEqual(missing, []);
});
