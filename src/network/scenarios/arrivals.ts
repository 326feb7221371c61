/** Poisson arrivals over [start, end): the driver every scenario shares, yielding observations in time order. */
import { NetworkError } from "../errors.js";
import type { Observation } from "../observation.js";
import { Random } from "./random.js";
import type { Emit } from "./sessions.js";
import { ObservationQueue } from "./time-order.js";
import type { ScenarioOptions } from "./types.js";

/**
 * Calls `arrival` at exponentially spaced times (mean 1/rate s); what it emits is yielded in time order,
 * up to but excluding `end`. `salt` keeps scenarios run with the same seed from sharing their sequence.
 */
export function* poissonArrivals(options: ScenarioOptions, salt: number, arrival: (time: number, rng: Random, emit: Emit) => void): Generator<Observation> {
  if (!(options.rate > 0) || !Number.isFinite(options.rate)) throw new NetworkError("invalid", `scenario rate must be a positive number, not ${options.rate}`);
  const rng = new Random(options.seed * 7919 + salt);
  const queue = new ObservationQueue();
  const emit: Emit = (o) => {
    if (o.time < options.end) queue.push(o);
  };
  const mean = 1000 / options.rate;
  let time = options.start + rng.exponential(mean);
  while (time < options.end) {
    while (queue.peekTime() <= time) yield queue.pop() as Observation;
    arrival(Math.floor(time), rng, emit);
    time += rng.exponential(mean);
  }
  while (queue.size > 0) yield queue.pop() as Observation;
}
