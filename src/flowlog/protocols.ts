/** IANA protocol numbers, as the protocol field of a flow log record holds them. */

const NAMES: Readonly<Record<number, string>> = {
  0: "HOPOPT",
  1: "ICMP",
  2: "IGMP",
  4: "IPv4",
  6: "TCP",
  8: "EGP",
  9: "IGP",
  17: "UDP",
  27: "RDP",
  41: "IPv6",
  43: "IPv6-Route",
  44: "IPv6-Frag",
  46: "RSVP",
  47: "GRE",
  50: "ESP",
  51: "AH",
  58: "ICMPv6",
  59: "IPv6-NoNxt",
  60: "IPv6-Opts",
  88: "EIGRP",
  89: "OSPF",
  94: "IPIP",
  103: "PIM",
  112: "VRRP",
  115: "L2TP",
  132: "SCTP",
  136: "UDPLite",
  137: "MPLS-in-IP",
};

/** The protocol's keyword for an IANA number: 6 → "TCP"; an unnamed number as its digits. */
export function protocolName(protocol: number | null): string {
  if (protocol === null) return "-";
  return NAMES[protocol] ?? String(protocol);
}

/** The IANA number of a protocol keyword, case-insensitive: "tcp" → 6. */
export function protocolNumber(name: string): number | undefined {
  const wanted = name.toLowerCase();
  for (const [number, keyword] of Object.entries(NAMES)) {
    if (keyword.toLowerCase() === wanted) return Number(number);
  }
  return /^\d{1,3}$/.test(name) && Number(name) <= 255 ? Number(name) : undefined;
}
