/** For browser tests: what the dashboard's own page gets from its API when it asks as the console does. */
import assert from "node:assert/strict";
import type { Page } from "playwright-core";

/** From a page showing the dashboard: the overview, an Insights query and the event stream must all be answered. */
export async function assertDashboardApiAnswers(page: Page): Promise<void> {
  const answers = await page.evaluate(async () => {
    const overview = await fetch("api/overview");
    const query = await fetch("api/query", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query: "fields @message", minutes: 5 }),
    });
    const opened = await new Promise<string>((resolve) => {
      const events = new EventSource("api/events");
      events.addEventListener("status", () => {
        events.close();
        resolve("status");
      });
      events.onerror = () => {
        events.close();
        resolve("error");
      };
    });
    return { overview: overview.status, query: query.status, opened };
  });
  assert.equal(answers.overview, 200);
  assert.ok(![401, 403, 421].includes(answers.query), `the console's query was refused: ${answers.query}`);
  assert.equal(answers.opened, "status");
}
