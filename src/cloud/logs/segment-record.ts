/**
 * One record of a segment file: a 64-byte header naming its stream and summarising its chunk, then
 * the chunk (chunk.ts). Records describe themselves, so the chunk index can be rebuilt from the file.
 */
import { crc32 } from "./crc32.js";

/**
 * Header layout (little endian): u32 magic "FWS1", u32 payload length, u32 CRC-32 of bytes 12.. of
 * the header and the whole payload, u32 event count, then f64 stream id, group id, stream creation
 * time (with the id, the stream key: ids of deleted streams can be reused), min and max timestamp,
 * ingestion time.
 */
export const RECORD_HEADER = 64;
const MAGIC = 0x31535746;
/** The magic as it sits in the file: what a scan for the next record after damage looks for. */
export const RECORD_MAGIC = Buffer.from([0x46, 0x57, 0x53, 0x31]);

export interface RecordMeta {
  streamId: number;
  groupId: number;
  streamCreated: number;
  count: number;
  minTs: number;
  maxTs: number;
  ingestionTime: number;
}

/** Writes the header, checksum included, into the first RECORD_HEADER bytes of a record whose payload follows. */
export function sealRecord(record: Buffer, meta: RecordMeta, checksum: boolean): void {
  record.writeUInt32LE(MAGIC, 0);
  record.writeUInt32LE(record.length - RECORD_HEADER, 4);
  record.writeUInt32LE(meta.count, 12);
  record.writeDoubleLE(meta.streamId, 16);
  record.writeDoubleLE(meta.groupId, 24);
  record.writeDoubleLE(meta.streamCreated, 32);
  record.writeDoubleLE(meta.minTs, 40);
  record.writeDoubleLE(meta.maxTs, 48);
  record.writeDoubleLE(meta.ingestionTime, 56);
  // Only files need the checksum (a torn tail after a crash); memory records skip its ~1 ms.
  record.writeUInt32LE(checksum ? crc32(record, 12) : 0, 8);
}

/** The payload length a header announces, or undefined when `header` is not a record's start. */
export function payloadLength(header: Buffer): number | undefined {
  if (header.length < RECORD_HEADER || header.readUInt32LE(0) !== MAGIC) return undefined;
  return header.readUInt32LE(4);
}

/** A whole record's metadata when its checksum holds, else undefined (a torn or foreign tail). */
export function openRecord(record: Buffer): RecordMeta | undefined {
  const length = payloadLength(record);
  if (length === undefined || record.length !== RECORD_HEADER + length) return undefined;
  if (crc32(record, 12) !== record.readUInt32LE(8)) return undefined;
  return {
    count: record.readUInt32LE(12),
    streamId: record.readDoubleLE(16),
    groupId: record.readDoubleLE(24),
    streamCreated: record.readDoubleLE(32),
    minTs: record.readDoubleLE(40),
    maxTs: record.readDoubleLE(48),
    ingestionTime: record.readDoubleLE(56),
  };
}
