import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { VpcChange } from "./changes.js";
import { newEc2 } from "../../../test/support/ec2-harness.js";

const run = (subnetId: string, extra: Record<string, unknown> = {}) => ({
  ImageId: "ami-0abcdef1234567890",
  InstanceType: "t3.micro",
  MinCount: "1",
  MaxCount: "1",
  SubnetId: subnetId,
  ...extra,
});

describe("instances", () => {
  it("launches pending with a primary interface; the private address skips AWS's reserved four", () => {
    const t = newEc2();
    const { subnetId, vpcId } = t.network();
    const r = t.call("RunInstances", run(subnetId, { TagSpecification: [{ ResourceType: "instance", Tag: [{ Key: "Name", Value: "web" }] }] }));
    assert.match(r.ReservationId, /^r-[0-9a-f]{17}$/);
    const [i] = r.Instances;
    assert.match(i.InstanceId, /^i-[0-9a-f]{17}$/);
    assert.deepEqual(i.State, { Code: 0, Name: "pending" });
    assert.equal(i.PrivateIpAddress, "10.0.1.4");
    assert.equal(i.PublicIpAddress, undefined, "the subnet maps no public addresses");
    assert.equal(i.NetworkInterfaces[0].NetworkInterfaceId.slice(0, 4), "eni-");
    const [res] = t.call("DescribeInstances", { Filter: [{ Name: "tag:Name", Value: ["web"] }] }).Reservations;
    assert.deepEqual(res.Instances[0].State, { Code: 16, Name: "running" });
    assert.equal(res.Instances[0].VpcId, vpcId);
    assert.equal(res.Instances[0].SecurityGroups[0].GroupName, "default");
  });

  it("gives a public address from 127.100.0.0/16 when asked or when the subnet maps one", () => {
    const t = newEc2();
    const { subnetId } = t.network();
    const asked = t.call("RunInstances", {
      ImageId: "ami-12345678",
      MinCount: "1",
      MaxCount: "1",
      NetworkInterface: [{ DeviceIndex: "0", SubnetId: subnetId, AssociatePublicIpAddress: "true" }],
    }).Instances[0];
    assert.equal(asked.PublicIpAddress, "127.100.0.1");
    assert.equal(asked.PublicDnsName, "ec2-127-100-0-1.compute-1.amazonaws.com");
    t.call("ModifySubnetAttribute", { SubnetId: subnetId, MapPublicIpOnLaunch: { Value: "true" } });
    const mapped = t.call("RunInstances", run(subnetId)).Instances[0];
    assert.equal(mapped.PublicIpAddress, "127.100.0.2");
    assert.equal(mapped.PrivateIpAddress, "10.0.1.5");
    const eni = t.directory.interfaceByPublicIp("127.100.0.2");
    assert.equal(eni?.instanceId, mapped.InstanceId);
    assert.equal(eni?.azId, "use1-az6");
  });

  it("launches into the default VPC without a subnet, MaxCount at once", () => {
    const t = newEc2();
    const r = t.call("RunInstances", { ImageId: "ami-12345678", MinCount: "1", MaxCount: "3" });
    assert.equal(r.Instances.length, 3);
    assert.ok(
      r.Instances.every((i: { PublicIpAddress?: string }) => i.PublicIpAddress !== undefined),
      "default subnets map public addresses",
    );
    assert.deepEqual(
      r.Instances.map((i: { AmiLaunchIndex: number }) => i.AmiLaunchIndex),
      [0, 1, 2],
    );
  });

  it("stops (releasing the public address), starts (a fresh one) and terminates, announcing each state", () => {
    const t = newEc2();
    const { subnetId } = t.network();
    const changes: VpcChange[] = [];
    t.directory.onChange((c) => changes.push(c));
    const id = t.call("RunInstances", {
      ImageId: "ami-12345678",
      MinCount: "1",
      MaxCount: "1",
      NetworkInterface: [{ DeviceIndex: "0", SubnetId: subnetId, AssociatePublicIpAddress: "true" }],
    }).Instances[0].InstanceId;
    const stop = t.call("StopInstances", { InstanceId: [id] }).StoppingInstances[0];
    assert.deepEqual([stop.PreviousState.Name, stop.CurrentState.Name], ["running", "stopping"]);
    assert.equal(t.directory.interfaces("000000000000", "us-east-1")[0]?.publicIp, undefined);
    const start = t.call("StartInstances", { InstanceId: [id] }).StartingInstances[0];
    assert.deepEqual([start.PreviousState.Name, start.CurrentState.Name], ["stopped", "pending"]);
    const term = t.call("TerminateInstances", { InstanceId: [id] }).TerminatingInstances[0];
    assert.deepEqual([term.PreviousState.Name, term.CurrentState.Name], ["running", "shutting-down"]);
    t.fails("StartInstances", { InstanceId: [id] }, "IncorrectInstanceState", `The instance '${id}' is not in a state from which it can be started.`);
    assert.deepEqual(
      changes.map((c) => (c.type === "instance-state" ? `${c.state}:${c.publicIp ?? "-"}` : c.type)),
      ["running:127.100.0.1", "stopped:-", "running:127.100.0.1", "terminated:-"],
    );
    assert.equal(t.call("DescribeNetworkInterfaces", {}).NetworkInterfaces.length, 0, "the interface goes with the instance");
    assert.equal(t.call("DescribeInstances", { Filter: [{ Name: "instance-state-name", Value: ["terminated"] }] }).Reservations.length, 1);
    t.clock.advance(61 * 60 * 1000);
    assert.equal(t.call("DescribeInstances", {}).Reservations.length, 0, "terminated instances disappear after an hour");
  });

  it("answers AWS's errors for bad ids and parameters", () => {
    const t = newEc2();
    const { subnetId } = t.network();
    t.fails(
      "DescribeInstances",
      { InstanceId: ["i-0123456789abcdef0", "i-0123456789abcdef1"] },
      "InvalidInstanceID.NotFound",
      "The instance IDs 'i-0123456789abcdef0, i-0123456789abcdef1' do not exist",
    );
    t.fails("StopInstances", { InstanceId: ["i-0123456789abcdef0"] }, "InvalidInstanceID.NotFound", "The instance ID 'i-0123456789abcdef0' does not exist");
    t.fails("TerminateInstances", { InstanceId: ["1343124"] }, "InvalidInstanceID.Malformed", 'Invalid id: "1343124"');
    t.fails("RunInstances", { ImageId: "ubuntu", MinCount: "1", MaxCount: "1" }, "InvalidAMIID.Malformed", 'Invalid id: "ubuntu" (expecting "ami-...")');
    t.fails("RunInstances", { ImageId: "ami-12345678", MinCount: "1" }, "MissingParameter", "The request must contain the parameter MaxCount");
    t.fails("RunInstances", { MinCount: "1", MaxCount: "1" }, "MissingParameter", "The request must contain the parameter ImageId");
    t.fails("RunInstances", run(subnetId, { MinCount: "one" }), "InvalidParameterValue");
    t.fails("RunInstances", run("subnet-0123456789abcdef0"), "InvalidSubnetID.NotFound");
    t.fails("DescribeInstances", { Filter: [{ Name: "public-ip", Value: ["1.2.3.4"] }] }, "InvalidParameterValue", "The filter 'public-ip' is invalid");
  });

  it("fails for lack of addresses only below MinCount", () => {
    const t = newEc2();
    const { subnetId } = t.network("10.0.0.0/16", "10.0.0.0/28");
    assert.equal(t.call("RunInstances", run(subnetId, { MaxCount: "20" })).Instances.length, 11, "16 less 5 reserved");
    t.fails("RunInstances", run(subnetId), "InsufficientFreeAddressesInSubnet");
  });
});

describe("tags", () => {
  it("tags any resource, filters by tag, describes and deletes tags", () => {
    const t = newEc2();
    const { vpcId, subnetId } = t.network();
    t.call("CreateTags", { ResourceId: [vpcId, subnetId], Tag: [{ Key: "env", Value: "dev" }] });
    const tags = t.call("DescribeTags", { Filter: [{ Name: "key", Value: ["env"] }] }).Tags;
    assert.deepEqual(
      tags.map((x: { ResourceType: string }) => x.ResourceType),
      ["vpc", "subnet"],
    );
    assert.equal(t.call("DescribeSubnets", { Filter: [{ Name: "tag-key", Value: ["env"] }] }).Subnets.length, 1);
    t.call("DeleteTags", { ResourceId: [vpcId], Tag: [{ Key: "env", Value: "prod" }] });
    assert.equal(t.call("DescribeTags", { Filter: [{ Name: "resource-id", Value: [vpcId] }] }).Tags.length, 1, "a different value is not deleted");
    t.call("DeleteTags", { ResourceId: [vpcId], Tag: [{ Key: "env" }] });
    assert.equal(t.call("DescribeTags", { Filter: [{ Name: "resource-id", Value: [vpcId] }] }).Tags.length, 0);
    t.fails("CreateTags", { ResourceId: ["foo-123"], Tag: [{ Key: "a", Value: "b" }] }, "InvalidID", "The ID 'foo-123' is not valid");
    t.fails("CreateTags", { ResourceId: ["vpc-0123456789abcdef0"], Tag: [{ Key: "a", Value: "b" }] }, "InvalidVpcID.NotFound");
    t.fails("CreateTags", { ResourceId: [vpcId], Tag: [{ Key: "aws:x", Value: "b" }] }, "InvalidParameterValue");
  });
});
