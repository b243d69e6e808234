/**
 * The contact's name and number as HelenaCRM embeds them in a session (IncludeDetails=ContactDetails),
 * kept on the session row. A big account's first sync has the conversations within seconds and
 * their contacts only a minute or more later; these name the desk's rows meanwhile. They are not
 * written as contacts: ContactsRepo keeps the newest version of a contact by updatedAt, so a
 * partial one could hold back the real one, and the contact search must find only real contacts.
 * NULL: not embedded (a row saved before this version, or a session read without the details).
 */
import type Database from 'better-sqlite3';

export const version = 17;
export const name = 'session-contact-details';
export function up(db: Database.Database): void {
  db.exec(`ALTER TABLE sessions ADD COLUMN contact_name TEXT;
ALTER TABLE sessions ADD COLUMN contact_phone TEXT;`);
}
