/** For wire tests: a LocalCloud on a free loopback port, and SDK client settings that point at it. */
import { after, before } from "node:test";
import { LocalCloud, type LocalCloudOptions } from "../../src/cloud/cloud.js";

export interface TestCloud {
  cloud: LocalCloud;
  endpoint: string;
  /** Settings for any SDK v3 client: endpoint, region, the root key `test` with the cloud's root secret, no retries. */
  clientConfig(
    accessKeyId?: string,
    secretAccessKey?: string,
  ): {
    endpoint: string;
    region: string;
    credentials: { accessKeyId: string; secretAccessKey: string };
    maxAttempts: number;
  };
}

/** Starts a cloud before the file's tests and stops it after them. */
export function useLocalCloud(options: LocalCloudOptions = {}): TestCloud {
  // Each test process gets its own block of public addresses, so concurrent clouds' gateways never share one.
  const publicIpBlock = `127.${101 + (process.pid % 90)}.0.0/16`;
  const cloud = new LocalCloud({ memory: true, port: 0, publicIpBlock, onWarning: () => undefined, ...options, onBug: (error) => console.error("BUG", error) });
  const handle: TestCloud = {
    cloud,
    endpoint: "",
    // The root's secret: random in strict mode unless the test gave `rootSecret`; relaxed mode takes any.
    clientConfig: (accessKeyId = "test", secretAccessKey = cloud.rootSecret) => ({
      endpoint: handle.endpoint,
      region: options.region ?? "us-east-1",
      credentials: { accessKeyId, secretAccessKey },
      maxAttempts: 1,
    }),
  };
  before(async () => {
    await cloud.start();
    handle.endpoint = cloud.endpoint;
  });
  after(() => cloud.stop());
  return handle;
}
