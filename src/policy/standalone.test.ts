/** The rule that makes the policy engine importable by the cloud and the client side alike: it imports nothing of the project. */
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { test } from "node:test";

const dir = new URL("./", import.meta.url);

test("src/policy/ imports only node: modules and its own files (tests may use test libraries)", () => {
  const offending: string[] = [];
  for (const name of readdirSync(dir).filter((n) => n.endsWith(".ts"))) {
    const text = readFileSync(new URL(name, dir), "utf8");
    for (const [, spec] of text.matchAll(/^\s*(?:import|export)\b[^;]*?\bfrom\s+"([^"]+)"/gms)) {
      const own = /^\.\/[^/]+\.js$/.test(spec as string);
      const allowed = own || (spec as string).startsWith("node:") || (name.endsWith(".test.ts") && spec === "fast-check");
      if (!allowed) offending.push(`${name}: ${spec}`);
    }
  }
  assert.deepEqual(offending, []);
});
