/**
 * MalformedQueryError: every way a query can be refused, in the shape of AWS's MalformedQueryException
 * (a message plus queryCompileError.location {startCharOffset, endCharOffset}).
 */

export interface QueryCompileErrorLocation {
  readonly startCharOffset: number;
  readonly endCharOffset: number;
}

/** Where a problem is: character offsets into the query, plus AWS's 1-based line and 0-based position in that line. */
export interface QueryPosition extends QueryCompileErrorLocation {
  readonly line: number;
  readonly position: number;
}

export class MalformedQueryError extends Error {
  readonly code = "MalformedQueryException";
  readonly location: QueryPosition;
  /** The text of the problem without the location suffix; the message carries both, as AWS's does. */
  readonly detail: string;

  constructor(detail: string, location: QueryPosition) {
    super(`${detail} at line ${location.line} and position ${location.position}`);
    this.name = "MalformedQueryError";
    this.detail = detail;
    this.location = location;
  }

  /** The `queryCompileError` member of AWS's MalformedQueryException. */
  get queryCompileError(): { location: QueryCompileErrorLocation; message: string } {
    return {
      location: { startCharOffset: this.location.startCharOffset, endCharOffset: this.location.endCharOffset },
      message: this.message,
    };
  }
}

export function positionOf(text: string, start: number, end: number): QueryPosition {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < start && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { startCharOffset: start, endCharOffset: end, line, position: start - lineStart };
}

/** A span of the query text: what the lexer, parser and compiler attach to everything they produce. */
export interface Span {
  readonly start: number;
  readonly end: number;
}

export function malformed(text: string, span: Span, detail: string): MalformedQueryError {
  return new MalformedQueryError(detail, positionOf(text, span.start, span.end));
}

/** AWS's wording for a token the grammar does not expect: `unexpected symbol found sort`. */
export function unexpected(text: string, span: Span, symbol: string): MalformedQueryError {
  return malformed(text, span, `unexpected symbol found ${symbol}`);
}
