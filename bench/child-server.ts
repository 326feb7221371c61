/** A bench's LocalCloud in a child process (the bench file run again with `--serve DIR`), so its RSS is the server's alone. */
import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

/** Spawns `script --serve dataDir` and waits for the `ENDPOINT url` line it prints; `gc` adds --expose-gc and an IPC channel. */
export async function startChildServer(script: string, dataDir: string, gc = false): Promise<{ endpoint: string; child: ChildProcess }> {
  const flags = gc ? ["--expose-gc"] : [];
  const child = spawn(process.execPath, [...flags, "--import", "tsx", fileURLToPath(script), "--serve", dataDir], {
    stdio: ["ignore", "pipe", "inherit", ...(gc ? (["ipc"] as const) : [])],
  });
  const endpoint = await new Promise<string>((resolve, reject) => {
    let out = "";
    child.stdout?.on("data", (d: Buffer) => {
      out += d.toString();
      const m = /ENDPOINT (\S+)/.exec(out);
      if (m?.[1]) resolve(m[1]);
    });
    child.once("exit", (code) => reject(new Error(`server exited ${code}`)));
  });
  return { endpoint, child };
}
