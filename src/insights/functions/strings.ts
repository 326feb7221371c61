/** String functions: isempty, isblank, concat, trims, strlen, case, substr, replace, strcontains. */
import { toNumber, toText, type Value } from "../values.js";
import { type FunctionSpec, fn } from "./spec.js";

const text = (v: Value) => toText(v);

function trimSet(s: string, chars: string | null, left: boolean, right: boolean): string {
  if (chars === null) return left && right ? s.trim() : left ? s.trimStart() : s.trimEnd();
  const set = new Set(chars);
  let from = 0;
  let to = s.length;
  if (left) while (from < to && set.has(s[from] as string)) from++;
  if (right) while (to > from && set.has(s[to - 1] as string)) to--;
  return s.slice(from, to);
}

const trimmer = (name: string, left: boolean, right: boolean) =>
  fn({
    name,
    minArgs: 1,
    maxArgs: 2,
    kind: "value",
    impl: (s, chars) => {
      const t = text(s);
      return t === null ? null : trimSet(t, chars === undefined ? null : text(chars), left, right);
    },
  });

export const STRING_FUNCTIONS: readonly FunctionSpec[] = [
  fn({ name: "isempty", minArgs: 1, maxArgs: 1, kind: "value", impl: (s) => s === null || text(s) === "" }),
  fn({ name: "isblank", minArgs: 1, maxArgs: 1, kind: "value", impl: (s) => s === null || (text(s) ?? "").trim() === "" }),
  fn({ name: "concat", minArgs: 1, maxArgs: Infinity, kind: "value", impl: (...parts) => parts.map((p) => text(p) ?? "").join("") }),
  trimmer("ltrim", true, false),
  trimmer("rtrim", false, true),
  trimmer("trim", true, true),
  // Unicode code points, as AWS documents, not UTF-16 units.
  fn({ name: "strlen", minArgs: 1, maxArgs: 1, kind: "value", impl: (s) => (s === null ? null : [...(text(s) as string)].length) }),
  fn({ name: "toupper", minArgs: 1, maxArgs: 1, kind: "value", impl: (s) => (s === null ? null : (text(s) as string).toUpperCase()) }),
  fn({ name: "tolower", minArgs: 1, maxArgs: 1, kind: "value", impl: (s) => (s === null ? null : (text(s) as string).toLowerCase()) }),
  fn({
    name: "substr",
    minArgs: 2,
    maxArgs: 3,
    kind: "value",
    impl: (s, start, length) => {
      const t = text(s);
      const from = toNumber(start);
      if (t === null || from === null) return null;
      const chars = [...t];
      const begin = Math.max(0, Math.trunc(from));
      if (length === undefined) return chars.slice(begin).join("");
      const len = toNumber(length);
      return len === null ? null : chars.slice(begin, begin + Math.max(0, Math.trunc(len))).join("");
    },
  }),
  fn({
    name: "replace",
    minArgs: 3,
    maxArgs: 3,
    kind: "value",
    impl: (s, search, replacement) => {
      const t = text(s);
      const find = text(search);
      if (t === null || find === null || find === "") return t;
      return t.split(find).join(text(replacement) ?? "");
    },
  }),
  fn({
    name: "strcontains",
    minArgs: 2,
    maxArgs: 2,
    kind: "value",
    impl: (s, v) => {
      const t = text(s);
      const find = text(v);
      return t === null || find === null ? null : t.includes(find);
    },
  }),
];
