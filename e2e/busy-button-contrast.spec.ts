/**
 * "Transferindo…" (and "Salvando…") is said on the button itself, disabled while the action runs:
 * dimmed like any disabled button, it read at about 2:1 on the green. A busy one keeps full contrast.
 */
import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';

test('a disabled button waiting on its action keeps full opacity; a plain disabled one is dimmed', async ({ page }) => {
  const styles = readFileSync(new URL('../renderer/styles.css', import.meta.url), 'utf8');
  await page.setContent(`<style>${styles}</style><button disabled aria-busy="true">Transferindo…</button><button disabled>Transferir</button>`);
  const opacity = (index: number) => page.getByRole('button').nth(index).evaluate((el) => getComputedStyle(el).opacity);
  expect(await opacity(0)).toBe('1');
  expect(await opacity(1)).toBe('0.55');
});
