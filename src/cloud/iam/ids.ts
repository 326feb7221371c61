/** IAM's identifiers in AWS's formats: unique ids (AIDA…, AROA…, ANPA…: 21 characters) and access keys (AKIA…, 20). */
import { createHash, randomBytes } from "node:crypto";

/** AWS ids use the RFC 4648 base32 alphabet: upper-case letters and the digits 2-7. */
const BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
const SECRET_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

function pick(alphabet: string, length: number, bytes: Uint8Array = randomBytes(length)): string {
  let out = "";
  // `bytes` holds at least `length` bytes (randomBytes(length), or a 32-byte digest for at most 17 characters).
  for (let i = 0; i < length; i++) out += alphabet[(bytes[i] ?? 0) % alphabet.length];
  return out;
}

export type IdPrefix = "AIDA" | "AROA" | "ANPA" | "AKIA" | "ASIA";

/** A unique id: the prefix names the kind (user, role, managed policy), 17 random characters follow. */
export const uniqueId = (prefix: "AIDA" | "AROA" | "ANPA" | "AGPA" | "AIPA") => prefix + pick(BASE32, 17);

/** Stable across restarts and accounts: AWS managed policies have one id everywhere. */
export const stableId = (prefix: "ANPA", name: string) => prefix + pick(BASE32, 17, createHash("sha256").update(name).digest());

/** AKIA… for long-term keys, ASIA… for temporary ones: 20 characters, as AWS's are. */
export const accessKeyId = (prefix: "AKIA" | "ASIA") => prefix + pick(BASE32, 16);

/** 40 characters of the base64 alphabet, as AWS's secret access keys are. */
export const secretAccessKey = () => pick(SECRET_CHARS, 40);
