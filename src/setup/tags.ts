/** The tag that marks what flowwatch created: destroy removes only resources that carry it. */
export const MANAGED_TAG_KEY = "managed-by";
export const MANAGED_TAG_VALUE = "flowwatch";

export const managedTags = (): Array<{ Key: string; Value: string }> => [{ Key: MANAGED_TAG_KEY, Value: MANAGED_TAG_VALUE }];

export const isManaged = (tags: ReadonlyArray<{ Key?: string | undefined; Value?: string | undefined }> | undefined): boolean =>
  (tags ?? []).some((t) => t.Key === MANAGED_TAG_KEY && t.Value === MANAGED_TAG_VALUE);

/** CloudWatch Logs tags are a map rather than a list. */
export const isManagedMap = (tags: Record<string, string> | undefined): boolean => tags?.[MANAGED_TAG_KEY] === MANAGED_TAG_VALUE;
