/** TagResource, UntagResource, ListTagsForResource on alarm ARNs (the only taggable resource here). */
import type Database from "better-sqlite3";
import type { RequestContext } from "../service.js";
import type { AlarmStore } from "./alarm-store.js";
import { alarmNameOf } from "./arn.js";
import { invalidParameterValue, resourceNotFoundException } from "./errors.js";
import type {
  ListTagsForResourceInput,
  ListTagsForResourceOutput,
  TagResourceInput,
  TagResourceOutput,
  UntagResourceInput,
  UntagResourceOutput,
} from "../validation/cloudwatch-types.js";
import type { Tag } from "./types.js";

/** AWS: at most 50 tags on a resource. */
export const MAX_TAGS = 50;

export class TagStore {
  constructor(private readonly db: Database.Database) {}

  list(arn: string): Tag[] {
    return this.db.prepare("SELECT key AS Key, value AS Value FROM cw_tags WHERE arn = ? ORDER BY key").all(arn) as Tag[];
  }

  set(arn: string, tags: readonly Tag[]): void {
    const put = this.db.prepare("INSERT INTO cw_tags (arn, key, value) VALUES (?, ?, ?) ON CONFLICT (arn, key) DO UPDATE SET value = excluded.value");
    this.db.transaction(() => {
      for (const t of tags) put.run(arn, t.Key, t.Value);
    })();
  }

  remove(arn: string, keys: readonly string[]): void {
    const del = this.db.prepare("DELETE FROM cw_tags WHERE arn = ? AND key = ?");
    this.db.transaction(() => {
      for (const k of keys) del.run(arn, k);
    })();
  }

  clear(arn: string): void {
    this.db.prepare("DELETE FROM cw_tags WHERE arn = ?").run(arn);
  }
}

export function tagOperations(tags: TagStore, alarms: AlarmStore) {
  const existing = (arn: string, ctx: RequestContext): string => {
    const name = alarmNameOf(ctx, arn);
    if (name === undefined) {
      if (!arn.startsWith("arn:")) throw invalidParameterValue(`Invalid ARN: ${arn}`);
      throw resourceNotFoundException(`Unknown resource ${arn}`);
    }
    if (alarms.get(ctx, name) === undefined) throw resourceNotFoundException(`Alarm ${name} not found`);
    return arn;
  };
  return {
    tagResource(input: TagResourceInput, ctx: RequestContext): TagResourceOutput {
      const arn = existing(input.ResourceARN, ctx);
      const keys = new Set([...tags.list(arn).map((t) => t.Key), ...input.Tags.map((t) => t.Key)]);
      if (keys.size > MAX_TAGS) throw invalidParameterValue(`The resource ${arn} would have more than ${MAX_TAGS} tags.`);
      tags.set(arn, input.Tags);
      return {};
    },
    untagResource(input: UntagResourceInput, ctx: RequestContext): UntagResourceOutput {
      tags.remove(existing(input.ResourceARN, ctx), input.TagKeys);
      return {};
    },
    listTagsForResource(input: ListTagsForResourceInput, ctx: RequestContext): ListTagsForResourceOutput {
      return { Tags: tags.list(existing(input.ResourceARN, ctx)) };
    },
  };
}
