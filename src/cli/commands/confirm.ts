/** The yes/no question setup and destroy ask on a terminal before changing anything. */
import { createInterface } from "node:readline/promises";

/** false without a terminal: nobody is there to answer, so nothing is changed. */
export async function ask(question: string): Promise<boolean> {
  if (!process.stdin.isTTY) return false;
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return /^y(es)?$/i.test((await rl.question(question)).trim());
  } finally {
    rl.close();
  }
}
