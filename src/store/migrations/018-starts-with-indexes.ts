/**
 * "Name or email starts with the words typed" as B-tree ranges (contact-search.ts rangeSource): the
 * folded name (name_norm holds its search words) and the email's search words, each beside the rank
 * key so the range is read from the index alone. FTS5 answered a multi-word "starts with" through
 * the first word's head tokens, walking every contact whose name or email starts with it (every
 * "maria") to prove that five start with "maria silva san": 6-8 ms at a million skewed contacts.
 * A range costs the names in it. The email's words are an expression of the same SQL function
 * ContactsRepo feeds the words index with: openDatabase registers it on every connection, before
 * migrating (contact-keys.ts registerIndexText).
 */
import type Database from 'better-sqlite3';
import { registerIndexText } from '../contact-keys';

export const version = 18;
export const name = 'starts-with-indexes';

export function up(db: Database.Database): void {
  registerIndexText(db);
  // IF NOT EXISTS: a file whose user_version was set back (as the upgrade tests do) still has them.
  db.exec(`CREATE INDEX IF NOT EXISTS contacts_name_start ON contacts(name_norm, rank_key);
CREATE INDEX IF NOT EXISTS contacts_email_start ON contacts(contact_index_text(email_norm), rank_key);`);
}
