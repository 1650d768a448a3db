import { FieldIcon } from "./icons";
import { SortableJobList, type FieldJobCard } from "./sortable-job-list";

export type { FieldJobCard };

/** The technician's job cards (see SortableJobList), with their icons drawn here on the server. */
export function FieldJobList({ jobs }: { jobs: FieldJobCard[] }) {
  return (
    <SortableJobList
      jobs={jobs}
      icons={{ locate: <FieldIcon name="locate-fixed" />, phone: <FieldIcon name="phone" />, directions: <FieldIcon name="map-pin" /> }}
    />
  );
}
