/**
 * `*` wildcards in values (`"Update*"`, `10.0.2.*`, `*.html*`), matched the way real AWS was observed
 * to match them: the text must start with what precedes the first `*`, each later piece is taken at its
 * first occurrence, and the last piece (unless the value ends in `*`) must end the text right there.
 * So `*111.111.111` does not match "111.111.111.111" (AWS: no match), while `1*3` matches "123".
 */

export class Glob {
  private readonly head: string;
  private readonly middle: readonly string[];
  private readonly tail: string;
  /** True when the value ends in `*`, so the last piece need not end the text. */
  private readonly open: boolean;

  constructor(readonly source: string) {
    const pieces = source.split("*");
    this.head = pieces[0] as string;
    this.tail = pieces[pieces.length - 1] as string;
    this.open = this.tail === "";
    this.middle = pieces.slice(1, -1).filter((p) => p !== "");
  }

  static hasWildcard(value: string): boolean {
    return value.includes("*");
  }

  /** Whether text[start, end) matches. */
  test(text: string, start: number, end: number): boolean {
    const head = this.head;
    if (end - start < head.length || !text.startsWith(head, start)) return false;
    let pos = start + head.length;
    for (const piece of this.middle) {
      const at = text.indexOf(piece, pos);
      if (at < 0 || at + piece.length > end) return false;
      pos = at + piece.length;
    }
    if (this.open) return true;
    const tail = this.tail;
    const at = text.indexOf(tail, pos);
    return at >= 0 && at + tail.length === end;
  }
}
