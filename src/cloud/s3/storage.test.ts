/** S3Storage's listing: byte order, the prefix as a key range, and the bound that range ends at. */
import assert from "node:assert/strict";
import { test } from "node:test";
import { Store } from "../store/store.js";
import { prefixEnd, S3Storage } from "./storage.js";

test("prefixEnd: the last code point plus one, skipping surrogates; none for an empty prefix", () => {
  assert.equal(prefixEnd(""), undefined);
  assert.equal(prefixEnd("logs/"), "logs0");
  assert.equal(prefixEnd("a\u{10FFFF}"), "b");
  assert.equal(prefixEnd("\u{10FFFF}"), undefined);
  assert.equal(prefixEnd("\uD7FF"), "\uE000");
  assert.equal(prefixEnd("é"), "ê");
});

test("listObjects: keys in UTF-8 byte order, exactly those under the prefix, after the marker", () => {
  const store = new Store({ memory: true });
  try {
    const storage = new S3Storage(store);
    storage.createBucket({ name: "b", account: "000000000000", region: "us-east-1", created: 0, policy: null, tags: null, acl: "private" });
    const keys = ["a/", "a/x", "a/\u{10FFFF}z", "a0", "b", "é", "\u{1F600}", "A"];
    for (const key of keys) {
      storage.putObject({ bucket: "b", key, file: key, size: 0, etag: "", modified: 0, headers: "{}", metadata: "{}", parts: null, owner: "000000000000" });
    }
    const list = (prefix: string, after = "", limit = 100) => storage.listObjects("b", prefix, after, limit).map((r) => r.key);
    assert.deepEqual(
      list(""),
      [...keys].sort((x, y) => Buffer.compare(Buffer.from(x), Buffer.from(y))),
    );
    assert.deepEqual(list("a/"), ["a/", "a/x", "a/\u{10FFFF}z"]);
    assert.deepEqual(list("a/", "a/"), ["a/x", "a/\u{10FFFF}z"]);
    assert.deepEqual(list("a", "", 2), ["a/", "a/x"]);
    assert.deepEqual(list("é"), ["é"]);
    assert.deepEqual(list("zz"), []);
  } finally {
    store.close();
  }
});
