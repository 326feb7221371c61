/** IAM's public surface: the service for the registry, and the identity directory for enforcement and STS. */
export { createIamService, IAM_XMLNS, type IamService } from "./service.js";
export {
  IamDirectory,
  type AssumableRole,
  type IdentityDirectory,
  type IdentityPolicies,
  type SessionInfo,
  type SessionResolver,
} from "./directory.js";
export { parseArn, parseRoleArn } from "./arn.js";
export { accessKeyId, secretAccessKey } from "./ids.js";
export type { OidcProvider } from "./oidc-providers.js";
export { fetchOidcJson, OidcFetchError } from "./oidc-fetch.js";
export type { SamlProvider } from "./saml-providers.js";
export { descendants, parseXml, type XmlElement, type XmlNode } from "./saml-metadata.js";

import type { ServiceDefinition } from "../service.js";
import { IamDirectory } from "./directory.js";

/** The identity directory among a LocalCloud's services (createServices' list), for the pipeline to authorize with. */
export function identityDirectoryOf(services: readonly ServiceDefinition[]): IamDirectory | undefined {
  for (const s of services) if (s.signingName === "iam" && "directory" in s && s.directory instanceof IamDirectory) return s.directory;
  return undefined;
}
