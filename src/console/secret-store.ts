/**
 * Where the agent's token lives between runs. Electron backs it with safeStorage; tests and the
 * web host use memory. The token is held nowhere else: not in the store DB, logs or events.
 */
export interface SecretStore {
  get(): Promise<string | null>;
  set(token: string): Promise<void>;
  clear(): Promise<void>;
}

export class MemorySecretStore implements SecretStore {
  private token: string | null;

  constructor(initial: string | null = null) {
    this.token = initial;
  }

  get(): Promise<string | null> {
    return Promise.resolve(this.token);
  }

  set(token: string): Promise<void> {
    this.token = token;
    return Promise.resolve();
  }

  clear(): Promise<void> {
    this.token = null;
    return Promise.resolve();
  }
}
