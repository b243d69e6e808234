/**
 * The React host every screen test needs: a fresh root in the document for each test, the
 * interface in pt-BR, and after each test the root unmounted, the page emptied and the app store's
 * bridge let go (a screen left mounted would keep calling the previous test's bridge).
 */
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, beforeEach } from 'vitest';
import { initI18n, setLanguage } from '../i18n';
import { useAppStore } from '../state/app-store';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

export interface MountedView {
  /** The element the screen renders into (in document.body). */
  readonly host: HTMLDivElement;
  readonly root: Root;
}

/** Registers the per-test mount; read `host` and `root` inside a test, not at module level. */
export function mountPerTest(): MountedView {
  let host: HTMLDivElement | null = null;
  let root: Root | null = null;
  beforeEach(() => {
    initI18n();
    setLanguage('pt-BR');
    host = document.createElement('div');
    document.body.append(host);
    root = createRoot(host);
  });
  afterEach(() => {
    const mounted = root;
    if (mounted) act(() => mounted.unmount());
    document.body.innerHTML = '';
    useAppStore.setState({ bridge: null });
    host = null;
    root = null;
  });
  return {
    get host() {
      if (!host) throw new Error('mountPerTest: host read outside a test');
      return host;
    },
    get root() {
      if (!root) throw new Error('mountPerTest: root read outside a test');
      return root;
    },
  };
}
