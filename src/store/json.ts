/** JSON columns: written with JSON.stringify, read back defensively (a bad cell must not crash the UI). */
export function toJson(value: unknown): string {
  return JSON.stringify(value ?? null);
}

export function parseJson<T>(text: string | null | undefined, fallback: T): T {
  if (text === null || text === undefined) return fallback;
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
}

export function toBool(value: number | bigint | null | undefined): boolean {
  return value !== null && value !== undefined && Number(value) !== 0;
}
