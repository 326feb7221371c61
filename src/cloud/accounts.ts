/**
 * Authentication: who a request comes from. Access key -> account and principal (`test`, 12-digit keys,
 * keys whose secret IAM and STS registered), SigV4 checks, and AWS's auth errors in each protocol's words.
 */
import { AwsError } from "./protocol/aws-error.js";
import { checkRequestTime, checkSignature, parseSigV4, splitTarget, type SigV4Auth, type SigV4Request } from "./protocol/sigv4.js";
import type { Clock } from "./clock.js";
import { arnPrefix } from "./partitions.js";
import type { KeyUse, KnownKey, Principal, Protocol } from "./service.js";

export type AuthMode = "relaxed" | "strict";

export interface AuthenticatorOptions {
  /** `relaxed` (the default of `flowwatch up`) or `strict` (`--auth strict`). */
  mode: AuthMode;
  /** `--account`: whose root an unsigned request or an unknown key is, in relaxed mode. */
  defaultAccount: string;
  /** `--region`: the region of an unsigned request. */
  defaultRegion: string;
  clock: Clock;
}

/** The request as the pipeline has it, before decoding. */
export interface AuthRequest {
  method: string;
  /** The raw request target (`/path?query`) is best; a parsed URL works when it kept the path intact. */
  url: URL | string;
  headers: Readonly<Record<string, string | readonly string[] | undefined>>;
  body: Uint8Array;
}

export interface Authenticated {
  principal: Principal;
  account: string;
  /** The credential scope's region; the default region for unsigned requests. */
  region: string;
  /** The credential scope's service (`logs`), when the request was signed. */
  service?: string;
}

/**
 * The access key every emulator and the AWS CLI's docs use: the root of account 000000000000. Relaxed mode takes
 * it with any secret; strict mode knows it only as LocalCloud registers it, with a secret of its own (never `test`
 * unless the operator chose that), since the well-known pair would make anyone who reaches the server its root.
 */
export const TEST_ACCESS_KEY = "test";
export const TEST_ACCOUNT = "000000000000";
const ACCOUNT_ID = /^\d{12}$/;

/** STS operations AWS serves without a signature (`smithy.api#noAuth` in the model), in every mode. */
const UNSIGNED_OPERATIONS = new Set(["AssumeRoleWithWebIdentity", "AssumeRoleWithSAML"]);

/** Whether an unsigned request is one of the calls AWS serves without a signature (by its Query `Action`). */
export const isUnsignedOperation = (request: Pick<AuthRequest, "url" | "body">): boolean => UNSIGNED_OPERATIONS.has(queryAction(request) ?? "");

/** The Query `Action` of a request, from the form body or the URL's query string. */
function queryAction(request: Pick<AuthRequest, "url" | "body">): string | undefined {
  const url = typeof request.url === "string" ? new URL(request.url, "http://localhost") : request.url;
  return new URLSearchParams(Buffer.from(request.body).toString("utf8")).get("Action") ?? url.searchParams.get("Action") ?? undefined;
}

/** The root's ARN in the partition of `region` (the Region a request is signed for). */
export const rootArn = (account: string, region: string) => `${arnPrefix(region)}iam::${account}:root`;

/**
 * Protocol families answer the same failure with different codes. Sources, each a real AWS response:
 * - JSON (logs): UnrecognizedClientException 400 (maxbanton/cwh#119, `400 Bad Request` from
 *   logs.ca-central-1); InvalidSignatureException 400, also for the time window (aws/aws-sdk-js#254,
 *   statusCode 400); ExpiredTokenException 400 (aws/aws-sdk-php#1307, DynamoDB 400).
 * - Query (IAM, STS): InvalidClientTokenId 403 (99designs/aws-vault#15 on IAM); SignatureDoesNotMatch
 *   403, also for the time window (aws-amplify/aws-sdk-android#88, SQS: Status Code 403);
 *   ExpiredToken 403 (cfn-sphere/cfn-sphere#55, IAM `<ErrorResponse>` with `403 Forbidden`);
 *   MissingAuthenticationToken 403 "Request is missing Authentication Token" (amzn/selling-partner-api-docs#3081,
 *   the full STS `<ErrorResponse>`).
 * - EC2: AuthFailure 401 (aws/aws-sdk-java#2508: Status Code 401; aws/aws-sdk-java-v2#2981 for the XML);
 *   SignatureDoesNotMatch 403 (mitchellh/vagrant-aws#138, aws/aws-cli#134); RequestExpired 400
 *   "Request has expired." for a stale date (aws/aws-sdk-java#1443, Status Code 400) and for expired
 *   temporary credentials (aws/aws-sdk-go-v2#1674, aws/aws-sdk-go#253); MissingParameter "The request
 *   must contain the parameter AWSAccessKeyId" for an unsigned request (test-kitchen/kitchen-ec2#440).
 * - IncompleteSignature(Exception) 400 for a malformed Authorization header, in every family: the AWS
 *   "Common Errors" pages list it as 400; its message text is ours (see protocol/README.md).
 * - JSON's MissingAuthenticationTokenException "Missing Authentication Token": the code is AWS's
 *   (aws/aws-sdk-ruby#882); the status, 400, is a choice (see protocol/README.md).
 */
type Failure = "missing" | "incomplete" | "unknownKey" | "badSignature" | "skew" | "expiredToken";

const INVALID_TOKEN = "The security token included in the request is invalid.";
const EXPIRED_TOKEN = "The security token included in the request is expired";

function family(protocol: Protocol): "json" | "query" | "ec2" {
  return protocol === "query" || protocol === "ec2" ? protocol : "json";
}

export function authError(failure: Failure, protocol: Protocol, message?: string): AwsError {
  const f = family(protocol);
  switch (failure) {
    case "missing":
      if (f === "json") return new AwsError("MissingAuthenticationTokenException", "Missing Authentication Token", 400);
      if (f === "query") return new AwsError("MissingAuthenticationToken", "Request is missing Authentication Token", 403);
      return new AwsError("MissingParameter", "The request must contain the parameter AWSAccessKeyId", 400);
    case "incomplete":
      return new AwsError(f === "json" ? "IncompleteSignatureException" : "IncompleteSignature", message ?? "", 400);
    case "unknownKey":
      if (f === "json") return new AwsError("UnrecognizedClientException", INVALID_TOKEN, 400);
      if (f === "query") return new AwsError("InvalidClientTokenId", INVALID_TOKEN, 403);
      return new AwsError("AuthFailure", "AWS was not able to validate the provided access credentials", 401);
    case "badSignature":
      if (f === "json") return new AwsError("InvalidSignatureException", message ?? "", 400);
      return new AwsError("SignatureDoesNotMatch", message ?? "", 403);
    case "skew":
      if (f === "json") return new AwsError("InvalidSignatureException", message ?? "", 400);
      if (f === "query") return new AwsError("SignatureDoesNotMatch", message ?? "", 403);
      return new AwsError("RequestExpired", "Request has expired.", 400);
    case "expiredToken":
      if (f === "json") return new AwsError("ExpiredTokenException", EXPIRED_TOKEN, 400);
      if (f === "query") return new AwsError("ExpiredToken", EXPIRED_TOKEN, 403);
      return new AwsError("RequestExpired", "Request has expired.", 400);
  }
}

/** The protocol a signing name speaks when the caller does not say: used only to word errors. */
function protocolOf(signingName: string | undefined): Protocol {
  if (signingName === "ec2") return "ec2";
  if (signingName === "iam" || signingName === "sts") return "query";
  return "json";
}

/** Before the body is decoded: a form body is Query (IAM, STS, EC2), anything else is worded as JSON. */
function protocolOfHeaders(headers: AuthRequest["headers"]): Protocol {
  const type = headers["content-type"];
  const value = typeof type === "string" ? type : (type?.[0] ?? "");
  return headers["x-amz-target"] === undefined && value.startsWith("application/x-www-form-urlencoded") ? "query" : "json";
}

function toSigV4Request(request: AuthRequest): SigV4Request {
  const { path, query } = typeof request.url === "string" ? splitTarget(request.url) : { path: request.url.pathname, query: request.url.search.slice(1) };
  return { method: request.method, path, query, headers: request.headers, body: request.body };
}

/** Access key -> account and principal; one per LocalCloud, with IAM's and STS's keys registered on it. */
export class Authenticator {
  private readonly keys = new Map<string, KnownKey>();
  /** Keys IAM deleted or made Inactive: refused as unknown, never taken for a root in relaxed mode. */
  private readonly revoked = new Set<string>();
  /** Each registered key's latest use, in memory: one Map write per request. */
  private readonly uses = new Map<string, KeyUse>();
  /** When each key's use was last handed to `persist`: at most once a minute, so requests never wait on the store for it. */
  private readonly persisted = new Map<string, number>();
  private persist: ((accessKeyId: string, use: KeyUse) => void) | undefined;

  constructor(private readonly options: AuthenticatorOptions) {
    if (!ACCOUNT_ID.test(options.defaultAccount)) throw new Error(`not a 12-digit account id: ${options.defaultAccount}`);
  }

  get mode(): AuthMode {
    return this.options.mode;
  }

  /** IAM (CreateAccessKey) and STS (AssumeRole) call this: from then on the key's signatures are checked. */
  registerKey(accessKeyId: string, key: KnownKey): void {
    this.revoked.delete(accessKeyId);
    this.keys.set(accessKeyId, { ...key });
  }

  /** Refuses the key from now on (also one not registered in this process: a key revoked before a restart). */
  removeKey(accessKeyId: string): void {
    this.keys.delete(accessKeyId);
    this.revoked.add(accessKeyId);
  }

  lastUsed(accessKeyId: string): KeyUse | undefined {
    return this.uses.get(accessKeyId);
  }

  onKeyUsed(persist: (accessKeyId: string, use: KeyUse) => void): void {
    this.persist = persist;
  }

  private noteUse(accessKeyId: string, service: string, region: string): void {
    const use: KeyUse = { when: this.options.clock.now(), service, region };
    this.uses.set(accessKeyId, use);
    const last = this.persisted.get(accessKeyId);
    if (this.persist !== undefined && (last === undefined || use.when - last >= 60_000)) {
      this.persisted.set(accessKeyId, use.when);
      this.persist(accessKeyId, use);
    }
  }

  knownKey(accessKeyId: string): Readonly<KnownKey> | undefined {
    return this.keys.get(accessKeyId);
  }

  /**
   * Who sent the request, or AWS's error for why not, worded for `protocol` (inferred from the
   * signing name when absent). Relaxed mode: an unsigned request is the default account's root,
   * `test` is 000000000000's root, a 12-digit key is its account's root, any other unknown key the
   * default account's root; only registered keys have signatures and expiry checked, and the request
   * time is not checked (tests run on moved clocks). Strict mode: only registered keys, every
   * signature and request time checked.
   */
  authenticate(request: AuthRequest, signingName?: string, protocol?: Protocol): Authenticated {
    const proto = protocol ?? protocolOf(signingName);
    const sigRequest = toSigV4Request(request);
    // The token or assertion in the body is the credential of these calls (the model's smithy.api#noAuth): unsigned, they act for nobody.
    if (signingName === "sts" && parseSigV4(sigRequest).kind === "unsigned" && isUnsignedOperation(request)) {
      return { principal: { accessKeyId: "", arn: "anonymous", isRoot: false }, account: this.options.defaultAccount, region: this.options.defaultRegion };
    }
    const identified = this.identify(sigRequest, proto);
    if (identified.kind === "decided") return identified.result;
    const { auth, known } = identified;
    // AWS answers IAM calls made with these credentials as an invalid token (cloudyr/aws.iam#15: InvalidClientTokenId).
    if (known.refusedByIam === true && auth.service === "iam") throw authError("unknownKey", proto);
    const signature = checkSignature(sigRequest, known.secretAccessKey, auth);
    if (!signature.ok) throw authError("badSignature", proto, signature.message);
    // Long-term keys only: AWS reports last use for IAM access keys, not for temporary credentials.
    if (known.sessionToken === undefined) this.noteUse(auth.accessKeyId, auth.service, auth.region);
    return {
      principal: {
        accessKeyId: auth.accessKeyId,
        arn: known.isRoot ? rootArn(known.account, auth.region) : known.arn,
        isRoot: known.isRoot,
        ...(known.mfaAuthenticatedAt === undefined ? {} : { mfaAuthenticatedAt: known.mfaAuthenticatedAt }),
      },
      account: known.account,
      region: auth.region,
      service: auth.service,
    };
  }

  /**
   * What the headers alone decide, before a large body is read: throws the error `authenticate`
   * would for a missing or malformed signature, an unknown, revoked or expired key, a wrong session
   * token, or (strict mode) a request time outside the window. Only the signature needs the body.
   * The protocol, unknown before the body is decoded, is inferred from the signing name or the headers.
   */
  precheck(request: Omit<AuthRequest, "body">): void {
    const sigRequest = toSigV4Request({ ...request, body: new Uint8Array() });
    const parsed = parseSigV4(sigRequest);
    const proto = parsed.kind === "signed" ? protocolOf(parsed.auth.service) : protocolOfHeaders(request.headers);
    this.identify(sigRequest, proto);
  }

  /** Every check but the signature's, in AWS's order; "decided" when no signature needs checking. */
  private identify(sigRequest: SigV4Request, proto: Protocol): { kind: "decided"; result: Authenticated } | { kind: "key"; auth: SigV4Auth; known: KnownKey } {
    const strict = this.options.mode === "strict";
    const parsed = parseSigV4(sigRequest);
    if (parsed.kind === "unsigned") {
      if (strict) throw authError("missing", proto);
      // Relaxed: curl and hand-written clients may skip signing; they act as the default account's root.
      return { kind: "decided", result: this.root("", this.options.defaultAccount, this.options.defaultRegion) };
    }
    if (parsed.kind === "malformed") throw authError("incomplete", proto, parsed.message);

    const auth = parsed.auth;
    const known = this.keys.get(auth.accessKeyId);
    if (known === undefined) {
      if (strict || this.revoked.has(auth.accessKeyId)) throw authError("unknownKey", proto);
      const account = auth.accessKeyId === TEST_ACCESS_KEY ? TEST_ACCOUNT : ACCOUNT_ID.test(auth.accessKeyId) ? auth.accessKeyId : this.options.defaultAccount;
      return { kind: "decided", result: this.root(auth.accessKeyId, account, auth.region, auth.service) };
    }

    // A user's key or a role session exists in its own partition only: elsewhere AWS does not know the key.
    if (!known.isRoot && !known.arn.startsWith(arnPrefix(auth.region))) throw authError("unknownKey", proto);
    if (known.expiresAt !== undefined && this.options.clock.now() >= known.expiresAt) throw authError("expiredToken", proto);
    // Temporary credentials are valid only with their token; a long-term key with a token is not valid either.
    if ((known.sessionToken ?? undefined) !== (auth.securityToken ?? undefined)) throw authError("unknownKey", proto);
    if (strict) {
      const time = checkRequestTime(auth, this.options.clock.now());
      if (!time.ok) throw authError("skew", proto, time.message);
    }
    return { kind: "key", auth, known };
  }

  private root(accessKeyId: string, account: string, region: string, service?: string): Authenticated {
    const result: Authenticated = { principal: { accessKeyId, arn: rootArn(account, region), isRoot: true }, account, region };
    if (service !== undefined) result.service = service;
    return result;
  }
}
