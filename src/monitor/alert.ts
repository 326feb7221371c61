/** An alert of `flowwatch watch`: what fired, who, when, and the Insights query that shows the evidence. */
export interface Alert {
  rule: string;
  severity: "high" | "medium" | "low";
  /** One sentence: what was seen. */
  what: string;
  /** The source or destination it is about. */
  who: string;
  /** ISO time the rule fired; the evidence spans [from, to]. */
  when: string;
  from: string;
  to: string;
  logGroup: string;
  /** A Logs Insights query over [from, to] that lists the records behind the alert. */
  query: string;
}
