/**
 * Before/after text for the plan: a document's changed JSON lines (with a little context), and the
 * names a reader knows for a flow log's record format.
 */
import { DEFAULT_FORMAT_TEXT, V5_FORMAT_TEXT } from "../flowlog/index.js";

/** Lines around a change that are shown; the rest of an unchanged run is elided. */
const CONTEXT = 1;

const linesOf = (document: unknown) => JSON.stringify(document, null, 2).split("\n");

/** `- old line` / `+ new line` / `  context`, from the longest common subsequence of the two documents' lines. */
export function documentDiff(before: unknown, after: unknown): string[] {
  const a = linesOf(before);
  const b = linesOf(after);
  // Policy documents are a few dozen lines: the quadratic table is small.
  const common: number[][] = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      common[i]![j] = a[i] === b[j] ? common[i + 1]![j + 1]! + 1 : Math.max(common[i + 1]![j]!, common[i]![j + 1]!);
    }
  }
  const marked: Array<{ mark: " " | "-" | "+"; text: string }> = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      marked.push({ mark: " ", text: a[i++]! });
      j++;
    }
    // Removed lines before the lines that replace them, as diff prints them.
    else if (i < a.length && (j === b.length || common[i + 1]![j]! >= common[i]![j + 1]!)) marked.push({ mark: "-", text: a[i++]! });
    else marked.push({ mark: "+", text: b[j++]! });
  }
  const near = (k: number) => marked.slice(Math.max(0, k - CONTEXT), k + CONTEXT + 1).some((m) => m.mark !== " ");
  const out: string[] = [];
  let elided = false;
  marked.forEach((m, k) => {
    if (m.mark !== " " || near(k)) {
      out.push(`${m.mark} ${m.text}`);
      elided = false;
    } else if (!elided) {
      out.push("  ...");
      elided = true;
    }
  });
  return out;
}

/** `default`, `v5`, or the format string itself. */
export function formatName(text: string | undefined): string {
  if (text === undefined || text === DEFAULT_FORMAT_TEXT) return "default";
  if (text === V5_FORMAT_TEXT) return "v5";
  return `'${text}'`;
}
