/** Text as finds compare it: accents removed, lower case ("Conceição" → "conceicao"). */
export function fold(text: string): string {
  return text.normalize('NFD').replace(/\p{M}+/gu, '').toLowerCase();
}
