/** LocalCloud: one instance of the local cloud — options, clock, store, services, HTTP server; start and stop. */
import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { Authenticator, rootArn, TEST_ACCESS_KEY, TEST_ACCOUNT } from "./accounts.js";
import { type Clock, systemClock } from "./clock.js";
import { Authorizer } from "./authorization.js";
import { AwsError } from "./protocol/aws-error.js";
import type { CloudWatchService } from "./cloudwatch/service.js";
import type { Ec2ServiceDefinition } from "./ec2/service.js";
import type { LogsServiceDefinition } from "./logs/service.js";
import { roleAssumerOf, vpcViewOf } from "./flow-logs/adapters.js";
import { VpcDataPlane } from "./flow-logs/data-plane.js";
import { FlowLogDelivery } from "./flow-logs/delivery.js";
import { S3FileDelivery } from "./flow-logs/s3-delivery.js";
import { defaultAddressLockDir, PublicAddressClaims } from "./flow-logs/public-address-claims.js";
import { identityDirectoryOf, secretAccessKey } from "./iam/index.js";
import { stsOf } from "./sts/index.js";
import { internalAuthorizer } from "./internal-authorization.js";
import { internalRoutes, isDashboardPath } from "./internal-routes.js";
import { browserRefusal, type OriginRules, refusalError, servedHosts } from "./request-origin.js";
import { type RawRequest, requestHandler } from "./server.js";
import { S3Endpoint, S3ServiceWriter } from "./s3/index.js";
import { answerClientError, DEFAULT_REQUEST_LIMITS, httpServerOptions, RequestBodies, type RequestLimits } from "./request-body.js";
import type { Protocol, ServiceDefinition } from "./service.js";
import { createServices, ServiceRegistry } from "./services.js";
import { Store } from "./store/store.js";

export type AuthMode = "relaxed" | "strict";

/** The dashboard the cloud serves under `/_flowwatch/ui/`: it gets the raw request, since it streams (SSE). */
export interface CloudDashboard {
  handle(req: IncomingMessage, res: ServerResponse): Promise<void>;
  close(): Promise<void>;
}

/**
 * Makes the dashboard on its first visit: it is an SDK client of this cloud at `endpoint()`, signing with
 * `credentials` (the root key), and in strict mode admits only browsers that show `access.token`.
 */
export type CloudDashboardFactory = (
  endpoint: () => string,
  region: string,
  access: { token: string; required: boolean },
  credentials: { accessKeyId: string; secretAccessKey: string },
) => CloudDashboard | Promise<CloudDashboard>;

export interface LocalCloudOptions {
  host?: string;
  /** 0 picks a free port (tests). */
  port?: number;
  dataDir?: string;
  memory?: boolean;
  auth?: AuthMode;
  region?: string;
  account?: string;
  clock?: Clock;
  /** Told of errors that are flowwatch's bugs (answered as InternalFailure). */
  onBug?: (error: unknown) => void;
  /** Ports the traffic gateway listens on at each instance's public address (default 22, 80, 443, 3389, 8080). */
  gatewayPorts?: readonly number[];
  /** Loopback block instances' public addresses come from (default 127.100.0.0/16); two clouds on one machine need two. */
  publicIpBlock?: string;
  /** Told of data-plane problems that are not bugs: a gateway port that cannot be opened. */
  onWarning?: (message: string) => void;
  /** Recover what is intact of a damaged data dir instead of refusing to start (`repairReport` says what was lost). */
  repair?: boolean;
  /** Body sizes and budgets, connections and timeouts (request-body.ts); defaults in DEFAULT_REQUEST_LIMITS. */
  requestLimits?: Partial<RequestLimits>;
  /**
   * Host names served besides the bound address, `localhost`, `127.0.0.1` and `[::1]` (`name` for the server's
   * port, `name:port` behind a proxy); any other Host is refused, against DNS rebinding.
   */
  allowedHosts?: readonly string[];
  /**
   * Strict mode: the secret of the root key `test` (account 000000000000). Left out, a random one is made at each
   * start, since `test`/`test` is known to everyone; relaxed mode accepts any secret for `test` and ignores this.
   */
  rootSecret?: string;
  /**
   * The dashboard under `/_flowwatch/ui/`, handed in by whoever composes the cloud (`flowwatch up`, or a test):
   * the cloud never imports the client side (.dependency-cruiser.cjs). Without it those paths answer 404.
   */
  ui?: CloudDashboardFactory;
}

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|localhost)$/;

export class LocalCloud {
  readonly options: Required<
    Omit<LocalCloudOptions, "dataDir" | "onBug" | "gatewayPorts" | "onWarning" | "publicIpBlock" | "repair" | "allowedHosts" | "rootSecret" | "ui">
  > & { dataDir: string };
  private readonly extra: Pick<LocalCloudOptions, "gatewayPorts" | "onWarning" | "publicIpBlock">;
  private dataPlane: VpcDataPlane | undefined;
  private server: Server | undefined;
  private store: Store | undefined;
  private registry: ServiceRegistry | undefined;
  private startedAt = 0;
  private ui: Promise<CloudDashboard> | undefined;
  private readonly makeUi: CloudDashboardFactory | undefined;
  private readonly allowedHosts: readonly string[];
  /** The Host values served, known once the server listens (the port may be 0 until then). */
  private hosts: readonly string[] = [];
  /** The dashboard's token: in strict mode a browser needs it (kept in a cookie) for every dashboard request. */
  readonly dashboardToken = randomBytes(24).toString("base64url");
  /**
   * The secret that signs as the root key `test`: in strict mode the one given or a random one (`flowwatch up` prints
   * it once); in relaxed mode any secret does, and this is the one the dashboard signs with.
   */
  readonly rootSecret: string;

  constructor(options: LocalCloudOptions = {}) {
    this.options = {
      host: options.host ?? "127.0.0.1",
      port: options.port ?? 4566,
      dataDir: options.dataDir ?? ".flowwatch",
      memory: options.memory ?? false,
      auth: options.auth ?? "relaxed",
      region: options.region ?? "us-east-1",
      account: options.account ?? "000000000000",
      clock: options.clock ?? systemClock,
      requestLimits: { ...DEFAULT_REQUEST_LIMITS, ...options.requestLimits },
    };
    if (!LOOPBACK.test(this.options.host) && this.options.auth !== "strict") {
      throw new Error(`refusing to listen on ${this.options.host} without --auth strict: anyone who can reach it could use any account`);
    }
    if (!/^\d{12}$/.test(this.options.account)) throw new Error(`--account must be 12 digits, not '${this.options.account}'`);
    this.onBug = options.onBug ?? ((error) => console.error("flowwatch: internal error:", error));
    this.repair = options.repair ?? false;
    this.extra = {
      ...(options.gatewayPorts ? { gatewayPorts: options.gatewayPorts } : {}),
      ...(options.onWarning ? { onWarning: options.onWarning } : {}),
      ...(options.publicIpBlock ? { publicIpBlock: options.publicIpBlock } : {}),
    };
    this.allowedHosts = options.allowedHosts ?? [];
    this.makeUi = options.ui;
    if (options.rootSecret === "") throw new Error("the root secret must not be empty");
    this.rootSecret = options.rootSecret ?? (this.options.auth === "strict" ? secretAccessKey() : "test");
  }

  private readonly onBug: (error: unknown) => void;
  private readonly warn = (message: string) => (this.extra.onWarning ?? ((line: string) => console.error(`flowwatch: ${line}`)))(message);
  private claims: PublicAddressClaims | undefined;
  private readonly repair: boolean;
  /** After a start with `repair`: what was kept and what was lost, one line each (empty when nothing was damaged). */
  repairReport: readonly string[] = [];

  /** `http://127.0.0.1:PORT` once started. */
  get endpoint(): string {
    const address = this.server?.address() as AddressInfo | null | undefined;
    if (!address) throw new Error("the local cloud is not started");
    const host = address.family === "IPv6" ? `[${address.address}]` : address.address;
    return `http://${host}:${address.port}`;
  }

  /** The dashboard's address; in strict mode it carries the token, which the first visit turns into a cookie. */
  get dashboardUrl(): string {
    return `${this.endpoint}/_flowwatch/ui/${this.options.auth === "strict" ? `?token=${this.dashboardToken}` : ""}`;
  }

  /** A started cloud's service by its signing name (`logs`, `monitoring`, `ec2` ...), for code that drives it in process. */
  service(signingName: string): ServiceDefinition {
    if (this.registry === undefined) throw new Error("the local cloud is not started");
    const service = this.registry.services.find((s) => s.signingName === signingName);
    if (service === undefined) throw new Error(`the local cloud has no service '${signingName}'`);
    return service;
  }

  /** CloudWatch: tests on a ManualClock call its `evaluateAlarms(now)`, since the once-a-minute timer skips ManualClocks. */
  get cloudwatch(): CloudWatchService {
    return this.service("monitoring") as CloudWatchService;
  }

  async start(): Promise<void> {
    const { clock } = this.options;
    // The data dir's checks run here, before the server listens: damage refuses the start (DataDirDamage).
    const store = new Store(this.options.memory ? { memory: true } : { dataDir: this.options.dataDir, repair: this.repair, onWarning: this.warn });
    const authenticator = new Authenticator({ mode: this.options.auth, defaultAccount: this.options.account, defaultRegion: this.options.region, clock });
    // Any block may be shared with another cloud on this machine: each address is locked machine-wide when given.
    const claims = new PublicAddressClaims(defaultAddressLockDir(), this.warn);
    this.claims = claims;
    let registry: ServiceRegistry;
    try {
      registry = new ServiceRegistry(
        createServices({
          store,
          clock,
          credentials: authenticator,
          claimPublicAddress: (ip) => claims.claim(ip),
          ...(this.extra.publicIpBlock ? { publicIpBlock: this.extra.publicIpBlock } : {}),
        }),
      );
    } catch (error) {
      // A service's own start-up check refused (a damaged segment file): the data dir is released for --repair.
      store.close();
      throw error;
    }
    const directory = identityDirectoryOf(registry.services);
    const authorizer = new Authorizer(() => directory);
    if (this.options.auth === "strict") {
      // Strict mode needs one key to start from: `test`, the root of 000000000000, with a secret only the operator has.
      authenticator.registerKey(TEST_ACCESS_KEY, {
        secretAccessKey: this.rootSecret,
        account: TEST_ACCOUNT,
        arn: rootArn(TEST_ACCOUNT, this.options.region),
        isRoot: true,
      });
    }
    this.store = store;
    this.registry = registry;
    this.repairReport = store.repair?.lines ?? [];
    const authenticate = (request: RawRequest, service: string, protocol: Protocol) =>
      authenticator.authenticate({ ...request, url: request.target }, service, protocol);
    const origins: OriginRules = {
      hosts: () => this.hosts,
      presignedIsChecked: (accessKeyId) => this.options.auth === "strict" || authenticator.knownKey(accessKeyId) !== undefined,
    };
    const limits: RequestLimits = { ...DEFAULT_REQUEST_LIMITS, ...this.options.requestLimits };
    // A large body is read only from a caller whose headers could pass authentication.
    const bodies = new RequestBodies(limits, (req) =>
      authenticator.precheck({ method: req.method ?? "GET", url: req.url ?? "/", headers: req.headersDistinct }),
    );
    // S3 streams its bodies, so it takes the raw request before the pipeline would read the body whole.
    const s3 = new S3Endpoint({
      store,
      clock,
      authenticator,
      strict: this.options.auth === "strict",
      defaultAccount: this.options.account,
      defaultRegion: this.options.region,
      directory: () => directory,
      browserRefusal: (request) => browserRefusal(request, origins),
      onBug: this.onBug,
    });
    // Export tasks write as logs.REGION.amazonaws.com through S3's service-principal port, the bucket policy deciding.
    (registry.services.find((s) => s.signingName === "logs") as LogsServiceDefinition | undefined)?.exportTasks.connect(new S3ServiceWriter(s3.storage, clock));
    const handler = requestHandler(
      {
        registry,
        clock,
        authorizer,
        authenticate,
        browserRefusal: (request) => browserRefusal(request, origins),
        bodies,
        internal: internalRoutes({
          authorize: internalAuthorizer({ authenticate, authorizer, clock }),
          health: () => this.health(),
          reset: () => {
            registry.reset();
            s3.reset();
            void this.dataPlane?.refresh();
          },
          flush: () => this.flush(),
          traffic: (request) => this.traffic(request),
          stopTraffic: () => ({ stopped: this.dataPlane?.traffic.stopAll() ?? 0 }),
        }),
      },
      this.onBug,
    );
    const server = createServer({ keepAliveTimeout: 65_000, ...httpServerOptions(limits) }, (req, res) => {
      if (s3.claims(req)) {
        s3.handle(req, res).catch(this.onBug);
        return;
      }
      // The dashboard streams (SSE), so it gets the raw request; made on first use, it is an SDK client of this cloud.
      if (isDashboardPath((req.url ?? "/").split("?")[0] as string)) {
        // The same Host and Origin rules as every other route: a rebinding page must not read the dashboard either.
        const refusal = browserRefusal(
          { method: req.method ?? "GET", url: new URL(req.url ?? "/", "http://localhost"), headers: req.headersDistinct },
          origins,
        );
        if (refusal !== undefined) {
          const error = refusalError(refusal, "json");
          res.writeHead(error.status, { "content-type": "application/json" }).end(JSON.stringify({ error: error.code, message: error.message }));
          return;
        }
        const makeUi = this.makeUi;
        if (makeUi === undefined) {
          res.writeHead(404, { "content-type": "application/json" }).end(JSON.stringify({ error: "this local cloud was started without a dashboard" }));
          return;
        }
        const access = { token: this.dashboardToken, required: this.options.auth === "strict" };
        this.ui ??= Promise.resolve().then(() =>
          makeUi(() => this.endpoint, this.options.region, access, { accessKeyId: TEST_ACCESS_KEY, secretAccessKey: this.rootSecret }),
        );
        this.ui.then((ui) => ui.handle(req, res)).catch(this.onBug);
        return;
      }
      handler(req, res).catch(this.onBug);
    });
    server.maxConnections = limits.maxConnections;
    server.on("clientError", answerClientError);
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(this.options.port, this.options.host, () => {
        server.off("error", reject);
        resolve();
      });
    });
    this.server = server;
    const bound = server.address() as AddressInfo;
    this.hosts = servedHosts({ address: bound.address, port: bound.port }, this.allowedHosts);
    this.startedAt = clock.now();
    this.dataPlane = this.startDataPlane(registry, authorizer, s3.storage);
    await this.dataPlane?.start();
  }

  /** EC2's interfaces and flow logs, STS's service AssumeRole and the logs service, joined into the VPC data plane. */
  private startDataPlane(registry: ServiceRegistry, authorizer: Authorizer, s3Storage: S3Endpoint["storage"]): VpcDataPlane | undefined {
    const ec2 = registry.services.find((s) => s.signingName === "ec2") as Ec2ServiceDefinition | undefined;
    const sts = stsOf(registry.services);
    const logs = registry.services.find((s) => s.signingName === "logs");
    if (ec2 === undefined || sts === undefined || logs === undefined) return undefined;
    const { clock } = this.options;
    const vpc = vpcViewOf(ec2.directory);
    // Flow logs to S3 write files as delivery.logs.amazonaws.com, the bucket policy deciding.
    const s3Files = new S3FileDelivery({ writer: new S3ServiceWriter(s3Storage, clock), setDeliveryStatus: (...status) => vpc.setDeliveryStatus(...status) });
    // Deleting a flow log stops its delivery: its open file is dropped, not put.
    ec2.directory.onChange((change) => {
      if (change.type === "flow-log" && change.change === "deleted") s3Files.forget(change.flowLogId);
    });
    ec2.useBuckets((name) => s3Storage.bucket(name) !== undefined);
    const delivery = new FlowLogDelivery({ vpc, sts: roleAssumerOf(sts), logs, authorizer, clock, s3Files });
    const warn = this.warn;
    return new VpcDataPlane({
      vpc,
      delivery,
      clock,
      ...(this.claims ? { claims: this.claims } : {}),
      ...(this.extra.gatewayPorts ? { ports: this.extra.gatewayPorts } : {}),
      onError: (error) => warn(error instanceof Error ? error.message : String(error)),
    });
  }

  /** Closes every open aggregation window now and delivers it. */
  async flush(): Promise<Record<string, unknown>> {
    const outcomes = (await this.dataPlane?.flush()) ?? [];
    return { flushed: outcomes.length, deliveries: outcomes };
  }

  /** Scenario traffic on the VPCs' monitored interfaces: live for `duration` seconds, or a backfill of [start, end). */
  async traffic(request: Record<string, unknown>): Promise<Record<string, unknown>> {
    const plane = this.dataPlane;
    if (plane === undefined) throw new AwsError("InvalidParameterException", "this local cloud has no VPC data plane");
    const number = (key: string) => (typeof request[key] === "number" ? (request[key] as number) : undefined);
    const input = {
      scenario: String(request.scenario ?? ""),
      ...(number("seed") !== undefined ? { seed: number("seed") as number } : {}),
      ...(number("rate") !== undefined ? { rate: number("rate") as number } : {}),
      ...(number("duration") !== undefined ? { duration: number("duration") as number } : {}),
      ...(number("start") !== undefined ? { start: number("start") as number } : {}),
      ...(number("end") !== undefined ? { end: number("end") as number } : {}),
    };
    const result = request.backfill === true ? await plane.traffic.backfill(input) : await plane.traffic.runLive(input);
    return { ...result };
  }

  health(): Record<string, unknown> {
    return {
      status: "ready",
      endpoint: this.endpoint,
      region: this.options.region,
      account: this.options.account,
      auth: this.options.auth,
      persistence: this.store?.path === ":memory:" ? "memory" : this.store?.path,
      services: this.registry?.services.map((s) => s.signingName) ?? [],
      startedAt: new Date(this.startedAt).toISOString(),
    };
  }

  async stop(): Promise<void> {
    await (await this.ui)?.close();
    this.ui = undefined;
    await this.dataPlane?.stop();
    this.dataPlane = undefined;
    const server = this.server;
    this.server = undefined;
    if (server !== undefined) {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    }
    this.store?.close();
    this.store = undefined;
    this.claims?.releaseAll();
    this.claims = undefined;
  }
}
