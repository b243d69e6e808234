/**
 * Every schema migration, in order. To change the schema, add a file `NNN-what.ts` exporting
 * `version` (the next integer), `name` and `up(db)`, and append it here; never edit a shipped one.
 */
import type Database from 'better-sqlite3';
import * as m001 from './001-initial';
import * as m002 from './002-outbox-pending-index';
import * as m003 from './003-outbox-author';
import * as m004 from './004-search-vocabulary';
import * as m005 from './005-search-newest-first';
import * as m006 from './006-failure-reason-codes';
import * as m007 from './007-template-media';
import * as m008 from './008-outbox-notes';
import * as m009 from './009-me-availability';
import * as m010 from './010-note-drafts';
import * as m011 from './011-draft-authors';
import * as m012 from './012-outbox-files';
import * as m013 from './013-received-files';
import * as m014 from './014-schedule-failures';
import * as m015 from './015-outbox-send-started';
import * as m016 from './016-message-order';
import * as m017 from './017-session-contact-details';
import * as m018 from './018-starts-with-indexes';

export interface Migration {
  readonly version: number;
  readonly name: string;
  up(db: Database.Database): void;
}

export const MIGRATIONS: readonly Migration[] = [m001, m002, m003, m004, m005, m006, m007, m008, m009, m010, m011, m012, m013, m014, m015, m016, m017, m018];

/** The schema version this build writes; a database above it was made by a newer app. */
export const LATEST_SCHEMA_VERSION = MIGRATIONS.reduce((max, m) => Math.max(max, m.version), 0);
