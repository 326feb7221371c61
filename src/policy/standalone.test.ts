/** The rule that makes the policy engine importable by the cloud and the client side alike: it imports nothing of the project. */
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { test } from "node:test";

const dir = new URL("./", import.meta.url);

test("src/policy/ imports only node: modules and its own files (tests may use test libraries and test/'s case tables)", () => {
  const offending: string[] = [];
  for (const name of readdirSync(dir).filter((n) => n.endsWith(".ts"))) {
    const text = readFileSync(new URL(name, dir), "utf8");
    for (const [, spec] of text.matchAll(/^\s*(?:import|export)\b[^;]*?\bfrom\s+"([^"]+)"/gms)) {
      const own = /^\.\/[^/]+\.js$/.test(spec as string);
      const testImport = name.endsWith(".test.ts") && (spec === "fast-check" || (spec as string).startsWith("../../test/"));
      const allowed = own || (spec as string).startsWith("node:") || testImport;
      if (!allowed) offending.push(`${name}: ${spec}`);
    }
  }
  assert.deepEqual(offending, []);
});
