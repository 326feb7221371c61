/**
 * The AWS managed policies present in every account, read-only. Their documents follow AWS's published
 * ones; the long ones (ReadOnlyAccess, AmazonVPCFullAccess) are abridged to the services flowwatch runs.
 */
import { AWS_MANAGED_ACCOUNT, policyArn } from "./arn.js";
import { stableId } from "./ids.js";

export interface ManagedPolicy {
  name: string;
  arn: string;
  id: string;
  path: string;
  description: string;
  document: string;
  defaultVersion: string;
  createDate: number;
  updateDate: number;
}

const doc = (statements: object[]) => JSON.stringify({ Version: "2012-10-17", Statement: statements }, null, 4);

const definitions: Array<Omit<ManagedPolicy, "arn" | "id" | "path" | "defaultVersion">> = [
  {
    name: "AdministratorAccess",
    description: "Provides full access to AWS services and resources.",
    document: doc([{ Effect: "Allow", Action: "*", Resource: "*" }]),
    createDate: Date.UTC(2015, 1, 6, 18, 39, 46),
    updateDate: Date.UTC(2015, 1, 6, 18, 39, 46),
  },
  {
    name: "ReadOnlyAccess",
    description: "Provides read-only access to AWS services and resources.",
    document: doc([
      {
        Sid: "ReadOnlyActions",
        Effect: "Allow",
        Action: [
          "cloudwatch:Describe*",
          "cloudwatch:Get*",
          "cloudwatch:List*",
          "ec2:Describe*",
          "ec2:Get*",
          "ec2:Search*",
          "iam:Generate*",
          "iam:Get*",
          "iam:List*",
          "iam:Simulate*",
          "logs:Describe*",
          "logs:FilterLogEvents",
          "logs:Get*",
          "logs:List*",
          "logs:StartQuery",
          "logs:StopQuery",
          "logs:TestMetricFilter",
          "sts:GetCallerIdentity",
        ],
        Resource: "*",
      },
    ]),
    createDate: Date.UTC(2015, 1, 6, 18, 39, 48),
    updateDate: Date.UTC(2024, 0, 1),
  },
  {
    name: "CloudWatchLogsFullAccess",
    description: "Provides full access to CloudWatch Logs",
    document: doc([
      {
        Sid: "CloudWatchLogsFullAccess",
        Effect: "Allow",
        Action: ["logs:*", "cloudwatch:GenerateQuery", "cloudwatch:GenerateQueryResultsSummary"],
        Resource: "*",
      },
    ]),
    createDate: Date.UTC(2015, 1, 6, 18, 40, 2),
    updateDate: Date.UTC(2024, 0, 1),
  },
  {
    name: "CloudWatchLogsReadOnlyAccess",
    description: "Provides read only access to CloudWatch Logs",
    document: doc([
      {
        Sid: "CloudWatchLogsReadOnlyAccess",
        Effect: "Allow",
        Action: [
          "logs:Describe*",
          "logs:Get*",
          "logs:List*",
          "logs:StartQuery",
          "logs:StopQuery",
          "logs:TestMetricFilter",
          "logs:FilterLogEvents",
          "logs:StartLiveTail",
          "logs:StopLiveTail",
          "cloudwatch:GenerateQuery",
        ],
        Resource: "*",
      },
    ]),
    createDate: Date.UTC(2015, 1, 6, 18, 40, 3),
    updateDate: Date.UTC(2024, 0, 1),
  },
  {
    name: "AmazonVPCFullAccess",
    description: "Provides full access to Amazon VPC via the AWS Management Console.",
    document: doc([
      {
        Sid: "AmazonVPCFullAccess",
        Effect: "Allow",
        Action: [
          "ec2:AcceptVpc*",
          "ec2:Allocate*",
          "ec2:Assign*",
          "ec2:Associate*",
          "ec2:Attach*",
          "ec2:Authorize*",
          "ec2:Create*",
          "ec2:Delete*",
          "ec2:Describe*",
          "ec2:Detach*",
          "ec2:Disassociate*",
          "ec2:Modify*",
          "ec2:Release*",
          "ec2:Replace*",
          "ec2:Revoke*",
          "ec2:Unassign*",
          "ec2:*FlowLogs",
        ],
        Resource: "*",
      },
    ]),
    createDate: Date.UTC(2015, 1, 6, 18, 41, 16),
    updateDate: Date.UTC(2024, 0, 1),
  },
  {
    name: "AmazonEC2ReadOnlyAccess",
    description: "Provides read only access to Amazon EC2 via the AWS Management Console.",
    document: doc([
      { Effect: "Allow", Action: "ec2:Describe*", Resource: "*" },
      { Effect: "Allow", Action: "elasticloadbalancing:Describe*", Resource: "*" },
      { Effect: "Allow", Action: ["cloudwatch:ListMetrics", "cloudwatch:GetMetricStatistics", "cloudwatch:Describe*"], Resource: "*" },
      { Effect: "Allow", Action: "autoscaling:Describe*", Resource: "*" },
    ]),
    createDate: Date.UTC(2015, 1, 6, 18, 40, 17),
    updateDate: Date.UTC(2015, 1, 6, 18, 40, 17),
  },
];

export const MANAGED_POLICIES: readonly ManagedPolicy[] = definitions.map((d) => ({
  ...d,
  arn: policyArn(AWS_MANAGED_ACCOUNT, "/", d.name, "aws"),
  id: stableId("ANPA", d.name),
  path: "/",
  defaultVersion: "v1",
}));

const byArn = new Map(MANAGED_POLICIES.map((p) => [p.arn, p]));

export const managedPolicy = (arn: string): ManagedPolicy | undefined => byArn.get(arn);
