import { Download, FileText } from "lucide-react";
import { formatDateTime } from "@/lib/core/dates";
import { contentTypeText, formatBytes, isPreviewableImage } from "@/lib/storage/file-types";
import { fileUrl } from "@/lib/storage/links";

/** What the list shows of a stored file (a `listFiles` row fits). */
export type AttachmentItem = {
  id: string;
  filename: string;
  contentType: string;
  sizeBytes: number;
  createdAt: Date;
  uploaderName?: string | null;
};

/** A small preview through the authorized file route: the image itself, or a document icon. Decorative: the name sits beside it. */
export function FileThumbnail({ file, size = "size-10" }: { file: Pick<AttachmentItem, "id" | "contentType">; size?: string }) {
  if (isPreviewableImage(file.contentType)) {
    // eslint-disable-next-line @next/next/no-img-element -- served by our authorized file route, not the image optimizer
    return <img src={fileUrl(file.id)} alt="" loading="lazy" className={`${size} shrink-0 rounded border object-cover`} />;
  }
  return (
    <span className={`${size} flex shrink-0 items-center justify-center rounded border bg-muted text-muted-foreground`} aria-hidden>
      <FileText className="size-5" />
    </span>
  );
}

/** "Download <name>" as a link-styled anchor that saves the file (never a public URL). */
export function DownloadLink({ file }: { file: Pick<AttachmentItem, "id" | "filename"> }) {
  return (
    <a
      href={fileUrl(file.id, { download: true })}
      download={file.filename}
      className="inline-flex items-center gap-1 rounded text-sm text-primary underline underline-offset-2 focus-visible:outline-2 focus-visible:outline-ring"
    >
      <Download className="size-4" aria-hidden />
      Download<span className="sr-only"> {file.filename}</span>
    </a>
  );
}

/**
 * Files attached to a ticket, a reply or a work log: thumbnail, name (opens images and PDFs in the
 * browser), type and size, who uploaded it and when, a download link, and optional `actions` per file
 * (e.g. a delete button). Works in Server and Client Components.
 */
export function AttachmentList({
  files,
  timeZone,
  emptyText = "No files attached.",
  label = "Attachments",
  actions,
}: {
  files: AttachmentItem[];
  /** The ISP's time zone for upload times; without it, times are left out. */
  timeZone?: string;
  emptyText?: string;
  /** The list's accessible name. */
  label?: string;
  actions?: (file: AttachmentItem) => React.ReactNode;
}) {
  if (files.length === 0) return <p className="text-sm text-muted-foreground">{emptyText}</p>;
  return (
    <ul aria-label={label} className="flex flex-col gap-2">
      {files.map((file) => (
        <li key={file.id} className="flex flex-wrap items-center gap-3 rounded-md border p-2 text-sm">
          <FileThumbnail file={file} />
          <div className="min-w-0 flex-1">
            <a href={fileUrl(file.id)} className="block break-words font-medium text-primary underline underline-offset-2">
              {file.filename}
            </a>
            <p className="text-xs text-muted-foreground">
              {contentTypeText(file.contentType)} · {formatBytes(file.sizeBytes)}
              {file.uploaderName ? ` · ${file.uploaderName}` : ""}
              {timeZone ? ` · ${formatDateTime(file.createdAt, timeZone)}` : ""}
            </p>
          </div>
          <div className="flex items-center gap-2">
            <DownloadLink file={file} />
            {actions?.(file)}
          </div>
        </li>
      ))}
    </ul>
  );
}
