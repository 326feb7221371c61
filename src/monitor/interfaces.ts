/** Network interfaces by id, with their instance's Name tag and private addresses, for enriching records. */
import {
  DescribeInstancesCommand,
  type DescribeInstancesCommandOutput,
  DescribeNetworkInterfacesCommand,
  type DescribeNetworkInterfacesCommandOutput,
  type EC2Client,
} from "@aws-sdk/client-ec2";

export interface InterfaceInfo {
  id: string;
  instanceId?: string;
  instanceName?: string;
  addresses: Set<string>;
  vpcId?: string;
}

/** Reloaded at most once per refreshMs, and only when a record names an interface not yet known. */
export class InterfaceDirectory {
  private readonly byId = new Map<string, InterfaceInfo>();
  private loadedAt = 0;
  private loading: Promise<void> | undefined;

  constructor(
    private readonly ec2: EC2Client,
    private readonly refreshMs = 30_000,
    private readonly now: () => number = Date.now,
  ) {}

  get(id: string): InterfaceInfo | undefined {
    return this.byId.get(id);
  }

  all(): InterfaceInfo[] {
    return [...this.byId.values()];
  }

  /** Makes sure the ids are known if they exist; failures leave records unenriched rather than stop the tail. */
  async ensure(ids: Iterable<string>): Promise<void> {
    let missing = false;
    for (const id of ids) if (!this.byId.has(id)) missing = true;
    if (!missing || (this.loadedAt > 0 && this.now() - this.loadedAt < this.refreshMs)) return;
    await this.load().catch(() => undefined);
  }

  load(): Promise<void> {
    this.loading ??= this.reload().finally(() => (this.loading = undefined));
    return this.loading;
  }

  private async reload(): Promise<void> {
    this.loadedAt = this.now();
    const names = new Map<string, string>();
    let token: string | undefined;
    do {
      const page: DescribeInstancesCommandOutput = await this.ec2.send(new DescribeInstancesCommand({ ...(token ? { NextToken: token } : {}) }));
      for (const r of page.Reservations ?? []) {
        for (const i of r.Instances ?? []) {
          const name = i.Tags?.find((t) => t.Key === "Name")?.Value;
          if (i.InstanceId && name) names.set(i.InstanceId, name);
        }
      }
      token = page.NextToken;
    } while (token);
    token = undefined;
    do {
      const page: DescribeNetworkInterfacesCommandOutput = await this.ec2.send(
        new DescribeNetworkInterfacesCommand({ ...(token ? { NextToken: token } : {}) }),
      );
      for (const n of page.NetworkInterfaces ?? []) {
        if (!n.NetworkInterfaceId) continue;
        const addresses = new Set<string>();
        for (const p of n.PrivateIpAddresses ?? []) {
          if (p.PrivateIpAddress) addresses.add(p.PrivateIpAddress);
          if (p.Association?.PublicIp) addresses.add(p.Association.PublicIp);
        }
        if (n.PrivateIpAddress) addresses.add(n.PrivateIpAddress);
        const instanceId = n.Attachment?.InstanceId;
        const instanceName = instanceId ? names.get(instanceId) : undefined;
        this.byId.set(n.NetworkInterfaceId, {
          id: n.NetworkInterfaceId,
          addresses,
          ...(instanceId ? { instanceId } : {}),
          ...(instanceName ? { instanceName } : {}),
          ...(n.VpcId ? { vpcId: n.VpcId } : {}),
        });
      }
      token = page.NextToken;
    } while (token);
  }
}
