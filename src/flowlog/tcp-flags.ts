/**
 * The tcp-flags field: a bitmask of FIN (1), SYN (2), RST (4) and the ACK that accompanies a SYN (16),
 * OR-ed over the aggregation interval, so 18 is SYN-ACK, 3 is SYN and FIN, 19 is SYN-ACK and FIN.
 * AWS records no other flag: ACK or PSH alone give 0.
 */

export const TCP_FLAG_BITS = [
  { bit: 1, name: "FIN" },
  { bit: 2, name: "SYN" },
  { bit: 4, name: "RST" },
  { bit: 16, name: "ACK" },
] as const;

const KNOWN = 1 | 2 | 4 | 16;

/**
 * Names the flags of a tcp-flags value: 2 → ["SYN"], 18 → ["SYN-ACK"], 19 → ["SYN-ACK", "FIN"].
 * The ACK bit is only ever reported with SYN, so it is named as part of SYN-ACK.
 * A value with bits AWS never sets is refused (undefined), as is a negative or fractional one.
 */
export function decodeTcpFlags(value: number): string[] | undefined {
  if (!Number.isInteger(value) || value < 0 || (value & ~KNOWN) !== 0) return undefined;
  const names: string[] = [];
  const synAck = (value & 18) === 18;
  if (synAck) names.push("SYN-ACK");
  else if (value & 2) names.push("SYN");
  if (value & 1) names.push("FIN");
  if (value & 4) names.push("RST");
  if (value & 16 && !synAck) names.push("ACK");
  return names;
}

/** The flags as one label: 19 → "SYN-ACK|FIN", 0 → "" (no supported flag was seen). */
export function tcpFlagsLabel(value: number | null): string {
  if (value === null) return "-";
  const names = decodeTcpFlags(value);
  return names === undefined ? String(value) : names.join("|");
}

/** The tcp-flags value of a set of flag names: ["SYN", "FIN"] → 3, ["SYN-ACK"] → 18. */
export function encodeTcpFlags(names: readonly string[]): number {
  let value = 0;
  for (const name of names) {
    if (name === "SYN-ACK") value |= 18;
    else {
      const flag = TCP_FLAG_BITS.find((f) => f.name === name);
      if (flag === undefined) throw new RangeError(`unknown TCP flag '${name}'`);
      value |= flag.bit;
    }
  }
  return value;
}
