import { NARR_LEVEL_LABELS, RESIDENCE_GENDER_LABELS, type Resource } from "../labels";

/** A recovery residence's details, as rows of the resource page's facts list. */
export function ResidenceFacts({ resource }: { resource: Resource }) {
  if (resource.kind !== "sober_living") return null;
  const mat = resource.accepts_mat == null ? "Not known: ask the residence" : resource.accepts_mat ? "Accepts residents on MAT" : "Does not accept residents on MAT";
  return (
    <>
      <div>
        <dt>Houses</dt>
        <dd>{resource.residence_gender ? RESIDENCE_GENDER_LABELS[resource.residence_gender] : "Not listed"}</dd>
      </div>
      <div>
        <dt>NARR level</dt>
        <dd>{resource.narr_level ? NARR_LEVEL_LABELS[resource.narr_level] : "Not certified at a level"}</dd>
      </div>
      <div>
        <dt>Medication-assisted treatment</dt>
        <dd>{mat}</dd>
      </div>
    </>
  );
}
