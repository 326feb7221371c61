/** `--config FILE` of `watch` and `dashboard`: the detection rules' thresholds and windows over the defaults. */
import { readFile } from "node:fs/promises";
import { type DetectionConfig, detectionConfig } from "../monitor/detections/engine.js";
import { CliError } from "./cli-error.js";

export async function readDetectionConfig(file: string | undefined): Promise<DetectionConfig> {
  if (file === undefined) return detectionConfig(undefined);
  try {
    return detectionConfig(JSON.parse(await readFile(file, "utf8")) as unknown);
  } catch (error) {
    throw new CliError(`--config ${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
}
