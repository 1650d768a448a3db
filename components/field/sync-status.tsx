import { FieldIcon } from "./icons";
import { SyncStatusStrip } from "./sync-status-strip";

/**
 * The work-log queue's strip at the top of the technician's pages (see SyncStatusStrip), with its icons drawn
 * here on the server: the phone downloads no icon code.
 */
export function SyncStatus() {
  return (
    <SyncStatusStrip
      icons={{
        offline: <FieldIcon name="cloud-off" className="size-4 shrink-0" />,
        sync: <FieldIcon name="refresh-cw" className="size-4" />,
        refused: <FieldIcon name="triangle-alert" className="size-4 shrink-0 text-danger" />,
      }}
    />
  );
}
