/**
 * Virtual MFA devices through boto3, the TOTP codes computed in the test from the returned seed with Python's
 * hmac (RFC 6238): create, enable with two consecutive codes, wrong codes refused with AWS's
 * InvalidAuthenticationCode, list by assignment status, resync, DeleteUser and DeleteVirtualMFADevice refused
 * while assigned, deactivate, delete; and the same round trip with the SDK v3 (codes from node:crypto).
 */
import assert from "node:assert/strict";
import { createHmac } from "node:crypto";
import { describe, test } from "node:test";
import {
  CreateUserCommand,
  CreateVirtualMFADeviceCommand,
  DeactivateMFADeviceCommand,
  DeleteVirtualMFADeviceCommand,
  EnableMFADeviceCommand,
  GetMFADeviceCommand,
  IAMClient,
  ResyncMFADeviceCommand,
  ListMFADevicesCommand,
  ListVirtualMFADevicesCommand,
} from "@aws-sdk/client-iam";
import { boto3 } from "../support/aws-cli.js";
import { useLocalCloud } from "../support/local-cloud.js";

const env = useLocalCloud();

/** Python's TOTP, written in the test from RFC 6238, not shared with the server. */
const PY_TOTP = `
import base64, hmac, hashlib, struct, time
def totp(seed, step):
    mac = hmac.new(base64.b32decode(seed), struct.pack(">Q", step), hashlib.sha1).digest()
    o = mac[19] & 15
    return "%06d" % ((struct.unpack(">I", mac[o:o + 4])[0] & 0x7fffffff) % 1000000)
def now_step():
    return int(time.time()) // 30
`;

describe("virtual MFA devices (boto3)", () => {
  test("create, enable with consecutive codes, list, resync, conflicts, deactivate, delete", async () => {
    const r = await boto3(
      env.endpoint,
      `
import boto3, json, os
from botocore.exceptions import ClientError
${PY_TOTP}
iam = boto3.client("iam", endpoint_url=os.environ["ENDPOINT"], region_name="us-east-1")
out = {}
def err(f):
    try:
        f()
        return None
    except ClientError as e:
        return [e.response["Error"]["Code"], e.response["Error"]["Message"]]
iam.create_user(UserName="mfa-user")
d = iam.create_virtual_mfa_device(VirtualMFADeviceName="phone", Path="/team/", Tags=[{"Key": "k", "Value": "v"}])["VirtualMFADevice"]
seed = d["Base32StringSeed"].decode()
out["serial"] = d["SerialNumber"]
out["seed"] = seed
out["qr"] = "QRCodePNG" in d
out["again"] = err(lambda: iam.create_virtual_mfa_device(VirtualMFADeviceName="phone"))
s = now_step()
out["wrong"] = err(lambda: iam.enable_mfa_device(UserName="mfa-user", SerialNumber=d["SerialNumber"], AuthenticationCode1=totp(seed, s - 1), AuthenticationCode2=totp(seed, s - 1)))
out["unknownDevice"] = err(lambda: iam.enable_mfa_device(UserName="mfa-user", SerialNumber=d["SerialNumber"] + "x", AuthenticationCode1="123456", AuthenticationCode2="123456"))
out["unassigned"] = [x["SerialNumber"] for x in iam.list_virtual_mfa_devices(AssignmentStatus="Unassigned")["VirtualMFADevices"]]
iam.enable_mfa_device(UserName="mfa-user", SerialNumber=d["SerialNumber"], AuthenticationCode1=totp(seed, s - 2), AuthenticationCode2=totp(seed, s - 1))
out["inUse"] = err(lambda: iam.enable_mfa_device(UserName="mfa-user", SerialNumber=d["SerialNumber"], AuthenticationCode1=totp(seed, s - 2), AuthenticationCode2=totp(seed, s - 1)))
out["mfa"] = [[x["UserName"], x["SerialNumber"]] for x in iam.list_mfa_devices(UserName="mfa-user")["MFADevices"]]
a = iam.list_virtual_mfa_devices(AssignmentStatus="Assigned")["VirtualMFADevices"]
out["assigned"] = [[x["SerialNumber"], x["User"]["UserName"], "EnableDate" in x, x.get("Tags"), "Base32StringSeed" in x] for x in a]
out["unassignedAfter"] = iam.list_virtual_mfa_devices(AssignmentStatus="Unassigned")["VirtualMFADevices"]
import csv, io, time as t
for _ in range(50):
    if iam.generate_credential_report()["State"] == "COMPLETE":
        break
    t.sleep(0.1)
rows = list(csv.DictReader(io.StringIO(iam.get_credential_report()["Content"].decode())))
out["reportMfa"] = [r["mfa_active"] for r in rows if r["user"] == "mfa-user"]
out["get"] = iam.get_mfa_device(UserName="mfa-user", SerialNumber=d["SerialNumber"])["SerialNumber"]
out["resyncWrong"] = err(lambda: iam.resync_mfa_device(UserName="mfa-user", SerialNumber=d["SerialNumber"], AuthenticationCode1="000000", AuthenticationCode2="000000"))
iam.resync_mfa_device(UserName="mfa-user", SerialNumber=d["SerialNumber"], AuthenticationCode1=totp(seed, s + 4), AuthenticationCode2=totp(seed, s + 5))
out["deleteUser"] = err(lambda: iam.delete_user(UserName="mfa-user"))
out["deleteDevice"] = err(lambda: iam.delete_virtual_mfa_device(SerialNumber=d["SerialNumber"]))
iam.deactivate_mfa_device(UserName="mfa-user", SerialNumber=d["SerialNumber"])
out["afterDeactivate"] = iam.list_mfa_devices(UserName="mfa-user")["MFADevices"]
out["deactivateAgain"] = err(lambda: iam.deactivate_mfa_device(UserName="mfa-user", SerialNumber=d["SerialNumber"]))
iam.delete_virtual_mfa_device(SerialNumber=d["SerialNumber"])
out["gone"] = err(lambda: iam.delete_virtual_mfa_device(SerialNumber=d["SerialNumber"]))
iam.delete_user(UserName="mfa-user")
print(json.dumps(out, default=str))
`,
    );
    assert.equal(r.status, 0, r.stderr);
    const out = r.json;
    const serial = "arn:aws:iam::000000000000:mfa/team/phone";
    assert.equal(out.serial, serial);
    assert.match(out.seed, /^[A-Z2-7]{32}$/);
    assert.equal(out.qr, false);
    assert.deepEqual(out.again, ["EntityAlreadyExists", "MFADevice entity at the same path and name already exists."]);
    assert.deepEqual(out.wrong, ["InvalidAuthenticationCode", "Authentication code for device is not valid."]);
    assert.deepEqual(out.unknownDevice, ["NoSuchEntity", `VirtualMFADevice with serial number ${serial}x doesn't exist.`]);
    assert.deepEqual(out.unassigned, [serial]);
    assert.deepEqual(out.inUse, ["EntityAlreadyExists", "MFA Device is already in use."]);
    assert.deepEqual(out.mfa, [["mfa-user", serial]]);
    assert.deepEqual(out.assigned, [[serial, "mfa-user", true, [{ Key: "k", Value: "v" }], false]]);
    assert.deepEqual(out.unassignedAfter, []);
    assert.equal(out.get, serial);
    assert.deepEqual(out.reportMfa, ["true"]);
    assert.deepEqual(out.resyncWrong, ["InvalidAuthenticationCode", "Authentication code for device is not valid."]);
    assert.deepEqual(out.deleteUser, ["DeleteConflict", "Cannot delete entity, must delete MFA device first."]);
    assert.deepEqual(out.deleteDevice, ["DeleteConflict", "MFA Device is still in use."]);
    assert.deepEqual(out.afterDeactivate, []);
    assert.equal(out.deactivateAgain?.[0], "NoSuchEntity");
    assert.equal(out.gone?.[0], "NoSuchEntity");
  });

  test("the SDK v3: create, enable with codes from the seed, list, get, resync, deactivate, delete", async () => {
    const iam = new IAMClient(env.clientConfig());
    await iam.send(new CreateUserCommand({ UserName: "sdk-mfa" }));
    const d = (await iam.send(new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: "sdk-phone" }))).VirtualMFADevice;
    const serial = d?.SerialNumber ?? "";
    const seed = Buffer.from(d?.Base32StringSeed ?? new Uint8Array()).toString("ascii");
    assert.match(seed, /^[A-Z2-7]{32}$/);
    const code = (step: number) => totp(base32Decode(seed), step);
    const s = Math.floor(Date.now() / 30_000);
    await iam.send(new EnableMFADeviceCommand({ UserName: "sdk-mfa", SerialNumber: serial, AuthenticationCode1: code(s - 1), AuthenticationCode2: code(s) }));
    assert.deepEqual(
      (await iam.send(new ListMFADevicesCommand({ UserName: "sdk-mfa" }))).MFADevices?.map((m) => m.SerialNumber),
      [serial],
    );
    const listed = (await iam.send(new ListVirtualMFADevicesCommand({ AssignmentStatus: "Assigned" }))).VirtualMFADevices ?? [];
    assert.deepEqual(
      listed.map((v) => [v.SerialNumber, v.User?.UserName]),
      [[serial, "sdk-mfa"]],
    );
    const got = await iam.send(new GetMFADeviceCommand({ UserName: "sdk-mfa", SerialNumber: serial }));
    assert.deepEqual([got.UserName, got.SerialNumber, got.EnableDate instanceof Date], ["sdk-mfa", serial, true]);
    // A device running 2 minutes fast: resynchronised with two of its consecutive codes.
    await iam.send(
      new ResyncMFADeviceCommand({ UserName: "sdk-mfa", SerialNumber: serial, AuthenticationCode1: code(s + 4), AuthenticationCode2: code(s + 5) }),
    );
    await assert.rejects(
      iam.send(new ResyncMFADeviceCommand({ UserName: "sdk-mfa", SerialNumber: serial, AuthenticationCode1: code(s + 4), AuthenticationCode2: code(s + 5) })),
      { name: "InvalidAuthenticationCodeException" },
    );
    await iam.send(new DeactivateMFADeviceCommand({ UserName: "sdk-mfa", SerialNumber: serial }));
    await iam.send(new DeleteVirtualMFADeviceCommand({ SerialNumber: serial }));
    assert.deepEqual((await iam.send(new ListVirtualMFADevicesCommand({}))).VirtualMFADevices, []);
  });
});

function base32Decode(text: string): Buffer {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  let bits = "";
  for (const c of text) bits += alphabet.indexOf(c).toString(2).padStart(5, "0");
  return Buffer.from((bits.match(/.{8}/g) ?? []).map((b) => Number.parseInt(b, 2)));
}

function totp(secret: Buffer, step: number): string {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(step));
  const mac = createHmac("sha1", secret).update(counter).digest();
  const o = (mac[19] ?? 0) & 15;
  return String((mac.readUInt32BE(o) & 0x7fffffff) % 1_000_000).padStart(6, "0");
}
