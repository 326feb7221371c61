/** XML encoders: parsed back with fast-xml-parser, and read by the SDK v3's own STS client. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { Readable } from "node:stream";
import { XMLParser } from "fast-xml-parser";
import { HttpResponse } from "@smithy/protocol-http";
import { AssumeRoleCommand, STSClient } from "@aws-sdk/nested-clients/sts";
import { AwsError } from "./aws-error.js";
import { ec2Model } from "../validation/ec2-model.js";
import { EC2_XMLNS, encodeEc2Error, encodeEc2Response, encodeQueryError, encodeQueryResponse, escapeXml, XmlWriter } from "./xml.js";

const parser = new XMLParser({ ignoreAttributes: false, parseTagValue: false, isArray: (name) => name === "member" || name === "item" });
const IAM_XMLNS = "https://iam.amazonaws.com/doc/2010-05-08/";
const STS_XMLNS = "https://sts.amazonaws.com/doc/2011-06-15/";

test("Query response: Result wrapper, member lists, dates, booleans, numbers, metadata", () => {
  const created = new Date(Date.UTC(2026, 0, 1, 12, 0, 0, 5));
  const r = encodeQueryResponse(
    "ListRoles",
    IAM_XMLNS,
    {
      Roles: [
        { RoleName: "my-flowlog-role", Path: "/", CreateDate: created, MaxSessionDuration: 3600, Tags: [] },
        { RoleName: "b", Path: "/x/", CreateDate: created, MaxSessionDuration: 7200 },
      ],
      IsTruncated: false,
      Marker: undefined,
    },
    "req-1",
  );
  assert.equal(r.status, 200);
  assert.equal(r.headers["content-type"], "text/xml");
  assert.ok(r.body.startsWith(`<ListRolesResponse xmlns="${IAM_XMLNS}"><ListRolesResult><Roles><member><RoleName>my-flowlog-role</RoleName>`));
  const doc = parser.parse(r.body);
  const result = doc.ListRolesResponse.ListRolesResult;
  assert.equal(doc.ListRolesResponse["@_xmlns"], IAM_XMLNS);
  assert.equal(result.Roles.member.length, 2);
  assert.equal(result.Roles.member[0].CreateDate, "2026-01-01T12:00:00.005Z");
  assert.equal(result.Roles.member[0].MaxSessionDuration, "3600");
  assert.equal(result.Roles.member[0].Tags, "");
  assert.equal(result.IsTruncated, "false");
  assert.ok(!("Marker" in result));
  assert.equal(doc.ListRolesResponse.ResponseMetadata.RequestId, "req-1");
});

test("Query response: no output means no Result element; {} means an empty one", () => {
  const none = parser.parse(encodeQueryResponse("DeleteRole", IAM_XMLNS, undefined, "r").body);
  assert.deepEqual(
    Object.keys(none.DeleteRoleResponse).filter((k) => !k.startsWith("@_")),
    ["ResponseMetadata"],
  );
  const empty = encodeQueryResponse("UpdateRole", IAM_XMLNS, {}, "r").body;
  assert.match(empty, /<UpdateRoleResult><\/UpdateRoleResult>/);
});

test("maps are entry/key/value", () => {
  const body = encodeQueryResponse(
    "GetAccountSummary",
    IAM_XMLNS,
    {
      SummaryMap: new Map([
        ["Users", 3],
        ["Roles", 1],
      ]),
    },
    "r",
  ).body;
  assert.match(body, /<SummaryMap><entry><key>Users<\/key><value>3<\/value><\/entry><entry><key>Roles<\/key><value>1<\/value><\/entry><\/SummaryMap>/);
});

test("EC2 response: requestId first, item lists, declaration, namespace", () => {
  const r = encodeEc2Response(
    "DescribeFlowLogs",
    EC2_XMLNS,
    {
      FlowLogs: [
        {
          FlowLogId: "fl-1",
          CreationTime: new Date(Date.UTC(2026, 0, 1)),
          LogGroupName: "MyVpc22-Log",
          Tags: [{ Key: "Name", Value: "my-flowlog" }],
          MaxAggregationInterval: 600,
        },
      ],
    },
    "req-2",
    ec2Model,
  );
  assert.equal(r.headers["content-type"], "text/xml;charset=UTF-8");
  assert.ok(
    r.body.startsWith(
      '<?xml version="1.0" encoding="UTF-8"?>\n<DescribeFlowLogsResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>req-2</requestId><flowLogSet><item>',
    ),
  );
  const doc = parser.parse(r.body).DescribeFlowLogsResponse;
  assert.equal(doc.requestId, "req-2");
  assert.equal(doc.flowLogSet.item[0].flowLogId, "fl-1");
  assert.equal(doc.flowLogSet.item[0].creationTime, "2026-01-01T00:00:00.000Z");
  assert.equal(doc.flowLogSet.item[0].tagSet.item[0].value, "my-flowlog");
  const ret = parser.parse(encodeEc2Response("DeleteVpc", "", undefined, "r", ec2Model).body);
  assert.equal(ret.DeleteVpcResponse.return, "true");
  assert.equal(ret.DeleteVpcResponse["@_xmlns"], EC2_XMLNS);
});

test("Query error shape", () => {
  const r = encodeQueryError(new AwsError("NoSuchEntity", "The role with name x cannot be found.", 404), "req-3", IAM_XMLNS);
  assert.equal(r.status, 404);
  assert.equal(
    r.body,
    `<ErrorResponse xmlns="${IAM_XMLNS}"><Error><Type>Sender</Type><Code>NoSuchEntity</Code><Message>The role with name x cannot be found.</Message></Error><RequestId>req-3</RequestId></ErrorResponse>`,
  );
  const receiver = parser.parse(encodeQueryError(new AwsError("ServiceFailure", "boom", 500, false), "r").body);
  assert.equal(receiver.ErrorResponse.Error.Type, "Receiver");
  assert.ok(!("@_xmlns" in receiver.ErrorResponse));
});

test("EC2 error shape: Response/Errors/Error and RequestID", () => {
  const r = encodeEc2Error(new AwsError("AuthFailure", "AWS was not able to validate the provided access credentials", 401), "req-4");
  assert.equal(r.status, 401);
  assert.equal(
    r.body,
    '<?xml version="1.0" encoding="UTF-8"?>\n<Response><Errors><Error><Code>AuthFailure</Code><Message>AWS was not able to validate the provided access credentials</Message></Error></Errors><RequestID>req-4</RequestID></Response>',
  );
});

test("escaping: <&>\"' and control characters survive a parser", () => {
  assert.equal(escapeXml(`a<b>&"c'`), "a&lt;b&gt;&amp;&quot;c&apos;");
  assert.equal(escapeXml("plain"), "plain");
  assert.equal(escapeXml("x\u0000y\u001Fz\uFFFE"), "x\uFFFDy\uFFFDz\uFFFD");
  assert.equal(escapeXml("line\r\nnext\ttab"), "line&#xD;\nnext\ttab");
  assert.equal(escapeXml("lone \uD800 high, pair 😀 kept"), "lone \uFFFD high, pair 😀 kept");
  const nasty = `</Message><Injected>1</Injected> & "q" 'a' \u0001\u0008\u000B\u000C\r\n\t é 😀`;
  const body = encodeQueryError(new AwsError("ValidationError", nasty), "r", STS_XMLNS).body;
  const doc = new XMLParser({ parseTagValue: false, trimValues: false, processEntities: true, htmlEntities: true }).parse(body);
  assert.equal(doc.ErrorResponse.Error.Message, nasty.replace(/[\u0001\u0008\u000B\u000C]/g, "\uFFFD"));
  assert.ok(!("Injected" in doc.ErrorResponse.Error));
  // Attribute values are escaped too.
  assert.equal(new XmlWriter().open("A", { xmlns: 'x"<y' }).close("A").toString(), '<A xmlns="x&quot;&lt;y"></A>');
});

test("element names are checked: a key can never inject markup", () => {
  assert.throws(() => encodeQueryResponse("ListUsers", IAM_XMLNS, { "a><b": "x" }, "r"), /not an XML element name/);
  assert.throws(() => encodeQueryResponse("ListUsers", IAM_XMLNS, ["x"], "r"), /must be a structure/);
});

test("blobs are base64, bigints and numbers as written", () => {
  const body = encodeQueryResponse("X", "", { Blob: new Uint8Array([1, 2, 3]), Big: 12345678901234567890n, F: 1.5 }, "r").body;
  assert.match(body, /<Blob>AQID<\/Blob><Big>12345678901234567890<\/Big><F>1.5<\/F>/);
});

/** An STS client whose "network" answers with a fixed response. */
function stsAnswering(status: number, body: string, headers: Record<string, string>) {
  return new STSClient({
    region: "us-east-1",
    endpoint: "http://127.0.0.1:4566",
    credentials: { accessKeyId: "test", secretAccessKey: "test" },
    maxAttempts: 1,
    requestHandler: {
      handle: async () => ({ response: new HttpResponse({ statusCode: status, headers, body: Readable.from([Buffer.from(body)]) }) }),
    },
  });
}

test("the SDK v3 reads a Query response: AssumeRole with dates and nested structures", async () => {
  const expiration = new Date(Date.UTC(2026, 0, 1, 1, 0, 0));
  const r = encodeQueryResponse(
    "AssumeRole",
    STS_XMLNS,
    {
      Credentials: { AccessKeyId: "ASIATEMP", SecretAccessKey: "s<e>&cret", SessionToken: "tok", Expiration: expiration },
      AssumedRoleUser: { AssumedRoleId: "AROA1:s1", Arn: "arn:aws:sts::000000000000:assumed-role/my-flowlog-role/s1" },
      PackedPolicySize: 6,
    },
    "req-5",
  );
  const out = await stsAnswering(r.status, r.body, r.headers).send(
    new AssumeRoleCommand({ RoleArn: "arn:aws:iam::000000000000:role/my-flowlog-role", RoleSessionName: "s1" }),
  );
  assert.equal(out.Credentials?.SecretAccessKey, "s<e>&cret");
  assert.deepEqual(out.Credentials?.Expiration, expiration);
  assert.equal(out.AssumedRoleUser?.Arn, "arn:aws:sts::000000000000:assumed-role/my-flowlog-role/s1");
  assert.equal(out.PackedPolicySize, 6);
  assert.equal(out.$metadata.requestId, "req-5");
});

test("the SDK v3 reads a Query error: code, message, status, request id", async () => {
  const r = encodeQueryError(new AwsError("InvalidClientTokenId", "The security token included in the request is invalid.", 403), "req-6", STS_XMLNS);
  await assert.rejects(
    stsAnswering(r.status, r.body, r.headers).send(new AssumeRoleCommand({ RoleArn: "arn:aws:iam::000000000000:role/r", RoleSessionName: "s1" })),
    (e: unknown) => {
      const err = e as { name: string; message: string; $metadata: { httpStatusCode: number; requestId: string }; $fault: string };
      assert.equal(err.name, "InvalidClientTokenId");
      assert.equal(err.message, "The security token included in the request is invalid.");
      assert.equal(err.$metadata.httpStatusCode, 403);
      assert.equal(err.$metadata.requestId, "req-6");
      assert.equal(err.$fault, "client");
      return true;
    },
  );
});
