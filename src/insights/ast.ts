/** The syntax tree of a Logs Insights query: commands and the expressions inside them, each with its span. */
import type { Span } from "./errors.js";

export type Expr =
  | { readonly type: "field"; readonly name: string; readonly span: Span }
  | { readonly type: "string"; readonly value: string; readonly span: Span }
  | { readonly type: "number"; readonly value: number; readonly span: Span }
  | { readonly type: "regex"; readonly source: string; readonly span: Span }
  | { readonly type: "period"; readonly millis: number; readonly span: Span }
  /** `*`, only as the argument of count. */
  | { readonly type: "star"; readonly span: Span }
  | { readonly type: "unary"; readonly op: "-" | "not"; readonly operand: Expr; readonly span: Span }
  | { readonly type: "binary"; readonly op: BinaryOp; readonly left: Expr; readonly right: Expr; readonly span: Span }
  | { readonly type: "match"; readonly op: "like" | "=~"; readonly negated: boolean; readonly subject: Expr; readonly pattern: Expr; readonly span: Span }
  | { readonly type: "in"; readonly negated: boolean; readonly subject: Expr; readonly list: readonly Expr[]; readonly span: Span }
  | { readonly type: "call"; readonly name: string; readonly nameSpan: Span; readonly args: readonly Expr[]; readonly span: Span };

export type BinaryOp = "+" | "-" | "*" | "/" | "%" | "^" | "=" | "!=" | "<" | "<=" | ">" | ">=" | "and" | "or";

/** An expression with its output name: the alias, or the expression's own text as AWS shows it. */
export interface NamedExpr {
  readonly expr: Expr;
  readonly name: string;
  readonly aliased: boolean;
  readonly span: Span;
  readonly aliasSpan?: Span;
}

export interface SortKey {
  readonly field: string;
  readonly descending: boolean;
  readonly span: Span;
}

export type Command =
  | { readonly type: "fields"; readonly items: readonly NamedExpr[]; readonly span: Span }
  | { readonly type: "display"; readonly items: readonly NamedExpr[]; readonly span: Span }
  | { readonly type: "filter"; readonly condition: Expr; readonly span: Span }
  | { readonly type: "stats"; readonly aggregates: readonly NamedExpr[]; readonly groups: readonly NamedExpr[]; readonly span: Span }
  | { readonly type: "sort"; readonly keys: readonly SortKey[]; readonly span: Span }
  | { readonly type: "limit"; readonly count: number; readonly span: Span }
  | { readonly type: "parse"; readonly source: Expr; readonly pattern: ParsePattern; readonly span: Span }
  | { readonly type: "dedup"; readonly fields: readonly { name: string; span: Span }[]; readonly span: Span };

export type ParsePattern =
  | { readonly kind: "glob"; readonly glob: string; readonly names: readonly string[]; readonly span: Span }
  | { readonly kind: "regex"; readonly source: string; readonly span: Span };

export interface Query {
  readonly text: string;
  readonly commands: readonly Command[];
}
