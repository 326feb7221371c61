/**
 * The case table of Logs Insights' `sort` order: the example list of AWS's `sort` page in AWS's order,
 * each entry with the page's reason, and flow log values (addresses, interfaces, ports) ordered by the
 * page's rules. Plain data, for the engine's unit test and for a wire test through the AWS CLI.
 */

/** AWS's documentation page that states the rules and gives the example list. */
export const SORT_PAGE = "https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/CWL_QuerySyntax-Sort.html";

export interface SortEntry {
  readonly value: string;
  /** Why the value stands where it does: the page's own annotation, or the rule it follows. */
  readonly why: string;
  readonly source: string;
}

const page = (why: string): Pick<SortEntry, "why" | "source"> => ({ why, source: SORT_PAGE });

/**
 * The page's example list, top to bottom, as "the result of a sort in ascending order"; the page adds
 * "If you sort in descending order, the sort results are the reverse".
 */
export const DOCUMENTED_ORDER: readonly SortEntry[] = [
  { value: "!:", ...page("sorted by unicode order (page's note): '!' is U+0021") },
  { value: "#", ...page("sorted by unicode order: '#' U+0023 after '!'") },
  { value: "*%04", ...page("sorted by unicode order: '*' U+002A after '#'; its chunks are '*%' and '04'") },
  { value: "0#", ...page("alphanumeric starting with numbers (page's note): the chunk '0' against '*%' by unicode order ('0' U+0030)") },
  { value: "5A", ...page("numeric chunks by length, then value: '5' against '0', same length, 5 > 0") },
  { value: "111A", ...page("starts with more digits than 5A, so it sorted to be later than 5A (page's note)") },
  { value: "2345_", ...page("numeric chunk of four digits after one of three") },
  { value: "@", ...page("2345 is compared with @ in the unicode order (page's note): '@' U+0040 after '2' U+0032") },
  { value: "@_", ...page("'@' is a prefix of '@_': the shorter first") },
  { value: "A", ...page("values starting with letters (page's note): 'A' U+0041 after '@'") },
  { value: "A9876fghj", ...page("'A' then a numeric chunk: longer than 'A'") },
  { value: "a12345hfh", ...page("'a' U+0061 after 'A' U+0041") },
  { value: "0", ...page("number values (page's note): all non-number values come before all number values") },
  { value: "01", ...page("number values by numerical value; 01 equals 1, and the page lists 01 first") },
  { value: "1", ...page("number values by numerical value") },
  { value: "2", ...page("number values by numerical value") },
  { value: "3", ...page("number values by numerical value") },
];

/**
 * Flow log values in the order the page's rules give, where plain code-point order differs: addresses
 * and port lists by the length of each numeric chunk, then its value (8.8.8.8 before 10.0.1.5, 10.0.1.5
 * before 10.0.1.10), interface ids likewise, and port numbers, being number values, last and by value.
 */
export const FLOW_VALUE_ORDER: readonly SortEntry[] = [
  { value: "8.8.8.8", ...page("rule: numeric chunks by length first; '8' has one digit") },
  { value: "10.0.1.5", ...page("rule: first chunk '10' has two digits; equal chunks up to '5'") },
  { value: "10.0.1.10", ...page("rule: last chunk '10' is longer than '5'") },
  { value: "10.0.2.1", ...page("rule: fourth chunk '2' after '1', same length") },
  { value: "22,443", ...page("rule: first chunk '22' after '10', same length") },
  { value: "80,443", ...page("rule: first chunk '80' after '22', same length") },
  { value: "172.31.0.10", ...page("rule: first chunk of three digits") },
  { value: "203.0.113.7", ...page("rule: '203' after '172', same length") },
  { value: "443,8443", ...page("rule: '443' after '203', same length") },
  { value: "eni-1a2b3c4d", ...page("rule: non-numeric chunk 'eni-' after numeric chunks by unicode order ('e' U+0065 after digits)") },
  { value: "eni-0123456789abcdef0", ...page("rule: numeric chunk '0123456789' (ten digits) after '1' (one)") },
  { value: "22", ...page("rule: all non-number values come before all number values; numbers by value") },
  { value: "80", ...page("rule: number values by numerical value") },
  { value: "443", ...page("rule: number values by numerical value") },
  { value: "3389", ...page("rule: number values by numerical value") },
];
