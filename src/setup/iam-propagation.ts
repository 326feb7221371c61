/**
 * IAM is eventually consistent on AWS: a role created or changed a moment ago can be refused by
 * CreateFlowLogs (`InvalidParameter: Unable to assume given IAM role: '<arn>'`) for seconds, rarely a
 * minute. Calls made right after such a change are retried with bounded backoff, saying so.
 */

export interface IamWait {
  /** The longest total wait before the refusal is reported as it is. */
  totalMs: number;
  /** Injected so tests do not sleep. */
  sleep: (ms: number) => Promise<void>;
}

export const IAM_WAIT: IamWait = { totalMs: 60_000, sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)) };

/** First wait 2 s, doubling up to 16 s. */
const delays = function* (totalMs: number) {
  let spent = 0;
  for (let delay = 2_000; spent < totalMs; delay = Math.min(delay * 2, 16_000)) {
    const next = Math.min(delay, totalMs - spent);
    spent += next;
    yield next;
  }
};

/** The refusal AWS gives while a new role has not reached EC2 yet: thrown, or in CreateFlowLogs' Unsuccessful list. */
export const isRoleNotYetUsable = (code: string | undefined, message: string | undefined) =>
  /Unable to assume given IAM role/i.test(message ?? "") && (code === undefined || /InvalidParameter|^400$/.test(code));

/** An Error describing the refusal, or undefined when the error is another one. */
export const notYetUsable = (error: unknown): Error | undefined =>
  error instanceof Error && isRoleNotYetUsable(error.name, error.message) ? error : undefined;

/** `call`, retried while it fails with a not-yet-usable role, within the budget; other errors at once. */
export async function afterIamChange<T>(call: () => Promise<T>, wait: IamWait, say: (line: string) => void): Promise<T> {
  const schedule = delays(wait.totalMs);
  let waited = 0;
  for (;;) {
    try {
      return await call();
    } catch (error) {
      const refusal = notYetUsable(error);
      const next = refusal === undefined ? undefined : schedule.next();
      if (refusal === undefined || next === undefined || next.done === true) throw error;
      say(
        `  waiting for IAM: the role was changed a moment ago and AWS does not accept it yet (${refusal.name}: ${refusal.message}); retrying in ${next.value / 1000} s (${waited / 1000} s waited, at most ${wait.totalMs / 1000} s)`,
      );
      await wait.sleep(next.value);
      waited += next.value;
    }
  }
}
