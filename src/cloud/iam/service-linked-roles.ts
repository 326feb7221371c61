/**
 * Service-linked roles: CreateServiceLinkedRole, DeleteServiceLinkedRole, GetServiceLinkedRoleDeletionStatus.
 * A service-linked role lives under `/aws-service-role/SERVICE/`, is named by the service (AWSServiceRoleFor…),
 * trusts only that service, and is protected: IAM refuses to delete it or change its trust or boundary except
 * through these operations (UnmodifiableEntity).
 */
import { randomUUID } from "node:crypto";
import { partitionId } from "../partitions.js";
import type { RequestContext } from "../service.js";
import type {
  CreateServiceLinkedRoleRequest,
  CreateServiceLinkedRoleResponse,
  DeleteServiceLinkedRoleRequest,
  DeleteServiceLinkedRoleResponse,
  GetServiceLinkedRoleDeletionStatusRequest,
  GetServiceLinkedRoleDeletionStatusResponse,
} from "../validation/iam-types.js";
import { roleArn } from "./arn.js";
import { deletionTaskNotFound, notServiceLinked, roleNotFound, serviceNotEligible, serviceRoleNameTaken, suffixNotAllowed } from "./errors.js";
import { uniqueId } from "./ids.js";
import { roleView } from "./roles.js";
import type { IamState, RoleRow } from "./state.js";

export const SERVICE_LINKED_ROLE_SCHEMA = `CREATE TABLE IF NOT EXISTS iam_service_linked_role_deletions (
  account TEXT NOT NULL,
  task_id TEXT NOT NULL,
  status TEXT NOT NULL,
  PRIMARY KEY (account, task_id)
) WITHOUT ROWID`;

/**
 * The services whose role names are known here (each service's documentation, "Using service-linked roles"), and
 * whether it takes a CustomSuffix. (chosen) Other services are refused rather than given an invented name.
 */
const SERVICES: Readonly<Record<string, { name: string; suffix: boolean }>> = {
  "autoscaling.amazonaws.com": { name: "AWSServiceRoleForAutoScaling", suffix: true },
  "elasticloadbalancing.amazonaws.com": { name: "AWSServiceRoleForElasticLoadBalancing", suffix: false },
  "ecs.amazonaws.com": { name: "AWSServiceRoleForECS", suffix: false },
  "rds.amazonaws.com": { name: "AWSServiceRoleForRDS", suffix: false },
  "spot.amazonaws.com": { name: "AWSServiceRoleForEC2Spot", suffix: false },
  "ssm.amazonaws.com": { name: "AWSServiceRoleForAmazonSSM", suffix: false },
  "config.amazonaws.com": { name: "AWSServiceRoleForConfig", suffix: false },
  "organizations.amazonaws.com": { name: "AWSServiceRoleForOrganizations", suffix: false },
  "support.amazonaws.com": { name: "AWSServiceRoleForSupport", suffix: false },
  "trustedadvisor.amazonaws.com": { name: "AWSServiceRoleForTrustedAdvisor", suffix: false },
  "elasticbeanstalk.amazonaws.com": { name: "AWSServiceRoleForElasticBeanstalk", suffix: true },
  "lex.amazonaws.com": { name: "AWSServiceRoleForLexBots", suffix: true },
};

const PATH_PREFIX = "/aws-service-role/";

/** Whether a role is service-linked: only CreateServiceLinkedRole makes roles under this path. */
export const isServiceLinked = (role: Pick<RoleRow, "path">): boolean => role.path.startsWith(PATH_PREFIX);

/** The role name a CreateServiceLinkedRole call makes, for the authorization table; undefined for a service not known here. */
export function serviceLinkedRoleName(service: string, suffix?: string): string | undefined {
  const known = SERVICES[service];
  return known === undefined ? undefined : suffix === undefined ? known.name : `${known.name}_${suffix}`;
}

export function serviceLinkedRoleOperations(state: IamState) {
  const db = state.db;

  function createServiceLinkedRole(input: CreateServiceLinkedRoleRequest, ctx: RequestContext): CreateServiceLinkedRoleResponse {
    const known = SERVICES[input.AWSServiceName];
    if (known === undefined) throw serviceNotEligible(input.AWSServiceName);
    if (input.CustomSuffix !== undefined && !known.suffix) throw suffixNotAllowed(input.AWSServiceName);
    const name = serviceLinkedRoleName(input.AWSServiceName, input.CustomSuffix) as string;
    if (state.role(ctx.account, name) !== undefined) throw serviceRoleNameTaken(name);
    const path = `${PATH_PREFIX}${input.AWSServiceName}/`;
    const trust = JSON.stringify({
      Version: "2012-10-17",
      Statement: [{ Effect: "Allow", Principal: { Service: [input.AWSServiceName] }, Action: ["sts:AssumeRole"] }],
    });
    db.prepare(
      `INSERT INTO iam_roles (account, name, id, path, arn, trust_policy, description, max_session_duration, create_date)
       VALUES (?, ?, ?, ?, ?, ?, ?, 3600, ?)`,
    ).run(
      ctx.account,
      name,
      uniqueId("AROA"),
      path,
      roleArn(ctx.account, path, name, partitionId(ctx.region)),
      trust,
      input.Description ?? null,
      state.clock.now(),
    );
    state.changed();
    return { Role: roleView(state, state.role(ctx.account, name) as RoleRow, "create") as CreateServiceLinkedRoleResponse["Role"] };
  }

  /**
   * DeleteServiceLinkedRole. AWS deletes asynchronously after checking the service no longer uses the role; no
   * service here uses one, so the task succeeds at once and GetServiceLinkedRoleDeletionStatus says SUCCEEDED.
   */
  function deleteServiceLinkedRole(input: DeleteServiceLinkedRoleRequest, ctx: RequestContext): DeleteServiceLinkedRoleResponse {
    const role = state.role(ctx.account, input.RoleName);
    if (role === undefined) throw roleNotFound(input.RoleName);
    if (!isServiceLinked(role)) throw notServiceLinked(role.name);
    const taskId = `task${role.path}${role.name}/${randomUUID()}`;
    db.transaction(() => {
      db.prepare("DELETE FROM iam_roles WHERE account = ? AND name = ?").run(ctx.account, role.name);
      db.prepare("DELETE FROM iam_attachments WHERE account = ? AND kind = 'role' AND owner = ?").run(ctx.account, role.name);
      db.prepare("DELETE FROM iam_inline_policies WHERE account = ? AND kind = 'role' AND owner = ?").run(ctx.account, role.name);
      state.dropOwner(ctx.account, "role", role.name);
      db.prepare("INSERT INTO iam_service_linked_role_deletions (account, task_id, status) VALUES (?, ?, 'SUCCEEDED')").run(ctx.account, taskId);
    })();
    state.changed();
    return { DeletionTaskId: taskId };
  }

  function getServiceLinkedRoleDeletionStatus(
    input: GetServiceLinkedRoleDeletionStatusRequest,
    ctx: RequestContext,
  ): GetServiceLinkedRoleDeletionStatusResponse {
    const row = db.prepare("SELECT status FROM iam_service_linked_role_deletions WHERE account = ? AND task_id = ?").get(ctx.account, input.DeletionTaskId) as
      | { status: "SUCCEEDED" }
      | undefined;
    if (row === undefined) throw deletionTaskNotFound(input.DeletionTaskId);
    return { Status: row.status };
  }

  return {
    CreateServiceLinkedRole: createServiceLinkedRole,
    DeleteServiceLinkedRole: deleteServiceLinkedRole,
    GetServiceLinkedRoleDeletionStatus: getServiceLinkedRoleDeletionStatus,
  };
}
