/** DescribeSecurityGroups' permissions as one rule per peer, for endpoints without DescribeSecurityGroupRules. */
import assert from "node:assert/strict";
import { test } from "node:test";
import { rulesOfGroup } from "./explain-reader.js";

test("every peer of every permission becomes its own rule, ingress and egress kept apart", () => {
  const rules = rulesOfGroup({
    GroupId: "sg-1",
    IpPermissions: [
      { IpProtocol: "tcp", FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: "10.0.0.0/8" }, { CidrIp: "192.168.0.0/16" }], Ipv6Ranges: [{ CidrIpv6: "::/0" }] },
      {
        IpProtocol: "tcp",
        FromPort: 5432,
        ToPort: 5432,
        UserIdGroupPairs: [{ GroupId: "sg-app", UserId: "000000000000" }],
        PrefixListIds: [{ PrefixListId: "pl-1" }],
      },
    ],
    IpPermissionsEgress: [{ IpProtocol: "-1", IpRanges: [{ CidrIp: "0.0.0.0/0" }] }],
  });
  assert.equal(rules.length, 6);
  assert.deepEqual(
    rules.filter((r) => !r.IsEgress).map((r) => r.CidrIpv4 ?? r.CidrIpv6 ?? r.PrefixListId ?? r.ReferencedGroupInfo?.GroupId),
    ["10.0.0.0/8", "192.168.0.0/16", "::/0", "pl-1", "sg-app"],
  );
  assert.deepEqual(
    rules.filter((r) => r.IsEgress),
    [{ GroupId: "sg-1", IsEgress: true, IpProtocol: "-1", FromPort: undefined, ToPort: undefined, CidrIpv4: "0.0.0.0/0" }],
  );
});
