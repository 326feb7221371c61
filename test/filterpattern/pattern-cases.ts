/**
 * The shared case table: every example of aws-spec.md §4 and the behaviour observed on real AWS, as
 * data rows that the engine's unit test runs and that a wire test through the SDK can run again.
 */

export interface MatchCase {
  pattern: string;
  message: string;
  expected: boolean;
  /** For space-delimited patterns: the values TestMetricFilter would report as extractedValues. */
  fields?: Record<string, string>;
  /** Where the expectation comes from: an AWS document, an observation of real AWS, or our choice. */
  source: string;
}

export interface ErrorCase {
  pattern: string;
  /** The exact error message, or undefined where only "it is an InvalidParameterException" is known. */
  message?: string;
  source: string;
}

const SPEC_41 = "aws-spec.md §4.1 (CWL-UG FilterAndPatternSyntax)";
const UG_2023 = "CWL-UG FilterAndPatternSyntax.md (awsdocs, 2023)";
const SPEC_42 = "aws-spec.md §4.2 (regex-expressions)";
const SPEC_43 = "aws-spec.md §4.3";
const SPEC_44 = "aws-spec.md §4.4";
const SPEC_45 = "aws-spec.md §4.5 (VPC-UG flow-logs-cwl.md)";
/** A public test suite that ran these patterns through TestMetricFilter on real AWS. */
const OBSERVED = "observed on AWS via TestMetricFilter (public test suite)";
const CHOICE = "flowwatch choice (README.md)";

// aws-spec.md §1.7, default format.
export const FLOW_SSH_ACCEPT = "2 123456789010 eni-1235b8ca123456789 172.31.16.139 172.31.16.21 20641 22 6 20 4249 1418530010 1418530070 ACCEPT OK";
export const FLOW_RDP_REJECT = "2 123456789010 eni-1235b8ca123456789 172.31.9.69 172.31.9.12 49761 3389 6 20 4249 1418530010 1418530070 REJECT OK";
export const FLOW_NODATA = "2 123456789010 eni-1235b8ca123456789 - - - - - - - 1431280876 1431280934 - NODATA";
export const FLOW_SKIPDATA = "2 123456789010 eni-11111111aaaaaaaaa - - - - - - - 1431280876 1431280934 - SKIPDATA";
export const FLOW_ICMP_ACCEPT = "2 123456789010 eni-1235b8ca123456789 203.0.113.12 172.31.16.139 0 0 1 4 336 1432917027 1432917142 ACCEPT OK";
export const FLOW_ICMP_REJECT = "2 123456789010 eni-1235b8ca123456789 172.31.16.139 203.0.113.12 0 0 1 4 336 1432917094 1432917142 REJECT OK";
export const FLOW_IPV6 =
  "2 123456789010 eni-1235b8ca123456789 2001:db8:1234:a100:8d6e:3477:df66:f105 2001:db8:1234:a102:3304:8879:34cf:4071 34892 22 6 54 8855 1477913708 1477913820 ACCEPT OK";
// Variations on the documented records, for the conditions of §4.5.
export const FLOW_SSH_REJECT = "2 123456789010 eni-1235b8ca123456789 198.51.100.7 172.31.16.21 51234 22 6 3 180 1418530010 1418530070 REJECT OK";
export const FLOW_FROM_10_0_0_1 = "2 123456789010 eni-1235b8ca123456789 10.0.0.1 10.0.1.5 40000 80 6 10 1200 1418530010 1418530070 ACCEPT OK";
export const FLOW_FROM_10_0_2_15 = "2 123456789010 eni-1235b8ca123456789 10.0.2.15 10.0.1.5 40001 8080 6 10 300 1418530010 1418530070 REJECT OK";
export const FLOW_FROM_10_0_20_1 = "2 123456789010 eni-1235b8ca123456789 10.0.20.1 10.0.1.5 40002 8080 6 10 500 1418530010 1418530070 REJECT OK";
const FLOW_V3 =
  "3 vpc-abcdefab012345678 subnet-aaaaaaaa012345678 i-01234567890123456 eni-1235b8ca123456789 123456789010 IPv4 52.213.180.42 10.0.0.62 43416 5001 52.213.180.42 10.0.0.62 6 568 8 1566848875 1566848933 ACCEPT 2 OK";

const DEFAULT_ALL = "[version, accountid, interfaceid, srcaddr, dstaddr, srcport, dstport, protocol, packets, bytes, start, end, action, logstatus]";
const SRC_10_0_0_1 =
  "[version, accountid, interfaceid, srcaddr = 10.0.0.1, dstaddr, srcport, dstport, protocol, packets, bytes, start, end, action, logstatus]";
const SRC_10_0_2 = "[version, accountid, interfaceid, srcaddr = 10.0.2.*, dstaddr, srcport, dstport, protocol, packets, bytes, start, end, action, logstatus]";
const WEB =
  "[version, accountid, interfaceid, srcaddr, dstaddr, srcport, dstport = 80 || dstport = 8080, protocol, packets, bytes, start, end, action, logstatus]";
const WEB_REJECT =
  "[version, accountid, interfaceid, srcaddr, dstaddr, srcport, dstport = 80 || dstport = 8080, protocol, packets, bytes >= 400, start, end, action = REJECT, logstatus]";
export const SSH_REJECT_PATTERN =
  '[version, account, eni, source, destination, srcport, destport="22", protocol="6", packets, bytes, windowstart, windowend, action="REJECT", flowlogstatus]';

const UG_JSON = JSON.stringify({
  eventType: "UpdateTrail",
  sourceIPAddress: "111.111.111.111",
  arrayKey: ["value", "another value"],
  objectList: [
    { name: "a", id: 1 },
    { name: "b", id: 2 },
  ],
  SomeObject: null,
  ThisFlag: true,
});
const UG_COMPOUND = JSON.stringify({
  user: { id: 1, email: "John.Stiles@example.com" },
  users: [
    { id: 2, email: "John.Doe@example.com" },
    { id: 3, email: "Jane.Doe@example.com" },
  ],
  actions: ["GET", "PUT", "DELETE"],
  coordinates: [
    [0, 1, 2],
    [4, 5, 6],
    [7, 8, 9],
  ],
});
// The public suite's event, written as it wrote it: numbers keep their text (12.0 stays "12.0").
const OBSERVED_JSON =
  '{"eventType": "UpdateTrail", "sourceIPAddress": "111.111.111.111", "someString": "111.111.111.111", "emptyString": "", "someInt": 123, "someFloat": 12.34, "someFloat2": 12.0, "someObject": {}, "someArray": [], "someNull": null}';

const APACHE_1 = '127.0.0.1 - frank [10/Oct/2000:13:25:15 -0700] "GET /apache_pb.gif HTTP/1.0" 200 1534';
const APACHE_2 = '127.0.0.1 - frank [10/Oct/2000:13:35:22 -0700] "GET /apache_pb.gif HTTP/1.0" 500 5324';
const APACHE_404 = '127.0.0.1 Prod frank [10/Oct/2000:13:25:15 -0700] "GET /index.html HTTP/1.0" 404 1534';
const APACHE_403 = '127.0.0.1 Prod frank [10/Oct/2000:13:25:15 -0700] "GET /index.html HTTP/1.0" 403 1534';

function rows(pattern: string, source: string, cases: Array<[string, boolean]>): MatchCase[] {
  return cases.map(([message, expected]) => ({ pattern, message, expected, source }));
}

export const MATCH_CASES: MatchCase[] = [
  // §4.1 terms
  ...rows("ERROR", SPEC_41, [
    ["[ERROR 400] BAD REQUEST", true],
    ["[INFO 200] OK", false],
    ["[error 400] bad request", false],
  ]),
  ...rows("ERROR ARGUMENTS", SPEC_41, [
    ["[ERROR 419] MISSING ARGUMENTS", true],
    ["[ERROR 400] BAD REQUEST", false],
  ]),
  ...rows("?ERROR ?ARGUMENTS", SPEC_41, [
    ["[ERROR 400] BAD REQUEST", true],
    ["[WARN 420] INVALID ARGUMENTS", true],
    ["[INFO 200] OK", false],
  ]),
  ...rows('"INTERNAL SERVER ERROR"', SPEC_41, [
    ["[ERROR 500] INTERNAL SERVER ERROR", true],
    ["[ERROR 500] SERVER INTERNAL ERROR", false],
  ]),
  ...rows("ERROR -ARGUMENTS", SPEC_41, [
    ["[ERROR 400] BAD REQUEST", true],
    ["[ERROR 419] MISSING ARGUMENTS", false],
  ]),
  ...rows(" ", SPEC_41, [
    ["anything at all", true],
    ["", true],
  ]),
  ...rows("", SPEC_41, [["anything at all", true]]),
  ...rows('""', "aws-spec.md §4.1 (Lightsail GetContainerLog)", [["anything at all", true]]),
  ...rows("-ERROR", "aws-spec.md §4.1 (Lightsail GetContainerLog)", [
    ["[ERROR] x", false],
    ["[INFO] x", true],
  ]),
  ...rows("ERROR Exception", UG_2023, [
    ["[ERROR] Caught IllegalArgumentException", true],
    ["[ERROR] Unhandled Exception", true],
    ["[ERROR] Unhandled", false],
  ]),
  ...rows("ERROR", UG_2023, [
    ["[ERROR] A fatal exception has occurred", true],
    ["Exiting with ERRORCODE: -1", true],
  ]),
  ...rows('"ERROR" - "Exiting"', UG_2023, [
    ["[ERROR] A fatal exception has occurred", true],
    ["Exiting with ERRORCODE: -1", false],
  ]),
  ...rows('"Failed to process the request"', UG_2023, [
    ["[WARN] Failed to process the request", true],
    ["[ERROR] Unable to continue: Failed to process the request", true],
    ["Failed to process request", false],
  ]),
  ...rows("?ERROR ?WARN", UG_2023, [
    ["ERROR WARN message", true],
    ["ERROR message", true],
    ["WARN message", true],
    ["INFO message", false],
  ]),
  ...rows("ERROR WARN", UG_2023, [
    ["ERROR WARN message", true],
    ["ERROR message", false],
    ["WARN message", false],
  ]),
  ...rows("ERROR -WARN", UG_2023, [
    ["ERROR WARN message", false],
    ["ERROR message", true],
    ["WARN message", false],
  ]),
  ...rows('?"ERROR" "MainThread" ?"WARN" "Deadlock"', "AWS CDK FilterPattern.anyTermGroup", [
    ["ERROR in MainThread", true],
    ["WARN Deadlock found", true],
    ["ERROR in worker", false],
    ["WARN MainThread", false],
  ]),
  // §4.2 regex
  ...rows("%AUTHORIZED%", SPEC_42, [
    ["[ERROR 401] UNAUTHORIZED REQUEST", true],
    ["[SUCCESS 200] AUTHORIZED REQUEST", true],
    ["[SUCCESS 200] OK", false],
  ]),
  ...rows("%\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}%", SPEC_42, [
    ["connection from 10.0.0.1 refused", true],
    ["connection from 10.0.0 refused", false],
  ]),
  ...rows("%[Ee]rror|[Ff]ail%", SPEC_42, [
    ["an error happened", true],
    ["Failed", true],
    ["all good", false],
  ]),
  ...rows("%^[hc]at%", SPEC_42, [
    ["hat trick", true],
    ["cat", true],
    ["a cat", false],
  ]),
  ...rows("%colou?r%", SPEC_42, [
    ["color", true],
    ["colour", true],
    ["colr", false],
  ]),
  ...rows("%a{3,5}%", SPEC_42, [
    ["baaab", true],
    ["baab", false],
  ]),
  // §4.3 JSON, the user guide's event and filters
  ...rows('{ $.eventType = "UpdateTrail" }', UG_2023, [[UG_JSON, true]]),
  ...rows("{ $.sourceIPAddress != 123.123.* }", UG_2023, [[UG_JSON, true]]),
  ...rows('{ $.arrayKey[0] = "value" }', UG_2023, [[UG_JSON, true]]),
  ...rows("{ $.objectList[1].id = 2 }", UG_2023, [[UG_JSON, true]]),
  ...rows("{ $.SomeObject IS NULL }", UG_2023, [[UG_JSON, true]]),
  ...rows("{ $.SomeOtherObject NOT EXISTS }", UG_2023, [[UG_JSON, true]]),
  ...rows("{ $.ThisFlag IS TRUE }", UG_2023, [[UG_JSON, true]]),
  ...rows("{ $.ThisFlag IS FALSE }", UG_2023, [[UG_JSON, false]]),
  ...rows('{ $.eventType = "Update*" }', SPEC_43, [[UG_JSON, true]]),
  ...rows('{ ($.user.id = 1) && ($.users[0].email = "John.Doe@example.com") }', UG_2023, [[UG_COMPOUND, true]]),
  ...rows('{ ($.user.id = 2 && $.users[0].email = "nonmatch") || $.actions[2] = "GET" }', UG_2023, [[UG_COMPOUND, false]]),
  ...rows('{ $.user.email = "John.Stiles@example.com" || $.coordinates[0][1] = nonmatch && $.actions[2] = nomatch }', UG_2023, [[UG_COMPOUND, true]]),
  ...rows('{ ($.user.email = "John.Stiles@example.com" || $.coordinates[0][1] = nonmatch) && $.actions[2] = nomatch }', UG_2023, [[UG_COMPOUND, false]]),
  ...rows("{ $.coordinates[0][1] = 1 }", SPEC_43, [[UG_COMPOUND, true]]),
  ...rows("{ $.users = 1 }", UG_2023, [['{"users": [1, 2, 3]}', false]]),
  ...rows("{ $.users != 1 }", UG_2023, [['{"users": [1, 2, 3]}', false]]),
  ...rows("{$.foo = bar}", UG_2023, [
    ['{"foo": "bar"}', true],
    ['{"foo": "baz"}', false],
  ]),
  ...rows("{$.foo = baz }", UG_2023, [
    ['{"foo": "bar"}', false],
    ['{"foo": "baz"}', true],
  ]),
  ...rows("{$.foo = bar || $.foo = baz }", UG_2023, [
    ['{"foo": "bar"}', true],
    ['{"foo": "baz"}', true],
    ['{"foo": "qux"}', false],
  ]),
  ...rows("{ $.latency >= 500 }", UG_2023, [
    ['{"latency": 500}', true],
    ['{"latency": 499.9}', false],
  ]),
  ...rows("{ $.latency >= 500 }", CHOICE, [['{"latency": "600"}', false]]),
  ...rows("{ $.numbers[0] < 10e3 }", UG_2023, [
    ['{"numbers": [9999]}', true],
    ['{"numbers": [10000]}', false],
  ]),
  ...rows("{ $.numbers[0] < 10e-3 }", UG_2023, [
    ['{"numbers": [0.001]}', true],
    ['{"numbers": [0.01]}', false],
  ]),
  ...rows("{ $.processes[4].averageRuntime <= 55.5 }", UG_2023, [['{"processes": [0, 1, 2, 3, {"averageRuntime": 55.5}]}', true]]),
  ...rows("{ $.errorCode = 400 }", UG_2023, [
    ['{"errorCode": 400}', true],
    ['{"errorCode": 400.0}', true],
    ['{"errorCode": 401}', false],
  ]),
  ...rows("{ $.errorCode != 500 }", UG_2023, [
    ['{"errorCode": 400}', true],
    ['{"errorCode": 500}', false],
  ]),
  ...rows("{ $.latency > +1000 }", UG_2023, [
    ['{"latency": 1001}', true],
    ['{"latency": 1000}', false],
  ]),
  ...rows("{ $.latency = * }", UG_2023, [
    ['{"latency": 50, "requestType": "GET"}', true],
    ['{"requestType": "GET"}', false],
  ]),
  ...rows('{ $.eventType = "UpdateTrail" }', SPEC_43, [
    ["eventType UpdateTrail", false],
    ['["UpdateTrail"]', false],
    ['{"eventType": "UpdateTrail"', false],
  ]),
  ...rows("{ $.a NOT EXISTS }", CHOICE, [
    ["not json at all", false],
    ["{}", true],
  ]),
  // Behaviour observed on real AWS (TestMetricFilter), not in the docs.
  ...rows("{ $.someInt = 123.0 }", OBSERVED, [[OBSERVED_JSON, true]]),
  ...rows('{ $.someInt = "123" }', OBSERVED, [[OBSERVED_JSON, true]]),
  ...rows('{ $.someInt != "123.0" }', OBSERVED, [[OBSERVED_JSON, true]]),
  ...rows('{ $.someFloat2 != "12" }', OBSERVED, [[OBSERVED_JSON, true]]),
  ...rows("{ $.someFloat2 = 12 }", OBSERVED, [[OBSERVED_JSON, true]]),
  ...rows("{ $.someInt = 1* }", OBSERVED, [[OBSERVED_JSON, true]]),
  ...rows("{ $.someInt = *23 }", OBSERVED, [[OBSERVED_JSON, true]]),
  ...rows("{ $.someFloat = 12.* }", OBSERVED, [[OBSERVED_JSON, true]]),
  ...rows("{ $.someFloat = *.34 }", OBSERVED, [[OBSERVED_JSON, true]]),
  ...rows("{ $.someFloat != 43.21 }", OBSERVED, [[OBSERVED_JSON, true]]),
  ...rows("{ $.someString = 111.111.111.111 }", OBSERVED, [[OBSERVED_JSON, true]]),
  ...rows("{ $.someString = * }", OBSERVED, [[OBSERVED_JSON, true]]),
  ...rows('{ $.emptyString = "*" }', OBSERVED, [[OBSERVED_JSON, true]]),
  ...rows('{ $.someString = "*.111.111.111" }', OBSERVED, [[OBSERVED_JSON, true]]),
  // AWS takes the last piece of a wildcard at its first occurrence, so these do not match there.
  ...rows('{ $.someString = "*111.111.111" }', OBSERVED, [[OBSERVED_JSON, false]]),
  ...rows("{ $.someString != 111*111 }", OBSERVED, [[OBSERVED_JSON, true]]),
  ...rows('{ $.someInt != "1*3" }', OBSERVED, [[OBSERVED_JSON, false]]),
  ...rows('{ $.someFloat != "1*4" }', OBSERVED, [[OBSERVED_JSON, false]]),
  ...rows('{ $.someFloat != "4*1" }', OBSERVED, [[OBSERVED_JSON, true]]),
  ...rows("{ $.someString != 111 }", OBSERVED, [[OBSERVED_JSON, true]]),
  ...rows("{ $.someString > 123 }", OBSERVED, [[OBSERVED_JSON, false]]),
  ...rows("{ $.someString <= 123 }", OBSERVED, [[OBSERVED_JSON, false]]),
  ...rows("{ $.someString = 123 }", OBSERVED, [[OBSERVED_JSON, false]]),
  ...rows("{ $.someObject != 123 }", OBSERVED, [[OBSERVED_JSON, false]]),
  ...rows('{ $.someObject != "non-number-like" }', OBSERVED, [[OBSERVED_JSON, false]]),
  ...rows("{ $.someObject >= 123 }", OBSERVED, [[OBSERVED_JSON, false]]),
  ...rows("{ $.someInt <= 1000 }", OBSERVED, [[OBSERVED_JSON, true]]),
  ...rows("{ $.someFloat      <=     100.0 }", OBSERVED, [[OBSERVED_JSON, true]]),
  ...rows("{ $.someNull IS NULL }", OBSERVED, [[OBSERVED_JSON, true]]),
  ...rows("{ $.someNull != x }", CHOICE, [[OBSERVED_JSON, false]]),
  ...rows("{ $.missing != x }", CHOICE, [[OBSERVED_JSON, false]]),
  ...rows(
    "{($.eventSource = kms.amazonaws.com) && (($.eventName=DisableKey)||($.eventName=ScheduleKeyDeletion)) }",
    "CIS AWS Foundations benchmark metric filter",
    [
      ['{"eventSource": "kms.amazonaws.com", "eventName": "ScheduleKeyDeletion"}', true],
      ['{"eventSource": "kms.amazonaws.com", "eventName": "Encrypt"}', false],
    ],
  ),
  ...rows("{ $.msg = %^ERR[0-9]+% }", SPEC_42, [
    ['{"msg": "ERR42 boom"}', true],
    ['{"msg": "an ERR42"}', false],
  ]),
  // §4.4 space-delimited
  ...rows("[ip, user, username, timestamp, request, status_code, bytes]", UG_2023, [
    [APACHE_1, true],
    ["127.0.0.1 - frank", false],
  ]),
  ...rows("[..., status_code, bytes]", UG_2023, [
    [APACHE_1, true],
    ["1534", false],
  ]),
  ...rows("[ip, user, ..., status_code, bytes]", UG_2023, [[APACHE_1, true]]),
  ...rows("[ip, user, ...]", UG_2023, [
    [APACHE_1, true],
    ["127.0.0.1", false],
  ]),
  ...rows("[ip, user, username, timestamp, request, status_code, bytes > 1000]", UG_2023, [
    [APACHE_1, true],
    ['127.0.0.1 - frank [x] "GET / HTTP/1.0" 200 999', false],
  ]),
  ...rows("[ip, user, username, timestamp, request, status_code = 200, bytes]", UG_2023, [
    [APACHE_1, true],
    [APACHE_2, false],
  ]),
  ...rows("[ip, user, username, timestamp, request, status_code = 4*, bytes]", UG_2023, [
    [APACHE_404, true],
    [APACHE_1, false],
  ]),
  ...rows("[ip, user, username, timestamp, request = *html*, status_code = 4*, bytes]", UG_2023, [
    [APACHE_404, true],
    [APACHE_1, false],
  ]),
  ...rows("[ip, user, username, timestamp, request, status_code = 403 || status_code = 404, bytes]", UG_2023, [
    [APACHE_404, true],
    [APACHE_403, true],
    [APACHE_1, false],
  ]),
  ...rows("[ip, user, username, timestamp, request, status_code = 4* && status_code != 403, bytes]", SPEC_44, [
    [APACHE_404, true],
    [APACHE_403, false],
  ]),
  ...rows("[w1=ERROR, w2]", UG_2023, [
    ["ERROR WARN message", false],
    ["ERROR message", true],
    ["WARN message", false],
  ]),
  ...rows("[w1=ERROR || w1=WARN, w2]", UG_2023, [
    ["ERROR WARN message", false],
    ["ERROR message", true],
    ["WARN message", true],
  ]),
  // The guide says this one matches "ERROR WARN message"; that contradicts its own field rule, so we follow the rule.
  ...rows("[w1!=ERROR&&w1!=WARN, w2]", CHOICE, [
    ["ERROR WARN message", false],
    ["ERROR message", false],
    ["INFO message", true],
  ]),
  {
    pattern: "[ip, user, username, timestamp, request =*.html*, status_code = 4*, bytes]",
    message: APACHE_404,
    expected: true,
    fields: {
      $ip: "127.0.0.1",
      $user: "Prod",
      $username: "frank",
      $timestamp: "10/Oct/2000:13:25:15 -0700",
      $request: "GET /index.html HTTP/1.0",
      $status_code: "404",
      $bytes: "1534",
    },
    source: SPEC_44,
  },
  {
    pattern: "[..., request=*.html*, status_code=4*,]",
    message: '127.0.0.1 - frank [10/Oct/2000:13:25:15 -0700] "GET /index.html HTTP/1.0" 404 1534',
    expected: true,
    fields: { $1: "127.0.0.1", $2: "-", $3: "frank", $4: "10/Oct/2000:13:25:15 -0700", $request: "GET /index.html HTTP/1.0", $status_code: "404", $7: "1534" },
    source: UG_2023,
  },
  // §4.5 flow logs
  ...rows(DEFAULT_ALL, SPEC_45, [
    [FLOW_SSH_ACCEPT, true],
    [FLOW_RDP_REJECT, true],
    [FLOW_NODATA, true],
    [FLOW_SKIPDATA, true],
    [FLOW_IPV6, true],
    [FLOW_V3, false],
  ]),
  ...rows(SRC_10_0_0_1, SPEC_45, [
    [FLOW_FROM_10_0_0_1, true],
    [FLOW_SSH_ACCEPT, false],
    [FLOW_NODATA, false],
  ]),
  ...rows(SRC_10_0_2, SPEC_45, [
    [FLOW_FROM_10_0_2_15, true],
    [FLOW_FROM_10_0_20_1, false],
    [FLOW_FROM_10_0_0_1, false],
  ]),
  ...rows(WEB, SPEC_45, [
    [FLOW_FROM_10_0_0_1, true],
    [FLOW_FROM_10_0_2_15, true],
    [FLOW_SSH_ACCEPT, false],
    [FLOW_NODATA, false],
  ]),
  ...rows(WEB_REJECT, SPEC_45, [
    [FLOW_FROM_10_0_20_1, true],
    [FLOW_FROM_10_0_2_15, false],
    [FLOW_FROM_10_0_0_1, false],
    [FLOW_NODATA, false],
  ]),
  ...rows(SSH_REJECT_PATTERN, SPEC_45, [
    [FLOW_SSH_REJECT, true],
    [FLOW_SSH_ACCEPT, false],
    [FLOW_RDP_REJECT, false],
    [FLOW_NODATA, false],
    [FLOW_ICMP_REJECT, false],
    [FLOW_ICMP_ACCEPT, false],
    [FLOW_V3, false],
  ]),
  {
    pattern: SSH_REJECT_PATTERN,
    message: FLOW_SSH_REJECT,
    expected: true,
    fields: {
      $version: "2",
      $account: "123456789010",
      $eni: "eni-1235b8ca123456789",
      $source: "198.51.100.7",
      $destination: "172.31.16.21",
      $srcport: "51234",
      $destport: "22",
      $protocol: "6",
      $packets: "3",
      $bytes: "180",
      $windowstart: "1418530010",
      $windowend: "1418530070",
      $action: "REJECT",
      $flowlogstatus: "OK",
    },
    source: SPEC_45,
  },
  ...rows("[version, account, eni, source, destination, srcport, destport, protocol, packets, bytes > 4000, ...]", SPEC_44, [
    [FLOW_SSH_ACCEPT, true],
    [FLOW_ICMP_ACCEPT, false],
    [FLOW_NODATA, false],
  ]),
  ...rows("[..., action = REJECT, status]", SPEC_44, [
    [FLOW_RDP_REJECT, true],
    [FLOW_SSH_ACCEPT, false],
  ]),
  ...rows("[..., action != REJECT, status]", SPEC_44, [
    [FLOW_RDP_REJECT, false],
    [FLOW_SSH_ACCEPT, true],
    [FLOW_NODATA, true],
  ]),
  ...rows('[version, account, eni, source = "2001:db8:*", ...]', SPEC_44, [
    [FLOW_IPV6, true],
    [FLOW_SSH_ACCEPT, false],
  ]),
  ...rows("[version, account, eni, source = %^172\\.31\\.%, ...]", SPEC_42, [
    [FLOW_SSH_ACCEPT, true],
    [FLOW_ICMP_ACCEPT, false],
  ]),
];

export const ERROR_CASES: ErrorCase[] = [
  { pattern: "%something!%", message: "Invalid character(s) in term '!'", source: SPEC_42 },
  { pattern: "%(ab)+%", message: "Invalid character(s) in term '('", source: SPEC_42 },
  { pattern: "%é%", message: "Invalid character(s) in term 'é'", source: SPEC_42 },
  { pattern: "?Status: timeout", message: "Invalid character(s) in term ':'", source: "observed on AWS (FilterLogEvents, public notes)" },
  {
    pattern: "PlayerSpawnedInWorld (reason: JoinMultiplayer",
    message: "Invalid character(s) in term '('",
    source: "observed on AWS (PutSubscriptionFilter, public notes)",
  },
  { pattern: 'level\\":\\"error', message: "Invalid character(s) in term '\\'", source: "observed on AWS (PutMetricFilter, public notes)" },
  { pattern: "`ERROR`", message: "Invalid character(s) in term '`'", source: "observed on AWS (PutSubscriptionFilter, public notes)" },
  { pattern: '{ $."sc-status" = 5* }', message: "Invalid character(s) in term '$.\"'", source: "observed on AWS (FilterLogEvents, public notes)" },
  {
    pattern: '{ $.message = "error-response", $.path = "/authenticate" }',
    message: "Invalid character(s) in term ','",
    source: "observed on AWS (FilterLogEvents, public notes)",
  },
  { pattern: '{ $.someString > "quoted_string" }', message: "Invalid character(s) in term '\"quoted_string\"'", source: OBSERVED },
  { pattern: '{ $.someString >= "123" }', message: "Invalid character(s) in term '\"123\"'", source: OBSERVED },
  { pattern: "{ $.someString < unquoted_string }", message: "Invalid character(s) in term 'unquoted_string'", source: OBSERVED },
  { pattern: "{ $.eventType <= UpdateTrail }", message: "Invalid character(s) in term 'UpdateTrail'", source: OBSERVED },
  { pattern: "10.0.0.1", message: "Invalid character(s) in term '.'", source: "CWL-UG: terms with non-alphanumeric characters must be quoted" },
  { pattern: "x".repeat(1025), source: "test/vectors/aws-recorded/logs_test_logs_metric_filters.snapshot.json (filterPattern length 1024)" },
  { pattern: "{ $.a IS NOT NULL }", source: "aws-spec.md §4.3 (IS NOT is not supported)" },
  { pattern: "{ $.a EXISTS }", source: "aws-spec.md §4.3 (EXISTS is not supported)" },
  { pattern: "{ $.a = %x% && $.b = %y% && $.c = %z% }", source: "aws-spec.md §4.2 (at most 2 regexes per pattern)" },
  { pattern: '"unterminated', source: CHOICE },
  { pattern: "{ $.a = 1", source: CHOICE },
  { pattern: "{ }", source: CHOICE },
  { pattern: "[a, b", source: CHOICE },
  { pattern: "[a, ..., b, ...]", source: CHOICE },
  { pattern: "[a = 1 && b = 2]", source: CHOICE },
  { pattern: "[a, a]", source: CHOICE },
  { pattern: "[]", source: CHOICE },
  { pattern: "ERROR ?WARN", source: CHOICE },
  { pattern: "ERROR %WARN%", source: CHOICE },
  { pattern: "%ab%c%", source: CHOICE },
  { pattern: "%%", source: CHOICE },
  { pattern: "%a**%", source: CHOICE },
  { pattern: "%a{2,1}%", source: CHOICE },
  { pattern: "%\\bword%", source: CHOICE },
  { pattern: "%a{1001}%", source: CHOICE },
  { pattern: "-", source: CHOICE },
  { pattern: '"a\\tb"', source: CHOICE },
];
