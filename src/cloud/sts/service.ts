/**
 * The STS service: Query protocol, 2011-06-15. GetCallerIdentity, AssumeRole, GetSessionToken,
 * GetFederationToken and GetAccessKeyInfo over the wire, and assumeRoleAsService for the server's own
 * services; sessions and tokens are persisted and survive restarts.
 */
import type { IamService } from "../iam/index.js";
import type { OperationTable, ServiceDefinition, ServiceDeps } from "../service.js";
import { InputDecoder, QUERY_FRONT_END } from "../validation/decode.js";
import { stsModel } from "../validation/sts-model.js";
import type { StsOperations } from "../validation/sts-types.js";
import { type ServiceAssumeContext, type ServiceAssumeResult, assumeRoleOperations } from "./assume-role.js";
import { STS_AUTHORIZATION, stsResourcesFor } from "./authorization.js";
import { callerIdentityOperations } from "./caller-identity.js";
import { STS_SCHEMA, STS_TABLES } from "./schema.js";
import { accessKeyInfoOperations } from "./access-key-info.js";
import { sessionTokenOperations } from "./session-tokens.js";
import { Sessions } from "./sessions.js";
import { UserTokens } from "./user-tokens.js";
import { webIdentityOperations } from "./web-identity.js";
import { samlOperations } from "./saml.js";

export interface StsService extends ServiceDefinition {
  /** Flow-log delivery and other in-server services assume roles through this, never over the wire. */
  assumeRoleAsService(roleArn: string, servicePrincipal: string, context: ServiceAssumeContext): ServiceAssumeResult;
}

export function createStsService(deps: ServiceDeps, iam: IamService): StsService {
  deps.store.migrate(STS_SCHEMA);
  const db = deps.store.db;
  const sessions = new Sessions(db, deps.credentials);
  sessions.registerAll();
  const tokens = new UserTokens(db, deps.credentials);
  tokens.registerAll();
  iam.directory.useSessions((accessKeyId) => sessions.info(accessKeyId) ?? tokens.info(accessKeyId));

  const assume = assumeRoleOperations(iam.directory, sessions, deps.clock);
  const identity = callerIdentityOperations(iam.directory, sessions);
  const userTokens = sessionTokenOperations(iam.directory, sessions, tokens, deps.clock);
  const keyInfo = accessKeyInfoOperations(db);
  const handlers: OperationTable<StsOperations> = {
    AssumeRole: assume.assumeRole,
    GetCallerIdentity: identity.getCallerIdentity,
    GetSessionToken: userTokens.getSessionToken,
    GetFederationToken: userTokens.getFederationToken,
    GetAccessKeyInfo: keyInfo.getAccessKeyInfo,
    AssumeRoleWithWebIdentity: webIdentityOperations(iam.directory, sessions, deps.clock).assumeRoleWithWebIdentity,
    AssumeRoleWithSAML: samlOperations(iam.directory, sessions, deps.clock).assumeRoleWithSAML,
  };

  return {
    signingName: "sts",
    serviceId: "STS",
    apiVersion: "2011-06-15",
    protocols: ["query"],
    xmlNamespace: "https://sts.amazonaws.com/doc/2011-06-15/",
    inputs: new InputDecoder(stsModel, QUERY_FRONT_END),
    operations: handlers,
    authorization: STS_AUTHORIZATION,
    resourcesFor: stsResourcesFor,
    assumeRoleAsService: assume.assumeRoleAsService,
    reset(): void {
      const ids = [...sessions.keyIds(), ...tokens.keyIds()];
      db.transaction(() => {
        for (const table of STS_TABLES) db.exec(`DELETE FROM ${table}`);
      })();
      for (const id of ids) deps.credentials?.removeKey(id);
    },
  };
}
