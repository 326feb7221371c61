/** A one-line chart of a time series in block characters, for terminals: the report's traffic over time. */
const BLOCKS = "▁▂▃▄▅▆▇█";

export function sparkline(values: readonly number[]): string {
  const max = Math.max(0, ...values);
  return values.map((v) => (max === 0 || v <= 0 ? " " : (BLOCKS[Math.min(7, Math.floor((v / max) * 7.999))] as string))).join("");
}
