/**
 * The registry of the local cloud's services: one instance of each per LocalCloud. Routing, the
 * compatibility table and the every-operation-has-a-wire-test check all read this list.
 */
import { createCloudWatchService } from "./cloudwatch/service.js";
import { createIamService } from "./iam/service.js";
import { createEc2Service } from "./ec2/service.js";
import { createLogsService } from "./logs/service.js";
import type { Protocol, ServiceDefinition, ServiceDeps } from "./service.js";
import { createStsService } from "./sts/service.js";

export function createServices(deps: ServiceDeps): ServiceDefinition[] {
  const iam = createIamService(deps);
  // Metric filters publish into CloudWatch: the logs service hands its observations to this sink.
  const cloudwatch = createCloudWatchService(deps);
  const logs = createLogsService(deps, { metricFilterSinks: [cloudwatch.metricFilterSink] });
  return [logs, iam, createStsService(deps, iam), createEc2Service(deps), cloudwatch];
}

/** The API version each Query service's requests carry, for unsigned requests that name no service. */
const QUERY_VERSIONS: Readonly<Record<string, string>> = {
  "2010-05-08": "iam",
  "2011-06-15": "sts",
  "2016-11-15": "ec2",
  "2010-08-01": "monitoring",
};

export class ServiceRegistry {
  constructor(readonly services: readonly ServiceDefinition[]) {}

  byTargetPrefix(prefix: string): ServiceDefinition | undefined {
    return this.services.find((s) => s.targetPrefix === prefix);
  }

  /** An RPC v2 CBOR service, by the shape name its request path carries. */
  byCborServiceName(name: string): ServiceDefinition | undefined {
    return this.services.find((s) => s.cborServiceName === name && s.protocols.includes("smithy-rpc-v2-cbor"));
  }

  /** A Query or EC2 Query service, by the SigV4 scope's service, else by the form's Version. */
  forQuery(signingService: string | undefined, version: string | null): ServiceDefinition | undefined {
    const name = signingService ?? (version === null ? undefined : QUERY_VERSIONS[version]);
    return this.services.find((s) => s.signingName === name && s.protocols.some((p) => p === "query" || p === "ec2"));
  }

  /** The protocol of a form request to this service: EC2 speaks its own dialect of Query. */
  static formProtocol(service: ServiceDefinition): Protocol {
    return service.protocols.includes("ec2") ? "ec2" : "query";
  }

  reset(): void {
    for (const service of this.services) service.reset();
  }
}
