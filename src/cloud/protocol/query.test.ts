/** Query / EC2 Query form decoding: lists, maps, nesting, and the bounds on what a name may ask for. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { decodeQueryParams, decodeQueryRequest } from "./query.js";
import { AwsError } from "./aws-error.js";

test("Action and Version come out; the rest nests", () => {
  const r = decodeQueryRequest(
    "Action=CreateRole&Version=2010-05-08&RoleName=my-flowlog-role&AssumeRolePolicyDocument=%7B%22Version%22%3A%222012-10-17%22%7D&Tags.member.1.Key=a&Tags.member.1.Value=b&Tags.member.2.Key=c&Tags.member.2.Value=d",
  );
  assert.equal(r.action, "CreateRole");
  assert.equal(r.version, "2010-05-08");
  assert.deepEqual(r.params, {
    RoleName: "my-flowlog-role",
    AssumeRolePolicyDocument: '{"Version":"2012-10-17"}',
    Tags: [
      { Key: "a", Value: "b" },
      { Key: "c", Value: "d" },
    ],
  });
});

test("EC2 lists without .member, nested lists in filters", () => {
  const r = decodeQueryRequest(
    "Action=CreateFlowLogs&Version=2016-11-15&ResourceId.1=vpc-1&ResourceId.2=vpc-2&ResourceType=VPC&TrafficType=ALL&Filter.1.Name=resource-id&Filter.1.Value.1=vpc-1&Filter.1.Value.2=vpc-2&Filter.2.Name=tag%3AName&Filter.2.Value.1=MyVpc22",
  );
  assert.equal(r.action, "CreateFlowLogs");
  assert.deepEqual(r.params, {
    ResourceId: ["vpc-1", "vpc-2"],
    ResourceType: "VPC",
    TrafficType: "ALL",
    Filter: [
      { Name: "resource-id", Value: ["vpc-1", "vpc-2"] },
      { Name: "tag:Name", Value: ["MyVpc22"] },
    ],
  });
});

test("EC2 TagSpecification: list of structures holding lists of structures", () => {
  const r = decodeQueryRequest("TagSpecification.1.ResourceType=vpc-flow-log&TagSpecification.1.Tag.1.Key=Name&TagSpecification.1.Tag.1.Value=my-flowlog");
  assert.deepEqual(r.params, { TagSpecification: [{ ResourceType: "vpc-flow-log", Tag: [{ Key: "Name", Value: "my-flowlog" }] }] });
});

test("maps: A.entry.N.key / A.entry.N.value", () => {
  const r = decodeQueryRequest(
    "Attributes.entry.1.key=Policy&Attributes.entry.1.value=p&Attributes.entry.2.key=Delay&Attributes.entry.2.value=5&Attributes.entry.3.key=Empty",
  );
  assert.deepEqual(r.params, { Attributes: { Policy: "p", Delay: "5", Empty: "" } });
});

test("indices: out of order and gaps close up in index order", () => {
  assert.deepEqual(
    decodeQueryParams([
      ["A.member.3", "c"],
      ["A.member.1", "a"],
      ["A.member.10", "j"],
    ]),
    { A: ["a", "c", "j"] },
  );
  // .member.N and .N name the same list.
  assert.deepEqual(
    decodeQueryParams([
      ["A.member.1", "x"],
      ["A.2", "y"],
    ]),
    { A: ["x", "y"] },
  );
});

test("absurd or malformed indices are refused, not allocated", () => {
  const cases = ["Tags.member.10001.Key", "ResourceId.0", "ResourceId.01", "ResourceId.99999999999999999999999"];
  for (const name of cases) {
    assert.throws(
      () => decodeQueryParams([[name, "x"]]),
      (e: unknown) => e instanceof AwsError && e.code === "ValidationError" && e.status === 400,
      name,
    );
  }
  assert.throws(
    () => decodeQueryParams([["ResourceId.10001", "x"]], { protocol: "ec2" }),
    (e: unknown) => e instanceof AwsError && e.code === "InvalidParameterValue",
  );
  assert.deepEqual(decodeQueryParams([["A.10000", "x"]]), { A: ["x"] });
  assert.deepEqual(decodeQueryParams([["A.3", "x"]], { maxIndex: 3 }), { A: ["x"] });
  assert.throws(() => decodeQueryParams([["A.4", "x"]], { maxIndex: 3 }));
  assert.throws(() => decodeQueryParams([[Array.from({ length: 40 }, () => "a").join("."), "x"]]), AwsError);
});

test("a name used both as a value and as a container is refused", () => {
  assert.throws(
    () =>
      decodeQueryParams([
        ["A", "1"],
        ["A.member.1", "x"],
      ]),
    AwsError,
  );
  assert.throws(
    () =>
      decodeQueryParams([
        ["A.member.1", "x"],
        ["A", "1"],
      ]),
    AwsError,
  );
  assert.throws(
    () =>
      decodeQueryParams([
        ["A.B", "x"],
        ["A.1", "y"],
      ]),
    AwsError,
  );
  assert.throws(
    () =>
      decodeQueryParams([
        ["A.entry.1.key", "x"],
        ["A.1", "y"],
      ]),
    AwsError,
  );
});

test("repeated scalar names: the last wins", () => {
  assert.deepEqual(
    decodeQueryParams([
      ["A", "1"],
      ["A", "2"],
    ]),
    { A: "2" },
  );
});

test("form encoding: + is a space, percent escapes, UTF-8, empty values", () => {
  const r = decodeQueryRequest("Action=X&Description=a+b%20c%2Bd&Name=%C3%BC%F0%9F%98%80&Empty=&Bare");
  assert.deepEqual(r.params, { Description: "a b c+d", Name: "ü😀", Empty: "", Bare: "" });
});

test("bodies as bytes, parsed forms, and a GET's query string", () => {
  const bytes = new TextEncoder().encode("Action=ListUsers&Version=2010-05-08&MaxItems=10");
  assert.deepEqual(decodeQueryRequest(bytes), { action: "ListUsers", version: "2010-05-08", params: { MaxItems: "10" } });
  assert.deepEqual(decodeQueryRequest(new URLSearchParams("Action=GetCallerIdentity")), { action: "GetCallerIdentity", version: undefined, params: {} });
  // The URL's parameters first, the body's after: the body wins a clash.
  const both = decodeQueryRequest("Action=B&X=body", "Action=A&Y=url");
  assert.deepEqual(both, { action: "B", version: undefined, params: { Y: "url", X: "body" } });
  assert.deepEqual(decodeQueryRequest(undefined, "Action=DescribeVpcs&VpcId.1=vpc-1"), {
    action: "DescribeVpcs",
    version: undefined,
    params: { VpcId: ["vpc-1"] },
  });
  // The same URLSearchParams given as both (detect.ts hands the URL's params as the form for a GET) is read once.
  const search = new URLSearchParams("Action=A&L.1=x");
  assert.deepEqual(decodeQueryRequest(search, search).params, { L: ["x"] });
  assert.deepEqual(decodeQueryRequest(""), { action: undefined, version: undefined, params: {} });
});

test("__proto__ and other odd names stay ordinary keys", () => {
  const params = decodeQueryParams([
    ["__proto__", "x"],
    ["constructor.member.1", "y"],
    ["A.__proto__", "z"],
  ]);
  assert.equal(Object.getPrototypeOf(params), Object.prototype);
  assert.equal(Object.getOwnPropertyDescriptor(params, "__proto__")?.value, "x");
  assert.deepEqual(params.constructor, ["y"]);
  assert.equal(({} as Record<string, unknown>).z, undefined);
});

test("a field literally named member, and empty segments", () => {
  assert.deepEqual(decodeQueryParams([["A.member", "x"]]), { A: { member: "x" } });
  assert.deepEqual(decodeQueryParams([["A..B", "x"]]), { A: { "": { B: "x" } } });
});

test("a large body decodes without trouble", () => {
  const parts = ["Action=PutMetricData"];
  for (let i = 1; i <= 1000; i++) parts.push(`MetricData.member.${i}.MetricName=m${i}&MetricData.member.${i}.Value=${i}`);
  const r = decodeQueryRequest(parts.join("&"));
  const data = r.params.MetricData as Array<Record<string, string>>;
  assert.equal(data.length, 1000);
  assert.deepEqual(data[999], { MetricName: "m1000", Value: "1000" });
});
