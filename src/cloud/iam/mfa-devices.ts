/**
 * Virtual MFA devices: Create/DeleteVirtualMFADevice, Enable/Deactivate/Resync/GetMFADevice, ListMFADevices,
 * ListVirtualMFADevices. A device is a random 20-byte secret; its codes are RFC 6238 TOTP (HMAC-SHA-1, 30 s
 * steps, 6 digits), checked here and by STS GetSessionToken (`verifyMfaCode`). A code's step is never
 * accepted twice (RFC 6238 §5.2), and resynchronisation records the device's drift.
 */
import { createHmac, randomBytes } from "node:crypto";
import type { RequestContext } from "../service.js";
import type {
  CreateVirtualMFADeviceRequest,
  CreateVirtualMFADeviceResponse,
  DeactivateMFADeviceRequest,
  DeleteVirtualMFADeviceRequest,
  EnableMFADeviceRequest,
  GetMFADeviceRequest,
  GetMFADeviceResponse,
  ListMFADevicesRequest,
  ListMFADevicesResponse,
  ListVirtualMFADevicesRequest,
  ListVirtualMFADevicesResponse,
  ResyncMFADeviceRequest,
  Tag,
  VirtualMFADevice,
} from "../validation/iam-types.js";
import { invalidAuthenticationCode, mfaDeviceAssigned, mfaDeviceExists, mfaDeviceInUse, mfaDeviceNotFound, quota, userNotFound } from "./errors.js";
import { paginate } from "./pagination.js";
import type { IamState } from "./state.js";

export const MFA_DEVICE_SCHEMA = `CREATE TABLE IF NOT EXISTS iam_mfa_devices (
  serial TEXT PRIMARY KEY,
  account TEXT NOT NULL,
  name TEXT NOT NULL COLLATE NOCASE,
  seed TEXT NOT NULL,
  tags TEXT NOT NULL,
  user_name TEXT COLLATE NOCASE,
  enable_date INTEGER,
  last_step INTEGER NOT NULL,
  drift INTEGER NOT NULL,
  create_date INTEGER NOT NULL
) WITHOUT ROWID`;

/** IAM UG, IAM and STS quotas: MFA devices in use per user; tags per resource. */
const DEVICES_PER_USER = 8;
const TAGS_PER_DEVICE = 50;
const STEP_MS = 30_000;
/** (chosen) EnableMFADevice takes two consecutive codes ending up to 3 steps (90 s) ago or now. */
const ENABLE_LOOKBACK = 3;
/** (chosen) ResyncMFADevice looks 20 steps (10 minutes) either way, then remembers the drift. */
const RESYNC_WINDOW = 20;

interface DeviceRow {
  serial: string;
  account: string;
  name: string;
  seed: string;
  tags: string;
  user_name: string | null;
  enable_date: number | null;
  last_step: number;
  drift: number;
  create_date: number;
}

const BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/** RFC 4648 base32 without padding (20 bytes make exactly 32 characters). */
export function base32(bytes: Uint8Array): string {
  let bits = 0;
  let value = 0;
  let out = "";
  for (const b of bytes) {
    value = (value << 8) | b;
    bits += 8;
    while (bits >= 5) {
      out += BASE32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
    value &= (1 << bits) - 1;
  }
  return bits > 0 ? out + BASE32[(value << (5 - bits)) & 31] : out;
}

function unbase32(text: string): Buffer {
  const out: number[] = [];
  let bits = 0;
  let value = 0;
  for (const c of text) {
    value = (value << 5) | BASE32.indexOf(c);
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 255);
      bits -= 8;
      value &= (1 << bits) - 1;
    }
  }
  return Buffer.from(out);
}

/** RFC 4226 HOTP of one time step, as RFC 6238 uses it: 6 digits from HMAC-SHA-1. */
export function totp(secret: Buffer, step: number): string {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(step));
  const mac = createHmac("sha1", secret).update(counter).digest();
  const at = (mac[19] as number) & 15;
  return String((mac.readUInt32BE(at) % 0x80000000) % 1_000_000).padStart(6, "0");
}

/** The first step k in [from, to] whose code is `first` and whose next step's is `second`. */
function consecutive(row: DeviceRow, first: string, second: string, from: number, to: number): number | undefined {
  const secret = unbase32(row.seed);
  for (let k = from; k <= to; k++) if (totp(secret, k) === first && totp(secret, k + 1) === second) return k;
  return undefined;
}

const currentStep = (now: number) => Math.floor(now / STEP_MS);
const userArnName = (arn: string) => /^arn:[\w-]+:iam::\d{12}:user\/(?:.*\/)?([^/]+)$/.exec(arn)?.[1];

export function mfaDeviceOperations(state: IamState) {
  const db = state.db;
  const requireUser = (account: string, name: string) => {
    const user = state.user(account, name);
    if (user === undefined) throw userNotFound(name);
    return user;
  };
  const requireDevice = (account: string, serial: string): DeviceRow => {
    const row = db.prepare("SELECT * FROM iam_mfa_devices WHERE serial = ? AND account = ?").get(serial, account) as DeviceRow | undefined;
    if (row === undefined) throw mfaDeviceNotFound(serial);
    return row;
  };
  /** A device assigned to the named user (or, without a name, to the caller). */
  const assigned = (account: string, serial: string, userName: string | undefined, ctx: RequestContext): DeviceRow => {
    const name = userName ?? userArnName(ctx.principal.arn);
    if (name !== undefined) requireUser(account, name);
    const row = requireDevice(account, serial);
    if (row.user_name === null || name === undefined || row.user_name.toLowerCase() !== name.toLowerCase()) throw mfaDeviceNotFound(serial);
    return row;
  };
  const view = (r: DeviceRow, ctx: RequestContext): VirtualMFADevice => {
    const user = r.user_name === null ? undefined : state.user(ctx.account, r.user_name);
    const tags = JSON.parse(r.tags) as Tag[];
    return {
      SerialNumber: r.serial,
      // The user as ListUsers shows it (users.ts's userView; imported from there it would make a cycle).
      ...(user === undefined ? {} : { User: { Path: user.path, UserName: user.name, UserId: user.id, Arn: user.arn, CreateDate: new Date(user.create_date) } }),
      ...(r.enable_date === null ? {} : { EnableDate: new Date(r.enable_date) }),
      ...(tags.length === 0 ? {} : { Tags: tags }),
    };
  };

  function createVirtualMFADevice(input: CreateVirtualMFADeviceRequest, ctx: RequestContext): CreateVirtualMFADeviceResponse {
    const path = input.Path ?? "/";
    const tags = input.Tags ?? [];
    if (tags.length > TAGS_PER_DEVICE) throw quota("TagsPerMFADevice", TAGS_PER_DEVICE);
    if (db.prepare("SELECT 1 FROM iam_mfa_devices WHERE account = ? AND name = ?").get(ctx.account, input.VirtualMFADeviceName) !== undefined)
      throw mfaDeviceExists();
    const partition = ctx.principal.arn.split(":")[1] || "aws";
    const seed = base32(randomBytes(20));
    const row: DeviceRow = {
      serial: `arn:${partition}:iam::${ctx.account}:mfa${path}${input.VirtualMFADeviceName}`,
      account: ctx.account,
      name: input.VirtualMFADeviceName,
      seed,
      tags: JSON.stringify(tags),
      user_name: null,
      enable_date: null,
      last_step: 0,
      drift: 0,
      create_date: state.clock.now(),
    };
    db.prepare(
      "INSERT INTO iam_mfa_devices (serial, account, name, seed, tags, user_name, enable_date, last_step, drift, create_date) VALUES (@serial, @account, @name, @seed, @tags, @user_name, @enable_date, @last_step, @drift, @create_date)",
    ).run(row);
    // QRCodePNG is left out: no QR encoder here (docs/aws-compatibility.md); the seed is what authenticators take.
    return { VirtualMFADevice: { ...view(row, ctx), Base32StringSeed: Buffer.from(seed, "ascii") } };
  }

  function enableMFADevice(input: EnableMFADeviceRequest, ctx: RequestContext): void {
    const user = requireUser(ctx.account, input.UserName);
    const row = requireDevice(ctx.account, input.SerialNumber);
    if (row.user_name !== null) throw mfaDeviceInUse();
    const count = (db.prepare("SELECT COUNT(*) AS n FROM iam_mfa_devices WHERE account = ? AND user_name = ?").get(ctx.account, user.name) as { n: number }).n;
    if (count >= DEVICES_PER_USER) throw quota("MFADevicesPerUser", DEVICES_PER_USER);
    const now = state.clock.now();
    const cur = currentStep(now);
    const k = consecutive(row, input.AuthenticationCode1, input.AuthenticationCode2, cur - ENABLE_LOOKBACK, cur);
    if (k === undefined) throw invalidAuthenticationCode();
    db.prepare("UPDATE iam_mfa_devices SET user_name = ?, enable_date = ?, last_step = ?, drift = ? WHERE serial = ?").run(
      user.name,
      now,
      k + 1,
      0,
      row.serial,
    );
    state.changed();
  }

  function resyncMFADevice(input: ResyncMFADeviceRequest, ctx: RequestContext): void {
    const row = assigned(ctx.account, input.SerialNumber, input.UserName, ctx);
    const cur = currentStep(state.clock.now());
    const k = consecutive(row, input.AuthenticationCode1, input.AuthenticationCode2, cur - RESYNC_WINDOW, cur + RESYNC_WINDOW);
    if (k === undefined || k + 1 <= row.last_step) throw invalidAuthenticationCode();
    db.prepare("UPDATE iam_mfa_devices SET last_step = ?, drift = ? WHERE serial = ?").run(k + 1, k + 1 - cur, row.serial);
  }

  function deactivateMFADevice(input: DeactivateMFADeviceRequest, ctx: RequestContext): void {
    const row = assigned(ctx.account, input.SerialNumber, input.UserName, ctx);
    db.prepare("UPDATE iam_mfa_devices SET user_name = NULL, enable_date = NULL, drift = 0 WHERE serial = ?").run(row.serial);
    state.changed();
  }

  function deleteVirtualMFADevice(input: DeleteVirtualMFADeviceRequest, ctx: RequestContext): void {
    const row = requireDevice(ctx.account, input.SerialNumber);
    if (row.user_name !== null) throw mfaDeviceAssigned();
    db.prepare("DELETE FROM iam_mfa_devices WHERE serial = ?").run(row.serial);
  }

  function getMFADevice(input: GetMFADeviceRequest, ctx: RequestContext): GetMFADeviceResponse {
    const row = assigned(ctx.account, input.SerialNumber, input.UserName, ctx);
    return { UserName: row.user_name ?? "", SerialNumber: row.serial, EnableDate: new Date(row.enable_date ?? row.create_date) };
  }

  /** ListMFADevices: a user's devices in the order they were enabled; without UserName, the calling user's. */
  function listMFADevices(input: ListMFADevicesRequest, ctx: RequestContext): ListMFADevicesResponse {
    const name = input.UserName ?? userArnName(ctx.principal.arn);
    const rows =
      name === undefined
        ? []
        : (db
            .prepare("SELECT * FROM iam_mfa_devices WHERE account = ? AND user_name = ? ORDER BY enable_date, serial")
            .all(ctx.account, requireUser(ctx.account, name).name) as DeviceRow[]);
    const page = paginate(rows, input);
    return {
      MFADevices: page.items.map((r) => ({ UserName: r.user_name ?? "", SerialNumber: r.serial, EnableDate: new Date(r.enable_date ?? r.create_date) })),
      IsTruncated: page.IsTruncated,
      ...(page.Marker === undefined ? {} : { Marker: page.Marker }),
    };
  }

  function listVirtualMFADevices(input: ListVirtualMFADevicesRequest, ctx: RequestContext): ListVirtualMFADevicesResponse {
    const status = input.AssignmentStatus ?? "Any";
    const filter = status === "Assigned" ? " AND user_name IS NOT NULL" : status === "Unassigned" ? " AND user_name IS NULL" : "";
    const rows = db.prepare(`SELECT * FROM iam_mfa_devices WHERE account = ?${filter} ORDER BY serial`).all(ctx.account) as DeviceRow[];
    const page = paginate(rows, input);
    return {
      VirtualMFADevices: page.items.map((r) => view(r, ctx)),
      IsTruncated: page.IsTruncated,
      ...(page.Marker === undefined ? {} : { Marker: page.Marker }),
    };
  }

  return {
    CreateVirtualMFADevice: createVirtualMFADevice,
    EnableMFADevice: enableMFADevice,
    ResyncMFADevice: resyncMFADevice,
    DeactivateMFADevice: deactivateMFADevice,
    DeleteVirtualMFADevice: deleteVirtualMFADevice,
    GetMFADevice: getMFADevice,
    ListMFADevices: listMFADevices,
    ListVirtualMFADevices: listVirtualMFADevices,
  };
}

/** DeleteUser is refused while an MFA device is assigned to the user (IAM API reference, DeleteUser). */
export const hasMfaDevices = (state: IamState, account: string, userName: string): boolean =>
  state.db.prepare("SELECT 1 FROM iam_mfa_devices WHERE account = ? AND user_name = ?").get(account, userName) !== undefined;

/**
 * STS GetSessionToken's check: `code` is the current code (one step of drift either way) of a device assigned
 * to the user, and its step was not used before. A code accepted is spent.
 */
export function verifyMfaCode(state: IamState, account: string, userName: string, serial: string, code: string): boolean {
  const row = state.db.prepare("SELECT * FROM iam_mfa_devices WHERE serial = ? AND account = ? AND user_name = ?").get(serial, account, userName) as
    | DeviceRow
    | undefined;
  if (row === undefined) return false;
  const secret = unbase32(row.seed);
  const expected = currentStep(state.clock.now()) + row.drift;
  for (let k = expected - 1; k <= expected + 1; k++) {
    if (k > row.last_step && totp(secret, k) === code) {
      state.db.prepare("UPDATE iam_mfa_devices SET last_step = ? WHERE serial = ?").run(k, serial);
      return true;
    }
  }
  return false;
}
