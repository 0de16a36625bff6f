import { useQuery } from "@tanstack/react-query";
import { useId, useState } from "react";
import { api } from "../api/client";
import { unwrap } from "../lib/problems";

export interface PickedResource {
  id: string;
  name: string;
}

/**
 * A small search over the verified directory (GET /resources?q=&verified=true): type a few
 * letters, choose one. Used to share a resource as a card or to link one from a facilitator note.
 */
export function ResourcePicker({
  value,
  onChange,
  label = "Link a directory resource (optional)",
}: {
  value: PickedResource | null;
  onChange: (resource: PickedResource | null) => void;
  label?: string;
}) {
  const [text, setText] = useState("");
  const inputId = useId();
  const resultsId = useId();
  const query = text.trim();
  const results = useQuery({
    queryKey: ["resources", "picker", query],
    queryFn: async ({ signal }) =>
      (
        await unwrap(
          api.GET("/api/v1/resources", { params: { query: { q: query, verified: true, limit: 5 } }, signal }),
        )
      ).data,
    enabled: query.length >= 2,
    staleTime: 60_000,
  });

  if (value) {
    return (
      <div className="resource-picker">
        <p>
          Linked: <strong>{value.name}</strong>{" "}
          <button type="button" className="button button--quiet button--small" onClick={() => onChange(null)}>
            Remove<span className="visually-hidden"> {value.name}</span>
          </button>
        </p>
      </div>
    );
  }
  const items = results.data?.items ?? [];
  return (
    <div className="resource-picker field">
      <label className="field__label" htmlFor={inputId}>
        {label}
      </label>
      <input
        id={inputId}
        type="search"
        value={text}
        aria-describedby={resultsId}
        placeholder="Search verified resources"
        onChange={(event) => setText(event.target.value)}
      />
      <div id={resultsId} aria-live="polite">
        {query.length >= 2 && results.isSuccess && items.length === 0 ? <p className="muted">No verified resource matches.</p> : null}
        {items.length ? (
          <ul className="resource-picker__results">
            {items.map((resource) => (
              <li key={resource.id}>
                <button
                  type="button"
                  className="button button--quiet button--small"
                  onClick={() => onChange({ id: resource.id, name: resource.name })}
                >
                  Choose {resource.name}
                </button>
              </li>
            ))}
          </ul>
        ) : null}
      </div>
    </div>
  );
}
