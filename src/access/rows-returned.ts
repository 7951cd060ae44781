/**
 * The rows a response returned, for the audit trail: every object inside a
 * list (so every edge of a connection, and every item of a plain list of
 * objects) plus every top-level field whose value is a single object other
 * than a connection (a connection counts its edges, not itself). Lists
 * of scalars (CAS numbers, aliases) and nested single objects are not rows.
 * Pure.
 */
export function rowsReturned(data: Record<string, unknown> | null | undefined): number {
  if (!data) return 0;
  let rows = 0;
  for (const value of Object.values(data)) {
    if (isObject(value)) rows += (Array.isArray(value.edges) ? 0 : 1) + nestedRows(value);
    else if (Array.isArray(value)) rows += nestedRows(value);
  }
  return rows;
}

function nestedRows(value: unknown): number {
  if (Array.isArray(value)) {
    let rows = 0;
    for (const item of value) {
      if (isObject(item)) rows += 1 + nestedRows(item);
      else if (Array.isArray(item)) rows += nestedRows(item);
    }
    return rows;
  }
  if (isObject(value)) {
    // Only objects and lists can hold rows: the scalars of a large response are skipped without a call.
    let rows = 0;
    for (const key in value) {
      const child = value[key];
      if (typeof child === 'object' && child !== null) rows += nestedRows(child);
    }
    return rows;
  }
  return 0;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
