/**
 * `npm run security`: Electronegativity (Doyensec's static scanner for Electron misconfigurations)
 * over the shell's sources in electron/ — not the bundle, where zod's `new Function` and other
 * vendored code would drown the findings in noise. Fails on a HIGH or MEDIUM finding of FIRM or
 * CERTAIN confidence, or a CSP hole its evaluator is certain of; the rest is printed to review. Offline: the one network call left
 * (its translations, 1 s timeout) falls back to the built-in English texts.
 *
 * The CSP is sent as a header by app://'s handler, a pattern the scanner does not look for, so the
 * policy string itself is handed to it as a page with that CSP: its CSP evaluator then judges the
 * exact policy the app sends.
 */
import { cpSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CONTENT_SECURITY_POLICY } from '../electron/app-protocol';

interface Level {
  name: string;
  value: number;
}

interface Issue {
  id: string;
  file: string;
  location: { line: number; column: number };
  severity: Level;
  confidence: Level;
  description: string;
  manualReview?: boolean;
}

interface RunResult {
  globalChecks: number;
  atomicChecks: number;
  errors: Array<{ file: string; message: string; tolerable: boolean }>;
  issues: Issue[];
}

type Runner = (options: Record<string, unknown>, forCli: boolean) => Promise<RunResult>;

/** Checks that do not apply here, each with why. Names are Electronegativity's class names (a typo makes it throw). */
const EXCLUDED: Record<string, string> = {
  // Fetches the list of Electron releases from GitHub: needs the network, and Electron's version is npm's and Dependabot's job.
  AvailableSecurityFixesGlobalCheck: 'precisa de rede; a versão do Electron é acompanhada pelo npm',
  // Flags every preload that exists; ours exposes two functions through contextBridge, asserted in electron/preload.test.ts.
  PreloadJSCheck: 'marca qualquer preload; o nosso expõe só invoke/onEvent (electron/preload.test.ts)',
  // Looks for CSP in session.webRequest headers only; ours is the app:// response header, judged through the page below.
  CSPJSCheck: 'não reconhece CSP em protocol.handle; a política é avaliada pela página gerada abaixo',
};

const FAIL_SEVERITY = 2; // MEDIUM and above (INFORMATIONAL 0, LOW 1, MEDIUM 2, HIGH 3)
const FAIL_CONFIDENCE = 1; // FIRM and above (TENTATIVE 0, FIRM 1, CERTAIN 2)

function sourcesToScan(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const full = path.join(dir, name);
      if (statSync(full).isDirectory()) {
        // The electron stand-in for tests builds windows with whatever options a test needs.
        if (name !== 'testing' && name !== 'node_modules') walk(full);
      } else if (/\.(ts|tsx|js|cjs|mjs|html)$/.test(name) && !/\.test\.tsx?$/.test(name)) {
        out.push(full);
      }
    }
  };
  walk(root);
  return out;
}

export async function securityScan(projectRoot = process.cwd()): Promise<{ failed: Issue[]; review: Issue[]; errors: RunResult['errors'] }> {
  const require = createRequire(import.meta.url);
  const run = require('@doyensec/electronegativity') as Runner;
  const electronVersion = (require('electron/package.json') as { version: string }).version;

  const source = path.join(projectRoot, 'electron');
  const work = mkdtempSync(path.join(tmpdir(), 'helena-security-scan-'));
  try {
    for (const file of sourcesToScan(source)) cpSync(file, path.join(work, path.relative(source, file)), { recursive: true });
    writeFileSync(
      path.join(work, 'csp-as-served.html'),
      `<!doctype html><html><head><meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY}"></head><body></body></html>\n`,
    );
    const result = await run(
      { input: work, electronVersionOverride: electronVersion, isRelative: true, excludeFromScan: Object.keys(EXCLUDED) },
      false,
    );
    const failed = result.issues.filter(
      (i) =>
        (i.severity.value >= FAIL_SEVERITY && i.confidence.value >= FAIL_CONFIDENCE) ||
        // The scanner files every CSP weakness as LOW; CERTAIN there means its evaluator found a HIGH or MEDIUM hole in our policy.
        (i.id === 'CSP_GLOBAL_CHECK' && i.confidence.name === 'CERTAIN'),
    );
    const review = result.issues.filter((i) => !failed.includes(i));
    return { failed, review, errors: result.errors.filter((e) => !e.tolerable) };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

function describe(issue: Issue): string {
  const where = issue.file === 'N/A' ? '' : ` ${issue.file}:${issue.location.line}`;
  return `  ${issue.severity.name}/${issue.confidence.name} ${issue.id}${where}: ${issue.description}`;
}

const isMain = process.argv[1] !== undefined && /scripts[\\/]security-scan\.[cm]?[jt]s$/.test(process.argv[1]);
if (isMain) {
  const started = Date.now();
  securityScan()
    .then(({ failed, review, errors }) => {
      console.log(`security: Electronegativity sobre electron/ (${((Date.now() - started) / 1000).toFixed(1)} s); fora do escopo:`);
      for (const [check, why] of Object.entries(EXCLUDED)) console.log(`  - ${check}: ${why}`);
      if (review.length > 0) {
        console.log('security: a revisar (baixa severidade ou não confirmados):');
        for (const issue of review) console.log(describe(issue));
      }
      for (const error of errors) console.error(`security: não foi possível analisar ${error.file}: ${error.message}`);
      if (failed.length > 0) {
        console.error('security: problemas confirmados (MEDIUM/HIGH):');
        for (const issue of failed) console.error(describe(issue));
      }
      if (failed.length > 0 || errors.length > 0) process.exit(1);
      console.log('security: nenhum problema confirmado.');
    })
    .catch((error: unknown) => {
      console.error('security: a análise não rodou:', error instanceof Error ? error.message : error);
      process.exit(1);
    });
}
