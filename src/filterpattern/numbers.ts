/**
 * The number grammar of filter patterns (AWS: an integer or decimal with an optional sign, optionally
 * followed by `e` and a signed integer), read straight from a slice of a message without allocating.
 */

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** The value of text[start, end) if it is a number in the pattern grammar, else NaN. */
export function numberIn(text: string, start: number, end: number): number {
  let i = start;
  if (i >= end) return Number.NaN;
  let c = text.charCodeAt(i);
  let negative = false;
  if (c === 43 || c === 45) {
    negative = c === 45;
    i++;
  }
  const intStart = i;
  let value = 0;
  while (i < end && isDigit((c = text.charCodeAt(i)))) {
    value = value * 10 + (c - 48);
    i++;
  }
  const intDigits = i - intStart;
  if (intDigits === 0) return Number.NaN;
  // Plain integers that fit a double exactly are the hot case (ports, byte counts): no slice, no parse.
  if (i === end && intDigits <= 15) return negative ? -value : value;
  if (i < end && text.charCodeAt(i) === 46) {
    i++;
    const fracStart = i;
    while (i < end && isDigit(text.charCodeAt(i))) i++;
    if (i === fracStart) return Number.NaN;
  }
  if (i < end && (text.charCodeAt(i) | 32) === 101) {
    i++;
    if (i < end && (text.charCodeAt(i) === 43 || text.charCodeAt(i) === 45)) i++;
    const expStart = i;
    while (i < end && isDigit(text.charCodeAt(i))) i++;
    if (i === expStart) return Number.NaN;
  }
  if (i !== end) return Number.NaN;
  return Number(text.slice(start, end));
}

export function isNumberLiteral(text: string): boolean {
  return !Number.isNaN(numberIn(text, 0, text.length));
}
