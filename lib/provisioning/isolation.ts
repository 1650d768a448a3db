/*
 * The firewall an ISP adds once per router so isolated (suspended) subscribers reach only the payment
 * page (ROUTEROS.md §5.2 b): the address list is filled by NetSphere (the isolation profile's
 * `address-list`, or static entries), these rules make it bite. HTTPS can't be redirected cleanly, so
 * it is blocked and phones' captive-portal checks (plain HTTP) land on the page.
 */
export function isolationRules({ addressList, portalHost }: { addressList: string; portalHost: string }): string {
  const portalList = "netsphere-portal";
  const isIp = /^\d{1,3}(\.\d{1,3}){3}$/.test(portalHost);
  const natTarget = isIp ? portalHost : "PAYMENT-PAGE-IP";
  const lines = [
    `# The payment page stays reachable (address lists accept DNS names).`,
    `/ip firewall address-list add list=${portalList} address=${portalHost} comment="netsphere: payment page"`,
    `/ip firewall filter add chain=forward src-address-list=${addressList} dst-address-list=${portalList} action=accept comment="netsphere: isolated may reach the payment page"`,
    `/ip firewall filter add chain=forward src-address-list=${addressList} protocol=udp dst-port=53 action=accept comment="netsphere: isolated keep DNS"`,
    `/ip firewall filter add chain=forward src-address-list=${addressList} action=drop comment="netsphere: isolated blocked"`,
    `# Web requests of isolated subscribers are sent to the payment page.`,
    `/ip firewall nat add chain=dstnat src-address-list=${addressList} dst-address-list=!${portalList} protocol=tcp dst-port=80 action=dst-nat to-addresses=${natTarget} to-ports=80 comment="netsphere: isolated to payment page"`,
    `# Move the filter rules above any broad accept rule in chain=forward (drag them up in Winbox, or use place-before=).`,
  ];
  if (!isIp) lines.splice(6, 0, `# Replace PAYMENT-PAGE-IP with the IP address ${portalHost} resolves to (dst-nat needs an address).`);
  return lines.join("\n");
}
