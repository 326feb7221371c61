/**
 * Regions and Availability Zones: DescribeRegions and DescribeAvailabilityZones, and the zone
 * names and ids subnets are placed in. us-east-1's zone ids are as recorded on AWS (a = use1-az6).
 */
import type { RequestContext } from "../service.js";
import type {
  DescribeAvailabilityZonesRequest,
  DescribeAvailabilityZonesResult,
  DescribeRegionsRequest,
  DescribeRegionsResult,
} from "../validation/ec2-types.js";
import type { Ec2Context } from "./context.js";
import { invalidParameterValue } from "./errors.js";
import { applyFilters } from "./filters.js";

interface RegionInfo {
  name: string;
  /** The prefix of zone ids: `use1`. */
  short: string;
  longName: string;
  optIn: boolean;
}

const REGIONS: readonly RegionInfo[] = [
  { name: "us-east-1", short: "use1", longName: "US East (N. Virginia)", optIn: false },
  { name: "us-east-2", short: "use2", longName: "US East (Ohio)", optIn: false },
  { name: "us-west-1", short: "usw1", longName: "US West (N. California)", optIn: false },
  { name: "us-west-2", short: "usw2", longName: "US West (Oregon)", optIn: false },
  { name: "ca-central-1", short: "cac1", longName: "Canada (Central)", optIn: false },
  { name: "eu-west-1", short: "euw1", longName: "Europe (Ireland)", optIn: false },
  { name: "eu-west-2", short: "euw2", longName: "Europe (London)", optIn: false },
  { name: "eu-west-3", short: "euw3", longName: "Europe (Paris)", optIn: false },
  { name: "eu-central-1", short: "euc1", longName: "Europe (Frankfurt)", optIn: false },
  { name: "eu-north-1", short: "eun1", longName: "Europe (Stockholm)", optIn: false },
  { name: "ap-northeast-1", short: "apne1", longName: "Asia Pacific (Tokyo)", optIn: false },
  { name: "ap-northeast-2", short: "apne2", longName: "Asia Pacific (Seoul)", optIn: false },
  { name: "ap-northeast-3", short: "apne3", longName: "Asia Pacific (Osaka)", optIn: false },
  { name: "ap-southeast-1", short: "apse1", longName: "Asia Pacific (Singapore)", optIn: false },
  { name: "ap-southeast-2", short: "apse2", longName: "Asia Pacific (Sydney)", optIn: false },
  { name: "ap-south-1", short: "aps1", longName: "Asia Pacific (Mumbai)", optIn: false },
  { name: "sa-east-1", short: "sae1", longName: "South America (Sao Paulo)", optIn: false },
];

/** us-east-1's zone letters map to zone ids unlike alphabetically: recorded (a = use1-az6, b = use1-az1). */
const ZONE_IDS: Readonly<Record<string, readonly string[]>> = {
  "us-east-1": ["use1-az6", "use1-az1", "use1-az2", "use1-az4", "use1-az3", "use1-az5"],
};

export interface Zone {
  name: string;
  id: string;
  region: string;
  groupLongName: string;
}

function regionInfo(region: string): RegionInfo {
  const known = REGIONS.find((r) => r.name === region);
  if (known !== undefined) return known;
  // A Region flowwatch has no table for: its zone ids still follow AWS's pattern.
  const parts = region.split("-");
  const short = `${parts[0] ?? ""}${(parts[1] ?? "")
    .split(/(?=[a-z])/)
    .map((w) => w[0])
    .join("")}${parts[2] ?? ""}`;
  return { name: region, short, longName: region, optIn: false };
}

/** The Region's zones: six in us-east-1, three elsewhere. */
export function zonesOf(region: string): Zone[] {
  const info = regionInfo(region);
  const ids = ZONE_IDS[region];
  const count = ids?.length ?? 3;
  const zones: Zone[] = [];
  for (let i = 0; i < count; i++) {
    zones.push({
      name: `${region}${String.fromCharCode(97 + i)}`,
      id: ids?.[i] ?? `${info.short}-az${i + 1}`,
      region,
      groupLongName: `${info.longName} 1`,
    });
  }
  return zones;
}

export function findZone(region: string, nameOrId: string): Zone | undefined {
  return zonesOf(region).find((z) => z.name === nameOrId || z.id === nameOrId);
}

export function regionOperations(_ec2: Ec2Context) {
  /** DescribeAvailabilityZones. Unknown zone names or ids are an error, as on AWS. */
  function describeAvailabilityZones(input: DescribeAvailabilityZonesRequest, ctx: RequestContext): DescribeAvailabilityZonesResult {
    let zones = zonesOf(ctx.region);
    for (const name of input.ZoneNames ?? []) {
      if (!zones.some((z) => z.name === name)) throw invalidParameterValue(`The zone '${name}' does not exist.`);
    }
    for (const id of input.ZoneIds ?? []) {
      if (!zones.some((z) => z.id === id)) throw invalidParameterValue(`The zone-id '${id}' does not exist.`);
    }
    if (input.ZoneNames !== undefined || input.ZoneIds !== undefined) {
      zones = zones.filter((z) => input.ZoneNames?.includes(z.name) || input.ZoneIds?.includes(z.id));
    }
    zones = applyFilters(
      zones,
      input.Filters,
      {
        "zone-name": (z) => z.name,
        "zone-id": (z) => z.id,
        "region-name": (z) => z.region,
        state: () => "available",
        "opt-in-status": () => "opt-in-not-required",
        "zone-type": () => "availability-zone",
        "group-name": (z) => `${z.region}-zg-1`,
        "group-long-name": (z) => z.groupLongName,
        "network-border-group": (z) => z.region,
        message: () => undefined,
      },
      { tags: false },
    );
    return {
      AvailabilityZones: zones.map((z) => ({
        OptInStatus: "opt-in-not-required",
        ZoneName: z.name,
        ZoneId: z.id,
        State: "available",
        RegionName: z.region,
        GroupName: `${z.region}-zg-1`,
        NetworkBorderGroup: z.region,
        ZoneType: "availability-zone",
        GroupLongName: z.groupLongName,
        Messages: [],
      })),
    };
  }

  /** DescribeRegions: the commercial Regions flowwatch knows, each enabled. */
  function describeRegions(input: DescribeRegionsRequest, _ctx: RequestContext): DescribeRegionsResult {
    let regions = [...REGIONS];
    for (const name of input.RegionNames ?? []) {
      if (!regions.some((r) => r.name === name)) throw invalidParameterValue(`Invalid region: ${name}`);
    }
    if (input.RegionNames !== undefined) regions = regions.filter((r) => input.RegionNames?.includes(r.name));
    regions = applyFilters(
      regions,
      input.Filters,
      {
        endpoint: (r) => `ec2.${r.name}.amazonaws.com`,
        "opt-in-status": () => "opt-in-not-required",
        "region-name": (r) => r.name,
      },
      { tags: false },
    );
    return {
      Regions: regions.map((r) => ({
        RegionName: r.name,
        Endpoint: `ec2.${r.name}.amazonaws.com`,
        OptInStatus: "opt-in-not-required",
      })),
    };
  }

  return { describeAvailabilityZones, describeRegions };
}
