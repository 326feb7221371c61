/** What a service gives the request pipeline: its protocol facts and its operations, keyed by AWS's names. */
import type { AuthorizationTable, ConditionValues } from "./authorization-table.js";
import type { Clock } from "./clock.js";
import { AwsError } from "./protocol/aws-error.js";
import type { Store } from "./store/store.js";
import type { InputDecoder } from "./validation/decode.js";

/** Wire protocols, named as in the API models' `metadata.protocol`. */
export type Protocol = "json" | "query" | "ec2" | "smithy-rpc-v2-cbor";

/** Who is calling, as authentication found it. */
export interface Principal {
  /** The access key the request was signed with. */
  accessKeyId: string;
  /** `arn:aws:iam::000000000000:root`, or a user's or an assumed role's ARN. */
  arn: string;
  /** True for an account's root: IAM policies do not restrict it. */
  isRoot: boolean;
  /** GetSessionToken credentials: when MFA authenticated them (epoch ms), or null when issued without; absent for long-term keys. */
  mfaAuthenticatedAt?: number | null;
}

export interface RequestContext {
  account: string;
  region: string;
  requestId: string;
  principal: Principal;
  clock: Clock;
  /**
   * Authorizes a further action the operation needs beyond its own (`iam:PassRole` for CreateFlowLogs),
   * throwing the calling service's access-denied error; a no-op for an account's root. `context` adds
   * the action's own condition keys (`iam:PassedToService`).
   */
  authorize?(action: string, resource: string, context?: Record<string, string>): void;
}

/** An operation: the typed input (already decoded from the wire and validated) to the output, or an AwsError thrown. */
export type Operation<I, O> = (input: I, ctx: RequestContext) => O | Promise<O>;

/** Operation name -> its input and output types, as the generated `LogsOperations`, `StsOperations`, ... give them. */
export type OperationTypes<M> = { readonly [K in keyof M]: { input: unknown; output: unknown } };

/**
 * A service's handlers, one per served operation and each typed by the model:
 * `const handlers: OperationTable<StsOperations> = { AssumeRole: assume.assumeRole, ... }`.
 */
export type OperationTable<M extends OperationTypes<M>> = { readonly [K in keyof M]: Operation<M[K]["input"], M[K]["output"]> };

/**
 * Any operation, as the pipeline holds them: its input type is only known to its own table, so the
 * parameter is `never` (every typed operation is one of these) and the pipeline's one call site
 * passes the input decoded by that operation's model.
 */
export type AnyOperation = Operation<never, unknown>;

/**
 * Calls an operation from a heterogeneous table (the pipeline, flow-log delivery): the one place an
 * input's type is taken on trust, because it was decoded and validated by that operation's own model.
 */
export function callOperation(operation: AnyOperation, input: unknown, ctx: RequestContext): unknown {
  return operation(input as never, ctx);
}

/**
 * Decodes and calls one operation as the pipeline does, less authentication and authorization: for
 * callers inside the process (unit tests, benchmarks). `wire` is the request as its protocol's codec
 * leaves it; the protocol defaults to the service's Query dialect, else its first.
 */
export function invokeOperation(
  service: Pick<ServiceDefinition, "inputs" | "operations" | "protocols">,
  name: string,
  wire: unknown,
  ctx: RequestContext,
  protocol?: Protocol,
): unknown {
  const operation = Object.hasOwn(service.operations, name) ? service.operations[name] : undefined;
  if (operation === undefined) throw new AwsError("UnknownOperationException", `The operation ${name} is not supported by this endpoint.`);
  const spoken = protocol ?? service.protocols.find((p) => p === "ec2" || p === "query") ?? service.protocols[0] ?? "json";
  return callOperation(operation, service.inputs.decode(name, wire, spoken), ctx);
}

/** Per operation, the resources it acts on, read from that operation's typed input; an operation not listed acts on `*`. */
export type ResourceReaders<M extends OperationTypes<M>> = { readonly [K in keyof M]?: (input: M[K]["input"], ctx: RequestContext) => readonly string[] };

/** A service's `resourcesFor` from typed readers, one per operation that acts on named resources. */
export function resourcesFrom<M extends OperationTypes<M>>(readers: ResourceReaders<M>): NonNullable<ServiceDefinition["resourcesFor"]> {
  const byName: Readonly<Record<string, ((input: never, ctx: RequestContext) => readonly string[]) | undefined>> = readers;
  return (operation, input, ctx) => {
    const read = Object.hasOwn(byName, operation) ? byName[operation] : undefined;
    // Authorization runs on the input the pipeline decoded with this operation's model (see callOperation).
    return read === undefined ? ["*"] : read(input as never, ctx);
  };
}

export interface ServiceDefinition {
  /** The SigV4 signing name and credential-scope service: `logs`, `iam`, `ec2`, `sts`, `monitoring`. */
  signingName: string;
  /** The SDK's service id, for docs and errors: `CloudWatch Logs`. */
  serviceId: string;
  apiVersion: string;
  /** Every protocol the service accepts; the request chooses, as on AWS. */
  protocols: readonly Protocol[];
  /** JSON protocols: the `X-Amz-Target` prefix, `Logs_20140328`. */
  targetPrefix?: string;
  /** Smithy RPC v2 CBOR: the service shape name in `/service/<name>/operation/<Op>` (`GraniteServiceVersion20100801`). */
  cborServiceName?: string;
  /** JSON protocols: `1.0` or `1.1`. */
  jsonVersion?: "1.0" | "1.1";
  /** Query protocols: the response namespace, `https://iam.amazonaws.com/doc/2010-05-08/`. */
  xmlNamespace?: string;
  /** The IAM action prefix, when it is not the signing name: `cloudwatch` for `monitoring`. */
  actionPrefix?: string;
  /**
   * The resource ARNs an operation acts on, as AWS's service authorization reference gives them, for
   * authorizing callers other than an account's root; an operation not covered acts on `*`.
   */
  resourcesFor?(operation: string, input: unknown, ctx: RequestContext): readonly string[];
  /** Condition keys a resource itself supplies to a request on it: aws:ResourceTag/KEY from its tags. */
  resourceConditions?(resource: string, ctx: RequestContext): ConditionValues;
  /** Per operation: its IAM action, resource patterns, condition keys and who decides (authorization-table.ts). */
  authorization?: AuthorizationTable;
  /**
   * Turns an operation's request, as the protocol codec left it, into its typed input, refusing what the
   * service's front end refuses in its words (validation/decode.ts): the pipeline's step before authorization.
   */
  inputs: InputDecoder;
  /** Operations by AWS's name: `PutLogEvents`. An operation not listed gets the unknown-operation error. */
  operations: Readonly<Record<string, AnyOperation>>;
  /** Empties every account's state of this service (`/_flowwatch/reset`). */
  reset(): void;
}

/**
 * A service's operations, each behind the service's input step (coercion, validation, a transaction),
 * keeping the operation's own name (`putLogEvents`) on the wrapper for stack traces and checks.
 * Typed tables pass their handlers through as they are: `wrap` sees each as the pipeline will call it.
 */
export function wrapOperations<H extends AnyOperation>(
  handlers: Readonly<Record<string, H>>,
  wrap: (name: string, handler: H) => AnyOperation,
): Record<string, AnyOperation> {
  const operations: Record<string, AnyOperation> = {};
  for (const [name, handler] of Object.entries(handlers)) {
    const operation = wrap(name, handler);
    Object.defineProperty(operation, "name", { value: handler.name });
    operations[name] = operation;
  }
  return operations;
}

/** A key whose secret the server knows: an IAM user's access key or STS temporary credentials. */
export interface KnownKey {
  secretAccessKey: string;
  account: string;
  /** `arn:aws:iam::123456789012:user/alice`, `arn:aws:sts::123456789012:assumed-role/r/s`. */
  arn: string;
  isRoot: boolean;
  /** Temporary credentials: the request must carry this `X-Amz-Security-Token`. */
  sessionToken?: string;
  /** Temporary credentials: epoch milliseconds after which the key is refused as expired. */
  expiresAt?: number;
  /** GetSessionToken / GetFederationToken credentials: IAM does not accept them (IAM UG, temporary credentials). */
  refusedByIam?: boolean;
  /** GetSessionToken credentials: when MFA authenticated them (epoch ms), or null when issued without. */
  mfaAuthenticatedAt?: number | null;
}

/** Where IAM (CreateAccessKey) and STS (AssumeRole) put the keys whose signatures the server then checks. */
export interface CredentialRegistry {
  registerKey(accessKeyId: string, key: KnownKey): void;
  removeKey(accessKeyId: string): void;
  /** GetAccessKeyLastUsed: when a registered key last authenticated a request, for which service and region. */
  lastUsed?(accessKeyId: string): KeyUse | undefined;
  /** Called at most once a minute per key with its latest use, so the store keeps it across restarts cheaply. */
  onKeyUsed?(persist: (accessKeyId: string, use: KeyUse) => void): void;
}

export interface KeyUse {
  /** Epoch milliseconds. */
  when: number;
  /** The signing name (`logs`, `iam`, `sts`, `ec2`, `monitoring`). */
  service: string;
  region: string;
}

/** What a service is built from: one per LocalCloud instance, never module state. */
export interface ServiceDeps {
  store: Store;
  clock: Clock;
  /** Present in a LocalCloud; services that issue keys need it, others ignore it. */
  credentials?: CredentialRegistry;
  /** EC2: the loopback block public addresses come from (default 127.100.0.0/16). */
  publicIpBlock?: string;
  /** EC2: takes a public address unless another local cloud on this machine holds it (see PublicAddressClaims). */
  claimPublicAddress?: (ip: string) => boolean;
}
