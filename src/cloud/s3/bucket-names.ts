/** General purpose bucket naming rules (S3 User Guide, "Bucket naming rules"), for buckets created now. */

const SHAPE = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const IP_ADDRESS = /^\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}$/;
const RESERVED_PREFIXES = ["xn--", "sthree-", "amzn-s3-demo-"];
const RESERVED_SUFFIXES = ["-s3alias", "--ol-s3", ".mrap", "--x-s3", "--table-s3"];

export function isValidBucketName(name: string): boolean {
  if (!SHAPE.test(name) || name.includes("..")) return false;
  if (IP_ADDRESS.test(name)) return false;
  return !RESERVED_PREFIXES.some((p) => name.startsWith(p)) && !RESERVED_SUFFIXES.some((s) => name.endsWith(s));
}
