/** partitions.ts against botocore's data/partitions.json on this machine (python3 with botocore, as the boto3 tests need). */
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { PARTITIONS } from "./partitions.js";

interface BotocorePartitions {
  partitions: { id: string; regionRegex: string; regions: Record<string, unknown>; outputs: { dnsSuffix: string } }[];
}

test("every partition, region, regex and DNS suffix is botocore's, in botocore's order", () => {
  const data = execFileSync("python3", ["-c", "import botocore, os; print(os.path.dirname(botocore.__file__))"], { encoding: "utf8" }).trim();
  const botocore = JSON.parse(readFileSync(`${data}/data/partitions.json`, "utf8")) as BotocorePartitions;
  const theirs = botocore.partitions.map((p) => ({
    id: p.id,
    regionRegex: p.regionRegex,
    regions: Object.keys(p.regions).sort(),
    dnsSuffix: p.outputs.dnsSuffix,
  }));
  const ours = PARTITIONS.map((p) => ({ id: p.id, regionRegex: p.regionRegex.source, regions: [...p.regions].sort(), dnsSuffix: p.dnsSuffix }));
  assert.deepEqual(ours, theirs);
});
