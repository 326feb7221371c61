/** Names of well-known ports, for people reading flow records: 22 → "ssh". From IANA's service registry. */

const TCP_AND_UDP: Readonly<Record<number, string>> = {
  20: "ftp-data",
  21: "ftp",
  22: "ssh",
  23: "telnet",
  25: "smtp",
  53: "dns",
  67: "dhcp-server",
  68: "dhcp-client",
  69: "tftp",
  80: "http",
  88: "kerberos",
  110: "pop3",
  111: "sunrpc",
  123: "ntp",
  135: "msrpc",
  137: "netbios-ns",
  138: "netbios-dgm",
  139: "netbios-ssn",
  143: "imap",
  161: "snmp",
  162: "snmptrap",
  179: "bgp",
  389: "ldap",
  443: "https",
  445: "smb",
  465: "smtps",
  500: "isakmp",
  514: "syslog",
  587: "submission",
  636: "ldaps",
  853: "dns-over-tls",
  873: "rsync",
  993: "imaps",
  995: "pop3s",
  1433: "mssql",
  1521: "oracle",
  2049: "nfs",
  2375: "docker",
  2376: "docker-tls",
  3306: "mysql",
  3389: "rdp",
  4500: "ipsec-nat-t",
  5432: "postgresql",
  5439: "redshift",
  5671: "amqps",
  5672: "amqp",
  5900: "vnc",
  6379: "redis",
  6443: "kubernetes-api",
  8080: "http-alt",
  8443: "https-alt",
  9092: "kafka",
  9200: "elasticsearch",
  11211: "memcached",
  27017: "mongodb",
};

/** The service name of a well-known port, or undefined for a port without one. */
export function portName(port: number | null): string | undefined {
  return port === null ? undefined : TCP_AND_UDP[port];
}

/** A port for display: 22 → "22/ssh", 49152 → "49152", absent → "-". */
export function portLabel(port: number | null): string {
  if (port === null) return "-";
  const name = TCP_AND_UDP[port];
  return name === undefined ? String(port) : `${port}/${name}`;
}
