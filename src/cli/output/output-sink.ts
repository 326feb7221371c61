/**
 * Buffered writes to standard output that respect back-pressure, and end quietly when the reader
 * goes away (`flowwatch parse big.log | head`).
 */
export class OutputSink {
  private buffer = "";
  private closed = false;

  constructor(private readonly stream: NodeJS.WritableStream) {
    stream.on("error", (error: NodeJS.ErrnoException) => {
      if (error.code !== "EPIPE") throw error;
      this.closed = true;
      process.exit(process.exitCode ?? 0);
    });
  }

  async write(text: string): Promise<void> {
    this.buffer += text;
    if (this.buffer.length >= 64 * 1024) await this.drain();
  }

  private async drain(): Promise<void> {
    if (this.closed || this.buffer === "") return;
    const text = this.buffer;
    this.buffer = "";
    if (!this.stream.write(text)) await new Promise<void>((resolve) => this.stream.once("drain", resolve));
  }

  /** Writes what is buffered now: a following command (`tail -f`, `tail --live`) shows each batch as it comes. */
  async flush(): Promise<void> {
    await this.drain();
  }

  async end(): Promise<void> {
    await this.drain();
  }
}
