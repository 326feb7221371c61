/**
 * The date values IAM's legacy parser accepts in Date* conditions: ISO 8601 pieces (a year alone, "01T",
 * hours without minutes) or epoch seconds up to 2^63-1. Anything else is "The policy failed legacy parsing".
 */

const int = (s: string | undefined, min: number, max: number): boolean => s !== undefined && /^\d+$/.test(s) && Number(s) >= min && Number(s) <= max;

/** Bounds observed on AWS (moto's checked cases): years -292275054..292278993, fractions up to 9 digits. */
export function legacyDateAccepted(value: string): boolean {
  const v = value.toLowerCase();
  if (!v.includes("t") && !v.includes("-")) return /^\d+$/.test(v) && BigInt(v) <= 9223372036854775807n;
  const at = v.indexOf("t");
  const datePart = at < 0 ? v : v.slice(0, at);
  const timePart = at < 0 ? "" : v.slice(at + 1);
  const negative = datePart.startsWith("-");
  const pieces = (negative ? datePart.slice(1) : datePart).split("-");
  if (pieces.length > 3) return false;
  const [year, month, day] = pieces;
  if (year === undefined || !/^\d+$/.test(year)) return false;
  const y = Number(year) * (negative ? -1 : 1);
  if (y < -292275054 || y > 292278993) return false;
  if (month !== undefined && !int(month, 1, 12)) return false;
  if (day !== undefined && !int(day, 1, 31)) return false;
  return legacyTimeAccepted(timePart);
}

function legacyTimeAccepted(time: string): boolean {
  const [hours, minutes, rest, ...more] = time.split(":");
  if (hours !== undefined && hours !== "" && !int(hours, 0, 23)) return false;
  if (minutes !== undefined && !int(minutes, 0, 59)) return false;
  if (rest === undefined) return true;
  let seconds = rest;
  if (rest.includes("z")) {
    const [s, after] = rest.split("z", 2);
    if (after !== "" || more.length > 0) return false;
    seconds = s as string;
  } else {
    // A "-hh:mm" offset is read like "+hh:mm" (chosen: moto's cases only show "+"; docs/aws-compatibility.md).
    const sign = rest.search(/[+-]/);
    if (sign >= 0) {
      seconds = rest.slice(0, sign);
      const zoneHours = rest.slice(sign + 1);
      if (zoneHours.length !== 2 || !int(zoneHours, 0, 23)) return false;
      if (more.length > 1) return false;
      if (more.length === 1 && (more[0]?.length !== 2 || !int(more[0], 0, 59))) return false;
    } else if (more.length > 0) return false;
  }
  const [whole, fraction, extra] = seconds.split(".");
  if (extra !== undefined || !int(whole, 0, 59)) return false;
  return fraction === undefined || (/^\d+$/.test(fraction) && Number(fraction) <= 999999999);
}
