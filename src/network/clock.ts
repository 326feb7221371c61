/** The clock the data plane reads time from: the local cloud's clock fits it, tests pass a manual one. */

export interface Clock {
  /** Milliseconds since the Unix epoch. */
  now(): number;
}
