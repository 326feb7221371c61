/** A progress bar on standard error, drawn only when it is a terminal and the input is large. */
import type { WriteStream } from "node:tty";

const MIN_BYTES = 16 * 1024 * 1024;
const WIDTH = 30;

export class ProgressBar {
  private done = 0;
  private lastDraw = 0;
  private readonly enabled: boolean;

  constructor(
    private readonly total: number,
    private readonly label: string,
    private readonly stream: WriteStream | NodeJS.WriteStream = process.stderr,
  ) {
    this.enabled = Boolean((stream as WriteStream).isTTY) && total >= MIN_BYTES;
  }

  advance(bytes: number): void {
    if (!this.enabled) return;
    this.done += bytes;
    const now = Date.now();
    if (now - this.lastDraw < 100) return;
    this.lastDraw = now;
    const fraction = Math.min(1, this.done / this.total);
    const filled = Math.round(fraction * WIDTH);
    const mib = (n: number) => (n / 1024 / 1024).toFixed(0);
    this.stream.write(
      `\r${this.label} [${"#".repeat(filled)}${" ".repeat(WIDTH - filled)}] ${(fraction * 100).toFixed(0)}% ${mib(this.done)}/${mib(this.total)} MiB`,
    );
  }

  finish(): void {
    if (this.enabled && this.lastDraw > 0) this.stream.write("\r\x1b[2K");
  }
}
