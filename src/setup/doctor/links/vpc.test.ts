/** vpcLink: the VPC's id when one answers; a missing or ambiguous name fails with the --vpc fix, and no id to go on. */
import assert from "node:assert/strict";
import { test } from "node:test";
import type { AwsClients } from "../../clients.js";
import { vpcLink } from "./vpc.js";

const answering = (Vpcs: { VpcId: string }[]) => ({ ec2: { send: async () => ({ Vpcs }) } }) as unknown as AwsClients;

test("one VPC named so: ok with its id", async () => {
  assert.deepEqual(await vpcLink(answering([{ VpcId: "vpc-1" }]), "MyVpc22"), {
    check: { id: "vpc", title: "VPC", status: "ok", detail: "vpc-1" },
    vpcId: "vpc-1",
  });
});

test("none or two: a failure naming why, and no vpcId", async () => {
  const none = await vpcLink(answering([]), "MyVpc22");
  assert.equal(none.vpcId, undefined);
  assert.deepEqual([none.check.status, none.check.detail], ["fail", "no VPC has the Name tag 'MyVpc22' in this Region (--vpc takes a name or an id)"]);
  const two = await vpcLink(answering([{ VpcId: "vpc-1" }, { VpcId: "vpc-2" }]), "MyVpc22");
  assert.match(two.check.detail, /^2 VPCs are named 'MyVpc22'/);
  assert.equal(two.check.fix, "--vpc with the VPC's id or Name tag, in the right --region");
});
