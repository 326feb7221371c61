import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { LockOwner } from "./pid-lock.js";

test("a lock is held by one owner at a time, even two owners of one process, until released", () => {
  const dir = mkdtempSync(join(tmpdir(), "flowwatch-lock-"));
  try {
    const path = join(dir, "127.100.0.1.lock");
    const a = new LockOwner();
    const b = new LockOwner();
    assert.equal(a.tryLock(path), true);
    assert.equal(a.tryLock(path), true, "taking it again is a no-op");
    assert.equal(b.tryLock(path), false);
    assert.match(readFileSync(path, "utf8"), new RegExp(`^${process.pid} ${a.token} \\d+\n$`));
    a.unlock(path);
    assert.equal(b.tryLock(path), true);
    b.unlockAll();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("a lock whose process is dead is taken over; one a live process holds is not", () => {
  const dir = mkdtempSync(join(tmpdir(), "flowwatch-lock-"));
  try {
    const path = join(dir, "x.lock");
    const dead = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"]).stdout.toString();
    writeFileSync(path, `${dead} someone\n`);
    const owner = new LockOwner();
    assert.equal(owner.tryLock(path), true);
    owner.unlock(path);
    writeFileSync(path, `1 init\n`);
    assert.equal(owner.tryLock(path), false, "pid 1 is alive");
    owner.unlock(path);
    assert.equal(readFileSync(path, "utf8"), "1 init\n", "unlock never removes another holder's lock");
    // This very pid, but started at another time: a lock left by an earlier process that had our pid (a restarted container).
    writeFileSync(path, `${process.pid} earlier 1\n`);
    assert.equal(owner.tryLock(path), true);
    owner.unlock(path);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
