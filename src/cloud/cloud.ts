/** LocalCloud: one instance of the local cloud — options, clock, store, services, HTTP server; start and stop. */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Authenticator, rootArn, TEST_ACCESS_KEY, TEST_ACCOUNT } from "./accounts.js";
import { type Clock, systemClock } from "./clock.js";
import { Authorizer } from "./authorization.js";
import { identityDirectoryOf } from "./iam/index.js";
import { internalRoutes } from "./internal-routes.js";
import { requestHandler } from "./server.js";
import { createServices, ServiceRegistry } from "./services.js";
import { Store } from "./store/store.js";

export type AuthMode = "relaxed" | "strict";

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
}

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|localhost)$/;

export class LocalCloud {
  readonly options: Required<Omit<LocalCloudOptions, "dataDir" | "onBug">> & { dataDir: string };
  private server: Server | undefined;
  private store: Store | undefined;
  private registry: ServiceRegistry | undefined;
  private startedAt = 0;

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
    };
    if (!LOOPBACK.test(this.options.host) && this.options.auth !== "strict") {
      throw new Error(`refusing to listen on ${this.options.host} without --auth strict: anyone who can reach it could use any account`);
    }
    if (!/^\d{12}$/.test(this.options.account)) throw new Error(`--account must be 12 digits, not '${this.options.account}'`);
    this.onBug = options.onBug ?? ((error) => console.error("flowwatch: internal error:", error));
  }

  private readonly onBug: (error: unknown) => void;

  /** `http://127.0.0.1:PORT` once started. */
  get endpoint(): string {
    const address = this.server?.address() as AddressInfo | null | undefined;
    if (!address) throw new Error("the local cloud is not started");
    const host = address.family === "IPv6" ? `[${address.address}]` : address.address;
    return `http://${host}:${address.port}`;
  }

  async start(): Promise<void> {
    const { clock } = this.options;
    const store = new Store(this.options.memory ? { memory: true } : { dataDir: this.options.dataDir });
    const authenticator = new Authenticator({ mode: this.options.auth, defaultAccount: this.options.account, defaultRegion: this.options.region, clock });
    const registry = new ServiceRegistry(createServices({ store, clock, credentials: authenticator }));
    const directory = identityDirectoryOf(registry.services);
    if (this.options.auth === "strict") {
      // Strict mode needs one key to start from: `test` with the secret `test`, the root of 000000000000.
      authenticator.registerKey(TEST_ACCESS_KEY, { secretAccessKey: "test", account: TEST_ACCOUNT, arn: rootArn(TEST_ACCOUNT), isRoot: true });
    }
    this.store = store;
    this.registry = registry;
    const handler = requestHandler(
      {
        registry,
        clock,
        authorizer: new Authorizer(() => directory),
        authenticate: (request, service, protocol) => authenticator.authenticate({ ...request, url: request.target }, service, protocol),
        internal: internalRoutes({ health: () => this.health(), reset: () => registry.reset() }),
      },
      this.onBug,
    );
    const server = createServer({ keepAliveTimeout: 65_000 }, (req, res) => {
      handler(req, res).catch(this.onBug);
    });
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(this.options.port, this.options.host, () => {
        server.off("error", reject);
        resolve();
      });
    });
    this.server = server;
    this.startedAt = clock.now();
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
  }
}
