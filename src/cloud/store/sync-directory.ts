/** fsync of a directory: what makes a created, renamed or deleted file's name durable. */
import { closeSync, constants, fsyncSync, openSync } from "node:fs";

export function syncDir(dir: string): void {
  const fd = openSync(dir, constants.O_RDONLY);
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
