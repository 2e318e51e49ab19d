// Everything the HTTP app needs from the outside, injected so tests build it in-process.
import type { SecretBox } from '../auth/secret-box.js';
import type { Catalog } from '../domain/catalog.js';
import type { Store } from '../storage/types.js';

export interface SigningConfig {
  v11Scopes: Array<{ region: string; service: string }>;
  nodeLegacyPath: boolean;
  javaQueryQuirk: boolean;
}

export interface AppDeps {
  store: Store;
  catalog: Catalog;
  secretBox: SecretBox;
  signing: SigningConfig;
  clock?: () => Date;
  /** false: silent (tests); true: one JSON line per request on stdout. */
  log?: boolean;
}
