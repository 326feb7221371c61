/**
 * The layer rules of .dependency-cruiser.cjs (docs/architecture.md, "Rules") over src/: every violation is
 * listed by rule, importer and imported file. `npx depcruise src` prints the same from the command line.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { cruise, type ICruiseResult } from "dependency-cruiser";
import extractDepcruiseOptions from "dependency-cruiser/config-utl/extract-depcruise-options";
import extractTSConfig from "dependency-cruiser/config-utl/extract-ts-config";

const root = new URL("..", import.meta.url).pathname;

test("src/ keeps the layer rules: no cycle, no import across a layer, services through their index", async () => {
  // The cruiser resolves paths against the working directory: the rules' paths are written from the root.
  process.chdir(root);
  const options = await extractDepcruiseOptions("./.dependency-cruiser.cjs");
  const forbidden = options.ruleSet?.forbidden ?? [];
  assert.ok(
    forbidden.some((rule) => rule.name === "no-cycles"),
    "the rules are loaded",
  );
  const { output } = await cruise(["src"], options, undefined, { tsConfig: extractTSConfig("tsconfig.json") });
  const result = output as ICruiseResult;
  // A cruise that reads nothing would pass every rule: the tree has hundreds of modules and imports.
  assert.ok(result.summary.totalCruised > 300, `only ${result.summary.totalCruised} modules cruised`);
  const imports = result.summary.totalDependenciesCruised ?? 0;
  assert.ok(imports > 1000, `only ${imports} imports cruised`);
  const violations = result.summary.violations.map((v) => {
    const path = v.cycle && v.cycle.length > 0 ? [v.from, ...v.cycle.map((step) => step.name)].join(" -> ") : `${v.from} -> ${v.to}`;
    return `${v.rule.name}: ${path}`;
  });
  assert.deepEqual(violations, [], `layer rules broken (see the rule's comment in .dependency-cruiser.cjs):\n${violations.join("\n")}`);
});
