import { Field } from "../../../components/Field";
import type { FormErrors } from "../../../lib/problems";
import { NARR_LEVEL_LABELS, NARR_LEVELS, narrLevelFrom, RESIDENCE_GENDER_LABELS, RESIDENCE_GENDERS } from "../labels";
import type { ResourceField, ResourceFormValues } from "../resourceForm";

interface Props {
  values: ResourceFormValues;
  errors: FormErrors<ResourceField>["fields"];
  update: <K extends keyof ResourceFormValues>(name: K, value: ResourceFormValues[K]) => void;
}

/** What people check before moving into a recovery residence: who it houses, its level, MAT. */
export function ResidenceFields({ values, errors, update }: Props) {
  return (
    <fieldset>
      <legend>Recovery residence</legend>
      <Field label="Who it houses" name="residence_gender" errors={errors.residence_gender} hint="Describe “another group” in “Who it's for” below.">
        {(control) => (
          <select
            {...control}
            value={values.residence_gender}
            onChange={(event) => update("residence_gender", RESIDENCE_GENDERS.find((gender) => gender === event.target.value) ?? "")}
          >
            <option value="">Choose…</option>
            {RESIDENCE_GENDERS.map((gender) => (
              <option key={gender} value={gender}>
                {RESIDENCE_GENDER_LABELS[gender]}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label="NARR level" name="narr_level" errors={errors.narr_level} tag="optional" hint="The level it is certified at, by NARR or its state affiliate.">
        {(control) => (
          <select {...control} value={String(values.narr_level)} onChange={(event) => update("narr_level", narrLevelFrom(event.target.value))}>
            <option value="">Not certified at a level</option>
            {NARR_LEVELS.map((level) => (
              <option key={level} value={String(level)}>
                {NARR_LEVEL_LABELS[level]}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label="Medication-assisted treatment" name="accepts_mat" errors={errors.accepts_mat} tag="optional" hint="Whether residents on buprenorphine, methadone or naltrexone are accepted.">
        {(control) => (
          <select
            {...control}
            value={values.accepts_mat}
            onChange={(event) => update("accepts_mat", event.target.value === "yes" ? "yes" : event.target.value === "no" ? "no" : "")}
          >
            <option value="">Not known</option>
            <option value="yes">Accepts residents on MAT</option>
            <option value="no">Does not accept residents on MAT</option>
          </select>
        )}
      </Field>
    </fieldset>
  );
}
