/**
 * The From of an email. A message sent for an ISP (to its subscribers, or its staff's notices) goes out under the
 * ISP's name, from the operator's address in MAIL_FROM: subscribers see their ISP, never NetSphere. Anything else keeps
 * MAIL_FROM as it is. nodemailer quotes and encodes the name.
 */
export function senderFor(mailFrom: string, displayName?: string | null): string | { name: string; address: string } {
  const name = displayName?.replace(/[\r\n]+/g, " ").trim();
  if (!name) return mailFrom;
  const address = /<([^<>]+)>\s*$/.exec(mailFrom)?.[1] ?? mailFrom.trim();
  return { name, address };
}
