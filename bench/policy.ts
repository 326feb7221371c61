/** IAM policy evaluation: decisions per second for a principal with ten attached policies of ten statements each. */
import { PolicyCache, evaluate, parsePolicyDocument, principalFromArn } from "../src/policy/index.js";
import type { AuthorizationRequest, PolicyInput } from "../src/policy/index.js";
import { type Figure, medianSeconds } from "./measure.js";

const ACCT = "123456789012";
const DECISIONS = 200_000;
const RUNS = 5;
const SERVICES = ["logs", "ec2", "iam", "s3", "sts", "cloudwatch", "kms", "sns", "sqs", "lambda"];

/** Ten statements in the shapes real policies have: action lists, wildcards, ARNs, a condition, a deny, a variable. */
function policyText(p: number): string {
  const svc = SERVICES[p] as string;
  const statements = [];
  for (let s = 0; s < 10; s++) {
    const st: Record<string, unknown> = {
      Sid: `P${p}S${s}`,
      Effect: s === 9 ? "Deny" : "Allow",
      Action: s % 3 === 0 ? [`${svc}:Describe*`, `${svc}:List*`, `${svc}:Get*`] : [`${svc}:Action${s}A`, `${svc}:Action${s}B`],
      Resource: s % 2 === 0 ? `arn:aws:${svc}:${svc === "iam" || svc === "sts" ? "" : "*"}:${ACCT}:thing-${s}/*` : "*",
    };
    if (s === 4) st.Condition = { StringEquals: { "aws:RequestedRegion": ["us-east-1", "eu-west-1"] } };
    if (s === 5) st.Condition = { IpAddress: { "aws:SourceIp": ["10.0.0.0/8", "192.168.0.0/16"] } };
    if (s === 6) st.Resource = `arn:aws:iam::${ACCT}:user/\${aws:username}`;
    if (s === 9) st.Action = `${svc}:Delete*`;
    statements.push(st);
  }
  if (p === 0)
    statements[1] = { Sid: "Flow", Effect: "Allow", Action: ["logs:CreateLogStream", "logs:PutLogEvents"], Resource: `arn:aws:logs:*:${ACCT}:log-group:*` };
  return JSON.stringify({ Version: "2012-10-17", Statement: statements });
}

function requests(): AuthorizationRequest[] {
  const principal = principalFromArn(`arn:aws:iam::${ACCT}:user/alice`, { userId: "AIDAEXAMPLE" });
  const context = { "aws:SourceIp": "10.1.2.3", "aws:RequestedRegion": "us-east-1", "aws:SecureTransport": true };
  const now = new Date("2025-06-01T12:00:00Z");
  const r = (action: string, resource: string): AuthorizationRequest => ({ principal, action, resource, context, now });
  return [
    r("logs:PutLogEvents", `arn:aws:logs:us-east-1:${ACCT}:log-group:MyVpc22-Log:log-stream:eni-1`),
    r("logs:DescribeLogGroups", "*"),
    r("ec2:Action4A", "*"),
    r("s3:Action5B", "*"),
    r("iam:Action6A", `arn:aws:iam::${ACCT}:user/alice`),
    r("kms:DeleteKey", "*"),
    r("lambda:InvokeFunction", "*"),
    r("sqs:Action2A", `arn:aws:sqs:us-east-1:${ACCT}:thing-2/q`),
  ];
}

export async function benchPolicy(): Promise<Figure[]> {
  const texts = Array.from({ length: 10 }, (_, p) => policyText(p));
  const inputs: PolicyInput[] = texts.map((text, p) => ({ policy: parsePolicyDocument(text, "identity"), id: `policy-${p}` }));
  const reqs = requests();
  const tally = { Allow: 0, ExplicitDeny: 0, ImplicitDeny: 0 };
  const compiled = medianSeconds(RUNS, () => {
    for (let i = 0; i < DECISIONS; i++) tally[evaluate(reqs[i % reqs.length] as AuthorizationRequest, inputs).decision]++;
  });
  if (tally.Allow === 0 || tally.ExplicitDeny === 0 || tally.ImplicitDeny === 0)
    throw new Error(`benchmark requests should give every decision: ${JSON.stringify(tally)}`);

  // As the server will: the role's attachment list (policy ARN, default version) is looked up in the cache
  // on every decision, so a CreatePolicyVersion / SetDefaultPolicyVersion takes effect on the next call.
  const cache = new PolicyCache();
  const attachments = texts.map((text, p) => ({ arn: `arn:aws:iam::${ACCT}:policy/p${p}`, version: "v1", load: () => ({ text, kind: "identity" as const }) }));
  const cached = medianSeconds(RUNS, () => {
    for (let i = 0; i < DECISIONS; i++) {
      const attached: PolicyInput[] = [];
      for (const a of attachments) attached.push({ policy: cache.get(a.arn, a.version, a.load), id: a.arn });
      evaluate(reqs[i % reqs.length] as AuthorizationRequest, attached);
    }
  });

  const COMPILES = 2_000;
  const compile = medianSeconds(RUNS, () => {
    for (let i = 0; i < COMPILES; i++) parsePolicyDocument(texts[i % texts.length] as string, "identity");
  });

  return [
    { name: "policy: decisions, 10 policies x 10 statements", value: DECISIONS / compiled, unit: "decisions/s", note: "target >= 200,000" },
    { name: "policy: decisions with cache lookups per decision", value: DECISIONS / cached, unit: "decisions/s", note: "target >= 200,000" },
    { name: "policy: parse + validate + compile, 10 statements", value: COMPILES / compile, unit: "documents/s" },
  ];
}
