/** STS's public surface: the service for the registry, and assumeRoleAsService for in-server callers. */
export { createStsService, type StsService } from "./service.js";
export type { ServiceAssumeContext, ServiceAssumeResult, TemporaryCredentials } from "./assume-role.js";

import type { ServiceDefinition } from "../service.js";
import type { StsService } from "./service.js";

/** The STS service among a LocalCloud's services (createServices' list). */
export function stsOf(services: readonly ServiceDefinition[]): StsService | undefined {
  return services.find((s) => s.signingName === "sts") as StsService | undefined;
}
