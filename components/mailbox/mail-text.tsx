/** An email's plain text with its http(s) links clickable (React escapes everything else). */
export function MailText({ text }: { text: string }) {
  const parts = text.split(/(https?:\/\/[^\s<>"']+)/g);
  return (
    <pre className="whitespace-pre-wrap break-words font-sans text-sm leading-relaxed">
      {parts.map((part, i) => {
        if (i % 2 === 0) return part;
        // A sentence's closing punctuation is not part of the link.
        const [, href, trailing] = part.match(/^(.*?)([.,;:!?)\]]*)$/) ?? [part, part, ""];
        return (
          <span key={i}>
            <a href={href} className="break-all text-primary underline underline-offset-2" target="_blank" rel="noopener noreferrer">
              {href}
            </a>
            {trailing}
          </span>
        );
      })}
    </pre>
  );
}
