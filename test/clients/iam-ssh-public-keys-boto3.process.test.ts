/**
 * SSH public keys through boto3, with keys made by ssh-keygen: the fingerprint IAM answers is the one
 * `ssh-keygen -l -E md5` prints, a key uploaded as OpenSSH comes back as PEM and the other way round, and
 * AWS's refusals (short key, unknown encoding, duplicate, six keys, DeleteUser while keys remain); the same
 * round trip with the SDK v3.
 */
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import {
  DeleteSSHPublicKeyCommand,
  GetSSHPublicKeyCommand,
  IAMClient,
  ListSSHPublicKeysCommand,
  UpdateSSHPublicKeyCommand,
  UploadSSHPublicKeyCommand,
  CreateUserCommand,
} from "@aws-sdk/client-iam";
import { boto3 } from "../support/aws-cli.js";
import { useLocalCloud } from "../support/local-cloud.js";

const env = useLocalCloud();
const dir = mkdtempSync(join(tmpdir(), "fw-ssh-"));
after(() => rmSync(dir, { recursive: true, force: true }));

/** An RSA key pair by ssh-keygen: the OpenSSH public line, its PEM (SPKI) form and its MD5 fingerprint. */
function sshKey(name: string, bits = 2048): { openssh: string; pem: string; md5: string } {
  const path = join(dir, name);
  execFileSync("ssh-keygen", ["-q", "-t", "rsa", "-b", String(bits), "-N", "", "-C", `${name}@test`, "-f", path], { stdio: "ignore" });
  const openssh = readFileSync(`${path}.pub`, "utf8").trim();
  const pem = execFileSync("ssh-keygen", ["-e", "-m", "PKCS8", "-f", `${path}.pub`], { encoding: "utf8" });
  const md5 = /MD5:([0-9a-f:]+)/.exec(execFileSync("ssh-keygen", ["-l", "-E", "md5", "-f", `${path}.pub`], { encoding: "utf8" }))?.[1] ?? "";
  return { openssh, pem, md5 };
}

describe("SSH public keys (boto3)", () => {
  test("upload, get in both encodings, list, update, delete, and AWS's refusals", async () => {
    const keys = Array.from({ length: 6 }, (_, i) => sshKey(`k${i}`));
    const short = sshKey("short", 1024);
    const r = await boto3(
      env.endpoint,
      `
import boto3, json, os
from botocore.exceptions import ClientError
iam = boto3.client("iam", endpoint_url=os.environ["ENDPOINT"], region_name="us-east-1")
keys = json.loads(${JSON.stringify(JSON.stringify(keys))})
out = {}
def err(f):
    try:
        f()
        return None
    except ClientError as e:
        return [e.response["Error"]["Code"], e.response["Error"]["Message"]]
iam.create_user(UserName="dev")
k = iam.upload_ssh_public_key(UserName="dev", SSHPublicKeyBody=keys[0]["openssh"])["SSHPublicKey"]
out["uploaded"] = {x: k[x] for x in ["UserName", "Fingerprint", "Status"]}
out["id"] = k["SSHPublicKeyId"]
out["asPem"] = iam.get_ssh_public_key(UserName="dev", SSHPublicKeyId=k["SSHPublicKeyId"], Encoding="PEM")["SSHPublicKey"]["SSHPublicKeyBody"]
p = iam.upload_ssh_public_key(UserName="dev", SSHPublicKeyBody=keys[1]["pem"])["SSHPublicKey"]
out["pemFingerprint"] = p["Fingerprint"]
out["asSsh"] = iam.get_ssh_public_key(UserName="dev", SSHPublicKeyId=p["SSHPublicKeyId"], Encoding="SSH")["SSHPublicKey"]["SSHPublicKeyBody"]
out["duplicate"] = err(lambda: iam.upload_ssh_public_key(UserName="dev", SSHPublicKeyBody=keys[0]["openssh"]))
out["short"] = err(lambda: iam.upload_ssh_public_key(UserName="dev", SSHPublicKeyBody=${JSON.stringify(short.openssh)}))
out["encoding"] = err(lambda: iam.upload_ssh_public_key(UserName="dev", SSHPublicKeyBody="ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIA== x"))
for i in range(2, 5):
    iam.upload_ssh_public_key(UserName="dev", SSHPublicKeyBody=keys[i]["openssh"])
out["sixth"] = err(lambda: iam.upload_ssh_public_key(UserName="dev", SSHPublicKeyBody=keys[5]["openssh"]))
iam.update_ssh_public_key(UserName="dev", SSHPublicKeyId=k["SSHPublicKeyId"], Status="Inactive")
page = iam.list_ssh_public_keys(UserName="dev", MaxItems=3)
out["page"] = [len(page["SSHPublicKeys"]), page["IsTruncated"], page["SSHPublicKeys"][0]["Status"]]
out["rest"] = len(iam.list_ssh_public_keys(UserName="dev", Marker=page["Marker"])["SSHPublicKeys"])
out["deleteUser"] = err(lambda: iam.delete_user(UserName="dev"))
for x in iam.list_ssh_public_keys(UserName="dev")["SSHPublicKeys"]:
    iam.delete_ssh_public_key(UserName="dev", SSHPublicKeyId=x["SSHPublicKeyId"])
out["gone"] = err(lambda: iam.get_ssh_public_key(UserName="dev", SSHPublicKeyId=k["SSHPublicKeyId"], Encoding="SSH"))
iam.delete_user(UserName="dev")
print(json.dumps(out, default=str))
`,
    );
    assert.equal(r.status, 0, r.stderr);
    const out = r.json;
    assert.deepEqual(out.uploaded, { UserName: "dev", Fingerprint: keys[0]?.md5, Status: "Active" });
    assert.match(out.id, /^APKA[A-Z2-7]{16}$/);
    assert.equal(out.asPem.trim(), keys[0]?.pem.trim());
    assert.equal(out.pemFingerprint, keys[1]?.md5);
    // The OpenSSH body without its comment, as AWS stores the key and not the line.
    assert.equal(out.asSsh, keys[1]?.openssh.split(" ").slice(0, 2).join(" "));
    assert.equal(out.duplicate?.[0], "DuplicateSSHPublicKey");
    assert.equal(out.short?.[0], "InvalidPublicKey");
    assert.equal(out.encoding?.[0], "UnrecognizedPublicKeyEncoding");
    assert.deepEqual(out.sixth, ["LimitExceeded", "Cannot exceed quota for SSHPublicKeysPerUser: 5"]);
    assert.deepEqual(out.page, [3, true, "Inactive"]);
    assert.equal(out.rest, 2);
    assert.deepEqual(out.deleteUser, ["DeleteConflict", "Cannot delete entity, must delete SSH public keys first."]);
    assert.deepEqual(out.gone, ["NoSuchEntity", `The SSH Public Key with id ${out.id} cannot be found`]);
  });

  test("the SDK v3: upload, get as PEM, list, deactivate, delete", async () => {
    const key = sshKey("sdk");
    const iam = new IAMClient(env.clientConfig());
    await iam.send(new CreateUserCommand({ UserName: "sdk-dev" }));
    const up = (await iam.send(new UploadSSHPublicKeyCommand({ UserName: "sdk-dev", SSHPublicKeyBody: key.openssh }))).SSHPublicKey;
    assert.equal(up?.Fingerprint, key.md5);
    const id = up?.SSHPublicKeyId as string;
    assert.equal(
      (await iam.send(new GetSSHPublicKeyCommand({ UserName: "sdk-dev", SSHPublicKeyId: id, Encoding: "PEM" }))).SSHPublicKey?.SSHPublicKeyBody?.trim(),
      key.pem.trim(),
    );
    await iam.send(new UpdateSSHPublicKeyCommand({ UserName: "sdk-dev", SSHPublicKeyId: id, Status: "Inactive" }));
    assert.deepEqual(
      (await iam.send(new ListSSHPublicKeysCommand({ UserName: "sdk-dev" }))).SSHPublicKeys?.map((k) => [k.SSHPublicKeyId, k.Status]),
      [[id, "Inactive"]],
    );
    await iam.send(new DeleteSSHPublicKeyCommand({ UserName: "sdk-dev", SSHPublicKeyId: id }));
    assert.deepEqual((await iam.send(new ListSSHPublicKeysCommand({ UserName: "sdk-dev" }))).SSHPublicKeys, []);
  });
});
