/**
 * The parser of Logs Insights QL: tokens to a Query of commands. Purely syntactic; names of functions
 * and where aggregates may appear are checked by the compiler. Keywords are case-insensitive.
 */
import type { BinaryOp, Command, Expr, NamedExpr, ParsePattern, Query, SortKey } from "./ast.js";
import { type Span, malformed, unexpected } from "./errors.js";
import { type Token, tokenize } from "./lexer.js";

/** Commands AWS has that flowwatch refuses, so that they fail with a clear word instead of "unexpected". */
const REFUSED_COMMANDS = new Set([
  "unmask",
  "pattern",
  "diff",
  "anomaly",
  "filterindex",
  "unnest",
  "lookup",
  "join",
  "source",
  "addtotals",
  "head",
  "tail",
  "fieldindex",
]);
const KEYWORDS = new Set(["and", "or", "not", "like", "in", "as", "by", "asc", "desc"]);
const COMPARISONS = new Set(["=", "!=", "<", "<=", ">", ">="]);

export function parseQuery(text: string): Query {
  return new Parser(text).query();
}

class Parser {
  private readonly tokens: Token[];
  private index = 0;

  constructor(private readonly text: string) {
    this.tokens = tokenize(text);
  }

  private peek(offset = 0): Token {
    return this.tokens[Math.min(this.index + offset, this.tokens.length - 1)] as Token;
  }

  private next(): Token {
    const token = this.peek();
    if (this.index < this.tokens.length - 1) this.index++;
    return token;
  }

  private fail(token: Token): never {
    throw unexpected(this.text, token, token.text === "" ? "<EOF>" : token.kind === "string" ? JSON.stringify(token.text) : token.text);
  }

  private isKeyword(token: Token, word: string): boolean {
    return token.kind === "ident" && token.text.toLowerCase() === word;
  }

  private isSymbol(token: Token, symbol: string): boolean {
    return token.kind === "symbol" && token.text === symbol;
  }

  private expectSymbol(symbol: string): Token {
    const token = this.next();
    if (!this.isSymbol(token, symbol)) this.fail(token);
    return token;
  }

  private span(start: number): Span {
    const last = this.tokens[this.index - 1] as Token;
    return { start, end: Math.max(start, last.end) };
  }

  query(): Query {
    const commands: Command[] = [];
    if (this.peek().kind === "eof") return { text: this.text, commands };
    for (;;) {
      commands.push(this.command());
      const token = this.next();
      if (token.kind === "eof") break;
      if (!this.isSymbol(token, "|")) this.fail(token);
    }
    return { text: this.text, commands };
  }

  private command(): Command {
    const token = this.next();
    if (token.kind !== "ident") this.fail(token);
    const word = token.text.toLowerCase();
    const start = token.start;
    switch (word) {
      case "fields":
      case "display":
        return { type: word, items: this.namedList(), span: this.span(start) };
      case "filter":
        return { type: "filter", condition: this.expression(), span: this.span(start) };
      case "stats": {
        const aggregates = this.namedList();
        let groups: NamedExpr[] = [];
        if (this.isKeyword(this.peek(), "by")) {
          this.next();
          groups = this.namedList();
        }
        return { type: "stats", aggregates, groups, span: this.span(start) };
      }
      case "sort":
        return { type: "sort", keys: this.sortKeys(), span: this.span(start) };
      case "limit": {
        const count = this.next();
        if (count.kind !== "number" || count.text.includes(".")) this.fail(count);
        return { type: "limit", count: Number(count.text), span: this.span(start) };
      }
      case "parse":
        return this.parseCommand(start);
      case "dedup": {
        const fields: { name: string; span: Span }[] = [];
        do {
          const name = this.fieldName();
          fields.push(name);
        } while (this.isSymbol(this.peek(), ",") && this.next());
        return { type: "dedup", fields, span: this.span(start) };
      }
      default:
        if (REFUSED_COMMANDS.has(word)) throw malformed(this.text, token, `the ${token.text} command is not supported by flowwatch`);
        return this.fail(token);
    }
  }

  private fieldName(): { name: string; span: Span } {
    const token = this.next();
    if ((token.kind === "ident" && !KEYWORDS.has(token.text.toLowerCase())) || token.kind === "quoted") return { name: token.text, span: token };
    return this.fail(token);
  }

  private sortKeys(): SortKey[] {
    const keys: SortKey[] = [];
    do {
      const { name, span } = this.fieldName();
      let descending = false;
      const order = this.peek();
      if (this.isKeyword(order, "asc") || this.isKeyword(order, "desc")) {
        this.next();
        descending = order.text.toLowerCase() === "desc";
      }
      keys.push({ field: name, descending, span: this.span(span.start) });
    } while (this.isSymbol(this.peek(), ",") && this.next());
    return keys;
  }

  private parseCommand(start: number): Command {
    let source: Expr = { type: "field", name: "@message", span: { start, end: start } };
    const first = this.peek();
    if (first.kind !== "string" && first.kind !== "regex") source = this.expression();
    const token = this.next();
    let pattern: ParsePattern;
    if (token.kind === "regex") {
      pattern = { kind: "regex", source: token.text, span: token };
    } else if (token.kind === "string") {
      const stars = token.text.split("*").length - 1;
      if (stars === 0) throw malformed(this.text, token, "parse pattern has no * to extract");
      const as = this.next();
      if (!this.isKeyword(as, "as")) this.fail(as);
      const names: string[] = [];
      do names.push(this.fieldName().name);
      while (this.isSymbol(this.peek(), ",") && this.next());
      if (names.length !== stars) {
        throw malformed(this.text, this.span(token.start), `parse pattern has ${stars} * but ${names.length} field names`);
      }
      pattern = { kind: "glob", glob: token.text, names, span: token };
    } else {
      return this.fail(token);
    }
    return { type: "parse", source, pattern, span: this.span(start) };
  }

  private namedList(): NamedExpr[] {
    const items: NamedExpr[] = [];
    do {
      const start = this.peek().start;
      const expr = this.expression();
      if (this.isKeyword(this.peek(), "as")) {
        this.next();
        const alias = this.fieldName();
        items.push({ expr, name: alias.name, aliased: true, span: this.span(start), aliasSpan: alias.span });
      } else {
        const name = expr.type === "field" ? expr.name : this.text.slice(expr.span.start, expr.span.end);
        items.push({ expr, name, aliased: false, span: expr.span });
      }
    } while (this.isSymbol(this.peek(), ",") && this.next());
    return items;
  }

  expression(): Expr {
    return this.or();
  }

  private binary(op: BinaryOp, left: Expr, right: Expr): Expr {
    return { type: "binary", op, left, right, span: { start: left.span.start, end: right.span.end } };
  }

  private or(): Expr {
    let left = this.and();
    while (this.isKeyword(this.peek(), "or")) {
      this.next();
      left = this.binary("or", left, this.and());
    }
    return left;
  }

  private and(): Expr {
    let left = this.not();
    while (this.isKeyword(this.peek(), "and")) {
      this.next();
      left = this.binary("and", left, this.not());
    }
    return left;
  }

  private not(): Expr {
    const token = this.peek();
    if (this.isKeyword(token, "not")) {
      this.next();
      const operand = this.not();
      return { type: "unary", op: "not", operand, span: { start: token.start, end: operand.span.end } };
    }
    return this.comparison();
  }

  private comparison(): Expr {
    const left = this.additive();
    const token = this.peek();
    if (token.kind === "symbol" && COMPARISONS.has(token.text)) {
      this.next();
      return this.binary(token.text as BinaryOp, left, this.additive());
    }
    let negated = false;
    if (this.isKeyword(token, "not") && (this.isKeyword(this.peek(1), "like") || this.isKeyword(this.peek(1), "in"))) {
      this.next();
      negated = true;
    }
    const op = this.peek();
    if (this.isKeyword(op, "like") || this.isSymbol(op, "=~")) {
      if (negated && !this.isKeyword(op, "like")) this.fail(op);
      this.next();
      const pattern = this.additive();
      const kind = op.kind === "symbol" ? "=~" : "like";
      return { type: "match", op: kind, negated, subject: left, pattern, span: { start: left.span.start, end: pattern.span.end } };
    }
    if (this.isKeyword(op, "in")) {
      this.next();
      this.expectSymbol("[");
      const list: Expr[] = [];
      if (!this.isSymbol(this.peek(), "]")) {
        do list.push(this.additive());
        while (this.isSymbol(this.peek(), ",") && this.next());
      }
      const close = this.expectSymbol("]");
      return { type: "in", negated, subject: left, list, span: { start: left.span.start, end: close.end } };
    }
    return left;
  }

  private additive(): Expr {
    let left = this.multiplicative();
    for (;;) {
      const token = this.peek();
      if (!this.isSymbol(token, "+") && !this.isSymbol(token, "-")) return left;
      this.next();
      left = this.binary(token.text as BinaryOp, left, this.multiplicative());
    }
  }

  private multiplicative(): Expr {
    let left = this.unary();
    for (;;) {
      const token = this.peek();
      if (!this.isSymbol(token, "*") && !this.isSymbol(token, "/") && !this.isSymbol(token, "%")) return left;
      this.next();
      left = this.binary(token.text as BinaryOp, left, this.unary());
    }
  }

  private unary(): Expr {
    const token = this.peek();
    if (this.isSymbol(token, "-")) {
      this.next();
      const operand = this.unary();
      return { type: "unary", op: "-", operand, span: { start: token.start, end: operand.span.end } };
    }
    const base = this.primary();
    if (this.isSymbol(this.peek(), "^")) {
      this.next();
      return this.binary("^", base, this.unary());
    }
    return base;
  }

  private primary(): Expr {
    const token = this.next();
    switch (token.kind) {
      case "number":
        return { type: "number", value: Number(token.text), span: token };
      case "string":
        return { type: "string", value: token.text, span: token };
      case "regex":
        return { type: "regex", source: token.text, span: token };
      case "period":
        return { type: "period", millis: token.millis as number, span: token };
      case "quoted":
        return { type: "field", name: token.text, span: token };
      case "ident": {
        if (KEYWORDS.has(token.text.toLowerCase())) this.fail(token);
        if (this.isSymbol(this.peek(), "(")) return this.call(token);
        return { type: "field", name: token.text, span: token };
      }
      case "symbol":
        if (token.text === "(") {
          const inner = this.expression();
          this.expectSymbol(")");
          return inner;
        }
        return this.fail(token);
      default:
        return this.fail(token);
    }
  }

  private call(name: Token): Expr {
    this.expectSymbol("(");
    const args: Expr[] = [];
    if (!this.isSymbol(this.peek(), ")")) {
      do {
        const token = this.peek();
        if (this.isSymbol(token, "*") && (this.isSymbol(this.peek(1), ")") || this.isSymbol(this.peek(1), ","))) {
          this.next();
          args.push({ type: "star", span: token });
        } else {
          args.push(this.expression());
        }
      } while (this.isSymbol(this.peek(), ",") && this.next());
    }
    const close = this.expectSymbol(")");
    return { type: "call", name: name.text, nameSpan: name, args, span: { start: name.start, end: close.end } };
  }
}
