/**
 * Query strings the way ASP.NET Core model binding reads them (HelenaCRM runs on it):
 * dotted names for nested filters (`UpdatedAt.After=…`), arrays as repeated keys
 * (`Status=PENDING&Status=IN_PROGRESS`, never `Status[]=` or `Status[0]=`), dates as ISO-8601 UTC,
 * booleans as `true`/`false`. Absent values (undefined, null, empty arrays) are left out.
 */
export type QueryScalar = string | number | boolean | Date;
export type QueryValue = QueryScalar | readonly QueryScalar[] | null | undefined;
export type QueryParams = Record<string, QueryValue>;

function scalarText(value: QueryScalar): string {
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'number' && !Number.isFinite(value)) throw new RangeError(`query value must be finite, got ${value}`);
  return String(value);
}

/** `key=value&…` with keys in insertion order; no leading `?`. */
export function serializeQuery(params: QueryParams): string {
  const parts: string[] = [];
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === null) continue;
    const values: readonly QueryScalar[] = Array.isArray(value) ? value : [value as QueryScalar];
    for (const v of values) parts.push(`${encodeURIComponent(key)}=${encodeURIComponent(scalarText(v))}`);
  }
  return parts.join('&');
}
