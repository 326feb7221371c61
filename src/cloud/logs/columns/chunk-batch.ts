/**
 * A run of a stored chunk's events as the insights engine's ColumnBatch: the chunk's flow columns, its
 * timestamps and sizes, its stream's names, and the event itself for rows the columns do not hold.
 */
import type { ColumnBatch, FlowColumns, InsightsEvent } from "../../../insights/index.js";
import type { DecodedChunk } from "../chunk.js";

export class ChunkBatch implements ColumnBatch {
  columns!: FlowColumns;
  chunk!: DecodedChunk;
  from = 0;
  to = 0;
  step: 1 | -1 = 1;
  stream = "";
  group = "";

  constructor(
    /** Row i of the current chunk as an event (the cursor's refilled ChunkEvent). */
    private readonly eventOf: (batch: ChunkBatch, i: number) => InsightsEvent,
  ) {}

  timestamp(i: number): number {
    return this.chunk.timestamps[i] as number;
  }

  ingestionTime(): number {
    return this.chunk.ingestionTime;
  }

  logStream(): string {
    return this.stream;
  }

  log(): string {
    return this.group;
  }

  size(i: number): number {
    return this.chunk.size(i);
  }

  event(i: number): InsightsEvent {
    return this.eventOf(this, i);
  }
}
