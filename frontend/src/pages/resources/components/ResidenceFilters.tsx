import type { ResourceFilters } from "../filters";
import { RESIDENCE_GENDERS } from "../labels";

interface Props {
  value: ResourceFilters;
  update: <K extends keyof ResourceFilters>(key: K, next: ResourceFilters[K]) => void;
}

/** Narrowing to recovery residences by what people check first: who they house, and MAT. */
export function ResidenceFilters({ value, update }: Props) {
  return (
    <fieldset className="field">
      <legend className="field__label">Recovery residences (sober living)</legend>
      <div className="field">
        <label className="field__label" htmlFor="resource-residence-gender">
          Houses
        </label>
        <p className="field__hint" id="resource-residence-gender-hint">
          Men, women and another group include residences open to anyone.
        </p>
        <select
          id="resource-residence-gender"
          aria-describedby="resource-residence-gender-hint"
          name="residence_gender"
          value={value.residenceGender}
          onChange={(event) => update("residenceGender", RESIDENCE_GENDERS.find((gender) => gender === event.target.value) ?? "")}
        >
          <option value="">No preference</option>
          <option value="men">Men</option>
          <option value="women">Women</option>
          <option value="other">Another group</option>
          <option value="any">Only residences open to anyone</option>
        </select>
      </div>
      <label className="resource-check">
        <input type="checkbox" name="accepts_mat" checked={value.acceptsMat} onChange={(event) => update("acceptsMat", event.target.checked)} />
        Accepts residents on medication-assisted treatment (MAT)
      </label>
    </fieldset>
  );
}
