/**
 * The rules of .dependency-cruiser.cjs that keep test code out of the package, shown to fire: a throwaway tree
 * whose shipped files import a test helper, a test file, node:assert and a devDependency is cruised with the
 * project's own rules, and each import must be reported (while the same imports from a test file are not).
 */
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { test } from "node:test";
import { cruise, type ICruiseResult } from "dependency-cruiser";
import extractDepcruiseOptions from "dependency-cruiser/config-utl/extract-depcruise-options";
import extractTSConfig from "dependency-cruiser/config-utl/extract-ts-config";

const root = new URL("..", import.meta.url).pathname;
const RULES = ["src-not-test-folder", "src-not-tests", "src-not-test-tools", "src-not-dev-dependencies"];

const FILES: Record<string, string> = {
  "package.json": JSON.stringify({ name: "leaky", type: "module", devDependencies: { "fast-check": "*" } }),
  "tsconfig.json": JSON.stringify({ compilerOptions: { module: "NodeNext", moduleResolution: "NodeNext", strict: true } }),
  "test/support/harness.ts": "export const harness = 1;\n",
  "src/lib/leaks-harness.ts": 'import { harness } from "../../test/support/harness.js";\nexport const a = harness;\n',
  "src/lib/leaks-test.ts": 'import { fixture } from "./fixture.test.js";\nexport const b = fixture;\n',
  "src/lib/fixture.test.ts": "export const fixture = 2;\n",
  "src/lib/leaks-assert.ts": 'import assert from "node:assert/strict";\nexport const c = () => assert.ok(true);\n',
  "src/lib/leaks-dev-dependency.ts": 'import fc from "fast-check";\nexport const d = fc.integer();\n',
  // Allowed: a type-only import of a devDependency is erased; a test may import test/ and assert.
  "src/lib/types-only.ts": 'import type { Arbitrary } from "fast-check";\nexport type E = Arbitrary<number>;\n',
  "src/lib/uses-harness.test.ts": 'import assert from "node:assert/strict";\nimport { harness } from "../../test/support/harness.js";\nassert.ok(harness);\n',
};

test("the test-code rules report every shipped import of test code, and none from tests", async (t) => {
  const dir = mkdtempSync(join(tmpdir(), "flowwatch-rules-"));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  for (const [path, text] of Object.entries(FILES)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  symlinkSync(join(root, "node_modules"), join(dir, "node_modules"), "dir");
  const options = await extractDepcruiseOptions(join(root, ".dependency-cruiser.cjs"));
  for (const name of RULES)
    assert.ok(
      options.ruleSet?.forbidden?.some((rule) => rule.name === name),
      `rule ${name} is defined`,
    );
  // The rules' paths are written from the package root: cruise from the throwaway tree's root.
  process.chdir(dir);
  const { output } = await cruise(["src"], options, undefined, { tsConfig: extractTSConfig("tsconfig.json") });
  const found = (output as ICruiseResult).summary.violations
    .filter((v) => RULES.includes(v.rule.name))
    // node_modules is a symbolic link to the project's, which the cruiser reports by its real path.
    .map((v) => `${v.rule.name}: ${v.from} -> ${v.to.replace(/^.*node_modules\//, "node_modules/")}`)
    .sort();
  assert.deepEqual(found, [
    "src-not-dev-dependencies: src/lib/leaks-dev-dependency.ts -> node_modules/fast-check/lib/fast-check.js",
    "src-not-test-folder: src/lib/leaks-harness.ts -> test/support/harness.ts",
    "src-not-test-tools: src/lib/leaks-assert.ts -> assert/strict",
    "src-not-tests: src/lib/leaks-test.ts -> src/lib/fixture.test.ts",
  ]);
});
