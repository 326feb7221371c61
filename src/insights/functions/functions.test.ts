/** The scalar functions through queries, with AWS's documented examples where it gives them. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { runQuerySync } from "../index.js";
import { ipv4ToInt, parseSubnet } from "./ip.js";

const EVENT = {
  timestamp: Date.UTC(2024, 4, 1, 12, 34, 56, 789),
  ingestionTime: Date.UTC(2024, 4, 1, 12, 35, 0, 0),
  message: '{"s":"  padded  ","n":"-7.5","ip":"192.0.2.44","ip6":"2001:db8::1","empty":"","e":"é🙂x"}',
  logStream: "stream-1",
  log: "000000000000:MyVpc22-Log",
};

/** The value of one expression over the event; undefined when the result leaves the field out. */
function value(expression: string): string | undefined {
  const { results } = runQuerySync(`fields ${expression} as v`, [EVENT]);
  return results[0]?.find((f) => f.field === "v")?.value;
}

describe("string functions", () => {
  const cases: [string, string | undefined][] = [
    ['ltrim("xyZxyfooxyZ","xyZ")', "fooxyZ"],
    ['rtrim("xyZfooxyxyZ","xyZ")', "xyZfoo"],
    ['trim("xyZxyfooxyxyZ","xyZ")', "foo"],
    ["trim(s)", "padded"],
    ["ltrim(s)", "padded  "],
    ['substr("xyZfooxyZ",3, 3)', "foo"],
    ['substr("xyZfooxyZ",3)', "fooxyZ"],
    ['replace("a-b-c", "-", "+")', "a+b+c"],
    ['strcontains("haystack", "st")', "1"],
    ['strcontains("haystack", "x")', "0"],
    ["strlen(e)", "3"],
    ['toupper("aBc")', "ABC"],
    ['tolower("aBc")', "abc"],
    ['concat("a", 1, missing, "b")', "a1b"],
    ["isempty(empty)", "1"],
    ["isempty(missing)", "1"],
    ["isempty(s)", "0"],
    ["isblank(s)", "0"],
    ['isblank("  ")', "1"],
    ["toupper(missing)", undefined],
  ];
  for (const [expression, expected] of cases) it(expression, () => assert.equal(value(expression), expected));
});

describe("numeric, general and arithmetic", () => {
  const cases: [string, string | undefined][] = [
    ["abs(n)", "7.5"],
    ["ceil(n)", "-7"],
    ["floor(n)", "-8"],
    ["greatest(1, 5, n)", "5"],
    ["least(1, 5, n)", "-7.5"],
    ["sqrt(16)", "4"],
    ["log(1)", "0"],
    ["sqrt(-1)", undefined],
    ["2 ^ 3", "8"],
    ["10 % 3", "1"],
    ["1 + 2 * 3", "7"],
    ["(1 + 2) * 3", "9"],
    ["-2 ^ 2", "-4"],
    ["1 / 0", undefined],
    ['"3" + 4', "7"],
    ['"x" + 4', undefined],
    ["ispresent(s)", "1"],
    ["ispresent(missing)", "0"],
    ['coalesce(missing, empty, "z")', ""],
    ['coalesce(missing, "z")', "z"],
    ["1 < 2 and 2 < 3", "1"],
    ["missing = 1", undefined],
    ["not (missing = 1)", undefined],
    ["missing = 1 or 1 = 1", "1"],
    ["n in [-7.5, 2]", "1"],
    ['n not in ["-7.5"]', "0"],
    ["s =~ /^ +pad/", "1"],
    ['s like "dde"', "1"],
    ["s like /(?i)PADDED/", "1"],
    ["s not like /padded/", "0"],
  ];
  for (const [expression, expected] of cases) it(expression, () => assert.equal(value(expression), expected));
});

describe("datetime functions", () => {
  const cases: [string, string | undefined][] = [
    ["bin(1h)", "2024-05-01 12:00:00.000"],
    ["bin(5m)", "2024-05-01 12:30:00.000"],
    ["bin(100ms)", "2024-05-01 12:34:56.700"],
    ["bin(1d)", "2024-05-01 00:00:00.000"],
    ["datefloor(@timestamp, 1m)", "2024-05-01 12:34:00.000"],
    ["dateceil(@timestamp, 1m)", "2024-05-01 12:35:00.000"],
    ["toMillis(@timestamp)", String(EVENT.timestamp)],
    ["fromMillis(1000)", "1970-01-01 00:00:01.000"],
    ["@ingestionTime", "2024-05-01 12:35:00.000"],
    ["@timestamp - 789", String(EVENT.timestamp - 789)],
  ];
  for (const [expression, expected] of cases) it(expression, () => assert.equal(value(expression), expected));
});

describe("IP functions", () => {
  const cases: [string, string][] = [
    ["isValidIp(ip)", "1"],
    ["isValidIp(ip6)", "1"],
    ["isValidIp(s)", "0"],
    ["isValidIpV4(ip)", "1"],
    ["isValidIpV4(ip6)", "0"],
    ["isValidIpV6(ip6)", "1"],
    ['isValidIpV4("256.1.1.1")', "0"],
    ['isValidIpV4("1.2.3")', "0"],
    ['isIpInSubnet(ip, "192.0.2.0/24")', "1"],
    ['isIpInSubnet(ip, "192.0.2.0/27")', "0"],
    ['isIpInSubnet(ip6, "2001:db8::/32")', "1"],
    ['isIpv4InSubnet(ip, "192.0.2.32/27")', "1"],
    ['isIpv4InSubnet(ip6, "192.0.2.0/24")', "0"],
    ['isIpv6InSubnet(ip6, "2001:db8::/32")', "1"],
    ['isIpv6InSubnet(ip6, "2001:db9::/32")', "0"],
    ['isIpInSubnet(ip, "0.0.0.0/0")', "1"],
  ];
  for (const [expression, expected] of cases) it(expression, () => assert.equal(value(expression), expected));

  it("parses addresses and subnets", () => {
    assert.equal(ipv4ToInt("255.255.255.255"), 0xffffffff);
    assert.equal(ipv4ToInt("1.2.3.4.5"), -1);
    assert.equal(ipv4ToInt("1..3.4"), -1);
    assert.equal(parseSubnet("10.0.0.0/33"), null);
    assert.deepEqual(parseSubnet("10.1.2.3/8"), { family: 4, base: 0x0a000000, mask: 0xff000000 });
  });
});
