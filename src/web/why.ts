/**
 * The dashboard's "Why?": a record the dashboard holds (a Live row), or for an alert the newest REJECT
 * record of its address (else its newest record), explained as `flowwatch explain` does (monitor/explain-flow.ts).
 */
import type { EC2Client } from "@aws-sdk/client-ec2";
import type { Explanation } from "../explain/index.js";
import { ExplainInputError, explainRecord } from "../monitor/explain-flow.js";
import type { FlowView } from "../monitor/flow-view.js";

export interface WhyAnswer {
  record: { id: string; message: string; interfaceId: string; action: string };
  context: string;
  explanation: Explanation;
}

/** What "Why?" asks about: a held record by event id, or an alert's address and span. */
export type WhyRequest = { id: string } | { who: string; from?: string; to?: string };

/** A request the dashboard cannot answer from what it holds: 400 (malformed) or 404 (not held). */
export class WhyRefusal extends Error {
  constructor(
    readonly status: 400 | 404,
    message: string,
  ) {
    super(message);
  }
}

export function whyRequestOf(body: unknown): WhyRequest {
  if (typeof body !== "object" || body === null || Array.isArray(body))
    throw new WhyRefusal(400, "the request body must be a JSON object {id} or {who, from, to}");
  const { id, who, from, to } = body as Record<string, unknown>;
  if (typeof id === "string" && id !== "") return { id };
  if (typeof who === "string" && who !== "") {
    for (const [name, v] of [
      ["from", from],
      ["to", to],
    ] as const)
      if (v !== undefined && (typeof v !== "string" || Number.isNaN(Date.parse(v))))
        throw new WhyRefusal(400, `${name} must be an ISO time, not ${JSON.stringify(v)}`);
    return { who, ...(typeof from === "string" ? { from } : {}), ...(typeof to === "string" ? { to } : {}) };
  }
  throw new WhyRefusal(400, "give the record's id, or an alert's address as who");
}

/** The record "Why?" explains: the held one by id; for an alert, its address's newest REJECT (in its span first), else its newest record. */
export function recordFor(recent: readonly FlowView[], request: WhyRequest): FlowView {
  if ("id" in request) {
    const view = recent.find((v) => v.eventId === request.id);
    if (!view)
      throw new WhyRefusal(
        404,
        `record ${request.id} is no longer held by the dashboard (it keeps the newest ${recent.length}); run flowwatch explain with its line`,
      );
    return view;
  }
  const from = request.from ? Date.parse(request.from) : -Infinity;
  const to = request.to ? Date.parse(request.to) : Infinity;
  const mine = recent.filter((v) => v.record !== undefined && (v.srcaddr === request.who || v.dstaddr === request.who));
  const inSpan = (v: FlowView) => v.timestamp >= from - 60_000 && v.timestamp <= to + 60_000;
  const rejects = mine.filter((v) => v.action === "REJECT");
  // An alert about rejections asks why they were dropped; one about accepted traffic (exfiltration, a new
  // talker) asks which rules let it through: the newest record of the address then.
  const view = rejects.filter(inSpan).at(-1) ?? rejects.at(-1) ?? mine.filter(inSpan).at(-1) ?? mine.at(-1);
  if (!view) throw new WhyRefusal(404, `the dashboard holds no record of ${request.who}: explain one from the Query page's results with flowwatch explain`);
  return view;
}

export async function explainView(ec2: EC2Client, view: FlowView): Promise<WhyAnswer> {
  if (!view.record) throw new WhyRefusal(400, "the record could not be decoded in the flow log's format, so it cannot be explained");
  try {
    const { explanation, context } = await explainRecord(ec2, view.record, view.interfaceId);
    return { record: { id: view.eventId, message: view.message, interfaceId: view.interfaceId, action: view.action }, context, explanation };
  } catch (error) {
    if (error instanceof ExplainInputError) throw new WhyRefusal(400, error.message);
    throw error;
  }
}
